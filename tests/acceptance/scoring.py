"""Scoring an app's PDF against a seed plan's checklist with the acceptance kit's score.py."""

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.acceptance import score

CHECKLISTS = Path(__file__).parent / "checklists"


@dataclass(frozen=True)
class Score:
    report: str  # score.py's report, as a person running it would read it
    complete: bool  # every item present
    missing: set[str]  # the ids of the items not found
    title_found: bool
    headings_found: int
    headings: int


def score_pdf(checklist: str, pdf: bytes) -> Score:
    """Score the PDF against checklists/<checklist>.json. With ACCEPTANCE_PDF_DIR set, the
    PDF is kept there as <checklist>.pdf, to be looked at by eye."""
    if folder := os.environ.get("ACCEPTANCE_PDF_DIR"):
        Path(folder, f"{checklist}.pdf").write_bytes(pdf)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as document:
        document.write(pdf)
        document.flush()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = score.main([str(CHECKLISTS / f"{checklist}.json"), document.name])
    report = out.getvalue()
    found, total = map(int, re.search(r"headings found: (\d+)/(\d+)", report).groups())
    return Score(
        report=report,
        complete=status == 0,
        missing=set(re.findall(r"^  (\S+) ", report.partition("missing items")[2], re.M)),
        title_found=re.search(r"^plan title: .*: found$", report, re.M) is not None,
        headings_found=found,
        headings=total,
    )

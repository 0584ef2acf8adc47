"""A fingerprint of the code, templates and print styles that render pages and PDFs, for
the keys of what is kept rendered.

The page caches and the kept plan PDFs (plans/pdf/store.py) outlive a process, so a
deployment must never be served HTML or a PDF that the code before it made. Their keys hold
this fingerprint: any change to a Python module, a template, a print style sheet or the
pinned requirements gives new keys, and the old entries are never read again.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("serviceplans", "council", "plans", "kpis", "risks", "templates", "static/pdf")
SUFFIXES = {".py", ".html", ".css"}


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.blake2b(digest_size=8)
    files = [root / "requirements.txt"]
    for folder in FOLDERS:
        files += [p for p in (root / folder).rglob("*") if p.suffix in SUFFIXES]
    for path in sorted(files):
        if path.is_file() and "migrations" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def current() -> str:
    """The running code's fingerprint: made once per process, or each time while DEBUG, when
    templates change under a running server."""
    return fingerprint() if settings.DEBUG else _once()


@cache
def _once() -> str:
    return fingerprint()

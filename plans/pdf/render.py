"""
HTML to a tagged PDF through WeasyPrint and the safe fetcher (plans/pdf/fetcher.py): every
render goes through `render_pdf()`. WeasyPrint is imported inside the render function:
importing it costs 0.6 s.
"""

import logging
import re
from dataclasses import dataclass, field

from plans.pdf.fetcher import BASE_URL, safe_url_fetcher

logger = logging.getLogger(__name__)

# PDF/UA-1 for every download; PDF/A-3a (PDF/A with tags) for published versions kept for
# the record.
ACCESSIBLE_VARIANT = "pdf/ua-1"
ARCHIVAL_VARIANT = "pdf/a-3a"


class PdfRenderError(Exception):
    """A PDF could not be made; the cause is chained and has been logged."""


_BLOCK_TAGS = (
    "html|head|body|title|meta|link|style|section|nav|header|footer|main|article|aside|div|"
    "p|h[1-6]|ul|ol|li|dl|dt|dd|table|caption|colgroup|col|thead|tbody|tfoot|tr|th|td|"
    "figure|figcaption|blockquote|hr"
)
_AFTER_BLOCK_TAG = re.compile(rf"(</?(?:{_BLOCK_TAGS})\b[^>]*>)\s+", re.IGNORECASE)
_BEFORE_BLOCK_TAG = re.compile(rf"\s+(?=</?(?:{_BLOCK_TAGS})\b)", re.IGNORECASE)


def compact_html(html: str) -> str:
    """The same document without the white space our templates put around block tags.

    WeasyPrint builds, then throws away, a text box for each such run: dropping them first
    saves about 3% of the demo plan's Python calls and changes nothing on the page (tested). White space
    between inline elements is kept. Our print HTML has no <pre>, and tags and attribute
    values in user text arrive escaped, so the patterns only ever meet real tags."""
    return _BEFORE_BLOCK_TAG.sub("", _AFTER_BLOCK_TAG.sub(r"\1", html))


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    refused: list[str] = field(default_factory=list)
    # The first page (from 0) each id is on, and whether each page is landscape.
    anchors: dict[str, int] = field(default_factory=dict)
    landscape: list[bool] = field(default_factory=list)


def render_pdf(
    html: str, *, org_chart=None, archival: bool = False, tagged: bool = True
) -> RenderResult:
    """HTML from a print template to PDF bytes, through the safe fetcher only.

    `tagged=False` is for drawings that are placed into a tagged PDF as artifacts (a
    pack's page numbers), never for a document a reader gets as it is.

    Raises PdfRenderError (after logging the cause) when WeasyPrint fails, so that no
    caller ever sends a broken or empty file.
    """
    import weasyprint

    fetcher = safe_url_fetcher(org_chart=org_chart)
    # pdf_tags is passed as well: its default (False) is not replaced by the variant's.
    options = {
        "pdf_variant": ARCHIVAL_VARIANT if archival else ACCESSIBLE_VARIANT,
        "pdf_tags": True,
    }
    if not tagged:
        options = {}
    try:
        html_document = weasyprint.HTML(
            string=compact_html(html), base_url=BASE_URL, url_fetcher=fetcher
        )
        document = html_document.render(**options)
        pdf = document.write_pdf(**options)
    except Exception as error:
        logger.exception("PDF render failed")
        raise PdfRenderError("The PDF could not be made.") from error
    if not pdf or not pdf.startswith(b"%PDF-"):
        logger.error("PDF render produced no PDF (%d bytes)", len(pdf or b""))
        raise PdfRenderError("The PDF could not be made.")
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return RenderResult(
        pdf=pdf,
        pages=len(document.pages),
        refused=list(fetcher.refused),
        anchors=anchors,
        landscape=[page.width > page.height for page in document.pages],
    )

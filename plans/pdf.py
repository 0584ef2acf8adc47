"""
Plans as committee-ready PDFs: the print templates, WeasyPrint, and the one URL fetcher.

Every render goes through `render_pdf()`, which gives WeasyPrint a `SafeURLFetcher`: it can
read the project's own static files (print CSS, images) and the one organisation chart the
caller allows, and nothing else. User text reaches the HTML (sanitised, but still user
text), so no `file://`, `http(s)://`, `ftp://`, redirect, attachment or `@import` may leave
those bounds. WeasyPrint is imported inside the render functions: importing it costs 0.6 s.
"""

import datetime as dt
import functools
import logging
import posixpath
import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from plans.document import PlanDocument, plan_document, plan_queryset
from plans.models import Plan

logger = logging.getLogger(__name__)

# Relative URLs in the print templates ("/static/pdf/plan.css") resolve against this base.
# The host is reserved (RFC 6761) and never looked up: the fetcher answers for it itself.
BASE_URL = "https://serviceplans.invalid/"
_HOST = urlsplit(BASE_URL).netloc
ORG_CHART_PATH = "/org-chart.png"

# PDF/UA-1 for every download; PDF/A-3a (PDF/A with tags) for published versions kept for
# the record.
ACCESSIBLE_VARIANT = "pdf/ua-1"
ARCHIVAL_VARIANT = "pdf/a-3a"


class RefusedURL(ValueError):
    """The fetcher was asked for something outside the project's own files."""


class PdfRenderError(Exception):
    """A PDF could not be made; the cause is chained and has been logged."""


def _static_roots() -> list[Path]:
    """Folders static files may come from: STATIC_ROOT and every finder's folders."""
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


def static_file_path(name: str) -> Path:
    """The file of a static name ('pdf/plan.css'), or RefusedURL when there is none."""
    try:
        # The source files first (development); collected, hashed names in production.
        found = finders.find(name)
        if not found and staticfiles_storage.exists(name):
            found = staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError) as error:
        raise RefusedURL(f"not a static file: {name}") from error
    if not found:
        raise RefusedURL(f"no such static file: {name}")
    path = Path(found).resolve()
    # A symlink inside a static folder must not lead out of it.
    if not any(path.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"static file outside the static folders: {name}")
    return path


def _content_type(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
    }.get(suffix, "application/octet-stream")


@functools.cache
def _offline_ssl_context() -> ssl.SSLContext:
    """An SSL context with no certificates: the fetcher never connects anywhere, and
    WeasyPrint's default one loads the system's certificates on every render (50 ms)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _make_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        """Reads the project's static files, one allowed org chart and data: URIs only.

        Everything else raises RefusedURL: WeasyPrint then logs a warning and leaves the
        resource out, so a hostile URL in user text costs the reader an image, not a leak.
        Each refusal is kept in `refused` (and logged) for tests and diagnosis.
        """

        def __init__(self, *, org_chart=None):
            super().__init__(
                allowed_protocols={"https", "data"},
                allow_redirects=False,
                ssl_context=_offline_ssl_context(),
            )
            self.org_chart = org_chart
            self.refused: list[str] = []
            self.fetched: list[str] = []

        def fetch(self, url, headers=None):
            try:
                response = self._answer(url)
            except RefusedURL as error:
                self.refused.append(url)
                logger.warning("PDF render refused to fetch %.200s: %s", url, error)
                raise
            self.fetched.append(url[:80])
            return response

        def _answer(self, url):
            if url.startswith("data:"):
                # Decoded in memory by urllib's DataHandler: nothing is read or sent.
                return super().fetch(url)
            parts = urlsplit(url)
            if parts.scheme != "https" or parts.netloc != _HOST:
                raise RefusedURL("only the project's own files may be read")
            if parts.query:
                raise RefusedURL("query strings are not used")
            path = unquote(parts.path)
            # Refuse rather than normalise: nothing we write contains '..' or '//'.
            if ".." in path.split("/") or "//" in path or "\\" in path or "\x00" in path:
                raise RefusedURL("path traversal")
            if path == ORG_CHART_PATH:
                return self._org_chart(url)
            static_prefix = urlsplit(settings.STATIC_URL).path
            if not path.startswith(static_prefix):
                raise RefusedURL("only static files and the plan's org chart may be read")
            name = path.removeprefix(static_prefix)
            file_path = static_file_path(name)
            return URLFetcherResponse(
                url,
                body=file_path.read_bytes(),
                headers={"Content-Type": _content_type(name)},
            )

        def _org_chart(self, url):
            chart = self.org_chart
            if isinstance(chart, bytes):  # read already, by a process that has the storage
                return URLFetcherResponse(url, body=chart, headers={"Content-Type": "image/png"})
            if chart is None or not chart.image:
                raise RefusedURL("this document has no organisation chart")
            return URLFetcherResponse(
                url, body=org_chart_bytes(chart), headers={"Content-Type": "image/png"}
            )

    return SafeURLFetcher


def org_chart_bytes(chart) -> bytes | None:
    """An organisation chart's PNG, through the storage API (object storage works the same
    as local files); None when there is no chart."""
    return None if chart is None else chart.read_image()


def safe_url_fetcher(*, org_chart=None):
    """A new fetcher for one render (it records what it refused)."""
    return _make_fetcher_class()(org_chart=org_chart)


# Elements that are never laid out inline: white space next to their tags is dropped by the
# layout anyway (at the start or end of a line, or between blocks and table parts).
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


def is_draft(plan: Plan) -> bool:
    """Plans not yet approved carry a DRAFT mark on every page."""
    return plan.status not in (Plan.Status.APPROVED, Plan.Status.PUBLISHED)


def plan_date(plan: Plan) -> tuple[str, dt.datetime]:
    """The date a plan's document carries, and what it is: the publication of its latest
    version, its approval, or, before that, the last change to it (never the print date)."""
    if plan.status == Plan.Status.PUBLISHED:
        latest = max(plan.versions.all(), key=lambda version: version.number, default=None)
        if latest is not None:
            return "Published", latest.issued_at
    if plan.status == Plan.Status.APPROVED:
        approval = plan.transitions.filter(to_status=Plan.Status.APPROVED).first()
        if approval is not None:
            return "Approved", approval.at
        # Approved without a recorded move (set in the admin or loaded): the last signature.
        signed = [block.signed_at for block in plan.sign_offs.all() if block.signed_at]
        if signed:
            return "Approved", max(signed)
    # A section's updated_at moves with every save of its text or rows (plans.services);
    # a status move is a change too.
    changes = [plan.created_at]
    changes += [section.updated_at for section in plan.sections.all() if section.updated_at]
    last_move = plan.transitions.first()
    if last_move is not None:
        changes.append(last_move.at)
    if is_draft(plan):
        return "Draft, last changed", max(changes)
    return f"{plan.get_status_display()}, last changed", max(changes)


def version_label(plan: Plan, dated: dt.datetime) -> str:
    """The version line of the cover and footer: reference, status and the plan's date."""
    parts = [plan.reference] if plan.reference else []
    parts += [plan.get_status_display().lower(), date_format(timezone.localtime(dated), "j F Y")]
    return ", ".join(parts)


def printed_document(document: PlanDocument) -> PlanDocument:
    """The document as printed: a section with nothing in it (no text, no rows) is left out,
    heading, contents line and outline entry, so that the PDF holds only what the council
    wrote; unless one of its own parts (1.1 of 1) has something, when its heading is kept
    above them. The plan page shows every section."""
    items = document.sections
    filled = [item.has_content for item in items]

    def printed(index: int) -> bool:
        level = items[index].section.level
        for later in range(index, len(items)):
            if later > index and items[later].section.level <= level:
                return False
            if filled[later]:
                return True
        return False

    sections = [item for index, item in enumerate(items) if printed(index)]
    return PlanDocument(plan=document.plan, sections=sections, today=document.today)


def plan_pdf_context(
    document: PlanDocument,
    *,
    chapter: str = "",
    generated: dt.datetime | None = None,
    org_chart_src: str = ORG_CHART_PATH,
) -> dict:
    """The print template's context for the whole plan, its sections' HTML included.
    `org_chart_src` is where the chart is read from: the fetcher's path, or the picture
    itself inlined (a published version's frozen HTML)."""
    document = printed_document(document)
    plan = document.plan
    council = plan.service.directorate.council
    generated = generated or timezone.localtime()
    dated_as, dated = plan_date(plan)
    context = {
        "plan": plan,
        "document": document,
        "council": council,
        "draft": is_draft(plan),
        "generated": generated,
        # The cover's date: 'Published 3 March 2027', 'Draft, last changed 5 December 2026'.
        "plan_date": f"{dated_as} {date_format(timezone.localtime(dated), 'j F Y')}",
        "version": version_label(plan, dated),
        "org_chart_src": org_chart_src,
        "chapter": chapter,
        "numbered": not chapter,
    }
    section = get_template("pdf/includes/plan_section.html")
    context["sections"] = [section.render({**context, "item": item}) for item in document.sections]
    return context


def plan_pdf_html(document: PlanDocument, *, chapter: str = "") -> str:
    """The print HTML of a whole plan, from the same part templates as the plan page."""
    return render_to_string("pdf/plan.html", plan_pdf_context(document, chapter=chapter))


def org_chart_of(document: PlanDocument):
    for item in document.sections:
        chart = getattr(item.part, "org_chart", None)
        if chart is not None:
            return chart
    return None


def plan_pdf_render(
    document: PlanDocument, *, archival: bool = False, chapter: str = ""
) -> RenderResult:
    """Render a plan document (from plan_document()) to PDF, with its page count; a pack's
    chapter when `chapter` labels the cover."""
    html = render_to_string("pdf/plan.html", plan_pdf_context(document, chapter=chapter))
    return render_pdf(html, org_chart=org_chart_of(document), archival=archival)


def plan_pdf_bytes(plan: Plan, *, archival: bool = False) -> bytes:
    """The plan as a PDF: PDF/UA-1, or PDF/A-3a (tagged) when archival, e.g. to freeze a
    published version. Loads the plan through plan_queryset() when it was not already."""
    if not getattr(plan, "_prefetched_objects_cache", None):
        plan = plan_queryset().get(pk=plan.pk)
    return plan_pdf_render(plan_document(plan), archival=archival).pdf

"""A plan as a committee-ready PDF: what its print template is given, and the render."""

import datetime as dt

from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from plans.document import PlanDocument, plan_document, plan_queryset
from plans.models import Plan
from plans.pdf.fetcher import ORG_CHART_PATH
from plans.pdf.render import RenderResult, render_pdf


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

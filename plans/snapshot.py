"""
What a published version freezes: the plan document as HTML for the page, the same document
as print HTML, and the archival PDF made from that print HTML.

Publishing freezes both HTMLs inside its transaction, so the version shows exactly what was
published (the service's indicators and risks included, even if they change a second
later). The slow part, turning the print HTML into a PDF/A file, runs after the commit on
the worker (`plans.tasks.version_pdf_make`), outside the plan's row lock; until the file is
stored, the version's download says it is being prepared. A version whose file no worker
has made after `VERSION_PDF_WAIT` seconds is made by the download itself.
"""

import base64
import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from plans.document import plan_document, plan_queryset
from plans.models import PlanVersion


def _org_chart_data_uri(plan) -> str:
    """The chart inlined, so the frozen version never follows a later upload."""
    try:
        chart = plan.org_chart
    except plan.__class__.org_chart.RelatedObjectDoesNotExist:
        return ""
    png = chart.read_image()
    return "data:image/png;base64," + base64.b64encode(png).decode() if png else ""


def version_snapshot(plan) -> str:
    """The whole plan document as it stands, rendered once and kept as published."""
    plan = plan_queryset().get(pk=plan.pk)
    return render_to_string(
        "plans/includes/document_body.html",
        {
            "plan": plan,
            "document": plan_document(plan),
            "can_edit": False,
            "frozen": True,
            "org_chart_src": _org_chart_data_uri(plan),
        },
    )


def version_print_html(plan) -> str:
    """The plan's print HTML as it stands, with its pictures inlined: all the archival PDF
    needs, so that it can be made later and still show the plan as published."""
    from plans.pdf.plan import plan_pdf_context

    plan = plan_queryset().get(pk=plan.pk)
    context = plan_pdf_context(plan_document(plan), org_chart_src=_org_chart_data_uri(plan))
    return render_to_string("pdf/plan.html", context)


def make_pdf_after_commit(version: PlanVersion) -> None:
    """Queue the version's archival PDF once the publishing transaction has committed."""

    def queue():
        from plans.tasks import version_pdf_make

        version_pdf_make.enqueue(version.pk)

    transaction.on_commit(queue)


def archival_pdf(print_html: str) -> bytes:
    from plans.pdf.render import render_pdf

    return render_pdf(print_html, archival=True).pdf


def make_version_pdf(version: PlanVersion) -> bool:
    """Make and store the version's PDF from its frozen print HTML, unless it is stored
    already; whether it was made. Two makers at once store one file: the second finds the
    first's."""
    if version.pdf or not version.print_html:
        return False
    pdf = archival_pdf(version.print_html)
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if locked.pdf:
            version.pdf, version.pdf_sha256 = locked.pdf, locked.pdf_sha256
            return False
        locked.pdf.save(f"version-{locked.number}.pdf", ContentFile(pdf), save=False)
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.save(update_fields=["pdf", "pdf_sha256"])
    version.pdf, version.pdf_sha256 = locked.pdf, locked.pdf_sha256
    return True


def is_waiting_for_worker(version: PlanVersion) -> bool:
    """Whether a version's missing PDF is still the worker's to make: published less than
    VERSION_PDF_WAIT seconds ago. After that the download makes it."""
    waited = timezone.now() - version.issued_at
    return waited < dt.timedelta(seconds=settings.VERSION_PDF_WAIT)

"""
Background work of the plans app, with django.tasks: plan PDFs made before anyone asks
(plans/pdf/store.py) and published versions' archival PDFs (plans/snapshot.py).
"""

import logging

from django.db.models import Q
from django.tasks import task

from plans import snapshot
from plans.models import Plan, PlanVersion
from plans.pdf import store as pdf_store
from plans.pdf.render import PdfRenderError

logger = logging.getLogger(__name__)


@task
def plan_pdfs_make(plan_ids: list[int], service_ids: list[int]) -> None:
    """Make the PDFs of these plans and of the services' plans not published yet, each only
    when the PDF of the plan as it stands is not kept already."""
    plans = Plan.objects.filter(Q(pk__in=plan_ids) | Q(service_id__in=service_ids)).exclude(
        status=Plan.Status.PUBLISHED
    )
    for plan in plans.select_related("service"):
        try:
            pdf_store.make_if_missing(plan)
        except PdfRenderError:
            logger.warning("The PDF of plan %s could not be made ahead", plan.pk, exc_info=True)


@task
def version_pdf_make(version_id: int) -> None:
    """Make a published version's archival PDF from the print HTML frozen at publication."""
    version = PlanVersion.objects.filter(pk=version_id).first()
    if version is None:
        return
    try:
        snapshot.make_version_pdf(version)
    except PdfRenderError:
        # Logged by the renderer; the download tries again when the wait is over.
        logger.warning("The PDF of version %s could not be made", version_id, exc_info=True)

"""The plan as a committee-ready PDF."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from plans.document import plan_document, plan_queryset
from plans.pdf import PdfRenderError, plan_pdf_render
from plans.views.access import visible_plan


@require_GET
def plan_pdf(request, pk):
    """The whole plan as a PDF/UA-1 file, for anyone who may read the plan (404 otherwise).

    A failed render shows the error page with status 500 (the cause is logged); a partial
    file is never sent.
    """
    plan = visible_plan(request, pk, plan_queryset())
    if plan.status == plan.Status.PUBLISHED:
        # A published plan cannot change: serve what was published, byte for byte.
        version = plan.versions.order_by("-number").first()
        if version is not None and version.pdf:
            return redirect("plans:version_pdf", plan.pk, version.number)
    try:
        result = plan_pdf_render(plan_document(plan))
    except PdfRenderError:
        return render(request, "pdf/render_error.html", {"plan": plan}, status=500)
    response = HttpResponse(result.pdf, content_type="application/pdf")
    filename = f"{slugify(plan.title)}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response

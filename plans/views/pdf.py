"""The plan as a committee-ready PDF."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from plans import pdf_store
from plans.document import plan_document, plan_queryset
from plans.pdf import PdfRenderError, plan_pdf_render
from plans.views.access import visible_plan


@require_GET
def plan_pdf(request, pk):
    """The whole plan as a PDF/UA-1 file, for anyone who may read the plan (404 otherwise).

    A plan that has not changed since its PDF was last made is served from storage. A
    failed render shows the error page with status 500 (the cause is logged); a partial
    file is never sent.
    """
    plan = visible_plan(request, pk)
    if plan.status == plan.Status.PUBLISHED:
        # A published plan cannot change: serve what was published, byte for byte.
        version = plan.versions.order_by("-number").first()
        if version is not None and version.pdf:
            return redirect("plans:version_pdf", plan.pk, version.number)
    # An unchanged plan's PDF is served as it was kept (plans/pdf_store.py); the key is read
    # before rendering, so a change made meanwhile is never hidden behind it.
    key = pdf_store.pdf_key(plan)
    pdf = pdf_store.kept_pdf(plan.pk, key)
    if pdf is None:
        try:
            pdf = plan_pdf_render(plan_document(plan_queryset().get(pk=plan.pk))).pdf
        except PdfRenderError:
            return render(request, "pdf/render_error.html", {"plan": plan}, status=500)
        pdf_store.keep_pdf(plan.pk, key, pdf)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{slugify(plan.title)}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response

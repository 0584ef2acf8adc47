"""The plan as a committee-ready PDF."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from council.access import in_scope
from plans import snapshot
from plans.document import plan_document, plan_queryset
from plans.models import Plan, PlanVersion
from plans.pdf import store as pdf_store
from plans.pdf.plan import plan_pdf_render
from plans.pdf.render import PdfRenderError


@require_GET
def plan_pdf(request, pk):
    """The whole plan as a PDF/UA-1 file, for anyone who may read the plan (404 otherwise).

    A plan that has not changed since its PDF was last made is served from storage. A
    failed render shows the error page with status 500 (the cause is logged); a partial
    file is never sent.
    """
    plan = in_scope(request.user, Plan.objects, pk=pk)
    if plan.status == plan.Status.PUBLISHED:
        # A published plan cannot change: serve what was published, byte for byte.
        version = plan.versions.order_by("-number").first()
        if version is not None and (version.pdf or version.print_html):
            return redirect("plans:version_pdf", plan.pk, version.number)
    # An unchanged plan's PDF is served as it was kept (plans/pdf/store.py); the key is read
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


@require_GET
def version_pdf(request, pk, number):
    """The PDF of a published version: the stored file, byte for byte.

    The worker makes it just after publication (plans/snapshot.py); until then the page
    says it is being prepared. If no worker has made it after VERSION_PDF_WAIT seconds,
    this request makes it from the HTML frozen at publication."""
    plan = in_scope(request.user, Plan.objects, pk=pk)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    if not version.pdf and version.print_html:
        if snapshot.is_waiting_for_worker(version):
            response = render(
                request,
                "pdf/version_preparing.html",
                {"plan": plan, "version": version},
                status=202,
            )
            response["Retry-After"] = "10"
            return response
        try:
            snapshot.make_version_pdf(version)
        except PdfRenderError:
            return render(request, "pdf/render_error.html", {"plan": plan}, status=500)
    if not version.pdf:
        raise Http404("This version has no stored PDF.")
    filename = f"{plan.service.code}-plan-{plan.first_year}-version-{version.number}.pdf"
    return FileResponse(version.pdf.open("rb"), content_type="application/pdf", filename=filename)

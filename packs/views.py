"""Quarterly performance packs: ask for one, watch it being made, download it."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from council.access import in_scope, require
from packs.forms import PackForm
from packs.models import PackJob, PackStatus
from packs.services import pack_mark_stale, pack_request, pack_services_for
from plans.worker import worker_running

PACK_LIST_LENGTH = 10
REFRESH_SECONDS = 3


@require_http_methods(["GET", "POST"])
def pack_create(request):
    """Clerks, the performance lead and managers (for their services) ask for a pack."""
    services = pack_services_for(request.user)
    require(
        services.exists(), "Only committee clerks, managers and the performance lead make packs."
    )
    form = PackForm(request.POST or None, services=services, council_id=request.user.council_id)
    if request.method == "POST" and form.is_valid():
        year, quarter = form.year_and_quarter()
        try:
            job = pack_request(
                user=request.user,
                year=year,
                quarter=quarter,
                services=form.cleaned_data["selected"],
                scope_label=form.cleaned_data["scope_label"],
                include_provisional=form.cleaned_data["include_provisional"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect(job)
    pack_mark_stale()
    return render(
        request,
        "packs/pack_form.html",
        {
            "form": form,
            "packs": PackJob.objects.visible_to(request.user)[:PACK_LIST_LENGTH],
            "retention_days": settings.PACK_RETENTION_DAYS,
            "breadcrumbs": [("Dashboard", reverse("dashboard")), ("Performance packs", "")],
        },
    )


@require_GET
def pack_detail(request, pk):
    """How far the pack has got; refreshes itself until it is ready or has failed."""
    pack_mark_stale()
    job = in_scope(request.user, PackJob.objects.select_related("council"), pk=pk)
    response = render(
        request,
        "packs/pack_detail.html",
        {
            "job": job,
            "no_worker": job.waiting_long() and not worker_running(),
            "deleted_on": job.created_at + dt.timedelta(days=settings.PACK_RETENTION_DAYS),
            "breadcrumbs": [
                ("Performance packs", reverse("packs:create")),
                (str(job.quarter_label), ""),
            ],
        },
    )
    if not job.is_finished:
        # Browsers reload on this header without any script; the page also has a link.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_GET
def pack_download(request, pk):
    """The finished pack's file, to the person who asked for it."""
    job = in_scope(request.user, PackJob.objects, pk=pk)
    if job.status != PackStatus.DONE or not job.file:
        raise Http404("This pack is not ready.")
    response = FileResponse(job.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, job.file.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response

"""A plan as a JSON file in the browser: download it, and (performance leads) import one."""

import json
import secrets

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from council.access import in_scope, require
from council.models import Service
from council.storage_errors import STORAGE_ERRORS, storage_advice
from plans.exchange.format import MAX_FILE_BYTES, PlanFileError, plan_file_load
from plans.exchange.plan_file import plan_export, plan_import, plan_import_check
from plans.models import Plan

PENDING_KEY = "plan_import_pending"
ONLY_THE_LEAD = "Only the performance lead can import plans."


@require_GET
def plan_export_view(request, pk):
    """The plan as a JSON download, for anyone who may read it."""
    plan = in_scope(
        request.user, Plan.objects.select_related("service__directorate__council"), pk=pk
    )
    response = JsonResponse(plan_export(plan=plan), json_dumps_params={"indent": 2})
    name = f"{slugify(plan.service.code)}-plan-{plan.first_year}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file (JSON)",
        help_text="A file downloaded with 'Download as JSON' from a plan page, up to 20 MB.",
        error_messages={"required": "Select a plan file to import"},
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        label="Service the new draft plan is for",
        error_messages={
            "required": "Select the service the plan is for",
            "invalid_choice": "Select a service from the list",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()  # the error summary is drawn only for a form with a helper
        self.fields["service"].queryset = Service.objects.filter(
            directorate__council_id=user.council_id
        ).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError("The plan file must be smaller than 20 MB")
        try:
            return plan_file_load(upload.read())
        except PlanFileError as error:
            raise ValidationError(str(error)) from None


def _keep(form) -> str:
    """Keep the checked file in storage (not process memory) until it is confirmed, so any
    web process can finish the import."""
    return default_storage.save(
        f"imports/{secrets.token_hex(16)}.json",
        ContentFile(json.dumps(form.cleaned_data["file"]).encode()),
    )


@require_http_methods(["GET", "POST"])
def plan_import_view(request):
    """Upload a plan file and see what it would create, with every problem listed."""
    require(request.user.is_performance_lead, ONLY_THE_LEAD)
    form = PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    check = None
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        check = plan_import_check(data=form.cleaned_data["file"], service=service)
        if check.ok:
            try:
                request.session[PENDING_KEY] = {"file": _keep(form), "service": service.pk}
            except STORAGE_ERRORS as error:
                if (advice := storage_advice(error)) is None:
                    raise
                form.add_error("file", f"The plan file could not be kept: {advice}")
                check = None
    return render(
        request,
        "plans/exchange/plan_import.html",
        {
            "form": form,
            "check": check,
            "breadcrumbs": [("Plans", reverse("plans:plan_list")), ("Import a plan", "")],
        },
    )


@require_http_methods(["POST"])
def plan_import_confirm(request):
    """Create the previewed plan. The file is checked again, as things may have changed."""
    require(request.user.is_performance_lead, ONLY_THE_LEAD)
    pending = request.session.pop(PENDING_KEY, None)
    if not pending or not default_storage.exists(pending["file"]):
        messages.error(request, "There is no plan file waiting to be imported. Upload it again.")
        return redirect("plans:plan_import")
    service = Service.objects.filter(
        pk=pending["service"], directorate__council_id=request.user.council_id
    ).first()
    with default_storage.open(pending["file"]) as file:
        data = json.load(file)
    default_storage.delete(pending["file"])
    require(service is not None, "That service is not in your council.")
    try:
        plan = plan_import(data=data, service=service, user=request.user)
    except ValidationError as error:
        messages.error(request, "Nothing was imported: " + " ".join(error.messages[:5]))
        return redirect("plans:plan_import")
    messages.success(request, f"{plan.title} has been imported as a draft.")
    for note in plan.import_notes[:10]:
        messages.info(request, note)
    return redirect(plan)

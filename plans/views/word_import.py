"""A council's Word plan brought in as a draft plan: upload, preview where each part goes and
what each table's columns hold (and change them), confirm. Nothing is written before the
confirmation, and then everything in one transaction (plans/exchange/word/)."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from council.access import require
from council.error_summary import error_links, summary_context
from council.storage_errors import STORAGE_ERRORS, storage_advice
from plans.exchange.plan_file import plan_import, plan_import_check
from plans.exchange.word.blocks import read_document
from plans.exchange.word.package import WordFileError, open_package
from plans.exchange.word.pictures import document_pictures, pictures_plan_file
from plans.exchange.word.plan_file import proposed_tables, word_import_plan
from plans.exchange.word.sections import match_sections, split
from plans.forms.word_import import (
    PartPlacesForm,
    WordUploadForm,
    may_import,
    services_for_import,
)
from plans.forms.word_pictures import WordPicturesForm
from plans.models import Plan, PlanTransition, TemplateSection, template_for
from plans.views.word_batch import (
    BATCH_KEY,
    MADE_FROM,
    batch_drop_all,
    batch_file,
    batch_file_made,
    batch_keep,
)

PENDING_KEY = "word_import_pending"
WHO_MAY = "Only the performance lead, or an officer for their own service, can bring in a plan."
CRUMBS = [("Plans", "plans:plan_list"), ("Bring in a Word plan", "")]


def _crumbs():
    return [(title, reverse(name) if name else "") for title, name in CRUMBS]


@require_http_methods(["GET", "POST"])
def word_import(request):
    """Upload the Word file with the service and years of the draft plan it will make; or
    several, or a .zip of them, for the batch page (plans/views/word_batch.py)."""
    require(may_import(request.user), WHO_MAY)
    form = WordUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if form.is_batch:
                batch_drop_all(request.session)
                request.session[BATCH_KEY] = batch_keep(form, request.user)
            else:
                request.session[PENDING_KEY] = _keep(form)
        except STORAGE_ERRORS as error:
            if (advice := storage_advice(error)) is None:
                raise
            form.add_error("file", f"The Word file could not be kept: {advice}")
        else:
            return redirect("plans:word_batch" if form.is_batch else "plans:word_import_preview")
    context = {"form": form, "breadcrumbs": _crumbs()}
    return render(request, "plans/exchange/word_import.html", context)


def _keep(form) -> dict:
    """Keep the checked file in storage until it is confirmed, so any web process can show
    its preview and finish the import; the session holds only where it is and the choices."""
    cleaned = form.cleaned_data
    name = default_storage.save(
        f"imports/{secrets.token_hex(16)}.docx", ContentFile(cleaned["file"].data)
    )
    template = cleaned.get("template") or template_for(
        cleaned["service"].directorate.council_id,
        cleaned["service"].directorate_id,
        cleaned["first_year"],
    )
    return {
        "file": name,
        "name": form.files["file"].name[:100],
        "service": cleaned["service"].pk,
        "first_year": cleaned["first_year"],
        "last_year": cleaned["last_year"],
        "template": template.pk if template else None,
    }


@require_http_methods(["GET", "POST"])
def word_import_preview(request, token=""):
    """Where each part of the document goes, for the person to check and change; then the
    draft plan, made in one transaction. With a token, the file of that name in the batch."""
    require(may_import(request.user), WHO_MAY)
    pending = batch_file(request, token) if token else request.session.get(PENDING_KEY)
    if not pending or not default_storage.exists(pending["file"]):
        if token:  # made in another tab, or removed: the batch page says which
            messages.error(request, "That file is no longer waiting to be brought in.")
            return redirect("plans:word_batch")
        messages.error(request, "There is no Word file waiting to be brought in. Upload it again.")
        return redirect("plans:word_import")
    service = services_for_import(request.user).filter(pk=pending["service"]).first()
    if service is None:
        raise Http404("That service is not one you can bring a plan in for.")
    with default_storage.open(pending["file"]) as file:
        try:
            document = read_document(open_package(file.read()))
        except WordFileError as error:
            messages.error(request, str(error))
            return redirect("plans:word_import")
    sections = list(TemplateSection.objects.filter(template_id=pending["template"]))
    matches = match_sections(split(document), sections)
    years = {"first_year": pending["first_year"], "last_year": pending["last_year"]}
    tables = proposed_tables(document, pending["first_year"])
    form = PartPlacesForm(
        request.POST or None,
        matches=matches,
        template_sections=sections,
        tables=tables,
        years=range(pending["first_year"], pending["last_year"] + 1),
    )
    pictures = document_pictures(matches, sections)
    pictures_form = WordPicturesForm(
        request.POST or None, pictures=pictures, template_sections=sections
    )
    errors = []
    # A list, not `and`: both forms are checked so that every error is shown.
    valid = request.method == "POST" and all([form.is_valid(), pictures_form.is_valid()])
    places = form.places() if valid else None
    tables = form.tables() if valid else tables
    plan_file, outcomes = word_import_plan(
        document, sections, **years, places=places, tables=tables
    )
    if valid:
        plan_file |= pictures_plan_file(pictures_form.chosen())
        check = plan_import_check(data=plan_file, service=service)
        plan = None
        if check.ok:
            try:
                plan = _create(plan_file, service, request.user, pending["name"])
            except ValidationError as refused:  # checked again under a lock: another was first
                check.errors = refused.messages
        if plan is not None:
            messages.success(request, f"{plan.title} has been made from {pending['name']}.")
            if token:
                batch_file_made(request, token, plan)
                return redirect("plans:word_batch")
            default_storage.delete(pending["file"])
            del request.session[PENDING_KEY]
            return redirect(plan)
        errors = check.errors
    context = {
        "form": form,
        "errors": errors,
        "pending": pending,
        "service": service,
        "rows": [(match, form[f"part_{index}"]) for index, match in enumerate(matches)],
        "tables": [
            (number, outcome, *form.table_fields(number)) for number, outcome in enumerate(outcomes)
        ],
        "notes": document.notes,
        "pictures": [(picture, pictures_form.picture_fields(picture)) for picture in pictures],
        **summary_context(error_links(form) + pictures_form.error_links()),
        "breadcrumbs": _crumbs(),
        "batch": bool(token),
    }
    return render(request, "plans/exchange/word_preview.html", context)


@transaction.atomic
def _create(plan_file: dict, service, user, name: str) -> Plan:
    plan = plan_import(data=plan_file, service=service, user=user)
    PlanTransition.objects.create(
        plan=plan,
        from_status=Plan.Status.DRAFT,
        to_status=Plan.Status.DRAFT,
        comment=MADE_FROM.format(name),
        by=user,
        at=timezone.now(),
    )
    return plan

"""Several Word plans brought in at once: after an upload of several files or a .zip, the
batch page lists each file with the service proposed for it (changeable), whether it is
waiting, made or could not be read; each waiting file has its own preview
(plans/views/word_import.py), after which the person comes back here. Nothing is written
to the database before a file's preview is confirmed.

The files wait in storage under names of our own; the session holds the batch: the years,
and for each file its token (the only name a URL gives it), name, place in storage, service,
state and, once made, its plan. A token is looked for in this session only, so another
person's token is a 404.
"""

import secrets
from datetime import datetime

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from council.access import require
from council.periods import year_label
from plans.exchange.word.batch import propose_services
from plans.forms.word_batch import BatchServicesForm
from plans.forms.word_import import may_import, services_for_import
from plans.models import PlanTransition, template_for

BATCH_KEY = "word_import_batch"
# The note a plan made from a Word file keeps in its history (plans/views/word_import.py).
MADE_FROM = "Made from the Word file {}"
WAITING, MADE, UNREADABLE = "waiting", "made", "unreadable"
WHO_MAY = "Only the performance lead, or an officer for their own services, can bring plans in."
CRUMBS = [("Plans", "plans:plan_list"), ("Bring in a Word plan", "plans:word_import")]


def batch_keep(form, user) -> dict:
    """Each readable file of the upload kept in storage under a name of our own, with the
    service proposed for it; the batch as the session keeps it. If storage fails part way,
    what was kept is deleted again before the error goes on."""
    cleaned = form.cleaned_data
    services = list(services_for_import(user).values_list("pk", "name"))
    entries, kept = [], []
    try:
        for file in cleaned["file"].files():
            entry = {"token": secrets.token_hex(8), "name": file.name, "title": file.title}
            if file.package is None:
                entry |= {"state": UNREADABLE, "reason": file.reason}
            else:
                path = f"imports/{secrets.token_hex(16)}.docx"
                kept.append(default_storage.save(path, ContentFile(file.package.data)))
                entry |= {"state": WAITING, "file": kept[-1]}
            entries.append(entry)
    except Exception:
        for path in kept:
            default_storage.delete(path)
        raise
    waiting = [entry for entry in entries if entry["state"] == WAITING]
    proposals = propose_services([(e["name"], e["title"]) for e in waiting], services)
    for entry, service in zip(waiting, proposals, strict=True):
        entry["service"] = service
    template = cleaned.get("template")
    return {
        "started": timezone.now().isoformat(),
        "first_year": cleaned["first_year"],
        "last_year": cleaned["last_year"],
        "template": template.pk if template else None,
        "files": entries,
    }


def batch_drop_all(session) -> None:
    """Forget the session's batch, deleting the files still waiting in storage."""
    for entry in session.pop(BATCH_KEY, {}).get("files", []):
        if entry["state"] == WAITING:
            default_storage.delete(entry["file"])


def batch_file(request, token: str) -> dict:
    """The waiting file `token` of this session's batch, as the preview reads a pending
    file (its place in storage, name, service, years and template); 404 when this session
    has no such file waiting or no service is chosen for it yet."""
    batch = request.session.get(BATCH_KEY) or {}
    entry = _entry(batch, token)
    if entry["state"] != WAITING or not entry.get("service") or "template" not in entry:
        raise Http404("That file is not waiting in your batch.")
    years = {key: batch[key] for key in ("first_year", "last_year")}
    return {**entry, **years}


def batch_file_made(request, token: str, plan) -> None:
    """Note that the plan was made from the file, whose copy in storage is deleted."""
    batch = request.session[BATCH_KEY]
    entry = _entry(batch, token)
    default_storage.delete(entry.pop("file"))
    entry |= {"state": MADE, "plan": plan.pk}
    request.session.modified = True


def _entry(batch: dict, token: str) -> dict:
    entry = next((e for e in batch.get("files", []) if e["token"] == token), None)
    if entry is None:
        raise Http404("That file is not in your batch.")
    return entry


@require_http_methods(["GET", "POST"])
def word_batch(request):
    """The files of the batch with their services, state and what to do next; choosing a
    file's preview (or saving) keeps the chosen services."""
    require(may_import(request.user), WHO_MAY)
    batch = request.session.get(BATCH_KEY)
    if not batch:
        messages.error(request, "There are no Word files waiting to be brought in.")
        return redirect("plans:word_import")
    if _made_in_another_tab(batch, request.user):
        request.session.modified = True
    services = list(
        services_for_import(request.user).select_related("directorate").order_by("name")
    )
    waiting = [entry for entry in batch["files"] if entry["state"] == WAITING]
    made = [entry["service"] for entry in batch["files"] if entry["state"] == MADE]
    checked = request.POST.get("check", "")
    form = BatchServicesForm(
        request.POST or None, waiting=waiting, made=made, services=services, checked=checked
    )
    if request.method == "POST" and form.is_valid():
        _choose(batch, form.services(), services)
        request.session.modified = True
        if checked in form.services():
            return redirect("plans:word_batch_preview", token=checked)
        messages.success(request, "The services have been saved.")
        return redirect("plans:word_batch")
    by_pk = {service.pk: service for service in services}
    context = {
        "form": form,
        "years": year_label(batch["first_year"])
        if batch["first_year"] == batch["last_year"]
        else f"{year_label(batch['first_year'])} to {year_label(batch['last_year'])}",
        "rows": [
            (
                entry,
                form[f"service_{entry['token']}"] if entry["state"] == WAITING else None,
                by_pk.get(entry.get("service")),
            )
            for entry in batch["files"]
        ],
        "breadcrumbs": [(title, reverse(name)) for title, name in CRUMBS] + [("Several files", "")],
    }
    return render(request, "plans/exchange/word_batch.html", context)


def _made_in_another_tab(batch: dict, user) -> bool:
    """Mark as made the waiting files whose plan was made since the batch began: two tabs
    confirming at once each save the session, and the last to save does not know of the
    other's plan. The plan's history names the file (MADE_FROM). One query."""
    waiting = {
        MADE_FROM.format(entry["name"]): entry
        for entry in batch["files"]
        if entry["state"] == WAITING and entry.get("service")
    }
    if not waiting:
        return False
    made = PlanTransition.objects.filter(by=user, comment__in=waiting)
    if started := batch.get("started"):
        made = made.filter(at__gte=datetime.fromisoformat(started))
    changed = False
    for comment, plan, service in made.values_list("comment", "plan_id", "plan__service_id"):
        entry = waiting[comment]
        if entry["state"] == WAITING and entry["service"] == service:
            entry.pop("file", None)  # the tab that made it deleted it
            entry |= {"state": MADE, "plan": plan}
            changed = True
    return changed


def _choose(batch: dict, chosen: dict, services: list) -> None:
    """Each waiting file's chosen service and, for a new one, its template: the batch's, or
    the one for the service's directorate and the first year, as for one file."""
    by_pk = {service.pk: service for service in services}
    for entry in batch["files"]:
        token = entry["token"]
        if token not in chosen or (chosen[token] == entry["service"] and "template" in entry):
            continue
        entry["service"] = chosen[token]
        entry["template"] = batch["template"]
        if entry["service"] and not batch["template"]:
            service = by_pk[entry["service"]]
            template = template_for(
                service.directorate.council_id, service.directorate_id, batch["first_year"]
            )
            entry["template"] = template.pk if template else None


@require_POST
def word_batch_drop(request, token):
    """Take a file that is waiting or could not be read out of the batch (and storage)."""
    require(may_import(request.user), WHO_MAY)
    batch = request.session.get(BATCH_KEY) or {}
    entry = _entry(batch, token)
    if entry["state"] == MADE:
        raise Http404("A file whose plan has been made stays in the batch.")
    if entry["state"] == WAITING:
        default_storage.delete(entry["file"])
    batch["files"].remove(entry)
    request.session.modified = True
    messages.success(request, f"{entry['name']} has been taken out of the batch.")
    return redirect("plans:word_batch")

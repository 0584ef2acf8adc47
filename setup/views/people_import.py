"""People and their roles from a CSV file: upload, preview, confirm.

The checked file is kept in storage between the preview and the confirmation (the name
in the session, as plans.views.exchange keeps a plan file), and is read and checked again
when confirmed: only what the server read is ever written, never anything posted back.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from council.access import lead_council
from council.error_summary import error_links, summary_context
from council.storage_errors import STORAGE_ERRORS, storage_advice
from setup.forms.people_import import PeopleFileForm
from setup.people_csv import EXAMPLE, people_check, people_import
from setup.views.people import people_crumbs

PENDING_KEY = "people_import_pending"
SHOWN_ERRORS = 500


def _keep(text: str) -> str:
    return default_storage.save(
        f"imports/people-{secrets.token_hex(16)}.csv", ContentFile(text.encode())
    )


def _forget(request) -> None:
    pending = request.session.pop(PENDING_KEY, None)
    if pending and default_storage.exists(pending["file"]):
        default_storage.delete(pending["file"])


@require_http_methods(["GET", "POST"])
def people_import_upload(request):
    """Upload a CSV file and see what it would do, every refused row with its line number.
    Nothing is written until the preview is confirmed."""
    council = lead_council(request.user)
    form = PeopleFileForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = people_check(council=council, rows=form.rows)
        if check.ok:
            try:
                _forget(request)
                request.session[PENDING_KEY] = {"file": _keep(form.text), "council": council.pk}
            except STORAGE_ERRORS as error:
                if (advice := storage_advice(error)) is None:
                    raise
                form.add_error("file", f"The file could not be kept: {advice}")
                check = None
    links = error_links(form)
    if check and check.errors:
        links.append(("row-errors", _problems(len(check.errors))))
    elif check and not check.ok:
        links.append(("id_file", "The file changes nothing: everyone in it has these roles"))
    return render(
        request,
        "setup/people_import.html",
        {
            "form": form,
            "check": check,
            "errors": check.errors[:SHOWN_ERRORS] if check else [],
            "shown_errors": SHOWN_ERRORS,
            **summary_context(links),
            "breadcrumbs": people_crumbs("Import people from a CSV file"),
        },
    )


def _problems(count: int) -> str:
    return f"The file has {count:,} row{'s' if count != 1 else ''} with problems. Nothing has been imported"


@require_POST
def people_import_confirm(request):
    """Write the previewed file in one transaction and send the invitations."""
    council = lead_council(request.user)
    pending = request.session.get(PENDING_KEY)
    if (
        not pending
        or pending.get("council") != council.pk
        or not default_storage.exists(pending["file"])
    ):
        messages.error(request, "There is no file waiting to be imported. Upload it again.")
        return redirect("setup:people_import")
    with default_storage.open(pending["file"]) as file:
        text = file.read().decode()
    try:
        check = people_import(council=council, text=text, by=request.user)
    except ValidationError as error:
        _forget(request)
        messages.error(request, error.messages[0])
        return redirect("setup:people_import")
    _forget(request)
    messages.success(
        request,
        f"{len(check.new_people):,} people added and sent an invitation, "
        f"{len(check.updates):,} changed, {len(check.roles):,} roles given.",
    )
    return redirect("setup:person_list")


@require_safe
def people_import_example(request):
    """An example file in the import's format, to fill in."""
    lead_council(request.user)
    response = HttpResponse(EXAMPLE.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-example.csv"'
    return response

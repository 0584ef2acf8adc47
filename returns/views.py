"""Returns pages: the list, opening a return, the completion tracker and a service's return.

Every view starts from the user's council: another council's return, or a service outside
the reader's scope, is 404; a reader who may not do what they ask (an officer opening a
return, a clerk saving results) gets 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council.access import in_scope, require
from council.error_summary import summary_context
from returns.completion import progress_of, totals_words
from returns.forms import ReturnForm, ReturnRows
from returns.models import Return, ServiceReturn
from returns.services import return_open, service_return_submit

# --- Access -----------------------------------------------------------------------------

ONLY_ROLES = "Only people with a role in the council can see its returns."


def visible_return(request, pk) -> Return:
    """The return if it is one of the user's council's: 403 for a user with no role in
    it, 404 for another council's."""
    require(bool(request.user.role_assignments), ONLY_ROLES)
    return in_scope(request.user, Return.objects, pk=pk)


def today():
    return timezone.localdate()


# --- The list and opening a return --------------------------------------------------------


@require_GET
def return_list(request):
    """Open and past returns of the council, newest first."""
    require(bool(request.user.role_assignments), ONLY_ROLES)
    returns = list(Return.objects.visible_to(request.user))
    now = today()
    return render(
        request,
        "returns/return_list.html",
        {
            "open_returns": [r for r in returns if r.is_open(now)],
            "past_returns": [r for r in returns if not r.is_open(now)],
            "can_open": request.user.is_performance_lead,
            "breadcrumbs": [("Returns", "")],
        },
    )


@require_http_methods(["GET", "POST"])
def return_create(request):
    """The performance lead opens the council's return for a quarter."""
    user = request.user
    require(
        user.is_performance_lead and user.council_id is not None,
        "Only the council's performance lead can open a return.",
    )
    form = ReturnForm(request.POST or None, council=user.council, today=today())
    if request.method == "POST" and form.is_valid():
        try:
            parent = return_open(council=user.council, user=user, **form.opening())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The return for {parent.period_label} is open.")
            return redirect(parent)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": "Open a return",
            "intro": "Services then see what they must send for the quarter, and you can "
            "follow what has come in on the return's page.",
            "breadcrumbs": [("Returns", reverse("returns:return_list")), ("Open a return", "")],
        },
    )


# --- The completion tracker ---------------------------------------------------------------


@require_GET
def return_detail(request, pk):
    """Per service in the reader's scope: what is in, what is missing, what is late, and
    the last reminder sent."""
    parent = visible_return(request, pk)
    service_returns = list(
        parent.service_returns.visible_to(request.user)
        .select_related("service__directorate", "submitted_by")
        .prefetch_related("reminders")
        .order_by("service__directorate__name", "service__name")
    )
    rows = progress_of(parent, service_returns)
    now = today()
    for row in rows:
        row.state = row.status(parent.deadline, now)
        # The reminders sent by themselves (returns/reminders.py), oldest first.
        row.last_reminder = ([None] + list(row.service_return.reminders.all()))[-1]
    return render(
        request,
        "returns/return_detail.html",
        {
            "parent": parent,
            "rows": rows,
            "totals": totals_words(rows),
            "submitted": sum(bool(row.service_return.submitted_at) for row in rows),
            "late": sum(row.state[0] in ("late", "submitted_late") for row in rows),
            "breadcrumbs": [
                ("Returns", reverse("returns:return_list")),
                (parent.period_label, ""),
            ],
        },
    )


# --- One service's return -----------------------------------------------------------------

# A service's part of a return, with what its page and the access rule read.
PARTS = ServiceReturn.objects.select_related(
    "service__directorate__council", "submitted_by", "parent"
)


@require_http_methods(["GET", "POST"])
def service_return(request, pk, service_pk):
    """One service's return: its results grid, the actions and risks it must report on, and
    "Submit return". Saving is for officers of the service and the performance lead."""
    parent = visible_return(request, pk)
    part = in_scope(request.user, PARTS, parent=parent, service_id=service_pk)
    service, posted, action = part.service, request.method == "POST", request.POST.get("action")
    can_report = request.user.can_report_for(service)
    require(
        not posted or can_report,
        "Only officers of this service or the performance lead can fill in its return.",
    )
    page = ReturnRows(
        request.POST if posted else None,
        parent=parent,
        service=service,
        reports_progress=parent.asks_progress and request.user.can_edit_service(service),
    )
    page_errors = []
    if posted and page.is_valid() and action != "check" and page.save(user=request.user):
        page_errors = _submit_if_asked(request, part)
        if not page_errors:
            return redirect(part)
    links = page.error_links() + [("submit-return", message) for message in page_errors]
    return render(
        request,
        "returns/servicereturn_detail.html",
        _return_page(part, page, can_report, page_errors, links),
    )


def _submit_if_asked(request, part: ServiceReturn) -> list[str]:
    """Once the rows are saved: submit the return when that was asked. The reasons it
    cannot be submitted yet, or none (and the success message is given)."""
    if request.POST.get("action") == "submit":
        try:
            service_return_submit(service_return=part, user=request.user)
        except ValidationError as error:
            return error.messages
        messages.success(request, f"The return of {part.service} has been submitted.")
    else:
        messages.success(request, "Your return has been saved.")
    return []


def _return_page(part, page: ReturnRows, can_report, page_errors, links) -> dict:
    parent, service = part.parent, part.service
    (progress,) = progress_of(parent, [part])
    return {
        "parent": parent,
        "part": part,
        "service": service,
        "rows": page.rows,
        "actions": page.actions,
        "progress": progress,
        "state": progress.status(parent.deadline, today()),
        "can_report": can_report,
        "page_errors": page_errors,
        **summary_context(links),
        "breadcrumbs": [
            ("Returns", reverse("returns:return_list")),
            (parent.period_label, parent.get_absolute_url()),
            (service.name, ""),
        ],
    }

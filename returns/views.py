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
from council.error_summary import add_service_errors, summary_context
from council.models import QuarterLock
from returns.completion import Part, progress_of, submitted_words, totals_words
from returns.forms import LockForm, ReturnForm, ReturnRows, ReviewForm, UnlockForm
from returns.models import Return, ServiceReturn
from returns.services import (
    return_lock,
    return_locks,
    return_open,
    return_unlock,
    service_return_accept,
    service_return_send_back,
    service_return_submit,
)

# --- Access -----------------------------------------------------------------------------

ONLY_ROLES = "Only people with a role in the council can see its returns."


def visible_return(request, pk) -> Return:
    """The return if it is one of the user's council's: 403 for a user with no role in
    it, 404 for another council's."""
    require(bool(request.user.role_assignments), ONLY_ROLES)
    return in_scope(request.user, Return.objects, pk=pk)


def visible_part(request, pk, service_pk) -> ServiceReturn:
    """A service's part of a return, if the return is the user's council's and the service
    is in the user's scope; 404 otherwise."""
    parent = visible_return(request, pk)
    return in_scope(request.user, PARTS, parent=parent, service_id=service_pk)


def may_review(user, service) -> bool:
    """Managers of the service (or its directorate) and the council's performance lead accept
    its returns or send them back."""
    if user.is_performance_lead:
        return service.directorate.council_id == user.council_id
    return user.can_approve_service(service)


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
    """The performance lead opens the council's return for a quarter or a month."""
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
            "intro": "Services then see what they must send for the quarter or month, and you "
            "can follow what has come in on the return's page.",
            "breadcrumbs": [("Returns", reverse("returns:return_list")), ("Open a return", "")],
        },
    )


# --- The completion tracker ---------------------------------------------------------------


@require_GET
def return_detail(request, pk):
    """Per service in the reader's scope: what is in, what is missing, what is late, and
    the last reminder sent."""
    parent = visible_return(request, pk)
    locking = _locking(parent)
    rows = _tracker_rows(request, parent, locked=bool(locking["lock"]))
    return render(
        request,
        "returns/return_detail.html",
        {
            "parent": parent,
            "rows": rows,
            **locking,
            "is_lead": request.user.is_performance_lead,
            # The lead sees every service, so this is every service of the return.
            "all_accepted": bool(rows) and all(row.service_return.is_accepted for row in rows),
            "totals": totals_words(rows),
            "submitted": submitted_words(rows),
            "late": sum(row.state[0] in ("late", "submitted_late") for row in rows),
            "breadcrumbs": [
                ("Returns", reverse("returns:return_list")),
                (parent.period_label, ""),
            ],
        },
    )


def _tracker_rows(request, parent: Return, *, locked: bool) -> list:
    """A row per service of the return in the reader's scope, with its state, its last
    reminder and whether the reader may review it."""
    service_returns = list(
        parent.service_returns.visible_to(request.user)
        .select_related("service__directorate", "submitted_by", "reviewed_by")
        .prefetch_related("reminders")
        .order_by("service__directorate__name", "service__name")
    )
    rows = progress_of(parent, service_returns)
    now = today()
    for row in rows:
        row.state = row.status(parent.deadline, now)
        # The reminders sent by themselves (returns/reminders.py), oldest first.
        row.last_reminder = ([None] + list(row.service_return.reminders.all()))[-1]
        # A locked return is sent back only once it is unlocked.
        row.may_review = may_review(request.user, row.service) and not locked
    return rows


def _locking(parent: Return) -> dict:
    """The return's lock in force, if any, and its past unlocks, newest first (one query).
    A return is locked and unlocked as one: its services' locks share who and when."""
    locks = return_locks(parent)
    unlocks = {}
    for lock in locks:
        if lock.unlocked_at is not None:
            unlocks.setdefault((lock.unlocked_at, lock.unlocked_by_id, lock.unlock_reason), lock)
    return {
        "lock": next((lock for lock in locks if lock.unlocked_at is None), None),
        "unlocks": sorted(unlocks.values(), key=lambda lock: lock.unlocked_at, reverse=True),
    }


# --- Locking a return ----------------------------------------------------------------------

ONLY_LEAD_LOCKS = "Only the council's performance lead can lock or unlock a return."


@require_http_methods(["GET", "POST"])
def return_lock_view(request, pk):
    """The performance lead confirms locking a return whose services are all accepted: its
    results are then corrected only by the lead, with a reason, and its progress stays."""
    parent = visible_return(request, pk)
    require(request.user.is_performance_lead, ONLY_LEAD_LOCKS)
    form = LockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            return_lock(parent=parent, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The return for {parent.period_label} has been locked.")
            return redirect(parent)
    return _lock_page(request, parent, form, "Lock the return", LOCK_INTRO)


LOCK_INTRO = (
    "Once locked, a result of the quarter for these services can be changed only by you, "
    "with a reason recorded beside the correction, and their progress reports for the "
    "quarter no longer change. You can unlock the return later, saying why."
)


@require_http_methods(["GET", "POST"])
def return_unlock_view(request, pk):
    """The performance lead unlocks a locked return, with a reason that is kept."""
    parent = visible_return(request, pk)
    require(request.user.is_performance_lead, ONLY_LEAD_LOCKS)
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            return_unlock(parent=parent, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The return for {parent.period_label} has been unlocked.")
            return redirect(parent)
    return _lock_page(
        request,
        parent,
        form,
        "Unlock the return",
        "Officers and managers can then change the quarter's results and progress as before "
        "it was locked. Lock it again once the changes are accepted.",
    )


def _lock_page(request, parent, form, heading: str, intro: str):
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "caption": f"Return for {parent.period_label}",
            "heading": heading,
            "intro": intro,
            "breadcrumbs": [
                ("Returns", reverse("returns:return_list")),
                (parent.period_label, parent.get_absolute_url()),
                (heading, ""),
            ],
        },
    )


# --- One service's return -----------------------------------------------------------------

# A service's part of a return, with what its page and the access rule read.
PARTS = ServiceReturn.objects.select_related(
    "service__directorate__council", "submitted_by", "reviewed_by", "parent"
)


@require_http_methods(["GET", "POST"])
def service_return(request, pk, service_pk):
    """One service's return: its results grid, the actions and risks it must report on, and
    "Submit return". Saving is for officers of the service and the performance lead, until
    the return is accepted; its reviewers accept it or send it back from here too."""
    part = visible_part(request, pk, service_pk)
    posted, action = request.method == "POST", request.POST.get("action")
    lock = QuarterLock.objects.holding(part.service.pk, part.parent.year, part.parent.quarter)
    can_report = _may_report(request, part, lock, posted)
    page = _return_rows(request, part, lock, posted)
    page_errors = []
    if posted and page.is_valid() and action != "check" and page.save(user=request.user):
        page_errors = _submit_if_asked(request, part)
        if not page_errors:
            return redirect(part.get_absolute_url() + ("?mine=1" if _only_mine(request) else ""))
    links = page.error_links() + [("submit-return", message) for message in page_errors]
    return render(
        request,
        "returns/servicereturn_detail.html",
        _return_page(request, part, page, can_report, page_errors, links, lock),
    )


def _may_report(request, part: ServiceReturn, lock, posted: bool) -> bool:
    """Whether the reader may change the return now. A post from anyone who may not is a
    403 that says why: not theirs, a locked quarter (only the lead corrects it, with
    reasons) or an accepted return."""
    can_report = request.user.can_report_for(part.service)
    corrects = lock is not None and request.user.is_performance_lead
    require(
        not posted or can_report,
        "Only officers of this service or the performance lead can fill in its return.",
    )
    if posted and lock is not None:
        require(
            corrects,
            f"{lock.locked_words}: only the performance lead can correct its results, each "
            "with a reason.",
        )
    require(
        not posted or not part.is_accepted or corrects,
        f"This return was accepted by {part.reviewed_by or 'its reviewer'}: it can be changed "
        "again only if a manager of the service or the performance lead sends it back.",
    )
    return can_report and (not part.is_accepted or corrects)


def _only_mine(request) -> bool:
    """Whether the page shows only what the reader owns: `?mine=1`, a plain link, kept by the
    form's post (it posts to the page's own address)."""
    return request.GET.get("mine") == "1"


def _return_rows(request, part: ServiceReturn, lock, posted: bool) -> ReturnRows:
    """The page's rows: results; progress and risk reviews for officers of the service (as
    on the action's and the risk's own pages), until the return is accepted; only the
    reader's own with "Only mine"."""
    officer = request.user.can_edit_service(part.service) and not part.is_accepted
    return ReturnRows(
        request.POST if posted else None,
        parent=part.parent,
        service=part.service,
        reports_progress=part.parent.asks_progress and officer,
        lock=lock,
        reviews_risks=officer,
        today=today(),
        owner_id=request.user.pk if _only_mine(request) else None,
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


def _return_page(request, part, page: ReturnRows, can_report, page_errors, links, lock) -> dict:
    parent, service = part.parent, part.service
    (progress,) = progress_of(parent, [part])
    mine = _only_mine(request)
    return {
        "mine": mine,
        # The parts as the page lists them: only the reader's own items with "Only mine"
        # (submitting still needs everything, which `progress` says).
        "shown_parts": [
            Part(p.name, [i for i in p.items if not mine or i.owner_id == request.user.pk])
            for p in progress.parts
        ],
        "parent": parent,
        "part": part,
        "lock": lock,
        # An accepted return is submitted already: the lead only corrects it once locked.
        "can_submit": can_report and not part.is_accepted,
        "service": service,
        "rows": page.rows,
        "actions": page.actions,
        "risks": page.risks,
        "reviews_risks": bool(page.risk_forms),
        "refused": page.refused,
        "today": today(),
        "progress": progress,
        "state": progress.status(parent.deadline, today()),
        "can_report": can_report,
        # A locked return is not reviewed again until it is unlocked.
        "review_form": (
            ReviewForm()
            if part.submitted_at and may_review(request.user, service) and lock is None
            else None
        ),
        "page_errors": page_errors,
        **summary_context(links),
        "breadcrumbs": [
            ("Returns", reverse("returns:return_list")),
            (parent.period_label, parent.get_absolute_url()),
            (service.name, ""),
        ],
    }


def _reviewed(request, form: ReviewForm, part: ServiceReturn) -> bool:
    """Accept the return or send it back, as the form says: whether it was done (if not,
    the form says why)."""
    try:
        if form.cleaned_data["decision"] == ReviewForm.ACCEPT:
            service_return_accept(service_return=part, user=request.user)
            done = f"The return of {part.service} has been accepted."
        else:
            service_return_send_back(
                service_return=part, user=request.user, comment=form.cleaned_data["comment"]
            )
            done = f"The return of {part.service} has been sent back to its officers."
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, done)
    return True


@require_http_methods(["GET", "POST"])
def service_return_review(request, pk, service_pk):
    """A manager of the service or the performance lead accepts a submitted return, or sends
    it back with a comment the officers read on the return's page."""
    part = visible_part(request, pk, service_pk)
    require(
        may_review(request.user, part.service),
        "Only a manager of this service or the performance lead can review its return.",
    )
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _reviewed(request, form, part):
        return redirect(part)
    return render(
        request,
        "returns/servicereturn_review.html",
        {
            "parent": part.parent,
            "part": part,
            "service": part.service,
            "form": form,
            "breadcrumbs": [
                ("Returns", reverse("returns:return_list")),
                (part.parent.period_label, part.parent.get_absolute_url()),
                (part.service.name, part.get_absolute_url()),
                ("Review", ""),
            ],
        },
    )

"""Returns pages: the list, opening a return, the completion tracker and a service's return.

Every view starts from the user's council: another council's return, or a service outside
the reader's scope, is 404; a reader who may not do what they ask (an officer opening a
return, a clerk saving results) gets 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council.models import Service
from kpis import periods
from kpis.grid import mark_bad_cells
from kpis.models import Rating
from kpis.services import result_record
from plans.services.actions import action_progress_record
from returns.completion import (
    action_label,
    actions_due,
    due_periods,
    indicators_due,
    progress_of,
    submitted_words,
    totals_words,
)
from returns.forms import ProgressRowForm, ResultRowForm, ReturnForm, ReviewForm
from returns.models import Return, ServiceReturn
from returns.services import (
    return_open,
    service_return_accept,
    service_return_send_back,
    service_return_submit,
)

# --- Access -----------------------------------------------------------------------------


def require_role(user) -> None:
    """Returns are for people with a role in the council: 403 for anyone else."""
    if not user.role_assignments:
        raise PermissionDenied("Only people with a role in the council can see its returns.")


def visible_return(request, pk) -> Return:
    """The return if it is one of the user's council's; 404 otherwise."""
    require_role(request.user)
    return get_object_or_404(Return.objects.visible_to(request.user), pk=pk)


def visible_part(request, pk, service_pk) -> ServiceReturn:
    """A service's part of a return, if the return is the user's council's and the service
    is in the user's scope; 404 otherwise."""
    parent = visible_return(request, pk)
    visible = ServiceReturn.objects.filter(
        parent=parent, service__in=Service.objects.visible_to(request.user)
    ).select_related("service__directorate__council", "submitted_by", "reviewed_by", "parent")
    return get_object_or_404(visible, service_id=service_pk)


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
    require_role(request.user)
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
    if not user.is_performance_lead or user.council_id is None:
        raise PermissionDenied("Only the council's performance lead can open a return.")
    form = ReturnForm(request.POST or None, council=user.council, today=today())
    if request.method == "POST" and form.is_valid():
        year, quarter = form.cleaned_data["period"]
        asks = form.cleaned_data["asks"]
        try:
            parent = return_open(
                council=user.council,
                year=year,
                quarter=quarter,
                deadline=form.cleaned_data["deadline"],
                services=list(form.cleaned_data["services"]),
                asks_results="results" in asks,
                asks_progress="progress" in asks,
                asks_risks="risks" in asks,
                user=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The return for {parent.period_label} is open.")
            return redirect(parent)
    return render(
        request,
        "returns/return_form.html",
        {
            "form": form,
            "breadcrumbs": [("Returns", reverse("returns:return_list")), ("Open a return", "")],
        },
    )


# --- The completion tracker ---------------------------------------------------------------


@require_GET
def return_detail(request, pk):
    """Per service in the reader's scope: what is in, what is missing, what is late."""
    parent = visible_return(request, pk)
    service_returns = list(
        parent.service_returns.filter(service__in=Service.objects.visible_to(request.user))
        .select_related("service__directorate", "submitted_by", "reviewed_by")
        .order_by("service__directorate__name", "service__name")
    )
    rows = progress_of(parent, service_returns)
    now = today()
    for row in rows:
        row.state = row.status(parent.deadline, now)
        row.may_review = may_review(request.user, row.service)
    return render(
        request,
        "returns/return_detail.html",
        {
            "parent": parent,
            "rows": rows,
            "totals": totals_words(rows),
            "submitted": submitted_words(rows),
            "late": sum(row.state[0] in ("late", "submitted_late") for row in rows),
            "breadcrumbs": [
                ("Returns", reverse("returns:return_list")),
                (parent.period_label, ""),
            ],
        },
    )


# --- One service's return -----------------------------------------------------------------


@dataclass
class GridRow:
    """One indicator and one period due, with what the officer sees beside the inputs."""

    indicator: object
    period: periods.Period
    form: ResultRowForm

    @property
    def label(self) -> str:
        return f"{self.indicator.handle} {self.period.label}"

    @property
    def target(self):
        return self.indicator.target_for(self.period.year)

    @property
    def previous(self):
        return self.indicator.result_for(self.period.previous())

    @property
    def last_year(self):
        return self.indicator.result_for(self.period.last_year())

    @property
    def rating(self) -> tuple[str, str]:
        """The rating the result gets when saved: of what was typed, else of what is saved."""
        figure = None
        if self.form.is_bound and hasattr(self.form, "cleaned_data"):
            figure = self.form.cleaned_data.get("value")
            if figure is None and "value" in self.form.errors:
                return ("", "")
        elif self.form.result is not None:
            result = self.form.result
            figure = (result.value, result.text)
        if figure is None:
            return (Rating.NO_DATA, Rating.NO_DATA.label)
        value = figure[0]
        if value is None:
            return (Rating.NOT_RATED, Rating.NOT_RATED.label)
        rating = self.indicator.rating(value, self.period.year)
        return (rating, Rating(rating).label)


def grid_rows(parent, indicators, data=None) -> list[GridRow]:
    rows = []
    for indicator in indicators:
        for period in due_periods(indicator.frequency, parent.year, parent.quarter):
            form = ResultRowForm(
                data,
                indicator=indicator,
                period=period,
                result=indicator.result_for(period),
                prefix=f"i{indicator.pk}-{period.number}",
            )
            rows.append(GridRow(indicator, period, form))
    return rows


def progress_rows(parent, service, data=None) -> list[ProgressRowForm]:
    """A row for each action still to report on in the quarter (one reported is done)."""
    return [
        ProgressRowForm(
            data, action=action, label=action_label(action).capitalize(), prefix=f"a{action.pk}"
        )
        for action in actions_due(parent, [service.pk])
        if not action.reported
    ]


def add_service_errors(form, error: ValidationError) -> None:
    """A refusal of kpis.services.result_record, on the cell it names where there is one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RowsRefused(Exception):
    """Raised inside the transaction so that no row is saved when one is refused."""


def save_rows(rows: list[GridRow], actions: list[ProgressRowForm], parent, user) -> bool:
    """Save every changed row in one transaction through kpis.services.result_record (so
    the council's commentary rule applies) and plans.services.actions.action_progress_record;
    nothing is saved when one row is refused."""
    try:
        with transaction.atomic():
            for form in actions:
                if not form.cleaned_data.get("status"):
                    continue
                try:
                    action_progress_record(
                        action=form.action,
                        year=parent.year,
                        quarter=parent.quarter,
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                        user=user,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
            for row in rows:
                if not row.form.has_changed():
                    continue
                figure = row.form.cleaned_data["value"]
                try:
                    result_record(
                        indicator=row.indicator,
                        year=row.period.year,
                        period=row.period.number,
                        value=figure.value,
                        text=figure.text,
                        commentary=row.form.cleaned_data["commentary"],
                        reason=row.form.cleaned_data.get("reason", ""),
                        user=user,
                    )
                except ValidationError as error:
                    add_service_errors(row.form, error)
            if any(row.form.errors for row in rows) or any(form.errors for form in actions):
                raise RowsRefused
    except RowsRefused:
        return False
    return True


def row_error_links(rows: list[GridRow], actions) -> list[tuple[str, str]]:
    """(cell id, "CS01 Q2 2026/27: message") for the error summary, each bad cell marked."""
    links = []
    for form in actions:
        mark_bad_cells(form)
        for name, errors in form.errors.items():
            field = name if name in form.fields else "status"
            links += [(form[field].auto_id, f"{form.label}: {error}") for error in errors]
    for row in rows:
        mark_bad_cells(row.form)
        for name, errors in row.form.errors.items():
            field = name if name in row.form.fields else "value"
            links += [(row.form[field].auto_id, f"{row.label}: {error}") for error in errors]
    return links


@require_http_methods(["GET", "POST"])
def service_return(request, pk, service_pk):
    """One service's return: its results grid, the actions and risks it must report on, and
    "Submit return". Saving is for officers of the service and the performance lead, until
    the return is accepted; its reviewers accept it or send it back from here too."""
    part = visible_part(request, pk, service_pk)
    parent, service = part.parent, part.service
    can_report = request.user.can_report_for(service)
    if request.method == "POST" and not can_report:
        raise PermissionDenied(
            "Only officers of this service or the performance lead can fill in its return."
        )
    if request.method == "POST" and part.is_accepted:
        raise PermissionDenied(
            f"This return was accepted by {part.reviewed_by or 'its reviewer'}: it can be "
            "changed again only if a manager of the service or the performance lead sends it back."
        )
    can_report = can_report and not part.is_accepted
    indicators = (
        indicators_due(parent, [service.pk], with_history=True) if parent.asks_results else []
    )
    data = request.POST if request.method == "POST" else None
    rows = grid_rows(parent, indicators, data)
    # Progress is reported by officers of the service (as on the action's own page).
    reports_progress = (
        parent.asks_progress and request.user.can_edit_service(service) and not part.is_accepted
    )
    actions = progress_rows(parent, service, data) if reports_progress else []
    page_errors = []
    if request.method == "POST":
        # Every row is checked (not only up to the first bad one): each shows its errors.
        checked = [row.form.is_valid() for row in rows] + [form.is_valid() for form in actions]
        valid = all(checked)
        checking = request.POST.get("action") == "check"
        if valid and not checking and save_rows(rows, actions, parent, request.user):
            if request.POST.get("action") == "submit":
                try:
                    service_return_submit(service_return=part, user=request.user)
                except ValidationError as error:
                    page_errors = error.messages
                else:
                    messages.success(request, f"The return of {service} has been submitted.")
                    return redirect(part)
            if not page_errors:
                messages.success(request, "Your return has been saved.")
                return redirect(part)
    links = row_error_links(rows, actions) + [("submit-return", message) for message in page_errors]
    (progress,) = progress_of(parent, [part])
    return render(
        request,
        "returns/servicereturn_detail.html",
        {
            "parent": parent,
            "part": part,
            "service": service,
            "rows": rows,
            "actions": actions,
            "progress": progress,
            "state": progress.status(parent.deadline, today()),
            "can_report": can_report,
            "review_form": ReviewForm()
            if part.submitted_at and may_review(request.user, service)
            else None,
            "page_errors": page_errors,
            "has_errors": bool(links),
            "error_links": links,
            "breadcrumbs": [
                ("Returns", reverse("returns:return_list")),
                (parent.period_label, parent.get_absolute_url()),
                (service.name, ""),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def service_return_review(request, pk, service_pk):
    """A manager of the service or the performance lead accepts a submitted return, or sends
    it back with a comment the officers read on the return's page."""
    part = visible_part(request, pk, service_pk)
    if not may_review(request.user, part.service):
        raise PermissionDenied(
            "Only a manager of this service or the performance lead can review its return."
        )
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
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
        else:
            messages.success(request, done)
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

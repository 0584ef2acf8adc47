"""Forms of the returns pages: opening a return, and a service's return page (a grid of
results, a row per action to report on and one per risk to review), checked and saved as
one."""

import datetime as dt
import re
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from council import periods
from council.error_summary import add_service_errors
from council.models import FinancialYear, Service
from kpis import periods as kpi_periods
from kpis.forms import ResultForm
from kpis.grid import cell_widgets, mark_bad_cells
from kpis.models import Rating
from kpis.seen import NOTHING, seen_token
from kpis.services import result_record
from plans.models import DeliveryStatus, ProgressUpdate
from plans.services.actions import action_progress_record
from returns.completion import action_label, actions_due, due_periods, indicators_due, risks_due
from returns.models import Return, period_label
from risks.forms import DATE_FORMATS, level_choices
from risks.models import Risk
from risks.services import REVIEW_SCORES, changed_since_seen, risk_review

ASKS = [
    ("results", "Results of their indicators due in the quarter or month"),
    ("progress", "Progress on the open actions of their current plan"),
    ("risks", "A review of their risks due for review by the deadline"),
]


def started_quarters(council_id, today) -> list[tuple[int, int]]:
    """Quarters of the council's financial years that have started, latest first."""
    years = FinancialYear.objects.filter(council_id=council_id).values_list("start_year", flat=True)
    quarters = [
        (year, quarter)
        for year in years
        for quarter in periods.QUARTERS
        if periods.quarter_start(year, quarter) <= today
    ]
    return sorted(quarters, reverse=True)


def started_months(council_id, today) -> list[kpi_periods.Period]:
    """Months of the council's financial years that have started, latest first."""
    years = FinancialYear.objects.filter(council_id=council_id).values_list("start_year", flat=True)
    months = [
        month
        for year in years
        for month in kpi_periods.periods_of_year(kpi_periods.MONTHLY, year)
        if month.start <= today
    ]
    return sorted(months, reverse=True)


class ReturnForm(forms.Form):
    """Open a return: for a quarter or a month, the deadline, what services must provide,
    and which."""

    frequency = forms.ChoiceField(
        label="Is the return for a quarter or a month?",
        choices=[(Return.Frequency.QUARTERLY, "A quarter"), (Return.Frequency.MONTHLY, "A month")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the return is for a quarter or a month",
            "invalid_choice": "Select whether the return is for a quarter or a month",
        },
    )
    period = forms.ChoiceField(
        label="Quarter",
        required=False,
        help_text="For a quarter's return: quarters of the council's financial years that have "
        "started.",
        error_messages={"invalid_choice": "Select a quarter from the list"},
    )
    month = forms.ChoiceField(
        label="Month",
        required=False,
        help_text="For a month's return: months of the council's financial years that have "
        "started.",
        error_messages={
            "invalid_choice": "Select a month from the list: months of the council's "
            "financial years that have started"
        },
    )
    # Blank: the council's returns calendar decides (Council.return_deadline_days).
    deadline = forms.DateField(
        label="Deadline",
        required=False,
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"class": "govuk-input govuk-input--width-10"}, format="%d/%m/%Y"
        ),
        error_messages={"invalid": "Deadline must be a real date, like 20/10/2026"},
    )
    asks = forms.MultipleChoiceField(
        label="What each service must provide",
        choices=ASKS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what each service must provide"},
    )
    services = forms.ModelMultipleChoiceField(
        label="Services",
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="All the council's services are selected to begin with.",
        error_messages={
            "required": "Select at least one service",
            "invalid_choice": "Select services from the list",
            "invalid_pk_value": "Select services from the list",
        },
    )

    def __init__(self, *args, council, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.asked: kpi_periods.Period | None = None  # the quarter or month, once clean
        self.fields["period"].choices = [
            (f"{year}-{quarter}", periods.quarter_label(year, quarter))
            for year, quarter in started_quarters(council.pk, today)
        ]
        self.fields["month"].choices = [
            (f"{month.year}-{month.number}", period_label(month))
            for month in started_months(council.pk, today)
        ]
        services = Service.objects.filter(directorate__council=council).select_related(
            "directorate"
        )
        self.fields["services"].queryset = services
        self.fields["services"].label_from_instance = lambda s: f"{s.name} ({s.directorate})"
        last = periods.last_ended_quarter(today)
        last_month = kpi_periods.latest_ended(kpi_periods.MONTHLY, today - dt.timedelta(days=1))
        days = council.return_deadline_days
        proposed = periods.quarter_end(*last) + dt.timedelta(days=days)
        self.fields["deadline"].help_text = (
            f"When services must have sent their return, for example {proposed:%d/%m/%Y}. "
            f"Leave it blank for the council's returns calendar: {days} day"
            f"{'' if days == 1 else 's'} after the quarter or month ends (for "
            f"{periods.quarter_label(*last)}, {proposed:%-d %B %Y})."
        )
        self.initial.setdefault("frequency", Return.Frequency.QUARTERLY)
        self.initial.setdefault("period", f"{last[0]}-{last[1]}")
        self.initial.setdefault("month", f"{last_month.year}-{last_month.number}")
        self.initial.setdefault("asks", [value for value, _ in ASKS])
        self.initial.setdefault("services", list(services))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        # Plain radios and both lists, not a conditional reveal: GOV.UK Frontend's script
        # marks revealing radios aria-expanded, which axe refuses on a radio.
        self.helper.layout = Layout(*self.fields, Button("submit", "Open the return"))

    def clean(self):
        """The period chosen for the frequency chosen (the other list is ignored), not one
        the council has a return for already, and a deadline after it ends."""
        cleaned = super().clean()
        monthly = cleaned.get("frequency") == Return.Frequency.MONTHLY
        name = "month" if monthly else "period"
        if not cleaned.get("frequency") or name in self.errors:
            return cleaned
        if not cleaned.get(name):
            self.add_error(name, "Select the month" if monthly else "Select the quarter")
            return cleaned
        year, number = (int(part) for part in cleaned[name].split("-"))
        frequency = kpi_periods.MONTHLY if monthly else kpi_periods.QUARTERLY
        asked = kpi_periods.Period(frequency, year, number)
        taken = Return.objects.filter(council=self.council, frequency=frequency, year=year)
        if taken.filter(**{"month" if monthly else "quarter": number}).exists():
            self.add_error(
                name,
                f"There is already a return for {period_label(asked)}: open it from the list "
                "of returns",
            )
            return cleaned
        self.asked = asked
        if "deadline" not in self.errors and not cleaned.get("deadline"):
            cleaned["deadline"] = asked.end + dt.timedelta(days=self.council.return_deadline_days)
        if cleaned.get("deadline") and cleaned["deadline"] <= asked.end:
            self.add_error(
                "deadline",
                f"The deadline must be after {'the month' if monthly else 'the quarter'} ends on "
                f"{asked.end.day} {asked.end:%B %Y}",
            )
        return cleaned

    def opening(self) -> dict:
        """The return as returns.services.return_open takes it (besides council and user)."""
        asked = self.asked
        monthly = asked.frequency == kpi_periods.MONTHLY
        asks = self.cleaned_data["asks"]
        return {
            "year": asked.year,
            "quarter": None if monthly else asked.number,
            "month": asked.number if monthly else None,
            "deadline": self.cleaned_data["deadline"],
            "services": list(self.cleaned_data["services"]),
            "asks_results": "results" in asks,
            "asks_progress": "progress" in asks,
            "asks_risks": "risks" in asks,
        }


class ResultRowForm(ResultForm):
    """One row of a service's return: the result of one indicator for one period due.

    A row left blank saves nothing (the return is a draft until submitted); a result once
    saved can be corrected, with a reason, but not emptied.

    Two people may have the grid open at once. Each row sends back what it showed of the
    result (`seen`, kpis.seen): a row this person left as it was, over a result someone
    else saved since, is not a change (theirs stands, and is shown); a row they typed in
    is refused with who saved what (kpis.forms.ResultForm), keeping what they typed."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, use_required_attribute=False, **kwargs)
        self.fields["value"].required = self.result is not None
        self.fields["commentary"].widget.attrs["rows"] = 2
        if "reason" in self.fields:
            self.fields["reason"].widget.attrs["rows"] = 2
        cell_widgets(self)
        shown = self.data.get(self.add_prefix("seen")) if self.is_bound else None
        if shown is None or shown == self.seen_now:
            return
        typed = seen_token(
            self.data.get(self.add_prefix("value"), ""),
            self.data.get(self.add_prefix("commentary"), ""),
        )
        if typed == shown:
            # Untouched here: the row now stands for the saved result, as if posted so.
            result = self.result
            self.data = self.data.copy()
            self.data[self.add_prefix("value")] = result.printed if result else ""
            self.data[self.add_prefix("commentary")] = result.commentary if result else ""
            self.data[self.add_prefix("seen")] = self.seen_now

    def clean(self):
        cleaned = super().clean()
        if self.clashed:
            return cleaned
        if (
            cleaned.get("value") is None
            and cleaned.get("commentary")
            and "value" not in self.errors
        ):
            self.add_error("value", f"Enter the result for {self.period.label}")
        return cleaned


class ProgressRowForm(forms.Form):
    """One action's progress for the quarter of a return; a row left blank reports nothing.
    Saved through plans.services.actions.action_progress_record, so a delayed or not achieved
    action needs its note, as on the action's own page."""

    status = forms.ChoiceField(
        choices=[("", "Not reported yet"), *DeliveryStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    note = forms.CharField(
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The progress note must be 10,000 characters or fewer"},
    )

    # The quarter's latest report on the action as the page showed it: "none" when it
    # showed the action as not reported yet (`seen_now` is what it is now).
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action, label: str, year: int, quarter: int, **kwargs):
        super().__init__(*args, use_required_attribute=False, **kwargs)
        self.action = action
        self.label = label
        cell_widgets(self)
        # Reported by someone else since the page was opened (the page lists only actions
        # not reported yet, and keeps this row only because something was typed in it).
        self.reported = None
        if action.reported:
            self.reported = (
                ProgressUpdate.objects.filter(action=action, year=year, quarter=quarter)
                .select_related("created_by")
                .order_by("-created_at", "-pk")
                .first()
            )
        self.seen_now = str(self.reported.pk) if self.reported else NOTHING

    def clean(self):
        cleaned = super().clean()
        if self.reported is not None and cleaned.get("seen") != self.seen_now:
            self.add_error(None, reported_since_seen(self.reported))
            return cleaned
        if cleaned.get("note") and not cleaned.get("status"):
            self.add_error("status", "Select the status of the action")
        return cleaned


class RiskReviewRowForm(forms.Form):
    """One risk due for review: left for now, confirmed as it stands, or re-scored on the
    matrix version it was scored against (its residual score, and its target if it has
    one), with its next review date and an optional note. A row left for now saves nothing;
    the others are saved through risks.services.risk_review, as the risk's own page would."""

    LATER, CONFIRM, RESCORE = "", "confirm", "rescore"

    decision = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    review_date = forms.DateField(
        label="Next review date",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            attrs={"class": "govuk-input govuk-input--width-10"}, format="%d/%m/%Y"
        ),
        error_messages={"invalid": "Next review date must be a real date, like 31/03/2027"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )
    # When the risk was last saved, as the reviewer saw it (risk_review refuses a risk
    # changed since). The page writes it from the risk as it is now (`seen_now`), so that
    # after a refusal the reviewer can check the risk and review it again.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, risk: Risk, reviewed: bool, **kwargs):
        super().__init__(*args, use_required_attribute=False, **kwargs)
        self.risk = risk
        self.seen_now = risk.updated_at.isoformat()
        self.fields["decision"].choices = [
            (self.LATER, "Leave it as reviewed" if reviewed else "Leave it for now"),
            (self.CONFIRM, "Confirm as it stands"),
            (self.RESCORE, "Re-score"),
        ]
        self.fields["decision"].error_messages["invalid_choice"] = (
            "Choose to confirm the risk as it stands or to re-score it"
        )
        matrix = risk.matrix
        size = matrix.size
        for name in REVIEW_SCORES:
            stage, axis = name.split("_")
            title = matrix.likelihood_title if axis == "likelihood" else matrix.impact_title
            label = title if stage == "residual" else f"Target {title.lower()}"
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                coerce=int,
                empty_value=None,
                required=False,
                choices=[
                    ("", "Not scored" if stage == "residual" else "No target"),
                    *level_choices(matrix, axis),
                ],
                error_messages={
                    "invalid_choice": f"{label} must be from 1 to {size} on the "
                    f"{size} × {size} matrix"
                },
            )
            self.initial[name] = getattr(risk, name)
        cell_widgets(self)
        for name in REVIEW_SCORES:
            # Its column's width: the matrix's level descriptions make long options.
            self.fields[name].widget.attrs["class"] += " govuk-!-width-full"
        self.fields["review_date"].widget.attrs["aria-describedby"] = (
            f"{self['review_date'].auto_id}-hint"
        )

    @property
    def score_fields(self) -> list:
        """The scores a re-score asks for, shown when "Re-score" is chosen."""
        return [self[name] for name in REVIEW_SCORES]

    def clean_seen(self) -> dt.datetime | None:
        seen = self.cleaned_data["seen"]
        if not seen:
            return None
        try:
            return dt.datetime.fromisoformat(seen)
        except ValueError:
            raise ValidationError("Reload the page and review the risk again") from None

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        # A score not posted at all (a page without this row) is not a change.
        rescored = [
            name
            for name in REVIEW_SCORES
            if self.add_prefix(name) in self.data and name in self.changed_data
        ]
        typed = rescored or cleaned.get("review_date") or cleaned.get("note", "").strip()
        seen = cleaned.get("seen")
        if seen is not None and seen != self.risk.updated_at:
            # Its scores on the page are not the ones now saved: nothing else is worth saying.
            if decision or typed:
                self.add_error(None, changed_since_seen(self.risk))
            return cleaned
        if not decision:
            if typed or "review_date" in self.errors:
                self.add_error(
                    "decision", "Choose to confirm the risk as it stands or to re-score it"
                )
            return cleaned
        if not cleaned.get("review_date") and "review_date" not in self.errors:
            self.add_error("review_date", "Enter the next review date")
        if decision == self.CONFIRM and rescored:
            self.add_error(
                "decision",
                "You changed its scores: choose Re-score, or put the scores back to confirm "
                "it as it stands",
            )
        if decision == self.RESCORE:
            for name in REVIEW_SCORES[:2]:
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, f"Select the {self.fields[name].label.lower()}")
        return cleaned

    def recorded(self) -> dict:
        """The review as risks.services.risk_review takes it (besides risk, user and today)."""
        data = self.cleaned_data
        rescore = data["decision"] == self.RESCORE
        return {
            "next_review": data["review_date"],
            "scores": {name: data.get(name) for name in REVIEW_SCORES} if rescore else None,
            "note": data["note"],
            "seen": data["seen"],
        }


# --- A service's return page ---------------------------------------------------------


@dataclass
class GridRow:
    """One indicator and one period due, with what the officer sees beside the inputs."""

    indicator: object
    period: kpi_periods.Period
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


def grid_rows(parent, indicators, data=None, lock=None) -> list[GridRow]:
    """A row for each indicator and each of its periods due in the return's quarter or month
    (all of them in its quarter, so the quarter's `lock`, if any, holds every row)."""
    rows = []
    for indicator in indicators:
        for period in due_periods(indicator.frequency, parent.period):
            form = ResultRowForm(
                data,
                indicator=indicator,
                period=period,
                result=indicator.result_for(period),
                lock=lock,
                prefix=f"i{indicator.pk}-{period.number}",
            )
            rows.append(GridRow(indicator, period, form))
    return rows


def progress_rows(parent, service, data=None) -> list[ProgressRowForm]:
    """A row for each action still to report on in the quarter (one reported is done), and
    for one reported by someone else while this person was typing a report on it."""
    return [
        ProgressRowForm(
            data,
            action=action,
            label=action_label(action).capitalize(),
            year=parent.year,
            quarter=parent.quarter,
            prefix=f"a{action.pk}",
        )
        for action in actions_due(parent, [service.pk])
        if not action.reported or (data is not None and data.get(f"a{action.pk}-status"))
    ]


def reported_since_seen(update: ProgressUpdate) -> ValidationError:
    """The refusal of a report on an action someone else reported on after the page was
    opened: who, when and what, so the person can choose to add theirs as well."""
    who = "someone else"
    if update.created_by is not None:
        who = update.created_by.get_full_name() or update.created_by.username
    when = timezone.localtime(update.created_at)
    what = f"as “{update.get_status_display()}”"
    if update.note.strip():
        what += f" with the note “{Truncator(' '.join(update.note.split())).chars(200)}”"
    return ValidationError(
        f"Reported by {who} at {when:%H:%M} on {when.day} {when:%B %Y} after you opened this "
        f"page, {what}. What you typed is kept: save again to add your report as well",
        code="changed",
    )


@dataclass
class RiskRow:
    """A risk due for review in the return, with its last change since the return opened
    (the history record of its review: who and when) and, for officers of the service, the
    form to review it."""

    risk: Risk
    review: object  # the risk's latest history record since the return opened, or None
    form: RiskReviewRowForm | None

    @property
    def label(self) -> str:
        return self.risk.reference

    def score_words(self, stage: str) -> str:
        """'Likelihood 3 (Likely) × impact 2 (Significant), score 6', in the matrix's words."""
        risk, matrix = self.risk, self.risk.matrix
        likelihood = getattr(risk, f"{stage}_likelihood")
        impact = getattr(risk, f"{stage}_impact")
        if likelihood is None or impact is None:
            return ""
        words = []
        for axis, title, value in (
            ("likelihood", matrix.likelihood_title, likelihood),
            ("impact", matrix.impact_title, impact),
        ):
            level = matrix.level(axis, value)
            words.append(f"{title.lower()} {value}" + (f" ({level.label})" if level else ""))
        return f"{words[0][0].upper()}{words[0][1:]} × {words[1]}, score {likelihood * impact}"

    @property
    def residual_words(self) -> str:
        return self.score_words("residual")

    @property
    def target_words(self) -> str:
        return self.score_words("target")


def risk_rows(parent, service, data=None, *, reviews: bool) -> list[RiskRow]:
    """A row for each risk of the service due for review in the return (a reviewed one
    stays, as reviewed), in a fixed number of queries; with forms when `reviews`."""
    risks = risks_due(parent, [service.pk], for_display=True)
    last = {}
    changes = Risk.history.filter(
        id__in=[risk.pk for risk in risks], history_date__gte=parent.opened_at
    )
    for change in changes.select_related("history_user").order_by("-history_date"):
        last.setdefault(change.id, change)
    return [
        RiskRow(
            risk,
            last.get(risk.pk) if risk.reviewed else None,
            RiskReviewRowForm(data, risk=risk, reviewed=risk.reviewed, prefix=f"r{risk.pk}")
            if reviews
            else None,
        )
        for risk in risks
    ]


class RowsRefused(Exception):
    """Raised inside the transaction so that no row is saved when one is refused."""


# The review of a risk as posted: "r<risk id>-decision".
RISK_DECISION = re.compile(r"r(\d+)-decision")


class ReturnRows:
    """The rows of one service's return page, checked together and saved in one go: a
    result per indicator and period due (when the return asks for results), a progress
    row per action to report on and a review per risk due (for officers of the service,
    who report progress and review risks as on the action's and the risk's own pages).
    With `owner_id`, only the rows of what that person owns."""

    def __init__(
        self,
        data,
        *,
        parent,
        service,
        reports_progress: bool,
        lock=None,
        reviews_risks: bool = False,
        today: dt.date | None = None,
        owner_id: int | None = None,
    ):
        self.parent = parent
        self.service = service
        self.data = data
        self.today = today
        indicators = (
            indicators_due(parent, [service.pk], with_history=True) if parent.asks_results else []
        )

        # "Only mine" (owner_id): the rows of what this person owns, on the page and in what
        # it saves, so that a post from the filtered page is checked against the same rows.
        def mine(owner: int | None) -> bool:
            return owner_id is None or owner == owner_id

        # In a locked quarter every change is a correction with a reason, by the lead.
        self.rows = grid_rows(parent, [i for i in indicators if mine(i.owner_user_id)], data, lock)
        self.actions = [
            form
            for form in (progress_rows(parent, service, data) if reports_progress else [])
            if mine(form.action.lead_officer_id)
        ]
        self.risks = [
            row
            for row in (
                risk_rows(parent, service, data, reviews=reviews_risks) if parent.asks_risks else []
            )
            if mine(row.risk.owner_user_id)
        ]
        self.risk_forms = [row.form for row in self.risks if row.form is not None]
        # Problems of the page rather than of a row: a review of a risk it does not list.
        self.refused: list[str] = []

    def is_valid(self) -> bool:
        # Every row is checked (not only up to the first bad one): each shows its errors.
        checked = [row.form.is_valid() for row in self.rows]
        checked += [form.is_valid() for form in self.actions + self.risk_forms]
        self.refused = self.stray_reviews()
        return all(checked) and not self.refused

    def stray_reviews(self) -> list[str]:
        """A review posted for a risk that is not one of this page's forms (another
        service's risk, one not due, or any risk from someone who does not review them)
        is refused, with nothing saved, rather than quietly dropped."""
        reviewable = {form.risk.pk for form in self.risk_forms}
        sent = {
            int(match[1])
            for key, value in (self.data or {}).items()
            if (match := RISK_DECISION.fullmatch(key)) and value
        }
        if sent <= reviewable:
            return []
        return [
            "Nothing was saved: a review was sent for a risk that is not one of the "
            f"{self.service.name} risks you can review in this return"
        ]

    def save(self, *, user) -> bool:
        """Save every changed row in one transaction through kpis.services.result_record (so
        the council's commentary rule applies), plans.services.action_progress_record and
        risks.services.risk_review; nothing is saved when one row is refused (False, the
        errors on their rows)."""
        parent = self.parent
        try:
            with transaction.atomic():
                for form in self.actions:
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
                for row in self.rows:
                    if not row.form.has_changed():
                        continue
                    try:
                        result_record(
                            indicator=row.indicator,
                            year=row.period.year,
                            period=row.period.number,
                            user=user,
                            **row.form.recorded(),
                        )
                    except ValidationError as error:
                        add_service_errors(row.form, error)
                for form in self.risk_forms:
                    if not form.cleaned_data.get("decision"):
                        continue
                    try:
                        risk_review(risk=form.risk, user=user, today=self.today, **form.recorded())
                    except ValidationError as error:
                        add_service_errors(form, error)
                if any(row.form.errors for row in self.rows) or any(
                    form.errors for form in self.actions + self.risk_forms
                ):
                    raise RowsRefused
        except RowsRefused:
            return False
        return True

    def error_links(self) -> list[tuple[str, str]]:
        """(cell id, "CS01 Q2 2026/27: message") for the error summary, each bad cell marked."""
        links = []
        for form in self.actions:
            mark_bad_cells(form)
            for name, errors in form.errors.items():
                field = name if name in form.fields else "status"
                links += [(form[field].auto_id, f"{form.label}: {error}") for error in errors]
        for row in self.rows:
            mark_bad_cells(row.form)
            for name, errors in row.form.errors.items():
                field = name if name in row.form.fields else "value"
                links += [(row.form[field].auto_id, f"{row.label}: {error}") for error in errors]
        for form in self.risk_forms:
            mark_bad_cells(form)
            for name, errors in form.errors.items():
                anchor = (
                    form[name].auto_id if name in ("review_date", "note", *REVIEW_SCORES) else ""
                )
                # The decision and the risk as a whole link to its first radio.
                anchor = anchor or f"{form['decision'].auto_id}_0"
                links += [(anchor, f"{form.risk.reference}: {error}") for error in errors]
        return links + [("risk-reviews", message) for message in self.refused]


class ReviewForm(forms.Form):
    """A manager of the service or the performance lead accepts a submitted return, or sends
    it back with a comment the officers read on the return's page."""

    ACCEPT, SEND_BACK = "accept", "send_back"
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(ACCEPT, "Accept the return"), (SEND_BACK, "Send it back to the officers")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether to accept the return or send it back",
            "invalid_choice": "Select whether to accept the return or send it back",
        },
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you send the return back: say what the officers must change.",
        error_messages={"max_length": "Comment must be 10,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.legend_size = Size.MEDIUM
        self.helper.layout = Layout("decision", "comment", Button("review", "Save decision"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.SEND_BACK and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Enter a comment saying what the officers must change")
        return cleaned


class LockForm(forms.Form):
    """The performance lead confirms locking a return: nothing to fill in but the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Button("lock", "Lock the return"))


class UnlockForm(forms.Form):
    """The performance lead unlocks a return, saying why (recorded with who and when)."""

    reason = forms.CharField(
        label="Reason for unlocking the return",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, which figures must be corrected and who asked. It is kept "
        "with your name and the date.",
        error_messages={
            "required": "Enter the reason for unlocking the return",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout("reason", Button("unlock", "Unlock the return"))

"""Forms of the returns pages: opening a return, and a service's return page (a grid of
results and a row per action to report on), checked and saved as one."""

from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from council import periods
from council.error_summary import add_service_errors
from council.models import FinancialYear, Service
from kpis import periods as kpi_periods
from kpis.forms import ResultForm
from kpis.grid import cell_widgets, mark_bad_cells
from kpis.models import Rating
from kpis.services import result_record
from plans.models import DeliveryStatus
from plans.services.actions import action_progress_record
from returns.completion import action_label, actions_due, due_periods, indicators_due
from returns.models import Return

ASKS = [
    ("results", "Results of their indicators due in the quarter"),
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


class ReturnForm(forms.Form):
    """Open a return: the quarter, the deadline, what services must provide, and which."""

    period = forms.ChoiceField(
        label="Quarter",
        help_text="Quarters of the council's financial years that have started.",
        error_messages={
            "required": "Select the quarter",
            "invalid_choice": "Select a quarter from the list",
        },
    )
    deadline = forms.DateField(
        label="Deadline",
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"class": "govuk-input govuk-input--width-10"}, format="%d/%m/%Y"
        ),
        help_text="When services must have sent their return, for example 20/10/2026.",
        error_messages={
            "required": "Enter the deadline",
            "invalid": "Deadline must be a real date, like 20/10/2026",
        },
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
        self.fields["period"].choices = [
            (f"{year}-{quarter}", periods.quarter_label(year, quarter))
            for year, quarter in started_quarters(council.pk, today)
        ]
        services = Service.objects.filter(directorate__council=council).select_related(
            "directorate"
        )
        self.fields["services"].queryset = services
        self.fields["services"].label_from_instance = lambda s: f"{s.name} ({s.directorate})"
        last = periods.last_ended_quarter(today)
        self.initial.setdefault("period", f"{last[0]}-{last[1]}")
        self.initial.setdefault("asks", [value for value, _ in ASKS])
        self.initial.setdefault("services", list(services))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*self.fields, Button("submit", "Open the return"))

    def clean_period(self) -> tuple[int, int]:
        year, quarter = (int(part) for part in self.cleaned_data["period"].split("-"))
        if Return.objects.filter(council=self.council, year=year, quarter=quarter).exists():
            raise forms.ValidationError(
                f"There is already a return for {periods.quarter_label(year, quarter)}: "
                "open it from the list of returns"
            )
        return year, quarter

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") and cleaned.get("deadline"):
            end = periods.quarter_end(*cleaned["period"])
            if cleaned["deadline"] <= end:
                self.add_error(
                    "deadline",
                    f"The deadline must be after the quarter ends on {end.day} {end:%B %Y}",
                )
        return cleaned

    def opening(self) -> dict:
        """The return as returns.services.return_open takes it (besides council and user)."""
        year, quarter = self.cleaned_data["period"]
        asks = self.cleaned_data["asks"]
        return {
            "year": year,
            "quarter": quarter,
            "deadline": self.cleaned_data["deadline"],
            "services": list(self.cleaned_data["services"]),
            "asks_results": "results" in asks,
            "asks_progress": "progress" in asks,
            "asks_risks": "risks" in asks,
        }


class ResultRowForm(ResultForm):
    """One row of a service's return: the result of one indicator for one period due.

    A row left blank saves nothing (the return is a draft until submitted); a result once
    saved can be corrected, with a reason, but not emptied."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, use_required_attribute=False, **kwargs)
        self.fields["value"].required = self.result is not None
        self.fields["commentary"].widget.attrs["rows"] = 2
        if "reason" in self.fields:
            self.fields["reason"].widget.attrs["rows"] = 2
        cell_widgets(self)

    def clean(self):
        cleaned = super().clean()
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

    def __init__(self, *args, action, label: str, **kwargs):
        super().__init__(*args, use_required_attribute=False, **kwargs)
        self.action = action
        self.label = label
        cell_widgets(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("note") and not cleaned.get("status"):
            self.add_error("status", "Select the status of the action")
        return cleaned


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
    """A row for each indicator and each of its periods due in the return's quarter (all of
    them in that quarter, so the quarter's `lock`, if any, holds every row)."""
    rows = []
    for indicator in indicators:
        for period in due_periods(indicator.frequency, parent.year, parent.quarter):
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
    """A row for each action still to report on in the quarter (one reported is done)."""
    return [
        ProgressRowForm(
            data, action=action, label=action_label(action).capitalize(), prefix=f"a{action.pk}"
        )
        for action in actions_due(parent, [service.pk])
        if not action.reported
    ]


class RowsRefused(Exception):
    """Raised inside the transaction so that no row is saved when one is refused."""


class ReturnRows:
    """The rows of one service's return page, checked together and saved in one go: a
    result per indicator and period due (when the return asks for results), and a progress
    row per action to report on (for officers of the service, who report progress as on
    the action's own page)."""

    def __init__(self, data, *, parent, service, reports_progress: bool, lock=None):
        self.parent = parent
        indicators = (
            indicators_due(parent, [service.pk], with_history=True) if parent.asks_results else []
        )
        # In a locked quarter every change is a correction with a reason, by the lead.
        self.rows = grid_rows(parent, indicators, data, lock)
        self.actions = progress_rows(parent, service, data) if reports_progress else []

    def is_valid(self) -> bool:
        # Every row is checked (not only up to the first bad one): each shows its errors.
        checked = [row.form.is_valid() for row in self.rows]
        return all(checked + [form.is_valid() for form in self.actions])

    def save(self, *, user) -> bool:
        """Save every changed row in one transaction through kpis.services.result_record (so
        the council's commentary rule applies) and plans.services.action_progress_record;
        nothing is saved when one row is refused (False, the errors on their rows)."""
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
                if any(row.form.errors for row in self.rows) or any(
                    form.errors for form in self.actions
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
        return links


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

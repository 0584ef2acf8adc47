"""Forms of the returns pages: opening a return, and one row of a service's results grid."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms

from council import periods
from council.models import FinancialYear, Service
from kpis.forms import ResultForm
from kpis.grid import cell_widgets
from plans.models import DeliveryStatus
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

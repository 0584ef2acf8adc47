"""Forms of the performance pages: an indicator, its targets, a result, an upload, filters."""

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch

from council import periods as years
from council.forms import owner_field
from council.models import CorporatePriority, Directorate, FinancialYear, Objective, Service
from kpis.figures import FigureError, parse_figure
from kpis.grid import TOO_MANY_ROWS, GridRows, cell_widgets, refuse_grid, row_limit
from kpis.models import COMMENTARY_NEEDED, Indicator, Rating, Result, Target
from kpis.seen import changed_since_seen, result_seen, seen_token
from kpis.services import target_set
from kpis.spreadsheets import MAX_UPLOAD_BYTES, SpreadsheetError, read_upload

MAX_FIGURE = Decimal("999999999999.99")


class FigureField(forms.CharField):
    """A number typed as '95', '95%', '£1,200' or '-3.5', in GOV.UK wording."""

    def __init__(self, *, what: str, example: str = "95", **kwargs):
        self.what = what
        self.example = example
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "inputmode": "decimal",
                "class": "govuk-input govuk-input--width-5",
                "spellcheck": "false",
            }
        )
        self.error_messages["required"] = f"Enter {what[0].lower()}{what[1:]}"

    def to_python(self, value):
        text = super().to_python(value)
        text = text.replace(",", "").replace("£", "").replace("%", "").replace(" ", "")
        if not text:
            return None
        if len(text) > 30 or not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValidationError(
                f"{self.what} must be a number, like {self.example}", code="invalid"
            )
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{self.what} must be a number, like {self.example}") from None
        if abs(number) > MAX_FIGURE:
            raise ValidationError(f"{self.what} must be less than 1 trillion", code="max_value")
        if number.as_tuple().exponent < -2:
            raise ValidationError(f"{self.what} can have at most 2 decimal places", code="places")
        return number


class Figure(NamedTuple):
    """A target, result or baseline as typed, with the number in it (None when it has none)."""

    value: Decimal | None
    text: str


class FigureTextField(forms.CharField):
    """A figure as the council prints it: '85%', '£83.5k', '22 days', 'TBA', 'n/a', '80-85%'.

    Cleans to a Figure: the text exactly as typed (trimmed) and its number, if it is one
    figure (kpis.figures.parse_figure); None when left empty."""

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 50)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        )
        self.error_messages["required"] = f"Enter {what[0].lower()}{what[1:]}"
        self.error_messages["max_length"] = f"{what} must be 50 characters or fewer"

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Figure(parse_figure(text), text)
        except FigureError as error:
            raise ValidationError(f"{self.what} {error}", code="invalid") from None

    def run_validators(self, value):
        super().run_validators(value.text if value else value)

    def has_changed(self, initial, data):
        # Changed when the text is: '97%' typed over a stored 97% is the same figure.
        try:
            figure = self.to_python(data)
        except ValidationError:
            return True
        before = initial.text if isinstance(initial, Figure) else initial or ""
        return (figure.text if figure else "") != before


def govuk_errors(form: forms.Form) -> None:
    """'Enter the title', 'Select the unit': errors that name the field."""
    for name, field in form.fields.items():
        label = (field.label or name).lower()
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = f"Select the {label}"
            field.error_messages["invalid_choice"] = f"Select a {label} from the list"
        else:
            field.error_messages.setdefault("required", f"Enter the {label}")
            field.error_messages["required"] = f"Enter the {label}"
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = (
                f"{label.capitalize()} must be {field.max_length:,} characters or fewer"
            )


def year_choices(council_id) -> list[tuple[int, str]]:
    return [(y.start_year, y.label) for y in FinancialYear.objects.filter(council_id=council_id)]


class IndicatorForm(forms.ModelForm):
    """Define or edit an indicator of a service."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            "reference",
            "position",
            "title",
            "definition",
            "kind",
            "unit",
            "polarity",
            "frequency",
            "owner",
            "owner_user",
            "data_source",
            "priorities",
            "objectives",
            "baseline",
            "baseline_year",
            "tolerance_kind",
            "tolerance",
        ]
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "definition": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, service: Service, **kwargs):
        self.service = service
        super().__init__(*args, **kwargs)
        self.instance.service = service
        council_id = service.directorate.council_id
        self.fields["priorities"].queryset = CorporatePriority.objects.filter(council_id=council_id)
        self.fields["objectives"].queryset = Objective.objects.filter(
            priority__council_id=council_id
        ).select_related("priority")
        self.fields["objectives"].label_from_instance = lambda o: f"{o.priority}: {o.title}"
        self.fields["baseline"] = FigureTextField(
            label="Baseline",
            what="Baseline",
            help_text="As the plan prints it, like 98%, £83.5k or n/a.",
        )
        self.fields["baseline_year"] = forms.TypedChoiceField(
            label="Year of the baseline",
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", "Choose a year")] + year_choices(council_id),
        )
        self.fields["tolerance"] = FigureField(
            label="Tolerance",
            what="Tolerance",
            example="5",
            help_text="A result this close to the target, or closer, is amber instead of red. "
            "Leave blank, or the polarity unset, and the indicator is not rated.",
        )
        self.fields["position"].required = False
        govuk_errors(self)
        self.fields["title"].error_messages["required"] = "Enter the title of the indicator"
        self.fields["position"].error_messages["invalid"] = (
            "Position must be a whole number, like 3"
        )
        self.fields["polarity"].choices = [("", "Not set (not rated)"), *Indicator.Polarity.choices]
        self.fields["owner_user"] = owner_field(service, self.instance.owner_user_id)
        if not self.instance.pk:
            # A new indicator starts with the council's rating defaults (set-up); an
            # existing one keeps its own.
            self.instance.take_rating_defaults(service.directorate.council)
            self.initial["tolerance_kind"] = self.instance.tolerance_kind
            self.initial["tolerance"] = None
        if self.instance.tolerance is not None:
            self.initial["tolerance"] = f"{self.instance.tolerance.normalize():f}"
        if self.instance.pk:
            self.initial["baseline"] = self.instance.baseline_printed
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.fields, Button("submit", "Save indicator"))

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if code and not re.fullmatch(r"[A-Z0-9][A-Z0-9 ._/-]*", code):
            raise ValidationError("Code must use only letters, numbers and . _ / -, like CS01")
        return code

    def clean_tolerance(self):
        tolerance = self.cleaned_data["tolerance"]
        if tolerance is not None and tolerance < 0:
            raise ValidationError("Tolerance cannot be negative")
        return tolerance

    def clean_position(self):
        # Left blank: where it was, or (new) after the service's other indicators.
        return self.cleaned_data["position"] or self.instance.position or 0

    def clean(self):
        cleaned = super().clean()
        baseline = cleaned.get("baseline")
        if "baseline" in cleaned:
            cleaned["baseline"] = baseline.value if baseline else None
            self.instance.baseline_text = baseline.text if baseline else ""
        priorities, objectives = cleaned.get("priorities"), cleaned.get("objectives")
        if priorities is not None and objectives:
            missing = {o.priority for o in objectives} - set(priorities)
            if missing:
                self.add_error(
                    "objectives",
                    "Also select the priority of each objective you chose: "
                    + ", ".join(sorted(p.title for p in missing)),
                )
        return cleaned


class RatingRuleForm(forms.ModelForm):
    """The rating rule of an indicator: how far from target is still amber."""

    class Meta:
        model = Indicator
        fields = ["polarity", "tolerance_kind", "tolerance"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tolerance"] = FigureField(label="Tolerance", what="Tolerance", example="5")
        govuk_errors(self)
        self.fields["polarity"].choices = [("", "Not set (not rated)"), *Indicator.Polarity.choices]
        if self.instance.tolerance is not None:
            self.initial["tolerance"] = f"{self.instance.tolerance.normalize():f}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            "polarity", "tolerance_kind", "tolerance", Button("submit", "Save rating rule")
        )

    def clean_tolerance(self):
        tolerance = self.cleaned_data["tolerance"]
        if tolerance is not None and tolerance < 0:
            raise ValidationError("Tolerance cannot be negative")
        return tolerance


class TargetsForm(forms.Form):
    """A target per financial year of the council as the plan prints it ('95%', 'TBA',
    'Ongoing'), and the reason when one changes."""

    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        help_text="Needed when you change a target that was already set. It is kept with the old target.",
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.years = [y for y, _ in year_choices(indicator.council_id)]
        current = {t.year: t for t in indicator.targets.all()}
        self.rows = []
        for year in self.years:
            label = years.year_label(year)
            target = current.get(year)
            name = f"value_{year}"
            self.fields[name] = FigureTextField(
                label=f"Target for {label}", what=f"Target for {label}"
            )
            if target is not None:
                self.initial[name] = target.printed
            self.rows.append((year, label, target, name))

    def bound_rows(self):
        return [(year, label, target, self[name]) for year, label, target, name in self.rows]

    def clean(self):
        cleaned = super().clean()
        changes = []
        for year, label, target, name in self.rows:
            if name in self.errors:
                continue
            figure = cleaned.get(name)
            if target is not None and figure is None:
                self.add_error(name, f"The target for {label} cannot be removed: enter TBA instead")
                continue
            if target is not None and target.printed != figure.text:
                changes.append(label)
            cleaned[f"target_{year}"] = figure
        self.changed_years = changes
        if changes and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", "Enter the reason for changing the target for " + ", ".join(changes)
            )
        return cleaned

    @transaction.atomic
    def save_targets(self, *, user) -> None:
        """Set each year's target through kpis.services.target_set, all of them or none."""
        for year in self.years:
            figure = self.cleaned_data[f"target_{year}"]
            target_set(
                indicator=self.indicator,
                year=year,
                value=figure.value if figure else None,
                text=figure.text if figure else "",
                user=user,
                reason=self.cleaned_data["reason"],
            )


class ResultForm(forms.Form):
    """Enter the result of one period, or correct it (a correction needs a reason)."""

    value = FigureTextField(label="Result", what="Result", required=True)
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}),
        help_text="What explains the result, and what is being done about it.",
        error_messages={"max_length": "Commentary must be 5,000 characters or fewer"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )
    # The result as the page showed it (kpis.seen): a save over a result someone else saved
    # since is refused with who saved what. The page writes `seen_now`, the result as it is
    # now, so that after a refusal saving again replaces it deliberately.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicator: Indicator, period, result=None, lock=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.result = result
        self.seen_now = result_seen(result)
        self.clashed = False
        self.indicator = indicator
        self.period = period
        # The council.models.QuarterLock in force on the period's quarter, if any: then every
        # change is a correction with a reason (kpis.services.result_record).
        self.lock = lock
        # The council's rule (Council.commentary_required): select_related by the view.
        self.commentary_rule = indicator.council.commentary_required
        # Officers know before they save; an indicator that is never rated never needs it.
        needed = COMMENTARY_NEEDED.get(self.commentary_rule)
        if needed and indicator.polarity and indicator.tolerance is not None:
            self.fields["commentary"].help_text += f" {needed}"
        example = "95%" if indicator.unit == Indicator.Unit.PERCENTAGE else "1,200"
        what = f"Result for {period.label}"
        self.fields["value"] = FigureTextField(
            label="Result",
            what=what,
            required=True,
            help_text=f"As the plan prints it, like {example}, or n/a. "
            "A result without a number is not rated.",
        )
        self.fields["value"].error_messages["required"] = f"Enter the result for {period.label}"
        if result is not None:
            self.initial.update(value=result.printed, commentary=result.commentary)
        elif lock is None:
            del self.fields["reason"]
        if lock is not None:
            self.fields["reason"].help_text = (
                f"{period.label} is locked: any change, to the result or its commentary, is "
                "recorded as a correction with this reason."
            )

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("seen")
        typed = seen_token(
            self.data.get(self.add_prefix("value"), ""),
            self.data.get(self.add_prefix("commentary"), ""),
        )
        if shown and self.seen_now not in (shown, typed) and self.result is not None:
            # The figures on the page are not the ones now saved: nothing else is worth saying.
            self.clashed = True
            self.add_error(None, changed_since_seen(self.result))
            return cleaned
        figure = cleaned.get("value")
        if figure is not None and "commentary" in cleaned and not cleaned["commentary"]:
            reason = self.indicator.commentary_reason(
                figure.value, self.period.year, self.commentary_rule
            )
            if reason:
                self.add_error("commentary", f"Enter commentary: {reason}")
        if (
            self.result is not None
            and figure is not None
            and figure.text != self.result.printed
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Enter the reason for correcting the result")
        elif (
            self.lock is not None
            and self.has_changed()
            and "reason" not in self.errors
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                "reason",
                f"Enter the reason for correcting the result: {self.period.label} is locked",
            )
        return cleaned

    def recorded(self) -> dict:
        """The answer as kpis.services.result_record takes it: value, text, commentary and
        reason (blank for a first result)."""
        figure = self.cleaned_data["value"]
        return {
            "value": figure.value,
            "text": figure.text,
            "commentary": self.cleaned_data["commentary"],
            "reason": self.cleaned_data.get("reason", ""),
            "seen": self.cleaned_data.get("seen") or None,
        }


class UploadForm(forms.Form):
    """A results spreadsheet (.xlsx) to preview."""

    file = forms.FileField(
        label="Upload a results spreadsheet",
        help_text="An .xlsx file made from the template, up to 5 MB.",
        error_messages={
            "required": "Select a spreadsheet to upload",
            "empty": "The selected file is empty",
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        self.rows: list[dict] = []
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("file", Button("submit", "Upload and preview"))

    def clean_file(self):
        """The file, once read: its rows (each checked, kpis.spreadsheets) are kept in
        `rows` for the preview."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(f"The file must be smaller than {MAX_UPLOAD_BYTES // 1024**2} MB")
        try:
            self.rows = read_upload(upload.read(), user=self.user, today=self.today)
        except SpreadsheetError as error:
            raise ValidationError(error.message) from None
        if not self.rows:
            raise ValidationError(
                "The file has no results in it. Fill in the template and try again"
            )
        return upload


class ImportReasonForm(forms.Form):
    """Applying an upload: the reason for correcting results of a locked quarter, which the
    performance lead gives (kpis.services.results_import refuses them without one)."""

    reason = forms.CharField(
        label="Reason for correcting results of a locked quarter",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        help_text="Recorded with each correction, with your name and the date.",
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )


# The dashboard's filters on indicators, by field of the form.
FILTER_LOOKUPS = {
    "directorate": "service__directorate",
    "service": "service",
    "priority": "priorities",
}


class DashboardFilterForm(forms.Form):
    """Filters of the council-wide performance dashboard."""

    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), required=False, empty_label="All directorates"
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, empty_label="All services"
    )
    priority = forms.ModelChoiceField(
        label="Corporate priority",
        queryset=CorporatePriority.objects.none(),
        required=False,
        empty_label="All priorities",
    )
    rating = forms.ChoiceField(
        required=False, choices=[("", "Any rating"), ("overdue", "Overdue")] + list(Rating.choices)
    )
    quarter = forms.ChoiceField(label="Quarter", required=False)

    def __init__(self, *args, user, quarters: list[tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.visible_to(user)
        self.fields["directorate"].queryset = Directorate.objects.filter(
            council_id=user.council_id, services__in=services
        ).distinct()
        self.fields["service"].queryset = services.order_by("name")
        self.fields["priority"].queryset = CorporatePriority.objects.filter(
            council_id=user.council_id
        )
        self.fields["quarter"].choices = [
            (f"{y}-{q}", years.quarter_label(y, q)) for y, q in quarters
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Select an option from the list"

    def chosen(self) -> dict:
        """The filters asked for; none when one of them is not valid."""
        return self.cleaned_data if self.is_valid() else {}

    def quarter_chosen(self, default: tuple[int, int]) -> tuple[int, int]:
        value = self.chosen().get("quarter")
        return tuple(int(part) for part in value.split("-")) if value else default

    def filter_indicators(self, indicators):
        """The indicators in the directorate, service and priority asked for."""
        data = self.chosen()
        for name, lookup in FILTER_LOOKUPS.items():
            if data.get(name):
                indicators = indicators.filter(**{lookup: data[name]})
        return indicators

    def filter_ratings(self, ratings: list) -> list:
        """The rated indicators (kpis.reports.QuarterRating) with the rating asked for."""
        rating = self.chosen().get("rating")
        if rating == "overdue":
            return [rated for rated in ratings if rated.overdue]
        return [rated for rated in ratings if rated.rating == rating] if rating else ratings


# --- A service's indicators as a grid ----------------------------------------------------------

GRID_EXTRA_ROWS = 3
# (field, column heading) in the order the grid shows them; a target per year follows.
GRID_COLUMNS = [
    ("reference", "Reference"),
    ("code", "Code"),
    ("title", "Indicator"),
    ("kind", "Type"),
    ("unit", "Unit"),
    ("frequency", "Frequency"),
    ("baseline", "Baseline"),
    ("position", "Order"),
]


def grid_headings(plan_years: list[int], council: dict[str, str] | None) -> list[tuple[str, str]]:
    """(field, heading) of each column of the grid, a target for each year last. `council`
    gives the headings a council words its own way, by field (`title`, `target_2026`): kpis
    does not read plans, so whoever shows the grid for a plan passes them in."""
    council = council or {}
    headings = [(name, council.get(name) or label) for name, label in GRID_COLUMNS]
    for year in plan_years:
        name = IndicatorRowForm.target_name(year)
        headings.append((name, council.get(name) or f"Target {years.year_label(year)}"))
    return headings


ROW_NOT_IN_SERVICE = (
    "This row is not an indicator of this service any more. "
    "Reload the page and make your change again"
)


class IndicatorRowForm(forms.ModelForm):
    """One indicator as a row of its service's grid, with its target for each year shown.

    The baseline and targets are typed as the plan prints them (FigureTextField), as on the
    indicator's own pages. The other fields (definition, polarity, tolerance, priorities)
    keep their values, or their defaults for a new indicator."""

    class Meta:
        model = Indicator
        fields = [column for column, _ in GRID_COLUMNS]

    clean_code = IndicatorForm.clean_code

    def __init__(self, *args, service: Service, plan_years: list[int], headings, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.service = service
        self.plan_years = plan_years
        self.headings = headings
        self.fields["title"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["baseline"] = FigureTextField(label="Baseline", what="Baseline")
        self.fields["position"] = forms.IntegerField(
            label="Order",
            required=False,
            min_value=0,
            max_value=9999,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
            ),
        )
        govuk_errors(self)
        self.fields["title"].error_messages["required"] = "Enter the title of the indicator"
        self.fields["position"].error_messages.update(
            invalid="Order must be a whole number, like 3",
            min_value="Order must be 0 or more",
            max_value="Order must be 9,999 or less",
        )
        self.fields["code"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        self.fields["reference"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        # Prefetched by the formset: no query per row.
        self.targets = {t.year: t for t in self.instance.targets.all()} if self.instance.pk else {}
        if self.instance.pk:
            self.initial["baseline"] = self.instance.baseline_printed
        for year in plan_years:
            label = years.year_label(year)
            name = self.target_name(year)
            self.fields[name] = FigureTextField(label=f"Target {label}", what=f"Target for {label}")
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-5"
            if year in self.targets:
                self.initial[name] = self.targets[year].printed
        cell_widgets(self)

    @staticmethod
    def target_name(year: int) -> str:
        return f"target_{year}"

    def grid_cells(self):
        """(column heading, field) of each cell, in the grid's order."""
        return [(label, self[name]) for name, label in self.headings]

    def clean_position(self):
        # Left blank: where it was, or (new) after the service's other indicators.
        return self.cleaned_data["position"] or self.instance.position or 0

    def clean(self):
        cleaned = super().clean()
        baseline = cleaned.get("baseline")
        if "baseline" in cleaned:
            cleaned["baseline"] = baseline.value if baseline else None
            self.instance.baseline_text = baseline.text if baseline else ""
        for year, target in self.targets.items():
            name = self.target_name(year)
            if name in cleaned and cleaned[name] is None:
                self.add_error(
                    name,
                    f"The target for {target.year_label} cannot be removed: enter TBA instead",
                )
        return cleaned

    def _post_clean(self):
        if self.instance.pk and not self.has_changed():
            return  # an untouched row is not saved: checking it again would cost queries
        super()._post_clean()

    def changed_targets(self) -> list[str]:
        """'CS01 2026/27' for each target that was set and is changed here."""
        return [
            f"{self.instance.handle} {target.year_label}"
            for year, target in self.targets.items()
            if self.target_name(year) in self.changed_data
        ]

    def save_row(self, *, user, reason: str) -> Indicator:
        """Save the indicator (when one of its own fields changed) and its changed targets."""
        indicator = self.instance
        if not indicator.pk or set(self.changed_data) & set(self._meta.fields):
            indicator = self.save()
        for year in self.plan_years:
            figure = self.cleaned_data.get(self.target_name(year))
            if self.target_name(year) in self.changed_data and figure is not None:
                target_set(
                    indicator=indicator,
                    year=year,
                    value=figure.value,
                    text=figure.text,
                    user=user,
                    reason=reason,
                )
        return indicator


class IndicatorGridFormSet(GridRows, forms.BaseModelFormSet):
    """The indicators of one service, in the plan's order, with their targets for some years."""

    row_not_found = ROW_NOT_IN_SERVICE
    default_error_messages = {**forms.BaseModelFormSet.default_error_messages, **TOO_MANY_ROWS}

    def __init__(
        self,
        *args,
        service: Service,
        plan_years: list[int],
        headings: dict[str, str] | None = None,
        **kwargs,
    ):
        self.service = service
        self.plan_years = plan_years
        self.headings = grid_headings(plan_years, headings)
        kwargs.setdefault(
            "queryset",
            Indicator.objects.filter(service=service)
            .order_by("kind", "position", "pk")
            .prefetch_related(
                Prefetch("targets", queryset=Target.objects.filter(year__in=plan_years))
            )
            .annotate(has_results=Exists(Result.objects.filter(indicator=OuterRef("pk")))),
        )
        kwargs.setdefault("form_kwargs", {}).update(
            service=service, plan_years=plan_years, headings=self.headings
        )
        row_limit(self, fields_per_row=len(GRID_COLUMNS) + len(plan_years) + 2)
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        refused, codes = [], set()
        for number, form in enumerate(self.forms, start=1):
            cleaned = getattr(form, "cleaned_data", {})
            posted = cleaned.get("id")
            if posted is not None and posted.pk != form.instance.pk:
                # An id on a row the page showed as new (a tampered form count): not a copy.
                form.add_error("id", ROW_NOT_IN_SERVICE)
            if self._should_delete_form(form):
                if form.instance.pk and form.instance.has_results:
                    # Its results (and their corrections) would go with it.
                    handle = form.instance.handle.replace("%", "%%")
                    refused.append(
                        ValidationError(
                            f"Row {number}: {handle} has results, so it cannot be removed",
                            code="has_results",
                            params={"cell": form["DELETE"].auto_id},
                        )
                    )
                continue
            code = (cleaned.get("code") or "").upper()
            if code and code in codes:
                form.add_error("code", "Another row has this code: choose another")
            codes.add(code)
        if refused:
            raise ValidationError(refused)

    def changed_targets(self) -> list[str]:
        return [
            change
            for form in self.forms
            if not self._should_delete_form(form) and form.has_changed()
            for change in form.changed_targets()
        ]

    def save_with_reason(self, reason_form, *, user) -> bool:
        """Save every row in one transaction, or none. False when a target already set
        changes without a reason (the error is on the reason box) or a row is refused as
        it is saved (the error is the grid's). Call once both forms are valid."""
        changes = self.changed_targets()
        reason = reason_form.cleaned_data["reason"]
        if changes and not reason.strip():
            reason_form.add_error(
                "reason", "Enter the reason for changing the targets of " + ", ".join(changes)
            )
            return False
        try:
            with transaction.atomic():
                self.save_rows(user=user, reason=reason)
        except ValidationError as error:
            refuse_grid(self, error)
            return False
        return True

    def save_rows(self, *, user, reason: str) -> None:
        """Remove, change and add the rows. Call inside a transaction."""
        for form in self.forms:
            if self._should_delete_form(form):
                if form.instance.pk:
                    form.instance.delete()
            elif form.has_changed():
                form.save_row(user=user, reason=reason)


IndicatorGrid = forms.modelformset_factory(
    Indicator,
    form=IndicatorRowForm,
    formset=IndicatorGridFormSet,
    extra=GRID_EXTRA_ROWS,
    can_delete=True,
)


class TargetReasonForm(forms.Form):
    """Why targets already set are changed in the grid: kept with each old target."""

    reason = TargetsForm.base_fields["reason"]

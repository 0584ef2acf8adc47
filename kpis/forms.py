"""Forms of the performance pages: an indicator, its targets, a result, an upload, filters."""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from council import periods as years
from council.models import CorporatePriority, Directorate, FinancialYear, Objective, Service
from kpis.models import Indicator, Rating, TargetKind
from kpis.spreadsheets import MAX_UPLOAD_BYTES

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
            "title",
            "definition",
            "kind",
            "unit",
            "polarity",
            "frequency",
            "owner",
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
        self.fields["baseline"] = FigureField(
            label="Baseline", what="Baseline", help_text="The starting figure, like 98."
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
            required=True,
            help_text="A result this close to the target, or closer, is amber instead of red.",
        )
        govuk_errors(self)
        self.fields["code"].error_messages["required"] = "Enter the code, like CS01"
        self.fields["title"].error_messages["required"] = "Enter the title of the indicator"
        self.fields["tolerance"].error_messages["required"] = "Enter the tolerance, like 5"
        if self.instance.pk:
            self.initial["tolerance"] = f"{self.instance.tolerance.normalize():f}"
            if self.instance.baseline is not None:
                self.initial["baseline"] = f"{self.instance.baseline.normalize():f}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.fields, Button("submit", "Save indicator"))

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9 ._/-]*", code):
            raise ValidationError("Code must use only letters, numbers and . _ / -, like CS01")
        return code

    def clean_tolerance(self):
        tolerance = self.cleaned_data["tolerance"]
        if tolerance is not None and tolerance < 0:
            raise ValidationError("Tolerance cannot be negative")
        return tolerance

    def clean(self):
        cleaned = super().clean()
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
        self.fields["tolerance"] = FigureField(
            label="Tolerance", what="Tolerance", example="5", required=True
        )
        govuk_errors(self)
        self.fields["tolerance"].error_messages["required"] = "Enter the tolerance, like 5"
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


TARGET_CHOICES = [("", "No target set")] + list(TargetKind.choices)


class TargetsForm(forms.Form):
    """A target per financial year of the council, and the reason when one changes."""

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
            kind_name, value_name = f"kind_{year}", f"value_{year}"
            self.fields[kind_name] = forms.ChoiceField(
                label=f"Target for {label}",
                choices=TARGET_CHOICES,
                required=False,
                error_messages={"invalid_choice": f"Select the kind of target for {label}"},
            )
            self.fields[value_name] = FigureField(
                label=f"Target for {label}",
                what=f"Target for {label}",
                example="95",
            )
            if target is not None:
                self.initial[kind_name] = target.kind
                if target.value is not None:
                    self.initial[value_name] = f"{target.value.normalize():f}"
            self.rows.append((year, label, target, kind_name, value_name))

    def bound_rows(self):
        return [
            (year, label, target, self[kind], self[value])
            for year, label, target, kind, value in self.rows
        ]

    def clean(self):
        cleaned = super().clean()
        changes = []
        for year, label, target, kind_name, value_name in self.rows:
            kind = cleaned.get(kind_name) or None
            value = cleaned.get(value_name)
            if value_name in self.errors:
                continue
            if kind is None and value is not None:
                kind = TargetKind.NUMBER
            if kind == TargetKind.NUMBER and value is None:
                self.add_error(value_name, f"Enter a target for {label}")
                continue
            if kind != TargetKind.NUMBER:
                value = None
            if target is not None and kind is None:
                self.add_error(
                    kind_name,
                    f"The target for {label} cannot be removed: choose 'to be agreed' instead",
                )
                continue
            if target is not None and (target.kind, target.value) != (kind, value):
                changes.append(label)
            cleaned[f"target_{year}"] = (kind, value)
        self.changed_years = changes
        if changes and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", "Enter the reason for changing the target for " + ", ".join(changes)
            )
        return cleaned


class ResultForm(forms.Form):
    """Enter the result of one period, or correct it (a correction needs a reason)."""

    value = FigureField(label="Result", what="Result", required=True)
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

    def __init__(self, *args, indicator: Indicator, period, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.result = result
        example = "95" if indicator.unit == Indicator.Unit.PERCENTAGE else "1200"
        what = f"Result for {period.label}"
        self.fields["value"] = FigureField(
            label="Result", what=what, example=example, required=True
        )
        self.fields["value"].error_messages["required"] = f"Enter the result for {period.label}"
        if result is not None:
            self.initial.update(value=f"{result.value.normalize():f}", commentary=result.commentary)
        else:
            del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        if (
            self.result is not None
            and value is not None
            and value != self.result.value
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Enter the reason for correcting the result")
        return cleaned


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("file", Button("submit", "Upload and preview"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(f"The file must be smaller than {MAX_UPLOAD_BYTES // 1024**2} MB")
        return upload


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

    def __init__(self, *args, user, quarters: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.visible_to(user)
        self.fields["directorate"].queryset = Directorate.objects.filter(
            council_id=user.council_id, services__in=services
        ).distinct()
        self.fields["service"].queryset = services.order_by("name")
        self.fields["priority"].queryset = CorporatePriority.objects.filter(
            council_id=user.council_id
        )
        self.fields["quarter"].choices = quarters
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Select an option from the list"

"""Forms of the risks app: a risk, a service's appetite, the matrix, the appetite scale, filters."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from council.error_summary import error_links, formset_error_links
from council.forms import owner_field
from council.models import CorporatePriority, Directorate, Service
from risks.models import (
    AXIS_WORDS_MAX_LENGTH,
    MAX_MATRIX_SIZE,
    AppetiteLevel,
    AxisWords,
    BandColour,
    MatrixSize,
    RatingBand,
    Risk,
    RiskMatrix,
    ServiceAppetite,
)
from risks.services import AppetiteData, BandData, LevelData

TEXT_MAX_LENGTH = 10_000
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y"]


def level_choices(matrix: RiskMatrix, axis: str) -> list[tuple[int, str]]:
    levels = matrix.likelihood_levels if axis == "likelihood" else matrix.impact_levels
    return [
        (
            level.value,
            f"{level.value} – {level.label}"
            + (f" ({level.description})" if level.description else ""),
        )
        for level in levels
        if level.value <= matrix.size
    ]


class ScoreField(forms.TypedChoiceField):
    """A likelihood or impact level, chosen from the matrix's own levels (never typed).

    Optional: a register may list a risk unscored. `partner` is the other score of the pair,
    named when only one of the two is chosen."""

    def __init__(self, *, matrix: RiskMatrix, axis: str, label: str, partner: str):
        choices = level_choices(matrix, axis)
        super().__init__(
            label=label,
            coerce=int,
            empty_value=None,
            required=False,
            choices=[("", "Not scored"), *choices],
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": f"{label} must be from 1 to {matrix.size} on the "
                f"{matrix.size} × {matrix.size} matrix",
                # Raised by Risk.clean() when one score of a pair is given without the other.
                "incomplete_pair": f"Select the {label.lower()}, or choose Not scored for "
                f"the {partner.lower()} too",
            },
        )


class RiskForm(forms.ModelForm):
    """A risk on the register. Likelihood and impact come from the risk's matrix."""

    class Meta:
        model = Risk
        fields = [
            "reference",
            "title",
            "category",
            "owner",
            "owner_user",
            "description",
            "cause",
            "consequence",
            "inherent_likelihood",
            "inherent_impact",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "target_likelihood",
            "target_impact",
            "further_actions",
            "review_date",
            "status",
            "trend",
            "priorities",
        ]
        widgets = {"priorities": forms.CheckboxSelectMultiple}
        labels = {
            "reference": "Reference",
            "title": "Risk",
            "description": "Description",
            "cause": "Cause",
            "consequence": "Consequence",
            "further_actions": "Further actions planned",
        }
        help_texts = {
            "title": "A short name, for example 'Insufficient staff'.",
            "controls": "What is already in place that reduces the risk.",
        }

    # name: (axis, label, the other score of its pair)
    score_fields = {
        "inherent_likelihood": ("likelihood", "Inherent likelihood", "Inherent impact"),
        "inherent_impact": ("impact", "Inherent impact", "Inherent likelihood"),
        "residual_likelihood": ("likelihood", "Residual likelihood", "Residual impact"),
        "residual_impact": ("impact", "Residual impact", "Residual likelihood"),
        "target_likelihood": ("likelihood", "Target likelihood", "Target impact"),
        "target_impact": ("impact", "Target impact", "Target likelihood"),
    }

    def __init__(self, *args, service: Service, matrix: RiskMatrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.instance.service = service
        self.instance.matrix = matrix
        self.matrix = matrix
        for name, (axis, label, partner) in self.score_fields.items():
            self.fields[name] = ScoreField(matrix=matrix, axis=axis, label=label, partner=partner)
            if self.initial.get(name) is None:
                # The radios compare as text: "" checks the "Not scored" choice, None none.
                self.initial[name] = ""
        if "priorities" in self.fields:
            self.fields["priorities"].queryset = CorporatePriority.objects.filter(
                council_id=service.directorate.council_id
            )
        self.fields["review_date"] = forms.DateField(
            label="Review date",
            required=False,
            input_formats=DATE_FORMATS,
            widget=forms.DateInput(
                attrs={"class": "govuk-input govuk-input--width-10"}, format="%d/%m/%Y"
            ),
            help_text="For example, 31/03/2027",
            error_messages={"invalid": "Review date must be a real date, like 31/03/2027"},
        )
        for name, field in self.fields.items():
            label = (field.label or name).capitalize()
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                field.widget.attrs["rows"] = 3
            if isinstance(field, forms.CharField):
                field.error_messages["max_length"] = (
                    f"{label} must be {field.max_length:,} characters or fewer"
                )
            if name not in self.score_fields:
                field.error_messages["required"] = f"Enter the {label.lower()}"
            if isinstance(field, forms.ChoiceField) and name not in self.score_fields:
                field.error_messages["required"] = f"Select the {label.lower()}"
                field.error_messages["invalid_choice"] = f"Select a {label.lower()} from the list"
        if "title" in self.fields:
            self.fields["title"].error_messages["required"] = "Enter the risk"
        if "owner_user" in self.fields:
            self.fields["owner_user"] = owner_field(service, self.instance.owner_user_id)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Fieldset(
                "reference",
                "title",
                "category",
                "owner",
                "owner_user",
                "description",
                "cause",
                "consequence",
                "priorities",
                legend="The risk",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "inherent_likelihood",
                "inherent_impact",
                legend="Inherent risk: before any controls (optional)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "controls",
                "residual_likelihood",
                "residual_impact",
                legend="Residual risk: with the existing controls (scores optional)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "target_likelihood",
                "target_impact",
                "further_actions",
                legend="Target risk: after further actions (optional)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset("review_date", "status", "trend", legend="Review", legend_size=Size.MEDIUM),
            Button("submit", "Save risk"),
        )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if self._reference_taken(reference):
            raise ValidationError(self._reference_message(reference))
        return reference

    def _reference_taken(self, reference: str) -> bool:
        clash = Risk.objects.filter(service=self.service, reference__iexact=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        return clash.exists()

    def _reference_message(self, reference: str) -> str:
        return f"{self.service.name} already has a risk with reference {reference}"

    def save(self, commit=True):
        """Save the risk. Someone else may have taken the reference since the form was
        checked (two people adding risks at once): that is the same form error, raised as a
        ValidationError for the view to show, and nothing is saved."""
        try:
            with transaction.atomic():
                return super().save(commit=commit)
        except IntegrityError:
            reference = self.instance.reference
            if not self._reference_taken(reference):
                raise
            raise ValidationError({"reference": self._reference_message(reference)}) from None


class RiskScoresForm(RiskForm):
    """Score a risk again against the council's current matrix."""

    class Meta(RiskForm.Meta):
        fields = list(RiskForm.score_fields)

    def scores(self) -> dict:
        """The scores as risks.services.risk_reassess takes them."""
        return {name: self.cleaned_data.get(name) for name in self.score_fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                "inherent_likelihood",
                "inherent_impact",
                legend="Inherent risk: before any controls (optional)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "residual_likelihood",
                "residual_impact",
                legend="Residual risk: with the existing controls (optional)",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "target_likelihood",
                "target_impact",
                legend="Target risk (optional)",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Save new scores"),
        )
        if not self.is_bound:
            # Old scores may not fit the new matrix: start from a blank form.
            for name in self.score_fields:
                self.initial[name] = ""

    def clean_reference(self):  # not on this form
        return self.instance.reference


class ServiceAppetiteForm(forms.ModelForm):
    class Meta:
        model = ServiceAppetite
        fields = ["area", "level", "reason"]
        labels = {"area": "Area of the service's work", "level": "Risk appetite", "reason": "Why"}
        help_texts = {
            "reason": "One or two examples of practices that show this appetite, for example "
            "a strong regulatory environment."
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = AppetiteLevel.objects.filter(council=council)
        self.fields["level"].empty_label = "Choose an appetite"
        self.fields["reason"].max_length = TEXT_MAX_LENGTH
        self.fields["reason"].widget.attrs["rows"] = 3
        self.fields["area"].error_messages["required"] = "Enter the area of the service's work"
        self.fields["level"].error_messages["required"] = "Select the risk appetite"
        self.fields["level"].error_messages["invalid_choice"] = (
            "Select a risk appetite from the list"
        )


class BaseServiceAppetiteFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Only this service's rows: Django would take any row's id, and make a new row of
        # an id it cannot find in the queryset (a tampered id of another service).
        row_id = form.fields.get("id")
        if row_id is not None:
            row_id.queryset = self.get_queryset()
            row_id.error_messages["invalid_choice"] = (
                "This area is not in this service's risk appetite any more. Reload the page "
                "and make your change again"
            )

    def save_for(self, service) -> None:
        """Remove the rows ticked for removal and save the changed ones, as the service's."""
        for form in self.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed():
                continue
            appetite = form.save(commit=False)
            appetite.service = service
            appetite.save()

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if form in self.deleted_forms or not hasattr(form, "cleaned_data"):
                continue
            area = (form.cleaned_data.get("area") or "").strip().lower()
            if area and area in seen:
                form.add_error("area", "Each area can have one risk appetite only")
            seen.add(area)


ServiceAppetiteFormSet = forms.modelformset_factory(
    ServiceAppetite,
    form=ServiceAppetiteForm,
    formset=BaseServiceAppetiteFormSet,
    extra=2,
    can_delete=True,
)


# -- The matrix ----------------------------------------------------------------------------


class MatrixSizeForm(forms.Form):
    size = forms.TypedChoiceField(
        label="Size of the matrix",
        coerce=int,
        choices=MatrixSize.choices,
        widget=forms.RadioSelect,
        help_text="How many likelihood and impact levels the council scores risks on.",
        error_messages={
            "required": "Select the size of the matrix",
            "invalid_choice": "Select a matrix size from the list",
        },
    )


NUMBER_INPUT = forms.TextInput(
    attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
)


class LevelForm(forms.Form):
    label = forms.CharField(
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={"max_length": "Label must be 60 characters or fewer"},
    )
    description = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-30"}),
        error_messages={"max_length": "Description must be 300 characters or fewer"},
    )


LevelFormSet = forms.formset_factory(
    LevelForm, extra=0, min_num=MAX_MATRIX_SIZE, max_num=MAX_MATRIX_SIZE
)


class AxisForm(forms.Form):
    """An axis's title and the words at its ends, as the council's matrix prints them."""

    title = forms.CharField(max_length=AXIS_WORDS_MAX_LENGTH, required=False)
    low = forms.CharField(max_length=AXIS_WORDS_MAX_LENGTH, required=False)
    high = forms.CharField(max_length=AXIS_WORDS_MAX_LENGTH, required=False)

    def __init__(self, data, *, axis: str, words: AxisWords):
        super().__init__(
            data,
            prefix=f"{axis}_axis",
            initial={"title": words.title, "low": words.low, "high": words.high},
        )
        self.axis = axis
        # The fieldset's legend names the axis; the error summary, read alone, says it again.
        for field_name, label, full in (
            ("title", "Title", f"{axis.capitalize()} axis title"),
            ("low", "Words at the low end", f"Words at the low end of the {axis} axis"),
            ("high", "Words at the high end", f"Words at the high end of the {axis} axis"),
        ):
            field = self.fields[field_name]
            field.label = label
            field.widget.attrs["class"] = "govuk-input govuk-input--width-20"
            field.error_messages["max_length"] = (
                f"{full} must be {AXIS_WORDS_MAX_LENGTH} characters or fewer"
            )

    def clean(self):
        cleaned = super().clean()
        if "title" in cleaned and not cleaned["title"].strip():
            self.add_error(
                "title", f"Enter a title for the {self.axis} axis, like {self.axis.capitalize()}"
            )
        low, high = cleaned.get("low"), cleaned.get("high")
        if low is not None and high is not None and bool(low.strip()) != bool(high.strip()):
            missing = "high" if low.strip() else "low"
            self.add_error(
                missing,
                f"Enter the words at the {missing} end of the {self.axis} axis, "
                "or leave both ends blank",
            )
        return cleaned

    @property
    def words(self) -> AxisWords:
        return AxisWords(
            self.cleaned_data["title"], self.cleaned_data["low"], self.cleaned_data["high"]
        )


class BandForm(forms.Form):
    name = forms.CharField(
        max_length=40,
        required=False,
        error_messages={"max_length": "Band name must be 40 characters or fewer"},
    )
    colour = forms.ChoiceField(
        choices=BandColour.choices,
        error_messages={"invalid_choice": "Select a colour from the list"},
    )
    min_score = forms.IntegerField(
        label="Lowest score",
        required=False,
        widget=NUMBER_INPUT,
        min_value=1,
        max_value=25,
        error_messages={
            "invalid": "Lowest score must be a whole number, like 5",
            "min_value": "Lowest score must be 1 or more",
            "max_value": "Lowest score must be 25 or less",
        },
    )
    max_score = forms.IntegerField(
        label="Highest score",
        required=False,
        widget=NUMBER_INPUT,
        min_value=1,
        max_value=25,
        error_messages={
            "invalid": "Highest score must be a whole number, like 6",
            "min_value": "Highest score must be 1 or more",
            "max_value": "Highest score must be 25 or less",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name"):
            # A score typed wrong already has its error; "Enter ..." would say it is missing.
            if cleaned.get("min_score") is None and "min_score" not in self.errors:
                self.add_error("min_score", f"Enter the lowest score of {cleaned['name']}")
            if cleaned.get("max_score") is None and "max_score" not in self.errors:
                self.add_error("max_score", f"Enter the highest score of {cleaned['name']}")
        return cleaned


# Bands cover scores 1 to 25 without overlapping, so no matrix has more than 25; a posted
# form count above that is not read (Django's own cap is 2,000 forms).
MAX_BANDS = MAX_MATRIX_SIZE * MAX_MATRIX_SIZE
BandFormSet = forms.formset_factory(BandForm, extra=2, max_num=MAX_BANDS, absolute_max=MAX_BANDS)


class MatrixEditor:
    """The matrix edit page: size, level labels, bands and cell ratings, validated as one."""

    def __init__(self, data, matrix: RiskMatrix):
        self.matrix = matrix
        self.size_form = MatrixSizeForm(data, initial={"size": matrix.size})
        self.likelihood_axis = AxisForm(data, axis="likelihood", words=matrix.likelihood_axis)
        self.impact_axis = AxisForm(data, axis="impact", words=matrix.impact_axis)
        # Rows the page shows filled in must be read even when unchanged (not "empty").
        keep = {"empty_permitted": False}
        self.likelihood = LevelFormSet(
            data,
            prefix="likelihood",
            form_kwargs=keep,
            initial=self._levels(matrix.likelihood_levels),
        )
        self.impact = LevelFormSet(
            data, prefix="impact", initial=self._levels(matrix.impact_levels)
        )
        self.bands = BandFormSet(
            data,
            prefix="bands",
            form_kwargs=keep,
            initial=[
                {
                    "name": b.name,
                    "colour": b.colour,
                    "min_score": b.min_score,
                    "max_score": b.max_score,
                }
                for b in matrix.band_list
            ],
        )
        band_names = [b.name for b in matrix.band_list]
        if data is not None:
            # The formset's own count, not the posted number: Django caps it at absolute_max
            # and reads a missing or tampered one as 0.
            band_names += [
                (data.get(f"bands-{i}-name") or "").strip()
                for i in range(self.bands.total_form_count())
            ]
        choices = [("", "By score")] + [(n, n) for n in dict.fromkeys(band_names) if n]
        self.cells = forms.Form(data, prefix="cell")
        for row in range(1, MAX_MATRIX_SIZE + 1):
            for column in range(1, MAX_MATRIX_SIZE + 1):
                override = matrix.overrides.get((row, column))
                self.cells.fields[f"{row}_{column}"] = forms.ChoiceField(
                    label=f"Rating of likelihood {row} × impact {column}",
                    choices=choices,
                    required=False,
                    initial=override.name if override else "",
                    error_messages={"invalid_choice": "Select a band from the list"},
                )
        self.non_field_errors: list[str] = []

    @staticmethod
    def _levels(levels) -> list[dict]:
        by_value = {lvl.value: lvl for lvl in levels}
        return [
            {
                "label": by_value[v].label if v in by_value else "",
                "description": by_value[v].description if v in by_value else "",
            }
            for v in range(1, MAX_MATRIX_SIZE + 1)
        ]

    @property
    def forms(self):
        return [
            self.size_form,
            self.likelihood_axis,
            self.likelihood,
            self.impact_axis,
            self.impact,
            self.bands,
            self.cells,
        ]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.forms])  # noqa: C419
        if not valid:
            return False
        size = self.size
        for name, formset in (("likelihood", self.likelihood), ("impact", self.impact)):
            for index, form in enumerate(formset.forms[:size], start=1):
                if not form.cleaned_data.get("label", "").strip():
                    form.add_error("label", f"Enter a label for {name} level {index}")
                    valid = False
        return valid

    @property
    def size(self) -> int:
        return self.size_form.cleaned_data["size"]

    def level_data(self, formset) -> list[LevelData]:
        return [
            LevelData(f.cleaned_data["label"], f.cleaned_data.get("description", ""))
            for f in formset.forms[: self.size]
        ]

    def band_data(self) -> list[BandData]:
        return [
            BandData(
                f.cleaned_data["name"].strip(),
                f.cleaned_data["colour"],
                f.cleaned_data["min_score"],
                f.cleaned_data["max_score"],
            )
            for f in self.bands.forms
            if f.cleaned_data.get("name", "").strip()
        ]

    def matrix_data(self) -> dict:
        """The matrix as risks.services.matrix_save takes it (besides council and user)."""
        return {
            "size": self.size,
            "likelihood": self.level_data(self.likelihood),
            "impact": self.level_data(self.impact),
            "bands": self.band_data(),
            "cells": self.cell_data(),
            "likelihood_axis": self.likelihood_axis.words,
            "impact_axis": self.impact_axis.words,
        }

    def cell_data(self) -> dict[tuple[int, int], str]:
        cells = {}
        for name, value in self.cells.cleaned_data.items():
            row, column = (int(part) for part in name.split("_"))
            if value and row <= self.size and column <= self.size:
                cells[(row, column)] = value
        return cells

    @property
    def impact_values(self) -> range:
        return range(1, self.matrix.size + 1)

    def cell_rows(self):
        """The cell rating selects laid out as the matrix: highest likelihood first."""
        size = self.matrix.size
        return [
            (row, [self.cells[f"{row}_{column}"] for column in range(1, size + 1)])
            for row in range(size, 0, -1)
        ]

    def error_links(self) -> list[tuple[str, str]]:
        links = []
        for message in self.non_field_errors:
            links.append(("bands-heading", message))
        for form in [self.size_form, self.likelihood_axis, self.impact_axis, self.cells]:
            if form.is_bound:
                links += error_links(form)
        for title, formset in (
            ("Likelihood", self.likelihood),
            ("Impact", self.impact),
            ("Band", self.bands),
        ):
            links += formset_error_links(formset, title)
        return links


class AppetiteLevelForm(forms.Form):
    name = forms.CharField(
        max_length=40,
        required=False,
        error_messages={"max_length": "Name must be 40 characters or fewer"},
    )
    description = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tolerance = forms.IntegerField(
        label="Highest residual score accepted",
        required=False,
        widget=NUMBER_INPUT,
        min_value=1,
        max_value=25,
        error_messages={
            "invalid": "Highest residual score must be a whole number, like 6",
            "min_value": "Highest residual score must be 1 or more",
            "max_value": "Highest residual score must be 25 or less",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("tolerance") is None:
            self.add_error(
                "tolerance", f"Enter the highest residual score {cleaned['name']} accepts"
            )
        return cleaned


AppetiteLevelFormSet = forms.formset_factory(AppetiteLevelForm, extra=1)


def scale_formset(data, scale) -> AppetiteLevelFormSet:
    """The council's appetite scale as rows to change, least appetite first."""
    return AppetiteLevelFormSet(
        data,
        prefix="levels",
        form_kwargs={"empty_permitted": False},  # unchanged rows are still the scale
        initial=[
            {"name": lvl.name, "description": lvl.description, "tolerance": lvl.tolerance}
            for lvl in scale
        ],
    )


def appetite_data(formset) -> list[AppetiteData]:
    return [
        AppetiteData(
            f.cleaned_data["name"], f.cleaned_data["description"], f.cleaned_data["tolerance"]
        )
        for f in formset.forms
        if f.cleaned_data.get("name", "").strip()
    ]


# -- Finding risks across the council ------------------------------------------------------

ANY_STATUS = "any"


class RiskFilterForm(forms.Form):
    """Filters of the council-wide risk list. Choices come from the user's scope."""

    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), required=False, empty_label="All directorates"
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), required=False, empty_label="All services"
    )
    band = forms.ChoiceField(label="Residual rating", required=False)
    category = forms.ChoiceField(
        required=False, choices=[("", "All categories")] + list(Risk.Category.choices)
    )
    owner = forms.ChoiceField(label="Risk owner", required=False)
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Open"), (Risk.Status.CLOSED, "Closed"), (ANY_STATUS, "Open or closed")],
    )
    overdue = forms.BooleanField(label="Only risks past their review date", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.visible_to(user)
        self.fields["service"].queryset = services.select_related("directorate").order_by("name")
        self.fields["directorate"].queryset = Directorate.objects.filter(
            services__in=services
        ).distinct()
        band_names = (
            RatingBand.objects.filter(matrix__council_id=user.council_id)
            .order_by("min_score")
            .values_list("name", flat=True)
        )
        self.fields["band"].choices = [("", "Any rating")] + [
            (name, name) for name in dict.fromkeys(band_names)
        ]
        owners = (
            Risk.objects.filter(service__in=services)
            .order_by("owner")
            .values_list("owner", flat=True)
            .distinct()
        )
        self.fields["owner"].choices = [("", "Any owner")] + [(o, o) for o in owners]

"""
Editing a plan's tables: a formset of rows per table, with add, reorder and remove.

Each row form is a ModelForm of a PlanRecord. Rows with a figure per year (budget lines,
growth bids, carbon savings) get one field per year of the plan. A whole section's
formsets are validated together and saved in one transaction (plans.services.editing.section_save).
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models

from council import periods
from plans.forms.fields import FigureField

EXTRA_ROWS = 2
ROW_NOT_IN_PLAN = (
    "This row is not in this plan any more. Reload the page and make your change again"
)


class RowForm(forms.ModelForm):
    """A row of a plan table. Subclasses set Meta.model and Meta.fields (without plan)."""

    # Figures per year: set these on subclasses whose rows have them.
    figures_relation: str | None = None  # related name of the yearly rows, e.g. "amounts"
    figures_attr: str = "amount"  # the field holding the figure on the yearly row
    figures_what: str = "Amount"
    figures_example: str = "1,500 or 1,500.50"
    figures_allow_negative: bool = True
    figures_money: bool = False  # pounds: shown as 1,615,700, and (1,200) when negative
    figures_hint: str = ""  # how to type the figures, under their heading
    # Money fields of the row itself (not per year): typed as £25,000, never negative.
    money_fields: tuple[str, ...] = ()
    per_section = False  # rows of one section's table (its formset passes `section`)

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        for name in self.money_fields:
            label = self.fields[name].label
            self.fields[name] = FigureField(
                label=f"{label} (£)",
                what=label.capitalize(),
                example="25,000",
                allow_negative=False,
                money=True,
            )
        govuk_wording(self)
        self.fields["position"] = forms.IntegerField(
            label="Position in table",
            required=False,
            min_value=0,
            max_value=999,
            help_text="Rows are shown in this order.",
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
            ),
            error_messages={
                "invalid": "Position must be a whole number, like 3",
                "min_value": "Position must be 0 or more",
                "max_value": "Position must be 999 or less",
            },
        )
        self.initial.setdefault("position", self.instance.position if self.instance.pk else None)
        if self.figures_relation:
            # Fixed when the form is made: a layout changed in the same post applies next time.
            self.columns = self.figure_columns()
            self._add_year_fields()

    def figure_columns(self) -> list[tuple[int, int, str]]:
        """(year, column, label) of each figure field; one per year of the plan here."""
        return [(year, 0, periods.year_label(year)) for year in self.plan.years]

    def figure_key(self, row) -> tuple[int, int]:
        return (row.year, 0)

    def figure_lookup(self, year: int, column: int) -> dict:
        return {"year": year}

    def year_field_name(self, year: int, column: int = 0) -> str:
        return f"year_{year}" if column == 0 else f"year_{year}_{column}"

    def figure_field(self, label: str) -> forms.Field:
        """The field of one figure of the row (the column labelled `label`)."""
        return FigureField(
            label=f"{self.figures_what} {label}",
            what=f"{self.figures_what} for {label}",
            example=self.figures_example,
            allow_negative=self.figures_allow_negative,
            money=self.figures_money,
        )

    def figure_initial(self, figure):
        """What the field of a stored figure (a yearly row) shows."""
        return getattr(figure, self.figures_attr)

    def figure_values(self, value) -> dict:
        """The yearly row's fields for what its field cleaned to."""
        return {self.figures_attr: value}

    def _add_year_fields(self):
        existing = {}
        if self.instance.pk:
            existing = {
                self.figure_key(row): self.figure_initial(row)
                for row in getattr(self.instance, self.figures_relation).all()
            }
        for year, column, label in self.columns:
            name = self.year_field_name(year, column)
            self.fields[name] = self.figure_field(label)
            self.initial.setdefault(name, existing.get((year, column)))

    def _figure_names(self) -> list[str]:
        columns = self.columns if self.figures_relation else []
        return [self.year_field_name(year, column) for year, column, _ in columns]

    def year_fields(self):
        return [self[name] for name in self._figure_names()]

    def other_fields(self):
        skip = {"position", "DELETE", *self._figure_names()}
        return [self[name] for name in self.fields if name not in skip]

    def save_figures(self, record):
        """Write one yearly row per column with a figure; remove those left blank."""
        related = getattr(record, self.figures_relation)
        for year, column, _ in self.columns:
            value = self.cleaned_data.get(self.year_field_name(year, column))
            lookup = self.figure_lookup(year, column)
            if value is None:
                related.filter(**lookup).delete()
            else:
                related.update_or_create(**lookup, defaults=self.figure_values(value))


class PlanTableFormSet(forms.BaseModelFormSet):
    """The rows of one table of one plan; of one section, for a table whose rows belong to a
    section (its form says `per_section`)."""

    def __init__(self, *args, plan, section=None, **kwargs):
        self.plan = plan
        self.section = section if self.form.per_section else None
        rows = self.model.objects.filter(plan=plan)
        if self.section is not None:
            rows = rows.filter(section=self.section)
        kwargs.setdefault("queryset", rows.order_by("position", "pk"))
        form_kwargs = kwargs.setdefault("form_kwargs", {})
        form_kwargs["plan"] = plan
        if self.section is not None:
            form_kwargs["section"] = self.section
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        pk_name = self.model._meta.pk.name
        for form in self.forms:
            posted = getattr(form, "cleaned_data", {}).get(pk_name)
            if posted is not None and posted.pk != form.instance.pk:
                # An id on a row the page showed as new (a tampered form count): not a copy.
                form.add_error(pk_name, ROW_NOT_IN_PLAN)
        # Columns whose value must differ from row to row, e.g. one key issue per category.
        for name in getattr(self.form, "unique_in_table", ()):
            seen = set()
            for form in self.forms:
                if form in self.deleted_forms or not form.has_changed() and not form.instance.pk:
                    continue
                value = getattr(form, "cleaned_data", {}).get(name)
                if value in (None, ""):
                    continue
                if value in seen:
                    label = form.fields[name].label or name
                    form.add_error(name, f"Another row has this {label.lower()}: choose another")
                seen.add(value)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this row"
        # Django accepts the id of any row of the model here, and a row it cannot find in this
        # plan becomes a new row: a tampered id (another plan's) would add a copy. Only this
        # plan's rows are valid, so such a post is refused instead.
        row_id = form.fields.get(self.model._meta.pk.name)
        if row_id is not None:
            row_id.queryset = self.get_queryset()
            row_id.error_messages["invalid_choice"] = ROW_NOT_IN_PLAN

    def save_rows(self):
        """Save changed rows, delete removed ones, keep the order. Call inside a transaction."""
        for form in self.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        next_position = 1 + max(
            [f.cleaned_data.get("position") or 0 for f in self.forms if f.cleaned_data] + [0]
        )
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed():
                continue
            record = form.save(commit=False)
            record.plan = self.plan
            if self.section is not None:
                record.section = self.section
            position = form.cleaned_data.get("position")
            if position is None:
                position, next_position = next_position, next_position + 1
            record.position = position
            record.save()
            form.save_m2m()
            if form.figures_relation:
                form.save_figures(record)


# Longest text a table cell takes; narrative sections have their own, larger limit.
CELL_MAX_LENGTH = 10_000


def govuk_wording(form: forms.ModelForm) -> None:
    """Error messages in GOV.UK voice, date inputs as 31/03/2025, a length on every text."""
    for name, field in list(form.fields.items()):
        label = (field.label or name).capitalize()
        if isinstance(field, forms.DateField):
            model_field = form._meta.model._meta.get_field(name)
            form.fields[name] = date_field(model_field)
            continue
        if isinstance(field, forms.CharField):
            if field.max_length is None:
                field.max_length = CELL_MAX_LENGTH
                field.validators.append(MaxLengthValidator(CELL_MAX_LENGTH))
                field.widget.attrs.setdefault("rows", 3)
            field.error_messages["max_length"] = (
                f"{label} must be {field.max_length:,} characters or fewer"
            )
        field.error_messages["required"] = f"Enter the {label.lower()}"
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = f"Select the {label.lower()}"
            field.error_messages["invalid_choice"] = f"Select a {label.lower()} from the list"


def table_formset(form_class: type[RowForm]) -> type[PlanTableFormSet]:
    return forms.modelformset_factory(
        form_class.Meta.model,
        form=form_class,
        formset=PlanTableFormSet,
        extra=EXTRA_ROWS,
        can_delete=True,
    )


DATE_INPUT = {"placeholder": "DD/MM/YYYY", "class": "govuk-input govuk-input--width-10"}


def date_field(model_field: models.DateField, **kwargs):
    """GOV.UK-worded errors for dates typed as 31/03/2025."""
    label = model_field.verbose_name.capitalize()
    return forms.DateField(
        label=label,
        required=not model_field.blank,
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"],
        widget=forms.DateInput(attrs=DATE_INPUT, format="%d/%m/%Y"),
        error_messages={
            "invalid": f"{label} must be a real date, like 31/03/2025",
            "required": f"Enter the {label.lower()}",
        },
        help_text="For example, 31/03/2025",
        **kwargs,
    )

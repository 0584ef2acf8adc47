"""The row forms of plan tables that need more than the generic one (plans.registry names
them), the budget's layout, and the tables each kind of section edits."""

from django import forms

from council import periods
from council.models import CorporatePriority, Objective
from kpis.forms import Figure
from plans.columns import shown_columns
from plans.forms.fields import FigureField, TonnesField
from plans.forms.tables import RowForm, govuk_wording
from plans.models import CarbonSaving, Plan
from plans.models.budget import BudgetUnit, budget_columns, prior_column_labels
from plans.registry import TABLES, PlanTable


class BudgetLineForm(RowForm):
    """A budget line (plans.registry: "lines"), with a figure for each budget column."""

    figures_what = "Figure"

    # A staffing line counts full-time equivalents; the others are pounds. A new row's
    # category is not known until it is posted, so its example gives both.
    @property
    def figures_money(self) -> bool:
        return self.instance.pk is not None and self.instance.is_money

    @property
    def figures_example(self) -> str:
        if self.instance.pk is None:
            return "1,615,700, or 23.5 for staff FTE"
        return "1,615,700" if self.instance.is_money else "23.5"

    # The plan's budget columns: years before the plan the council shows, then its own.
    def figure_columns(self) -> list[tuple[int, int, str]]:
        return [(c.year, c.index, c.label) for c in budget_columns(self.plan)]

    def figure_key(self, row) -> tuple[int, int]:
        return (row.year, row.column)

    def figure_lookup(self, year: int, column: int) -> dict:
        return {"year": year, "column": column}


class BudgetLayoutForm(forms.ModelForm):
    """How the plan's budget tables print: their unit and the columns before the plan."""

    class Meta:
        model = Plan
        fields = [
            "budget_unit",
            "budget_prior_years",
            "budget_prior_columns",
            "budget_year_column",
            "bid_later_years",
            "bid_total_label",
        ]
        help_texts = {
            "budget_prior_years": "For example last year's budget and outturn. Save the "
            "page to add their columns to the budget lines.",
            "bid_later_years": "For example 3, when the council asks for each bid's figures "
            "for the three years after a one-year plan. Save the page to add their columns "
            "to the growth bids.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_wording(self)
        self.fields["bid_later_years"].required = False
        printed = self.instance.printed_bid_totals()
        for year in self.instance.bid_years:
            label = periods.year_label(year)
            name = self.total_field_name(year)
            self.fields[name] = FigureField(
                label=f"Total for {label} as printed",
                what=f"The total for {label}",
                example="18,100",
                money=True,
                help_text="Leave blank to print the sum of the bids.",
            )
            self.initial.setdefault(name, printed.get(year))
        self.fields["budget_unit"].widget = forms.RadioSelect(choices=BudgetUnit.choices)
        self.fields[
            "budget_unit"
        ].help_text = (
            "Printed in the table heading. Type figures in this unit, for example 1,616 in £000."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("budget_prior_years") and not prior_column_labels(
            cleaned.get("budget_prior_columns") or ""
        ):
            self.add_error(
                "budget_prior_columns",
                "Enter the columns for each year before the plan, like Budget, Outturn",
            )
        return cleaned

    @staticmethod
    def total_field_name(year: int) -> str:
        return f"bid_total_{year}"

    def total_fields(self):
        return [self[self.total_field_name(year)] for year in self.instance.bid_years]

    def clean_bid_total_label(self):
        # A page from before the label could be typed posts nothing: the plan keeps it.
        if self.add_prefix("bid_total_label") not in self.data:
            return self.instance.bid_total_label
        return self.cleaned_data.get("bid_total_label", "")

    def clean_bid_later_years(self):
        # A page from before the choice existed posts nothing: the plan keeps its years.
        value = self.cleaned_data.get("bid_later_years")
        return self.instance.bid_later_years if value in (None, "") else value

    def save_layout(self):
        """Save the layout only, so nothing else of the plan is written back."""
        if not self.has_changed():
            return
        totals = dict(self.instance.bid_printed_totals or {})
        for year in self.instance.bid_years:
            name = self.total_field_name(year)
            if self.add_prefix(name) not in self.data:
                continue  # a page from before the totals could be typed
            figure = self.cleaned_data.get(name)
            if figure is None:
                totals.pop(str(year), None)
            else:
                totals[str(year)] = f"{figure:.2f}"
        self.instance.bid_printed_totals = totals
        self.instance.save(update_fields=[*self.Meta.fields, "bid_printed_totals"])


class GrowthBidForm(RowForm):
    """A growth bid (plans.registry: "bids"): its priority is one of the council's."""

    figures_what = "Amount"
    figures_example = "10,400, or (5,000) for a saving"
    figures_money = True

    def figure_columns(self) -> list[tuple[int, int, str]]:
        """A figure for each of the plan's years and those after it the council asks for."""
        return [(year, 0, periods.year_label(year)) for year in self.plan.bid_years]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["priority"].queryset = CorporatePriority.objects.filter(
            council_id=plan.service.directorate.council_id
        )


class PriorityContributionForm(RowForm):
    """A contribution (plans.registry: "contributions") to one of the council's priorities,
    or to an objective of it."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        council_id = plan.service.directorate.council_id
        self.fields["priority"].queryset = CorporatePriority.objects.filter(council_id=council_id)
        self.fields["objective"].queryset = Objective.objects.filter(
            priority__council_id=council_id
        ).select_related("priority")
        self.fields["objective"].label_from_instance = lambda o: f"{o.priority}: {o.title}"

    def clean(self):
        cleaned = super().clean()
        priority, objective = cleaned.get("priority"), cleaned.get("objective")
        if priority and objective and objective.priority_id != priority.pk:
            self.add_error("objective", "Select an objective of the priority you chose")
        return cleaned


class CarbonInitiativeForm(RowForm):
    """An initiative (plans.registry: "carbon") with what it saves each year, typed as the
    plan prints it."""

    figures_what = "Tonnes saved"
    figures_hint = (
        "Type each year as the plan prints it: a number like 12.5 or 12.5 t, or words like "
        "TBC or n/a. Only numbers count in the total. Leave a year blank to print nothing."
    )

    def figure_field(self, label: str) -> forms.Field:
        return TonnesField(label=f"Tonnes saved {label}", what=f"Tonnes saved for {label}")

    def figure_initial(self, figure: CarbonSaving) -> str:
        return figure.printed

    def figure_values(self, value: Figure) -> dict:
        return {"tonnes": value.value, "text": value.text}


class TableRowForm(RowForm):
    """A row of a section's own table: a field for each column the template shows, labelled
    as the council labels it (plans.registry: "rows"). Cells of columns it hides are kept as
    they are."""

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        shown = {column.key: column.label for column in shown_columns(section.columns, "table")}
        for name in list(self.fields):
            if name.startswith("cell_") and name not in shown:
                del self.fields[name]
        for name, label in shown.items():
            field = self.fields[name]
            field.label = label
            field.widget.attrs["rows"] = 2
            field.error_messages["max_length"] = (
                f"{label} must be {field.max_length:,} characters or fewer"
            )
        self.order_fields([*shown, "position"])


# The tables each kind of section edits, in order (plans.registry describes them).
EDITORS: dict[str, list[PlanTable]] = {}
for _table in TABLES:
    EDITORS.setdefault(_table.section_kind, []).append(_table)

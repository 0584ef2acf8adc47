"""A plan's actions as one grid: a row per action, the columns of the seed plans' action tables.

The rows are a formset of plans.forms.tables (add, reorder, remove, saved together through
plans.services.editing.section_save), drawn as a grid (kpis.grid). The queries do not grow with the
rows: the objectives are read once for every row's select, and a posted row is found among
the rows already read.
"""

from django import forms
from django.core.exceptions import ValidationError

from kpis.grid import TOO_MANY_ROWS, GridRows, cell_widgets, row_limit
from plans.columns import relabelled
from plans.forms.tables import ROW_NOT_IN_PLAN, PlanTableFormSet, RowForm
from plans.models import Action, Section

EXTRA_ROWS = 3

# (field, column heading, the column of the plan's actions table or cards the field fills) in
# the order the grid shows them. A council's label of that column heads the grid's instead;
# the columns a council does not print are still here, so nothing typed before is out of reach.
COLUMNS = [
    ("reference", "Reference", "reference"),
    ("title", "Action", "title"),
    ("objective", "Service objective", "objective"),
    ("responsible", "Responsible", "responsible"),
    ("measure", "How success is measured", "measure"),
    ("target_text", "Target or by when", "target"),
    ("target_date", "Target date", ""),
    ("position", "Order", ""),
]


def grid_headings(layout: dict | None) -> list[tuple[str, str]]:
    """(field, heading) of each column of the grid: the council's label of the column it
    fills where the actions section's layout gives one (its table's, else its cards'), as the
    plan prints it; else the grid's own."""
    council = {**relabelled(layout, "action_cards"), **relabelled(layout, "actions")}
    return [
        (name, council[key].year_label(0, "") if key in council else label)
        for name, label, key in COLUMNS
    ]


def printing_section(sections: list[Section], objectives) -> Section:
    """Of the plan's actions sections (in order), the one its actions print in when they all
    print in one (an objective without one prints in the first), else the first."""
    lists = {objective.section_id or sections[0].pk for objective in objectives}
    if len(lists) == 1:
        return next((s for s in sections if s.pk in lists), sections[0])
    return sections[0]


class ActionRowForm(RowForm):
    """One action as a row of the grid. Other fields of the measure card keep their values."""

    class Meta:
        model = Action
        fields = [
            "reference",
            "title",
            "objective",
            "responsible",
            "measure",
            "target_text",
            "target_date",
        ]

    def __init__(self, *args, plan, objectives, headings, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.headings = headings
        self.objectives = {objective.pk: objective for objective in objectives}
        self.fields["objective"] = forms.TypedChoiceField(
            label="Service objective",
            coerce=self._objective,
            empty_value=None,
            choices=[("", "Choose an objective")]
            + [(objective.pk, str(objective)) for objective in objectives],
            error_messages={
                "required": "Select the service objective",
                "invalid_choice": "Select an objective of this plan",
            },
        )
        if len(objectives) == 1 and not self.instance.pk:
            self.initial.setdefault("objective", objectives[0].pk)
        self.fields["title"].error_messages["required"] = "Enter the action"
        self.fields["reference"].widget.attrs["class"] = "govuk-input govuk-input--width-4"
        self.fields["target_text"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        for name in ["title", "measure"]:
            self.fields[name].widget.attrs["rows"] = 2
        cell_widgets(self)

    def _objective(self, pk):
        try:
            return self.objectives[int(pk)]
        except (KeyError, ValueError):
            raise ValidationError(
                "Select an objective of this plan", code="invalid_choice"
            ) from None

    def grid_cells(self):
        """(column heading, field) of each cell, in the grid's order."""
        return [(label, self[name]) for name, label in self.headings]

    def _post_clean(self):
        if self.instance.pk and not self.has_changed():
            return  # an untouched row is not saved: checking it again would cost a query
        # Model.clean() checks the target and the objective's plan: it needs to know the plan.
        self.instance.plan = self.plan
        typo = self._errors.get("target_date")
        typo = typo.copy() if typo is not None else None
        super()._post_clean()
        if typo is not None:
            # A date mistyped is not a missing target: "Enter a target date" would mislead.
            self._errors["target_date"] = typo


class ActionGridFormSet(GridRows, PlanTableFormSet):
    """Every action of one plan, grouped by objective as the plan prints them."""

    row_not_found = ROW_NOT_IN_PLAN
    default_error_messages = {**PlanTableFormSet.default_error_messages, **TOO_MANY_ROWS}

    def __init__(self, *args, plan, sections: list[Section], **kwargs):
        objectives = list(plan.serviceobjectives.order_by("position", "pk"))
        self.headings = grid_headings(printing_section(sections, objectives).columns)
        kwargs.setdefault("form_kwargs", {}).update(objectives=objectives, headings=self.headings)
        kwargs.setdefault(
            "queryset", Action.objects.filter(plan=plan).order_by(*Action._meta.ordering)
        )
        self.objectives = objectives
        row_limit(self, fields_per_row=len(COLUMNS) + 2)  # and the id and "Remove"
        super().__init__(*args, plan=plan, **kwargs)

    def outside_period(self) -> list:
        """The rows saved with a target date outside the plan's period (worth a warning)."""
        saved = [f for f in self.forms if f.has_changed() and f not in self.deleted_forms]
        return [f for f in saved if f.instance.target_outside(self.plan)]


ActionGrid = forms.modelformset_factory(
    Action,
    form=ActionRowForm,
    formset=ActionGridFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
)

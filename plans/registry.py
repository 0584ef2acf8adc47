"""
Every table of rows a plan holds, described once.

A plan's tables (budget lines, contracts, key contacts, …) are each one entry in TABLES:
its model, the section kind that shows it, what a user enters in a row, what its rows are
called, its figures per year, its name in the plan file, the tables that print it with
their columns, and whether it moves to next year's plan. Everything that walks a plan's
tables reads this list:

- the section editor (plans/forms/parts.py: EDITORS) makes a formset per entry, with the
  generic row form or the one the entry names;
- the plan file (plans/exchange/parts.py) writes and reads each entry with a file key;
- the document (plans/document.py) loads each entry's rows in one query;
- the columns page and each council's layout (plans/columns.py) take its printed tables;
- the changes between versions (plans/changes.py) and rolling a plan forward
  (plans/services/roll_forward.py) go over every entry.

So adding a kind of table is its model (with a migration), one entry here and the part
template of its section kind (templates/plans/parts/<kind>.html) that prints its cells; a
test (tests/plans/test_registry.py) checks that every table of a plan has an entry, and
another (tests/plans/test_stamps.py) that its changes reach the page cache.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Model, Prefetch, QuerySet
from django.utils.module_loading import import_string

from plans.models import (
    BudgetAmount,
    BudgetLine,
    CarbonInitiative,
    CarbonSaving,
    Contract,
    EarlierVersion,
    ForwardPlanItem,
    GrowthBid,
    GrowthBidAmount,
    KeyContact,
    KeyIssue,
    Plan,
    PriorityContribution,
    SectionKind,
    SinglePointOfFailure,
    SkillRequirement,
    TableRow,
)
from plans.models.tables import TABLE_CELLS, cell_name
from plans.printed import Column, Table


@dataclass(frozen=True)
class Figures:
    """A figure for each year (or column of a year) of a row, kept in a child table."""

    relation: str  # the related name of the yearly rows ("amounts")
    model: type[Model]
    value: str  # the field holding the figure
    keys: tuple[str, ...] = ()  # fields besides the year naming a figure (a budget's column)
    also: tuple[str, ...] = ()  # optional fields kept with the figure (a saving as printed)
    printed: str = ""  # the field of the figure as printed, when it can be words ('TBC')
    # The plan's (and the plan file's) list of the years a figure may have.
    years: str = "years"
    keys_since: int = 4  # the plan file's format version that added the keys

    @cached_property
    def parent(self) -> str:
        """The name of the foreign key from a yearly row to its row."""
        return next(f.name for f in self.model._meta.concrete_fields if f.is_relation)


def _every(rows: QuerySet, start) -> QuerySet:
    return rows


@dataclass(frozen=True)
class PlanTable:
    prefix: str  # names the entry, and its formset in the section editor
    model: type[Model]
    section_kind: str
    title: str  # the editor's heading
    row_title: str  # a row in its table ("Post 3")
    noun: str  # a row on its own, in the list of changes ("Single point of failure")
    fields: tuple[str, ...]  # what a user enters in a row, in the editor's order
    figures: Figures | None = None
    related: tuple[str, ...] = ()  # loaded with the rows
    # The plan file: its key, or "" when the exchange writes the table its own way (rows
    # naming other records by title); and the format version that added it.
    file_key: str = ""
    file_since: int = 1
    # The row form: the generic one (plans.forms.tables.RowForm) unless a path is given.
    form: str = ""
    money_fields: tuple[str, ...] = ()  # typed as £25,000
    unique_in_table: tuple[str, ...] = ()  # a value each row must have to itself
    per_section: bool = False  # rows of one section, not of the plan as a whole
    # Next year's plan: which rows move on (None: none), given the new plan's first day.
    carried: Callable[[QuerySet, object], QuerySet] | None = _every
    changes: bool = True  # listed in the changes between versions
    # The tables that print the rows, with their columns (plans.printed; each council's
    # choice and wording of them in plans.columns).
    printed: tuple[Table, ...] = ()

    @cached_property
    def relation(self) -> str:
        """Where the plan keeps the rows (plan.<relation>)."""
        return self.model._meta.get_field("plan").remote_field.get_accessor_name()

    @property
    def printed_in(self) -> list[str]:
        return [table.name for table in self.printed]

    @property
    def file_fields(self) -> list[str]:
        return ["position", *self.fields]

    def rows(self, plan: Plan) -> QuerySet:
        return getattr(plan, self.relation).all()

    def prefetch(self, through: str = "") -> Prefetch:
        """The plan's rows in one query (and their figures in one more)."""
        rows = self.model.objects.all()
        if self.related:
            rows = rows.select_related(*self.related)
        if self.figures:
            rows = rows.prefetch_related(self.figures.relation)
        return Prefetch(through + self.relation, queryset=rows)

    @cached_property
    def form_class(self):
        """The row form: the one named (behaviour only), or the generic one, for the
        entry's model and fields."""
        from plans.forms.tables import RowForm

        base = import_string(self.form) if self.form else RowForm
        meta = type("Meta", (), {"model": self.model, "fields": list(self.fields)})
        return type(
            f"{self.model.__name__}Form",
            (base,),
            {
                "Meta": meta,
                "money_fields": self.money_fields,
                "unique_in_table": self.unique_in_table,
                "per_section": self.per_section,
                "figures_relation": self.figures.relation if self.figures else None,
                "figures_attr": self.figures.value if self.figures else "amount",
                "__module__": base.__module__,
            },
        )

    @property
    def formset_class(self):
        from plans.forms.tables import table_formset

        return table_formset(self.form_class)


FORMS = "plans.forms.parts"
C = Column
# The categories of budget lines as columns of one table (plans.models.BudgetCategory).
BUDGET_AREA_COLUMNS = [
    ("revenue", "Revenue expenditure {unit} {year}"),
    ("capital", "Capital {unit} {year}"),
    ("income", "Income {unit} {year}"),
    ("staffing", "Staff (full-time equivalents) {year}"),
    ("savings", "Savings {unit} {year}"),
]


TABLES: list[PlanTable] = [
    PlanTable(
        "lines",
        BudgetLine,
        SectionKind.BUDGET,
        "Budget lines",
        "Budget line",
        "Budget line",
        ("category", "description", "cost_centre", "notes"),
        figures=Figures("amounts", BudgetAmount, "amount", keys=("column",), years="budget_years"),
        file_key="budget_lines",
        form=f"{FORMS}.BudgetLineForm",
        printed=(
            Table(
                "budget_lines",
                "Budget lines",
                SectionKind.BUDGET,
                (
                    C("description", "Service area", "app-w-20", fixed=True),
                    C("cost_centre", "Cost centre", "app-w-12"),
                    C("amounts", "{year}", numeric=True, per_year=True),
                    C("notes", "Key risks for the budget", "app-w-30"),
                ),
            ),
            # The same lines as one table: a row for each service area, a column for each
            # category (for each of the budget's columns that has a figure).
            Table(
                "budget_areas",
                "Budget lines as one table, a column for each category",
                SectionKind.BUDGET,
                (
                    C("description", "Service area", "app-w-20", fixed=True),
                    C("cost_centre", "Cost centre", "app-w-12", shown=False),
                    *(
                        C(category, label, numeric=True, per_year=True)
                        for category, label in BUDGET_AREA_COLUMNS
                    ),
                    C("notes", "Key risks for the budget", "app-w-20"),
                ),
                optional=True,
                question="How are the budget lines printed?",
                answers=(
                    "A table for each category, a column for each year",
                    "One table: a row for each service area, a column for each category",
                ),
            ),
        ),
    ),
    PlanTable(
        "bids",
        GrowthBid,
        SectionKind.BUDGET,
        "Growth bids",
        "Growth bid",
        "Growth bid",
        (
            "kind",
            "details",
            "reason",
            "priority",
            "cost_centre",
            "start_date",
            "end_date",
            "funding_received",
            "pid_required",
            "pid_reason",
            "procurement_involved",
            "procurement_reason",
        ),  # fmt: skip
        figures=Figures("amounts", GrowthBidAmount, "amount", years="bid_years"),
        related=("priority",),
        form=f"{FORMS}.GrowthBidForm",
        money_fields=("funding_received",),
        printed=(
            Table(
                "growth_bids",
                "Growth bids",
                SectionKind.BUDGET,
                (
                    C("details", "Details of bid", "app-w-18", fixed=True),
                    C("reason", "Reason and priority", "app-w-18"),
                    C("cost_centre", "Cost centre", "app-w-8"),
                    C("start_date", "Start", "app-w-7"),
                    C("end_date", "End", "app-w-7"),
                    C("pid", "PID needed", "app-w-5"),
                    C("procurement", "Procurement", "app-w-9"),
                    C("amounts", "{year} {unit}", numeric=True, per_year=True),
                ),
            ),
        ),
    ),
    PlanTable(
        "spof",
        SinglePointOfFailure,
        SectionKind.WORKFORCE,
        "Single points of failure",
        "Post",
        "Single point of failure",
        (
            "post",
            "succession_plan",
            "risks_skills",
            "knowledge_networks",
            "impact",
            "future_options",
        ),  # fmt: skip
        file_key="single_points_of_failure",
        printed=(
            Table(
                "single_points",
                "Single points of failure",
                SectionKind.WORKFORCE,
                (
                    C("post", "Job title of single point of failure", fixed=True),
                    C("succession_plan", "Succession planning"),
                    C("risks_skills", "Risks and skills required"),
                    C("knowledge_networks", "Knowledge and networks"),
                    C("impact", "Impact on service"),
                    C("future_options", "Future options"),
                ),
            ),
        ),
    ),
    PlanTable(
        "skills",
        SkillRequirement,
        SectionKind.WORKFORCE,
        "Skills and qualifications",
        "Job",
        "Skills of a job",
        ("job_title", "qualifications", "cpd_required"),
        file_key="skills",
        printed=(
            Table(
                "skills",
                "Skills and qualifications",
                SectionKind.WORKFORCE,
                (
                    C("job_title", "Job title", fixed=True),
                    C("qualifications", "Qualifications"),
                    C("cpd_required", "Continuing professional development required"),
                ),
            ),
        ),
    ),
    PlanTable(
        "contributions",
        PriorityContribution,
        SectionKind.PRIORITIES,
        "Contribution to corporate priorities",
        "Contribution",
        "Contribution",
        ("priority", "objective", "contribution"),
        related=("priority", "objective"),
        form=f"{FORMS}.PriorityContributionForm",
        printed=(
            Table(
                "priorities",
                "Contribution to corporate priorities",
                SectionKind.PRIORITIES,
                (
                    C("priority", "Corporate priority", "app-w-25", fixed=True),
                    C("objective", "Corporate objective", "app-w-25"),
                    C("contribution", "Service contribution"),
                ),
            ),
        ),
    ),
    PlanTable(
        "contracts",
        Contract,
        SectionKind.CONTRACTS,
        "Contracts",
        "Contract",
        "Contract",
        (
            "title",
            "service_area",
            "contact",
            "description",
            "supplier",
            "value",
            "start_date",
            "end_date",
            "review_date",
            "extension_option",
        ),  # fmt: skip
        file_key="contracts",
        money_fields=("value",),
        # Contracts still running when the new plan starts.
        carried=lambda rows, start: rows.exclude(end_date__lt=start),
        printed=(
            Table(
                "contracts",
                "Contracts",
                SectionKind.CONTRACTS,
                (
                    C("title", "Title of agreement", "app-w-14", fixed=True),
                    C("service_area", "Service area and contact", "app-w-11"),
                    C("description", "Goods or services"),
                    C("supplier", "Supplier", "app-w-11"),
                    C("value", "Contract sum £", "app-w-9", numeric=True),
                    C("start_date", "Start", "app-w-7"),
                    C("end_date", "End", "app-w-7"),
                    C("review_date", "Review", "app-w-7"),
                    C("extension_option", "Option to extend", "app-w-10"),
                ),
            ),
        ),
    ),
    PlanTable(
        "carbon",
        CarbonInitiative,
        SectionKind.CARBON,
        "Carbon reduction initiatives",
        "Initiative",
        "Carbon initiative",
        ("initiative", "cost_centre"),
        # Each saving as printed ('TBC', '12.5 t'), its number in tonnes (null when it has
        # none); optional in the file, so files from before print their tonnes as before.
        figures=Figures("savings", CarbonSaving, "tonnes", also=("text",), printed="text"),
        file_key="carbon_initiatives",
        form=f"{FORMS}.CarbonInitiativeForm",
        printed=(
            Table(
                "carbon",
                "Carbon reduction",
                SectionKind.CARBON,
                (
                    C("initiative", "Initiative", "app-w-40", fixed=True),
                    C("cost_centre", "Cost centre", "app-w-12"),
                    C("years", "{year} (tonnes)", numeric=True, per_year=True),
                ),
            ),
        ),
    ),
    PlanTable(
        "forward",
        ForwardPlanItem,
        SectionKind.FORWARD_PLAN,
        "Forward plan",
        "Decision",
        "Forward plan item",
        (
            "decision_date",
            "decision_text",
            "item",
            "service_area",
            "member_champion",
            "committee",
            "key_decision",
        ),  # fmt: skip
        file_key="forward_plan",
        # Decisions still to come when the new plan starts.
        carried=lambda rows, start: rows.filter(decision_date__gte=start),
        printed=(
            Table(
                "forward_plan",
                "Forward plan",
                SectionKind.FORWARD_PLAN,
                (
                    C("decision_date", "Proposed date of decision", "app-w-12"),
                    C("item", "Item", fixed=True),
                    C("service_area", "Service area", "app-w-15"),
                    C("member_champion", "Member champion", "app-w-15"),
                    C("committee", "Committee", "app-w-15"),
                    C("key_decision", "Key decision", "app-w-10"),
                ),
            ),
        ),
    ),
    PlanTable(
        "contacts",
        KeyContact,
        SectionKind.CONTACTS,
        "Key contacts",
        "Contact",
        "Key contact",
        ("name", "role", "phone", "email"),
        file_key="key_contacts",
        printed=(
            Table(
                "contacts",
                "Key contacts",
                SectionKind.CONTACTS,
                (
                    C("name", "Name", "app-w-25", fixed=True),
                    C("role", "Role", "app-w-25"),
                    C("phone", "Phone", "app-w-18"),
                    C("email", "Email"),
                ),
            ),
        ),
    ),
    PlanTable(
        "issues",
        KeyIssue,
        SectionKind.KEY_ISSUES,
        "Key issues and risks by category",
        "Issue",
        "Key issue",
        ("category", "heading", "text"),
        unique_in_table=("category",),
    ),
    PlanTable(
        "rows",
        TableRow,
        SectionKind.TABLE,
        "Rows of the table",
        "Row",
        "Table row",
        tuple(cell_name(index) for index in range(1, TABLE_CELLS + 1)),
        form=f"{FORMS}.TableRowForm",
        per_section=True,
        carried=None,  # moved with their section (roll_forward maps them by title)
        printed=(
            # A section's own table: the council names the columns it uses and shows them.
            Table(
                "table",
                "The section's table",
                SectionKind.TABLE,
                tuple(
                    C(cell_name(index), f"Column {index}", fixed=index == 1, shown=index <= 3)
                    for index in range(1, TABLE_CELLS + 1)
                ),
            ),
        ),
    ),
    # The versions published here are made by the workflow; these were made before it.
    PlanTable(
        "earlier",
        EarlierVersion,
        SectionKind.VERSIONS,
        "Versions before this app",
        "Version",
        "Earlier version",
        ("number", "date", "reason", "made_by"),
        carried=None,
        changes=False,
    ),
]

del C

BY_PREFIX = {table.prefix: table for table in TABLES}


def tables_of(section_kind: str) -> list[PlanTable]:
    return [table for table in TABLES if table.section_kind == section_kind]


def carried_years(table: PlanTable, new_plan: Plan) -> set[int]:
    """The years of figures that move to next year's plan: those of the new plan's period
    (figures before it are dropped)."""
    if table.figures is None:
        return set()
    return {y for y in getattr(new_plan, table.figures.years) if y >= new_plan.first_year}

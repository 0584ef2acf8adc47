"""The structured parts a Word table can fill, by the name of the printed table
(plans/columns.py TABLES) it matched: the part's key in the plan file, the section that
prints it, the column that names a row, the columns it reads and the reader of a row."""

from dataclasses import dataclass, field

from plans.exchange.word.rows import actions, indicators, money, people, priorities, registers
from plans.models.budget import BudgetCategory


@dataclass(frozen=True, eq=False)
class RowsPart:
    """A structured part a Word table can fill: its key in the plan file, the section kind
    that prints it, the column that names a row, the columns it reads, and how."""

    file_key: str
    section_kind: str
    names_row: str
    columns: tuple[str, ...]
    build: object  # (Cells, RowContext) -> list of plan-file rows
    totals: bool = False  # the plan prints its own total row
    positioned: bool = True  # its rows in the file have a position
    # The parts of a section's layout that print it (plans.columns.PARTS); none: always.
    printed_as: tuple[str, ...] = ()
    # Fields that print within another column, not as a column of their own: their label
    # in the preview, and the column that prints them (its label takes their header too).
    within: dict = field(default_factory=dict)  # {key: (label, printing column)}
    # Columns that start a new row when the naming column is empty (a priority's next
    # objective): a row with them empty too carries on the row above.
    also_names: tuple[str, ...] = ()
    gather: object = None  # (the table's rows) -> the rows in the file, when they nest


PARTS = {
    "budget_lines": RowsPart(
        "budget_lines", "budget", "description",
        ("description", "cost_centre", "amounts", "notes"), money.budget_lines, totals=True,
        printed_as=("budget_lines",),
    ),
    "budget_areas": RowsPart(
        "budget_lines", "budget", "description",
        ("description", "cost_centre", *BudgetCategory.values, "notes"), money.budget_areas,
        totals=True, printed_as=("budget_lines",),
    ),
    "growth_bids": RowsPart(
        "growth_bids", "budget", "details",
        ("details", "reason", "cost_centre", "start_date", "end_date", "pid", "procurement",
         "amounts"), money.growth_bids, totals=True, printed_as=("growth_bids",),
    ),
    "priorities": RowsPart(
        "priority_contributions", "priorities", "priority",
        ("priority", "objective", "contribution"), priorities.contributions,
        also_names=("objective",),
    ),
    "actions": RowsPart(
        "objectives", "actions", "title", actions.COLUMNS, actions.actions,
        gather=actions.objectives,
    ),
    "single_points": RowsPart(
        "single_points_of_failure", "workforce", "post",
        ("post", *people.SINGLE_POINT_TEXTS), people.single_points,
        printed_as=("single_points",),
    ),
    "skills": RowsPart(
        "skills", "workforce", "job_title", ("job_title", "qualifications", "cpd_required"),
        people.skills, printed_as=("skills",),
    ),
    "contracts": RowsPart(
        "contracts", "contracts", "title",
        ("title", "service_area", "contact", "description", "supplier", "value", "start_date",
         "end_date", "review_date", "extension_option"), registers.contracts,
        within={"contact": ("Service contact", "service_area")},
    ),
    "carbon": RowsPart(
        "carbon_initiatives", "carbon", "initiative", ("initiative", "cost_centre", "years"),
        registers.carbon, totals=True,
    ),
    "forward_plan": RowsPart(
        "forward_plan", "forward_plan", "item",
        ("decision_date", "item", "service_area", "member_champion", "committee",
         "key_decision"), registers.forward_plan,
    ),
    "contacts": RowsPart("key_contacts", "contacts", "name", ("name", "role", "phone", "email"),
                         people.contacts),  # fmt: skip
    "indicators": RowsPart(
        "service_indicators", "kpis", "title", indicators.COLUMNS, indicators.indicators,
        printed_as=("key", "service"),
    ),
    "risks": RowsPart(
        "service_risks", "risks", "title",
        ("reference", "title", "owner", "controls", "inherent_likelihood", "inherent_impact",
         "inherent_score", "residual_likelihood", "residual_impact", "residual_score",
         "further_actions", "review_date"), registers.risks,
        positioned=False, printed_as=("risks",),
    ),
}  # fmt: skip


# The naming columns, as a reason names them.
NAMES = {
    "description": "service area", "post": "job title", "job_title": "job title",
    "title": "title or description", "initiative": "initiative", "item": "item", "name": "name",
    "priority": "corporate priority", "details": "details of bid",
}  # fmt: skip

"""
The whole plan as one document: the one place that puts a plan together.

The plan page, the PDF and the committee packs all call `plan_document()`. It loads
everything a plan shows in a fixed number of queries, whatever the number of rows, and
gives each section the part it shows (a narrative, or tables with their totals).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import strip_tags

from council import periods
from council.models import Council
from kpis.models import Indicator
from kpis.reports import kpi_table
from plans.columns import ACTION_DETAILS, prints
from plans.models import (
    Action,
    BudgetLine,
    Contract,
    KeyIssue,
    Plan,
    PlanVersion,
    ProgressUpdate,
    Project,
    Section,
    SectionKind,
    ServiceObjective,
    SignOff,
    TableRow,
)
from plans.models.actions import DeliveryStatus, current_status, is_overdue
from plans.models.budget import BudgetColumn, budget_columns
from plans.registry import TABLES
from risks.heatmap import RegisterSummary, register_summary, service_register_prefetches

# Contracts ending within this many years are flagged, as the seed plans ask for.
CONTRACT_FLAG_YEARS = 2


@dataclass
class YearRow:
    """A row of a table with one figure per year of the plan."""

    record: object
    figures: list[Decimal | None]
    # Each year's figure as the council printed it, for a table typed as printed (carbon
    # savings: 'TBC', '12.5 t', '' for nothing); the figures are their numbers.
    printed: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((f for f in self.figures if f is not None), Decimal(0))


@dataclass
class YearTable:
    """Rows with a figure per year, and the totals of each year column."""

    years: list[tuple[int, str]]
    rows: list[YearRow] = field(default_factory=list)
    # Totals the council printed in place of the sums, by year (growth bids).
    printed: dict[int, Decimal] = field(default_factory=dict)

    @property
    def sums(self) -> list[Decimal | None]:
        """Each column's sum; None for a column with no figure in it (printed blank: the
        council wrote no total of nothing)."""
        sums = []
        for i in range(len(self.years)):
            figures = [row.figures[i] for row in self.rows if row.figures[i] is not None]
            sums.append(sum(figures, Decimal(0)) if figures else None)
        return sums

    @property
    def totals(self) -> list[Decimal | None]:
        """Each column's total as printed: the council's where it typed one, else the sum."""
        return [
            self.printed.get(year, total)
            for (year, _), total in zip(self.years, self.sums, strict=True)
        ]

    @property
    def totals_not_sums(self) -> list[tuple[str, Decimal, Decimal | None]]:
        """(year label, printed total, sum) of each total that is not its column's sum, for
        the page to point out to those who check it."""
        return [
            (label, printed, total)
            for (_, label), printed, total in zip(self.years, self.totals, self.sums, strict=True)
            if printed != total
        ]

    @property
    def has_figures(self) -> bool:
        """Any figure at all: a table with none prints no total row (a total of nothing)."""
        return any(figure is not None for row in self.rows for figure in row.figures)


def year_table(years, records, amounts_of, value_of, printed_of=None) -> YearTable:
    """Lay records out by year: amounts_of(record) gives its yearly rows, value_of one figure
    and printed_of, for a table typed as printed, what it prints."""
    table = YearTable(years=[(y, periods.year_label(y)) for y in years])
    for record in records:
        amounts = list(amounts_of(record))
        by_year = {a.year: value_of(a) for a in amounts}
        row = YearRow(record, [by_year.get(y) for y in years])
        if printed_of is not None:
            printed = {a.year: printed_of(a) for a in amounts}
            row.printed = [printed.get(y, "") for y in years]
        table.rows.append(row)
    return table


@dataclass
class AreaRow:
    """A service area's budget lines as one row: a figure per category and budget column."""

    description: str
    cost_centre: str
    notes: list[str]
    figures: dict[str, list[Decimal | None]]


@dataclass
class AreaTable:
    """The budget lines as one table: a row for each service area, a column for each
    category and each of the budget's columns that has a figure."""

    years: list[tuple[tuple[int, int], str]]
    rows: list[AreaRow]

    def totals(self, category: str) -> list[Decimal | None]:
        totals = []
        for index in range(len(self.years)):
            figures = [row.figures[category][index] for row in self.rows]
            figures = [figure for figure in figures if figure is not None]
            totals.append(sum(figures, Decimal(0)) if figures else None)
        return totals

    @property
    def has_figures(self) -> bool:
        return bool(self.years)


def area_table(columns: list[BudgetColumn], lines) -> AreaTable:
    by_line = {
        line.pk: {(a.year, a.column): _amount(a) for a in line.amounts.all()} for line in lines
    }
    used = [c for c in columns if any(c.key in figures for figures in by_line.values())]
    rows: dict[str, AreaRow] = {}
    for line in lines:
        key = line.description.strip()
        row = rows.get(key)
        if row is None:
            empty = {category: [None] * len(used) for category in BudgetLine.Category.values}
            row = rows[key] = AreaRow(line.description, line.cost_centre, [], empty)
        if line.notes.strip() and line.notes not in row.notes:
            row.notes.append(line.notes)
        for index, column in enumerate(used):
            figure = by_line[line.pk].get(column.key)
            if figure is not None:
                cell = row.figures[line.category]
                cell[index] = figure if cell[index] is None else cell[index] + figure
    return AreaTable(years=[(c.key, c.label) for c in used], rows=list(rows.values()))


@dataclass
class BudgetPart:
    """Budget lines grouped by category with totals (or as one table by service area), and
    the growth bids."""

    categories: list[tuple[str, str, YearTable]]
    bids: YearTable
    areas: AreaTable


def budget_table(columns: list[BudgetColumn], lines) -> YearTable:
    """Budget lines by the plan's budget columns, with a total per column."""
    table = YearTable(years=[(column.key, column.label) for column in columns])
    for line in lines:
        by_column = {(a.year, a.column): _amount(a) for a in line.amounts.all()}
        table.rows.append(YearRow(line, [by_column.get(column.key) for column in columns]))
    return table


def budget_part(plan: Plan) -> BudgetPart:
    lines_by_category = defaultdict(list)
    for line in plan.budgetlines.all():
        lines_by_category[line.category].append(line)
    columns = budget_columns(plan)
    categories = [
        (value, label, budget_table(columns, lines_by_category[value]))
        for value, label in BudgetLine.Category.choices
        if lines_by_category[value]
    ]
    bids = year_table(plan.bid_years, plan.growthbids.all(), lambda r: r.amounts.all(), _amount)
    bids.printed = plan.printed_bid_totals()
    areas = area_table(columns, list(plan.budgetlines.all()))
    return BudgetPart(categories=categories, bids=bids, areas=areas)


def _amount(row):
    return row.amount


@dataclass
class WorkforcePart:
    single_points: list
    skills: list
    org_chart: object | None


def workforce_part(plan: Plan) -> WorkforcePart:
    try:
        chart = plan.org_chart
    except Plan.org_chart.RelatedObjectDoesNotExist:
        chart = None
    return WorkforcePart(
        single_points=list(plan.singlepointoffailures.all()),
        skills=list(plan.skillrequirements.all()),
        org_chart=chart,
    )


def priorities_part(plan: Plan) -> list[tuple[object, list]]:
    """Contributions grouped under their corporate priority, in the council's order."""
    grouped: dict = {}
    for contribution in plan.prioritycontributions.all():
        grouped.setdefault(contribution.priority, []).append(contribution)
    return list(grouped.items())


@dataclass
class ContractsPart:
    rows: list[tuple[Contract, bool]]
    flag_years: int
    total_value: Decimal | None  # None when no contract has a sum: no total of nothing


def contracts_part(plan: Plan, today: dt.date) -> ContractsPart:
    contracts = list(plan.contracts.all())
    values = [c.value for c in contracts if c.value is not None]
    return ContractsPart(
        rows=[(c, c.ends_within(CONTRACT_FLAG_YEARS, today)) for c in contracts],
        flag_years=CONTRACT_FLAG_YEARS,
        total_value=sum(values, Decimal(0)) if values else None,
    )


def carbon_part(plan: Plan) -> YearTable:
    """The initiatives with each year's saving as printed ('TBC', '12.5 t'); the totals add
    up the numbers only."""
    return year_table(
        plan.years, plan.carboninitiatives.all(), lambda r: r.savings.all(), _tonnes, _printed
    )


def _tonnes(row):
    return row.tonnes


def _printed(row):
    return row.printed


def forward_plan_part(plan: Plan, today: dt.date) -> list[tuple[object, bool]]:
    return [(item, item.short_notice(today)) for item in plan.forwardplanitems.all()]


def kpis_part(plan: Plan, today: dt.date):
    """The service's indicators as the seeds show them: last year's actual, a target per
    year of the plan, the latest result and its rating (indicators prefetched on the service)."""
    return kpi_table(list(plan.service.indicators.all()), plan.years, today)


def key_issues_part(plan: Plan) -> list:
    """Key issues in the template's category order, as the seed plans list them."""
    order = {value: index for index, value in enumerate(KeyIssue.Category.values)}
    return sorted(plan.keyissues.all(), key=lambda issue: (order[issue.category], issue.position))


def risks_part(plan: Plan, today: dt.date) -> RegisterSummary:
    """The service's open risks, heat maps and appetite (the register lives in risks)."""
    return register_summary(
        risks=plan.service.risks.all(),
        appetites=plan.service.risk_appetites.all(),
        today=today,
        scale=plan.service.directorate.council.appetite_levels.all(),
    )


@dataclass
class ActionCard:
    """An action as the plan shows it: its current status, history and flags, in words."""

    action: Action
    status: str
    updates: list
    overdue: bool
    target_outside: bool

    @property
    def status_label(self) -> str:
        return DeliveryStatus(self.status).label

    @property
    def latest(self):
        return self.updates[-1] if self.updates else None

    def row(self, key: str) -> str:
        """What the card's row prints (plans.columns 'action_cards'); blank: no row. A typed
        'who is responsible' is the council's words: the people are not printed beside it."""
        action = self.action
        if key == "target":
            return action.target_label
        if key in ("owner", "co_owners") and action.responsible:
            return ""
        if key == "owner":
            lead = action.lead_officer
            if lead is None:
                return ""
            return f"{lead} – {lead.job_title}" if lead.job_title else str(lead)
        if key == "co_owners":
            names = [str(person) for person in action.co_owners.all()]
            return ", ".join([*names, action.other_owners] if action.other_owners else names)
        if key == "priorities":
            return ", ".join(str(priority) for priority in action.priorities.all())
        if key in ("responsible", "other_owners", *ACTION_DETAILS):
            return getattr(action, key)
        return ""


@dataclass
class ProjectRow:
    """A project with its milestones laid out as the seed does: four quarters, then years."""

    project: Project
    quarters: list[tuple[str, object]]
    later_years: list[tuple[str, object]]

    @property
    def outcome_span(self) -> int:
        return max(len(self.quarters) + len(self.later_years) - 2, 1)


@dataclass
class ActionsPart:
    objectives: list[tuple[ServiceObjective, list[ActionCard]]]
    projects: list[ProjectRow]
    first_year_label: str
    status_counts: list[tuple[str, str, int]]
    overdue: int
    first_section_id: int | None = None  # the list of objectives that name none

    @property
    def action_count(self) -> int:
        return sum(count for _, _, count in self.status_counts)

    def objectives_in(self, section) -> list[tuple[ServiceObjective, list[ActionCard]]]:
        """The objectives (with their actions) of one action list: those the section holds,
        and for the plan's first actions section those in no list. Every one without a
        section to ask about (the delivery pages)."""
        if not getattr(section, "pk", None):
            return self.objectives
        return [
            (objective, cards)
            for objective, cards in self.objectives
            if (objective.section_id or self.first_section_id) == section.pk
        ]

    def cards_in(self, section) -> list[ActionCard]:
        """Every action of one action list, objective by objective (one table of them all)."""
        return [card for _, cards in self.objectives_in(section) for card in cards]

    @property
    def reported(self) -> bool:
        """Progress has been reported on an action: the plan is being delivered."""
        return any(card.updates for _, cards in self.objectives for card in cards)


def action_card(plan: Plan, action: Action, today: dt.date) -> ActionCard:
    """An action as at `today`: progress reported for a quarter that has not begun yet (a
    quarter's pack is made as at its end) is left out."""
    updates = sorted(
        (
            update
            for update in action.progress_updates.all()
            if periods.quarter_start(update.year, update.quarter) <= today
        ),
        key=lambda u: (u.year, u.quarter, u.created_at, u.pk),
    )
    status = current_status(updates)
    return ActionCard(
        action=action,
        status=status,
        updates=updates,
        overdue=is_overdue(action, status, today),
        target_outside=action.target_outside(plan),
    )


def actions_part(plan: Plan, today: dt.date) -> ActionsPart:
    """Actions grouped under the service objectives, status counts, and projects' milestones."""
    by_objective = defaultdict(list)
    for action in plan.actions.all():
        by_objective[action.objective_id].append(action_card(plan, action, today))
    objectives = [(o, by_objective[o.pk]) for o in plan.serviceobjectives.all()]
    cards = [card for _, group in objectives for card in group]
    counts = defaultdict(int)
    for card in cards:
        counts[card.status] += 1
    projects = []
    for project in plan.projects.all():
        milestones = {(m.year, m.quarter): m for m in project.milestones.all()}
        projects.append(
            ProjectRow(
                project=project,
                quarters=[
                    (f"Quarter {q}", milestones.get((plan.first_year, q))) for q in periods.QUARTERS
                ],
                later_years=[
                    (periods.year_label(y), milestones.get((y, None))) for y in plan.years[1:]
                ],
            )
        )
    return ActionsPart(
        objectives=objectives,
        projects=projects,
        first_year_label=periods.year_label(plan.first_year),
        status_counts=[(value, label, counts[value]) for value, label in DeliveryStatus.choices],
        overdue=sum(card.overdue for card in cards),
        first_section_id=next(
            (s.pk for s in plan.sections.all() if s.kind == SectionKind.ACTIONS), None
        ),
    )


@dataclass
class TablesPart:
    """The rows of the plan's own tables (sections of the kind 'table'), by section."""

    by_section: dict[int, list[TableRow]]

    def rows_in(self, section: Section) -> list[TableRow]:
        return self.by_section.get(section.pk, [])


def tables_part(plan: Plan) -> TablesPart:
    by_section = defaultdict(list)
    for row in plan.tablerows.all():
        by_section[row.section_id].append(row)
    return TablesPart(dict(by_section))


def vision_part(plan: Plan) -> Council:
    """The council's vision and values, set once in Set up and printed as written. The
    council comes with the plan (plan_queryset() and the page cache select it): no query."""
    return plan.service.directorate.council


PART_BUILDERS = {
    SectionKind.BUDGET: lambda plan, today: budget_part(plan),
    SectionKind.WORKFORCE: lambda plan, today: workforce_part(plan),
    SectionKind.PRIORITIES: lambda plan, today: priorities_part(plan),
    SectionKind.KPIS: kpis_part,
    SectionKind.CONTRACTS: contracts_part,
    SectionKind.CARBON: lambda plan, today: carbon_part(plan),
    SectionKind.FORWARD_PLAN: forward_plan_part,
    SectionKind.CONTACTS: lambda plan, today: list(plan.keycontacts.all()),
    SectionKind.ACTIONS: actions_part,
    SectionKind.SIGN_OFF: lambda plan, today: list(plan.sign_offs.all()),
    SectionKind.VERSIONS: lambda plan, today: [*plan.earlierversions.all(), *plan.versions.all()],
    SectionKind.KEY_ISSUES: lambda plan, today: key_issues_part(plan),
    SectionKind.RISKS: risks_part,
    SectionKind.VISION: lambda plan, today: vision_part(plan),
    SectionKind.TABLE: lambda plan, today: tables_part(plan),
}


def has_words(html: str) -> bool:
    # Sanitised HTML: an empty editor leaves tags with no words in them ("<p></p>").
    return bool(strip_tags(html).strip()) or "<img" in html


def _narrative_has_content(section: Section, part) -> bool:
    return has_words(section.body)


# Whether a section holds anything the council entered, by kind; a kind not listed holds
# a list of rows. The PDF leaves out a section without (plans/pdf/plan.py: printed_document).
def _prints_any(*parts):
    """A rule: the section prints one of these (part name, what it shows) that has rows."""

    def rule(section, part) -> bool:
        return any(prints(section.columns, name) and shows(part) for name, shows in parts)

    return rule


HAS_CONTENT = {
    SectionKind.NARRATIVE: _narrative_has_content,
    SectionKind.BUDGET: _prints_any(
        ("budget_lines", lambda part: part.categories), ("growth_bids", lambda part: part.bids.rows)
    ),
    SectionKind.WORKFORCE: _prints_any(
        ("single_points", lambda part: part.single_points),
        ("skills", lambda part: part.skills),
        ("org_chart", lambda part: part.org_chart),
    ),
    SectionKind.KPIS: _prints_any(
        ("key", lambda part: part.key_rows), ("service", lambda part: part.service_rows)
    ),
    SectionKind.CONTRACTS: lambda section, part: bool(part.rows),
    SectionKind.CARBON: lambda section, part: bool(part.rows),
    SectionKind.ACTIONS: lambda section, part: _prints_any(
        ("glance", lambda part: part.reported),
        ("objectives", lambda part: part.objectives_in(section)),
        ("projects", lambda part: part.projects),
    )(section, part),
    SectionKind.RISKS: _prints_any(
        ("appetite_scale", lambda part: part.scale),
        ("appetite", lambda part: part.appetites),
        ("risks", lambda part: part.risks),
        ("heat_maps", lambda part: part.risks),
        ("matrix_key", lambda part: part.risks),
    ),
    SectionKind.VISION: lambda section, part: has_words(part.vision) or has_words(part.values),
    SectionKind.TABLE: lambda section, part: bool(part.rows_in(section)),
}


@dataclass
class DocumentSection:
    section: Section
    part: object

    @property
    def has_content(self) -> bool:
        """Something the council wrote or entered: text, or at least one row."""
        section = self.section
        if has_words(section.body) or has_words(section.body_after) or hasattr(section, "figure"):
            return True
        rule = HAS_CONTENT.get(section.kind, lambda section, part: bool(part))
        return rule(section, self.part)


@dataclass
class PlanDocument:
    plan: Plan
    sections: list[DocumentSection]
    today: dt.date


def part_prefetches() -> dict[str, list]:
    """What each kind of part reads from the plan, as prefetches: one query per table (the
    plan's tables as plans.registry describes them, then what the other parts read)."""
    lookups = defaultdict(list)
    for table in TABLES:
        lookups[table.section_kind].append(table.prefetch())
    lookups[SectionKind.WORKFORCE].append("org_chart")
    lookups[SectionKind.SIGN_OFF].append(
        Prefetch("sign_offs", queryset=SignOff.objects.order_by("position", "pk"))
    )
    lookups[SectionKind.VERSIONS].append(
        Prefetch("versions", queryset=PlanVersion.objects.select_related("made_by", "reviewer"))
    )
    lookups[SectionKind.KPIS].append(
        Prefetch("service__indicators", queryset=Indicator.objects.for_plan())
    )
    lookups[SectionKind.RISKS] += [
        *service_register_prefetches("service__"),
        "service__directorate__council__appetite_levels",
    ]
    lookups[SectionKind.ACTIONS] += [
        Prefetch(
            "serviceobjectives",
            queryset=ServiceObjective.objects.prefetch_related(
                "priorities", "corporate_objectives"
            ),
        ),
        Prefetch("actions", queryset=action_queryset()),
        Prefetch("projects", queryset=Project.objects.prefetch_related("milestones")),
    ]
    return dict(lookups)


def sections_prefetch() -> Prefetch:
    return Prefetch(
        "sections",
        queryset=Section.objects.select_related("updated_by", "reviewed_by", "figure"),
    )


def plan_queryset():
    """Plans with everything the document shows, in one query per table."""
    every_part = [lookup for lookups in part_prefetches().values() for lookup in lookups]
    return Plan.objects.select_related("service__directorate__council").prefetch_related(
        sections_prefetch(), *every_part
    )


def action_queryset():
    """Actions with their people, priorities, progress reports and carry-forward links,
    one query each."""
    return Action.objects.select_related(
        "lead_officer", "objective", "carried_from__plan"
    ).prefetch_related(
        "co_owners",
        "priorities",
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.select_related("created_by")),
        Prefetch("carried_to", queryset=Action.objects.select_related("plan")),
    )


def plan_document(plan: Plan, today: dt.date | None = None) -> PlanDocument:
    """Every section of a plan (loaded with plan_queryset()) with the part it shows."""
    today = today or dt.date.today()
    sections = []
    for section in plan.sections.all():
        builder = PART_BUILDERS.get(section.kind)
        sections.append(DocumentSection(section, builder(plan, today) if builder else None))
    return PlanDocument(plan=plan, sections=sections, today=today)


class LazySection:
    """A section whose part is loaded and built only when something reads it: the page
    cache reads it only for a part it does not keep (plans/cache/pages.py)."""

    def __init__(self, plan: Plan, section: Section, today: dt.date):
        self.plan, self.section, self.today = plan, section, today

    @cached_property
    def part(self):
        builder = PART_BUILDERS.get(self.section.kind)
        if builder is None:
            return None
        prefetch_related_objects([self.plan], *part_prefetches().get(self.section.kind, []))
        return builder(self.plan, self.today)


def lazy_document(plan: Plan, today: dt.date) -> PlanDocument:
    """The plan's sections (loaded with sections_prefetch()), each part built on demand."""
    sections = [LazySection(plan, section, today) for section in plan.sections.all()]
    return PlanDocument(plan=plan, sections=sections, today=today)

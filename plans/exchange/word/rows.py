"""The body rows of a Word table matched to a structured part, as that part's rows in the
plan file (docs/plan-export-format.md), so that the existing import checks and saves them.

Each cell is read as the app reads what a person types: money as the budget's figure fields
do ('£1,615,700', '(1,200)', '-'), targets, results, baselines and carbon savings as the
indicator pages do (kpis.figures: the text as printed, with its number when it is one
figure; 'TBA' and 'New PI' as kinds of target), dates as the row forms do (31/03/2025). A
row that cannot be read is not guessed at: it is listed with the reason, and it stays in
the section's text with the table's header (plan_file.py), so nothing is lost.

A row whose naming cell is empty carries on the row above (Word tables often spill a cell
over several rows); a row with every cell empty is passed over; a 'Total' row of a table the
plan totals itself is left as text.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from council.periods import EARLIEST_YEAR, LATEST_YEAR, year_label
from kpis import periods as kpi_periods
from kpis.figures import FigureError, parse_figure
from kpis.models import Frequency, Indicator, IndicatorKind, Unit, target_kind
from plans.forms.fields import FigureField
from plans.forms.tables import date_field
from plans.models import (
    BudgetLine,
    CarbonInitiative,
    Contract,
    ForwardPlanItem,
    KeyContact,
    SinglePointOfFailure,
    SkillRequirement,
)
from plans.models.budget import BudgetCategory
from risks.models import Risk

FIGURE_TEXT_MAX = 50  # a target, result or saving as printed (kpis.models.Target.text)


class RowProblem(ValueError):
    """A row that cannot be read as a row of the part; the message says why."""


@dataclass
class Cells:
    """One body row: the text of each mapped column, and of each column shown per year."""

    number: int  # the row's number in the Word table, counting the header as 1
    text: dict[str, str] = field(default_factory=dict)
    yearly: dict[str, dict[int, str]] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.text.get(key, "").strip()

    @property
    def empty(self) -> bool:
        values = [*self.text.values(), *(v for d in self.yearly.values() for v in d.values())]
        return not any(value.strip() for value in values)


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


@dataclass
class RowContext:
    years: list[int]  # the plan's years
    heading: str = ""  # the heading of the part the table is in
    position: int = 0  # rows made so far, for positions and made-up references


def _text(cells: Cells, key: str, model, name: str, *, required: bool = False) -> str:
    value = cells.get(key)
    model_field = model._meta.get_field(name)
    label = str(model_field.verbose_name).capitalize()
    if required and not value:
        raise RowProblem(f"{label} is empty")
    if model_field.max_length and len(value) > model_field.max_length:
        raise RowProblem(f"{label} is longer than {model_field.max_length} characters")
    return value


def _money(text: str, what: str) -> str | None:
    """Money as the budget's fields read it: '£1,615,700', '(1,200)', '-' for none."""
    try:
        value = FigureField(what=what, example="1,615,700", money=True).clean(text)
    except ValidationError as error:
        raise RowProblem(f"{error.messages[0]} (it says “{text.strip()[:40]}”)") from None
    return None if value is None else str(value)


def _date(text: str, model, name: str) -> str | None:
    if not text.strip():
        return None
    try:
        return date_field(model._meta.get_field(name)).clean(text.strip()).isoformat()
    except ValidationError as error:
        raise RowProblem(f"{error.messages[0]} (it says “{text.strip()[:40]}”)") from None


def _figure(text: str, what: str) -> tuple[Decimal | None, str]:
    """A figure as printed (kpis.figures): its number when it is one, and the text."""
    text = " ".join(text.split())
    if len(text) > FIGURE_TEXT_MAX:
        raise RowProblem(f"{what} is longer than {FIGURE_TEXT_MAX} characters")
    try:
        return parse_figure(text), text
    except FigureError as error:
        raise RowProblem(f"{what} {error}") from None


def _year(year: int, ctx: RowContext, what: str) -> None:
    if year not in ctx.years:
        raise RowProblem(f"{what} is for {year_label(year)}, which is not a year of the plan")


def _known(year: int, what: str) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise RowProblem(f"{what} is for {year_label(year)}, before or after the years a plan has")


def _score(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise RowProblem(f"{what} must be a whole number from 1 to 5 (it says “{text[:20]}”)")
    return int(text)


def budget_lines(cells: Cells, ctx: RowContext) -> list[dict]:
    amounts = []
    for year, text in sorted(cells.yearly.get("amounts", {}).items()):
        amount = _money(text, "The amount")
        if amount is not None:
            _year(year, ctx, "An amount")
            amounts.append({"year": year, "column": 0, "amount": amount})
    return [_budget_line(cells, BudgetCategory.REVENUE, amounts, BudgetLine)]


def _budget_line(cells: Cells, category: str, amounts: list, model, notes: bool = True) -> dict:
    return {
        "category": category,
        "description": _text(cells, "description", model, "description", required=True),
        "cost_centre": _text(cells, "cost_centre", model, "cost_centre"),
        "notes": cells.get("notes") if notes else "",
        "amounts": amounts,
    }


def budget_areas(cells: Cells, ctx: RowContext) -> list[dict]:
    """A row for each service area, a column for each category: a budget line for each
    category with a figure."""
    lines = []
    for category in BudgetCategory.values:
        amounts = []
        for year, text in sorted(cells.yearly.get(category, {}).items()):
            amount = _money(text, BudgetCategory(category).label)
            if amount is not None:
                _year(year, ctx, BudgetCategory(category).label)
                amounts.append({"year": year, "column": 0, "amount": amount})
        if amounts:
            lines.append(_budget_line(cells, category, amounts, BudgetLine, notes=not lines))
    return lines or [_budget_line(cells, BudgetCategory.REVENUE, [], BudgetLine)]


def single_points(cells: Cells, ctx: RowContext) -> list[dict]:
    model = SinglePointOfFailure
    return [
        {
            "post": _text(cells, "post", model, "post", required=True),
            **{
                name: cells.get(name)
                for name in (
                    "succession_plan",
                    "risks_skills",
                    "knowledge_networks",
                    "impact",
                    "future_options",
                )  # fmt: skip
            },
        }
    ]


def skills(cells: Cells, ctx: RowContext) -> list[dict]:
    return [
        {
            "job_title": _text(cells, "job_title", SkillRequirement, "job_title", required=True),
            "qualifications": cells.get("qualifications"),
            "cpd_required": cells.get("cpd_required"),
        }
    ]


def contracts(cells: Cells, ctx: RowContext) -> list[dict]:
    model = Contract
    return [
        {
            "title": _text(cells, "title", model, "title", required=True),
            "service_area": _text(cells, "service_area", model, "service_area"),
            "contact": _text(cells, "contact", model, "contact"),
            "description": cells.get("description"),
            "supplier": _text(cells, "supplier", model, "supplier"),
            "value": _money(cells.get("value"), "The contract sum"),
            "start_date": _date(cells.get("start_date"), model, "start_date"),
            "end_date": _date(cells.get("end_date"), model, "end_date"),
            "review_date": _date(cells.get("review_date"), model, "review_date"),
            "extension_option": _text(cells, "extension_option", model, "extension_option"),
        }
    ]


def carbon(cells: Cells, ctx: RowContext) -> list[dict]:
    savings = []
    for year, text in sorted(cells.yearly.get("years", {}).items()):
        if not text.strip():
            continue
        tonnes, printed = _figure(text, "The saving")
        if tonnes is not None and tonnes < 0:
            raise RowProblem("The saving cannot be negative")
        _year(year, ctx, "A saving")
        savings.append({"year": year, "tonnes": None if tonnes is None else str(tonnes),
                        "text": printed})  # fmt: skip
    return [
        {
            "initiative": _text(cells, "initiative", CarbonInitiative, "initiative", required=True),
            "cost_centre": _text(cells, "cost_centre", CarbonInitiative, "cost_centre"),
            "savings": savings,
        }
    ]


YES, NO = {"yes", "y", "key", "key decision"}, {"no", "n", ""}


def forward_plan(cells: Cells, ctx: RowContext) -> list[dict]:
    model = ForwardPlanItem
    decision = cells.get("decision_date")
    if not decision:
        raise RowProblem("Proposed date of decision is empty")
    key_decision = cells.get("key_decision").casefold()
    if key_decision not in YES | NO:
        raise RowProblem(f"Key decision must be Yes or No (it says “{key_decision[:20]}”)")
    return [
        {
            "decision_date": _date(decision, model, "decision_date"),
            "decision_text": "",
            "item": _text(cells, "item", model, "item", required=True),
            "service_area": _text(cells, "service_area", model, "service_area"),
            "member_champion": _text(cells, "member_champion", model, "member_champion"),
            "committee": _text(cells, "committee", model, "committee"),
            "key_decision": key_decision in YES,
        }
    ]


def contacts(cells: Cells, ctx: RowContext) -> list[dict]:
    email = cells.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowProblem(f"Email must be an email address (it says “{email[:40]}”)") from None
    return [
        {
            "name": _text(cells, "name", KeyContact, "name", required=True),
            "role": _text(cells, "role", KeyContact, "role"),
            "phone": _text(cells, "phone", KeyContact, "phone"),
            "email": email,
        }
    ]


FREQUENCIES = {label.casefold(): value for value, label in Frequency.choices} | {
    value: value for value in Frequency.values
}
UNITS = {"%": Unit.PERCENTAGE, "£": Unit.MONEY, "day": Unit.DAYS}


def indicators(cells: Cells, ctx: RowContext) -> list[dict]:
    """An indicator of the service with its targets and last result per year. The code is
    kept as the code when it is one ('CS04'), else as the reference printed ('New PI')."""
    model = Indicator
    reference = cells.get("reference")
    is_code = bool(reference) and " " not in reference and any(c.isdigit() for c in reference)
    title = _text(cells, "title", model, "title", required=True)
    frequency = cells.get("frequency").casefold()
    if parsed := kpi_periods.parse_label(frequency):  # a year ('24/25'): reported yearly
        frequency = parsed[0]
    if frequency and frequency not in FREQUENCIES:
        raise RowProblem(
            f"Time period must be monthly, quarterly or annual (it says “{frequency[:20]}”)"
        )
    frequency = FREQUENCIES.get(frequency, Frequency.ANNUAL)
    texts = []
    targets = []
    for year, text in sorted(cells.yearly.get("targets", {}).items()):
        if not text.strip():
            continue
        value, printed = _figure(text, "The target")
        _known(year, "The target")
        texts.append(printed)
        kind = target_kind(value, printed)
        targets.append({"year": year, "kind": kind, "value": None if value is None else
                        str(value), "text": printed})  # fmt: skip
    results = []
    for year, text in sorted(cells.yearly.get("last_actual", {}).items()):
        if not text.strip():
            continue
        value, printed = _figure(text, "The actual")
        _known(year, "The actual")
        texts.append(printed)
        period = kpi_periods.PERIOD_COUNT[frequency]  # the year's last period
        results.append({"year": year, "period": period, "value": None if value is None else
                        str(value), "text": printed, "commentary": ""})  # fmt: skip
    baseline, baseline_text = _figure(cells.get("baseline"), "The baseline")
    texts.append(baseline_text)
    ctx.position += 1
    heading = ctx.heading.casefold()
    return [
        {
            "code": reference[:20] if is_code and len(reference) <= 20 else "",
            "reference": "" if is_code else _text(cells, "reference", model, "reference"),
            "position": ctx.position,
            "title": title,
            "unit": _unit(texts),
            "frequency": frequency,
            "kind": IndicatorKind.KEY
            if "key" in heading or "kpi" in heading
            else IndicatorKind.SERVICE,  # fmt: skip
            "owner": _text(cells, "owner", model, "owner"),
            "baseline": None if baseline is None else str(baseline),
            "baseline_text": baseline_text,
            "targets": targets,
            "results": results,
        }
    ]


def _unit(texts: list[str]) -> str:
    """The unit the figures are printed in: a percentage when any ends in %, and so on."""
    for text in texts:
        for sign, unit in UNITS.items():
            if sign in text.casefold():
                return unit
    return Unit.NUMBER


def risks(cells: Cells, ctx: RowContext) -> list[dict]:
    """A risk of the service; without a reference in the table it is numbered R1, R2, …
    Its scores (likelihood × impact) are printed from the likelihood and impact."""
    model = Risk
    ctx.position += 1
    return [
        {
            "reference": _text(cells, "reference", model, "reference") or f"R{ctx.position}",
            "title": _text(cells, "title", model, "title", required=True),
            "owner": _text(cells, "owner", model, "owner"),
            "controls": cells.get("controls"),
            "further_actions": cells.get("further_actions"),
            "inherent_likelihood": _score(cells.get("inherent_likelihood"), "Likelihood"),
            "inherent_impact": _score(cells.get("inherent_impact"), "Impact"),
            "residual_likelihood": _score(cells.get("residual_likelihood"), "Likelihood"),
            "residual_impact": _score(cells.get("residual_impact"), "Impact"),
            "review_date": _date(cells.get("review_date"), model, "review_date"),
        }
    ]


def _indicator_columns() -> tuple[str, ...]:
    return ("reference", "title", "owner", "frequency", "baseline", "last_actual", "targets")


# The printed tables (plans/columns.py TABLES) whose rows a Word table can become, by name.
PARTS = {
    "budget_lines": RowsPart(
        "budget_lines", "budget", "description",
        ("description", "cost_centre", "amounts", "notes"), budget_lines, totals=True,
        printed_as=("budget_lines",),
    ),
    "budget_areas": RowsPart(
        "budget_lines", "budget", "description",
        ("description", "cost_centre", *BudgetCategory.values, "notes"), budget_areas,
        totals=True, printed_as=("budget_lines",),
    ),
    "single_points": RowsPart(
        "single_points_of_failure", "workforce", "post",
        ("post", "succession_plan", "risks_skills", "knowledge_networks", "impact",
         "future_options"), single_points, printed_as=("single_points",),
    ),
    "skills": RowsPart(
        "skills", "workforce", "job_title", ("job_title", "qualifications", "cpd_required"),
        skills, printed_as=("skills",),
    ),
    "contracts": RowsPart(
        "contracts", "contracts", "title",
        ("title", "service_area", "contact", "description", "supplier", "value", "start_date",
         "end_date", "review_date", "extension_option"), contracts,
        within={"contact": ("Service contact", "service_area")},
    ),
    "carbon": RowsPart(
        "carbon_initiatives", "carbon", "initiative", ("initiative", "cost_centre", "years"),
        carbon, totals=True,
    ),
    "forward_plan": RowsPart(
        "forward_plan", "forward_plan", "item",
        ("decision_date", "item", "service_area", "member_champion", "committee",
         "key_decision"), forward_plan,
    ),
    "contacts": RowsPart("key_contacts", "contacts", "name", ("name", "role", "phone", "email"),
                         contacts),  # fmt: skip
    "indicators": RowsPart(
        "service_indicators", "kpis", "title", _indicator_columns(), indicators,
        printed_as=("key", "service"),
    ),
    "risks": RowsPart(
        "service_risks", "risks", "title",
        ("reference", "title", "owner", "controls", "inherent_likelihood", "inherent_impact",
         "inherent_score", "residual_likelihood", "residual_impact", "residual_score",
         "further_actions", "review_date"), risks,
        positioned=False, printed_as=("risks",),
    ),
}  # fmt: skip


# The naming columns, as a reason names them.
NAMES = {
    "description": "service area", "post": "job title", "job_title": "job title",
    "title": "title or description", "initiative": "initiative", "item": "item", "name": "name",
}  # fmt: skip


@dataclass
class TableRows:
    """What a table's body rows became: the part's rows, and the rows left as text."""

    rows: list[dict] = field(default_factory=list)
    structured: int = 0  # the table's rows taken in (a row may make several budget lines)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    left: list[list[str]] = field(default_factory=list)  # the Word rows not taken in


def read_rows(part: RowsPart, body: list[Cells], raw: list[list[str]], ctx) -> TableRows:
    """The table's body rows as rows of the part, row by row (see the module's docstring)."""
    outcome = TableRows()
    if not any(part.names_row in cells.text for cells in body):
        label = _column_label(part, ctx)
        outcome.problems = [(cells.number, f"No column is the {label}") for cells in body]
        outcome.left = [list(words) for words in raw]
        return outcome
    merged: list[tuple[Cells, list[str]]] = []
    for cells, words in zip(body, raw, strict=True):
        if cells.empty:
            continue
        if part.totals and any(
            v.strip().casefold().startswith("total") for v in cells.text.values()
        ):
            outcome.problems.append((cells.number, "A total: the plan adds up its own totals"))
            outcome.left.append(words)
        elif cells.get(part.names_row):
            merged.append((cells, list(words)))
        elif merged:
            _carry_on(merged[-1][0], cells)
            merged[-1][1][:] = [_joined(a, b) for a, b in zip(merged[-1][1], words, strict=False)]
        else:
            outcome.problems.append((cells.number, "It goes on from the header row"))
            outcome.left.append(words)
    for cells, words in merged:
        try:
            made = part.build(cells, ctx)
        except RowProblem as problem:
            outcome.problems.append((cells.number, str(problem)))
            outcome.left.append(words)
            continue
        for row in made if part.positioned else []:
            row["position"] = row.get("position") or len(outcome.rows) + 1
        outcome.rows += made
        outcome.structured += 1
    order = sorted(range(len(outcome.problems)), key=lambda index: outcome.problems[index][0])
    outcome.problems = [outcome.problems[index] for index in order]
    outcome.left = [outcome.left[index] for index in order]  # in the document's order
    return outcome


def _column_label(part: RowsPart, ctx) -> str:
    """The naming column's label, as the preview's select shows it."""
    return NAMES.get(part.names_row, part.names_row.replace("_", " "))


def _carry_on(above: Cells, cells: Cells) -> None:
    for key, value in cells.text.items():
        above.text[key] = _joined(above.text.get(key, ""), value)
    for key, years in cells.yearly.items():
        for year, value in years.items():
            above.yearly.setdefault(key, {})[year] = _joined(
                above.yearly.get(key, {}).get(year, ""), value
            )


def _joined(one: str, other: str) -> str:
    return "\n".join(part for part in (one.strip(), other.strip()) if part)

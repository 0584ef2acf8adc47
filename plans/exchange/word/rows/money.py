"""Rows of the budget: a line per row with an amount per year, or a row per service area
with a column per category (revenue, capital, income, staffing); and growth bids."""

import re

from plans.exchange.word.rows.cells import (
    Cells,
    RowContext,
    RowProblem,
    date,
    money,
    plan_year,
    text,
)
from plans.models import BudgetLine, GrowthBid
from plans.models.budget import BudgetCategory, GrowthBidKind


def budget_lines(cells: Cells, ctx: RowContext) -> list[dict]:
    amounts = []
    for year, value in sorted(cells.yearly.get("amounts", {}).items()):
        amount = money(value, "The amount")
        if amount is not None:
            plan_year(year, ctx, "An amount")
            amounts.append({"year": year, "column": 0, "amount": amount})
    return [budget_line(cells, BudgetCategory.REVENUE, amounts)]


def budget_line(cells: Cells, category: str, amounts: list, notes: bool = True) -> dict:
    return {
        "category": category,
        "description": text(cells, "description", BudgetLine, "description", required=True),
        "cost_centre": text(cells, "cost_centre", BudgetLine, "cost_centre"),
        "notes": cells.get("notes") if notes else "",
        "amounts": amounts,
    }


def budget_areas(cells: Cells, ctx: RowContext) -> list[dict]:
    """A row for each service area, a column for each category: a budget line for each
    category with a figure."""
    lines = []
    for category in BudgetCategory.values:
        amounts = []
        for year, value in sorted(cells.yearly.get(category, {}).items()):
            amount = money(value, BudgetCategory(category).label)
            if amount is not None:
                plan_year(year, ctx, BudgetCategory(category).label)
                amounts.append({"year": year, "column": 0, "amount": amount})
        if amounts:
            lines.append(budget_line(cells, category, amounts, notes=not lines))
    return lines or [budget_line(cells, BudgetCategory.REVENUE, [])]


def growth_bids(cells: Cells, ctx: RowContext) -> list[dict]:
    """A bid with its figure per year of the plan. Its kind is the kind its details start
    with ('Cost – Revenue …'), else a revenue cost; the PID and procurement cells are a yes
    or no with the reason after it ('N – within existing budgets')."""
    model = GrowthBid
    amounts = []
    for year, value in sorted(cells.yearly.get("amounts", {}).items()):
        amount = money(value, "The amount")
        if amount is not None:
            plan_year(year, ctx, "An amount")
            amounts.append({"year": year, "amount": amount})
    kind, details = bid_kind(text(cells, "details", model, "details", required=True))
    pid_required, pid_reason = yes_or_no(cells.get("pid"), model, "pid_reason", "PID needed")
    procurement_involved, procurement_reason = yes_or_no(
        cells.get("procurement"), model, "procurement_reason", "Procurement"
    )
    return [
        {
            "kind": kind,
            "details": details,
            "reason": cells.get("reason"),
            "priority": None,
            "cost_centre": text(cells, "cost_centre", model, "cost_centre"),
            "start_date": date(cells.get("start_date"), model, "start_date"),
            "end_date": date(cells.get("end_date"), model, "end_date"),
            "funding_received": None,
            "pid_required": pid_required,
            "pid_reason": pid_reason,
            "procurement_involved": procurement_involved,
            "procurement_reason": procurement_reason,
            "amounts": amounts,
        }
    ]


def bid_kind(details: str) -> tuple[str, str]:
    """The kind the details start with, and the details after it (printed beside it)."""
    for kind, label in GrowthBidKind.choices:
        words = r"[\s\-–—]+".join(map(re.escape, re.split(r"[\s\-–—]+", label)))
        match = re.match(rf"{words}\b[\s:.,\-–—]*", details, re.IGNORECASE)
        if match and details[match.end() :].strip():
            return kind, details[match.end() :].strip()
    return GrowthBidKind.REVENUE_COST, details


def yes_or_no(value: str, model, reason: str, what: str) -> tuple[bool, str]:
    """'Y', 'Yes', 'N – why not': the answer and the words after it."""
    if not value:
        return False, ""
    match = re.match(r"(?i)(yes|no|y|n)\b[\s:.,\-–—]*(.*)", value, re.DOTALL)
    if match is None:
        raise RowProblem(f"{what} must start with Yes or No (it says “{value[:40]}”)")
    rest = match[2].strip()
    limit = model._meta.get_field(reason).max_length
    if len(rest) > limit:
        raise RowProblem(f"{what}: the reason is longer than {limit} characters")
    return match[1].casefold().startswith("y"), rest

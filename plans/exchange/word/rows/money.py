"""Rows of the budget: a line per row with an amount per year, or a row per service area
with a column per category (revenue, capital, income, staffing)."""

from plans.exchange.word.rows.cells import Cells, RowContext, money, plan_year, text
from plans.models import BudgetLine
from plans.models.budget import BudgetCategory


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

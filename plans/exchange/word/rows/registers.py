"""Rows of the plan's registers: contracts, carbon initiatives, the forward plan and risks."""

from plans.exchange.word.rows.cells import (
    Cells,
    RowContext,
    RowProblem,
    date,
    figure,
    money,
    plan_year,
    score,
    text,
)
from plans.exchange.word.rows.dates import written_date
from plans.models import CarbonInitiative, Contract, ForwardPlanItem
from risks.models import Risk

YES, NO = {"yes", "y", "key", "key decision"}, {"no", "n", ""}


def contracts(cells: Cells, ctx: RowContext) -> list[dict]:
    model = Contract
    return [
        {
            "title": text(cells, "title", model, "title", required=True),
            "service_area": text(cells, "service_area", model, "service_area"),
            "contact": text(cells, "contact", model, "contact"),
            "description": cells.get("description"),
            "supplier": text(cells, "supplier", model, "supplier"),
            "value": money(cells.get("value"), "The contract sum"),
            "start_date": date(cells.get("start_date"), model, "start_date"),
            "end_date": date(cells.get("end_date"), model, "end_date"),
            "review_date": date(cells.get("review_date"), model, "review_date"),
            "extension_option": text(cells, "extension_option", model, "extension_option"),
        }
    ]


def carbon(cells: Cells, ctx: RowContext) -> list[dict]:
    savings = []
    for year, value in sorted(cells.yearly.get("years", {}).items()):
        if not value.strip():
            continue
        tonnes, printed = figure(value, "The saving")
        if tonnes is not None and tonnes < 0:
            raise RowProblem("The saving cannot be negative")
        plan_year(year, ctx, "A saving")
        savings.append({"year": year, "tonnes": None if tonnes is None else str(tonnes),
                        "text": printed})  # fmt: skip
    return [
        {
            "initiative": text(cells, "initiative", CarbonInitiative, "initiative", required=True),
            "cost_centre": text(cells, "cost_centre", CarbonInitiative, "cost_centre"),
            "savings": savings,
        }
    ]


def forward_plan(cells: Cells, ctx: RowContext) -> list[dict]:
    model = ForwardPlanItem
    decision, decision_text = written_date(
        cells.get("decision_date"), ctx, model, "decision_date", "decision_text",
        deadline=False, required=True,
    )  # fmt: skip
    key_decision = cells.get("key_decision").casefold()
    if key_decision not in YES | NO:
        raise RowProblem(f"Key decision must be Yes or No (it says “{key_decision[:20]}”)")
    return [
        {
            "decision_date": decision,
            "decision_text": decision_text,
            "item": text(cells, "item", model, "item", required=True),
            "service_area": text(cells, "service_area", model, "service_area"),
            "member_champion": text(cells, "member_champion", model, "member_champion"),
            "committee": text(cells, "committee", model, "committee"),
            "key_decision": key_decision in YES,
        }
    ]


def risks(cells: Cells, ctx: RowContext) -> list[dict]:
    """A risk of the service; without a reference in the table it is numbered R1, R2, …
    Its scores (likelihood × impact) are printed from the likelihood and impact."""
    model = Risk
    ctx.position += 1
    return [
        {
            "reference": text(cells, "reference", model, "reference") or f"R{ctx.position}",
            "title": text(cells, "title", model, "title", required=True),
            "owner": text(cells, "owner", model, "owner"),
            "controls": cells.get("controls"),
            "further_actions": cells.get("further_actions"),
            "inherent_likelihood": score(cells.get("inherent_likelihood"), "Likelihood"),
            "inherent_impact": score(cells.get("inherent_impact"), "Impact"),
            "residual_likelihood": score(cells.get("residual_likelihood"), "Likelihood"),
            "residual_impact": score(cells.get("residual_impact"), "Impact"),
            "review_date": date(cells.get("review_date"), model, "review_date"),
        }
    ]

"""Budgets as councils print them: columns for years before the plan (last year's budget,
outturn or actual), the unit in the table heading, and a total per column."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import BudgetLine, SectionKind
from plans.pdf.plan import plan_pdf_bytes
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.plans.helpers import formset_data
from tests.plans.test_pdf import pdf_text


def squeezed(text: str) -> str:
    """Without spaces: the PDF's text runs a table's adjacent cells together."""
    return "".join(text.split())


def layout(unit="£", prior_years="0", prior_columns="", year_column=""):
    return {
        "layout-budget_unit": unit,
        "layout-budget_prior_years": prior_years,
        "layout-budget_prior_columns": prior_columns,
        "layout-budget_year_column": year_column,
    }


@pytest.fixture
def budget(world):
    section = world.plan.sections.get(kind=SectionKind.BUDGET)
    return section, reverse("plans:section_edit", args=[world.plan.pk, section.pk])


def post(client, section, data, lines=(), initial=0):
    section.refresh_from_db()
    return client.post(
        reverse("plans:section_edit", args=[section.plan_id, section.pk]),
        {
            "version": section.version,
            **data,
            **formset_data("lines", list(lines), initial=initial),
            **formset_data("bids", []),
        },
    )


def test_a_council_sets_prior_columns_and_unit_then_types_their_figures(
    client_for, world, budget, settings
):
    section, url = budget
    client = client_for(world.officer)
    # 1. The layout: last year's budget and outturn, then the plan's years as "Budget", £000.
    response = post(client, section, layout("£000", "1", "Budget, Outturn", "Budget"))
    assert response.status_code == 302, response.content.decode()
    world.plan.refresh_from_db()
    assert (world.plan.budget_unit, world.plan.budget_prior_years) == ("£000", 1)

    content = client.get(url).content.decode()
    for label in ["Figure 2025/26 Budget", "Figure 2025/26 Outturn", "Figure 2026/27 Budget"]:
        assert label in content

    # 2. Two lines with figures in every column.
    rows = [
        {"category": "revenue", "description": "Customer Services", "year_2025": "1,615,700",
         "year_2025_1": "1,598,200", "year_2026": "1,650,000", "year_2027": "1,700,000"},
        {"category": "revenue", "description": "Registrars", "year_2025": "100,000",
         "year_2025_1": "(2,500)", "year_2026": "102,000"},
    ]  # fmt: skip
    response = post(client, section, layout("£000", "1", "Budget, Outturn", "Budget"), rows)
    assert response.status_code == 302, response.content.decode()
    line = BudgetLine.objects.get(description="Customer Services")
    assert {(a.year, a.column): a.amount for a in line.amounts.all()} == {
        (2025, 0): Decimal("1615700"),
        (2025, 1): Decimal("1598200"),
        (2026, 0): Decimal("1650000"),
        (2027, 0): Decimal("1700000"),
    }
    # What is stored is shown back in its column.
    content = client.get(url).content.decode()
    assert 'value="1,598,200"' in content and 'value="(2,500)"' in content

    text = squeezed(pdf_text(plan_pdf_bytes(world.plan)))
    assert squeezed("Revenue expenditure (£000)") in text
    header = "2025/26 Budget 2025/26 Outturn 2026/27 Budget 2027/28 Budget 2028/29 Budget"
    assert squeezed(f"Cost centre {header} Key risks") in text
    assert squeezed("Customer Services 1,615,700 1,598,200 1,650,000 1,700,000") in text
    assert squeezed("Registrars 100,000 (2,500) 102,000 Total") in text
    # A total per column, with thousands separators.
    assert squeezed("Total revenue expenditure 1,715,700 1,595,700 1,752,000 1,700,000") in text


def test_prior_years_need_their_column_labels(client_for, world, budget):
    section, _ = budget
    response = post(client_for(world.officer), section, layout("£", "2", " , "))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Error: " in content and "There is a problem" in content
    assert "Enter the columns for each year before the plan, like Budget, Outturn" in content
    assert 'value=" , "' in content  # what was typed is kept
    world.plan.refresh_from_db()
    assert world.plan.budget_prior_years == 0


def test_an_unknown_unit_is_refused(client_for, world, budget):
    section, _ = budget
    response = post(client_for(world.officer), section, layout("$"))
    assert response.status_code == 200
    assert "Select a unit of the budget from the list" in response.content.decode()


def test_a_manager_cannot_change_the_layout(client_for, world, budget):
    section, _ = budget
    response = post(client_for(world.manager), section, layout("£000"))
    assert response.status_code == 403
    world.plan.refresh_from_db()
    assert world.plan.budget_unit == "£"


def test_an_existing_plan_prints_as_before(world, settings):
    line = factories.BudgetLineFactory(plan=world.plan, description="Customer Services")
    line.amounts.create(year=2026, amount=Decimal("1615700"))
    line.amounts.create(year=2027, amount=Decimal("1700000.50"))
    text = pdf_text(plan_pdf_bytes(world.plan))
    assert "Revenue expenditure (£) Service area Cost centre 2026/27 2027/28 2028/29 Key" in text
    assert "£000" not in text and "2025/26" not in text
    assert "Customer Services CS100 1,615,700 1,700,000.50 Total" in text


def test_rolling_forward_keeps_the_layout_and_drops_figures_before_the_new_period(world):
    plan = world.plan  # 2026/27 to 2028/29
    plan.budget_unit, plan.budget_prior_years = "£000", 1
    plan.budget_prior_columns, plan.budget_year_column = "Budget, Outturn", "Budget"
    plan.save()
    line = factories.BudgetLineFactory(plan=plan)
    line.amounts.create(year=2025, column=1, amount=90)
    line.amounts.create(year=2026, amount=100)
    line.amounts.create(year=2027, amount=200)
    new = plan_roll_forward(plan=plan, user=world.officer)
    assert (new.budget_unit, new.budget_prior_years) == ("£000", 1)
    assert (new.budget_prior_columns, new.budget_year_column) == ("Budget, Outturn", "Budget")
    amounts = new.budgetlines.get().amounts.all()
    assert {(a.year, a.column): int(a.amount) for a in amounts} == {(2027, 0): 200}


def test_growth_bids_are_in_the_budget_s_unit(world, settings):
    world.plan.budget_unit = "£000"
    world.plan.save()
    bid = factories.GrowthBidFactory(plan=world.plan, details="Webchat licences")
    bid.amounts.create(year=2026, amount=Decimal("45"))

    text = squeezed(pdf_text(plan_pdf_bytes(world.plan)))

    assert squeezed("Webchat licences") in text
    assert squeezed("2026/27 £000") in text  # the bids table's heading


def test_a_year_with_no_figure_is_blank_and_so_is_its_total(client_for, world):
    from plans.models import GrowthBidAmount

    bid = factories.GrowthBidFactory(plan=world.plan, details="Web chat licences")
    GrowthBidAmount.objects.create(bid=bid, year=2026, amount=Decimal("12000"))

    page = client_for(world.officer).get(world.plan.get_absolute_url()).content.decode()

    bids = page.split('aria-label="Growth bids"', 1)[1].split("</table>", 1)[0]
    assert "n/a" not in bids
    totals = bids.split("<tfoot>", 1)[1]
    assert "<strong>12,000</strong>" in totals
    assert "<strong>0</strong>" not in totals and "<strong></strong>" in totals


def test_a_line_with_no_figure_at_all_has_no_total_row(world):
    """A council's table with its one line left blank ("Net Cost of Service" with no
    amounts): the line prints, and no "Total" row the council did not write."""
    factories.BudgetLineFactory(
        plan=world.plan, category="revenue", description="Net Cost of Service"
    )

    text = squeezed(pdf_text(plan_pdf_bytes(world.plan)))

    assert squeezed("Net Cost of Service") in text
    assert squeezed("Total revenue expenditure") not in text

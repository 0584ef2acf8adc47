"""Budget lines as one table, as many councils print them: a row for each service area, a
column for each category (Spelthorne's 'Service Area | Revenue Expenditure Budget £ |
Capital Budget £ | Projected Income £ | Staff (Full time equivalents) | Key risks for
budget'), instead of a table for each category."""

import re
from decimal import Decimal

from django.urls import reverse

from plans.columns import PARTS, TABLES
from plans.models import BudgetLine, SectionKind
from plans.pdf.plan import plan_pdf_bytes
from tests.plans.test_pdf import pdf_text

SPELTHORNE = {
    "description": "Service Area",
    "revenue": "Revenue Expenditure Budget £",
    "capital": "Capital Budget £",
    "income": "Projected Income £",
    "staffing": "Staff (Full time equivalents)",
    "notes": "Key risks for budget",
}


def line(plan, category, description, figures, notes=""):
    record = BudgetLine.objects.create(
        plan=plan, category=category, description=description, notes=notes
    )
    for (year, column), amount in figures.items():
        record.amounts.create(year=year, column=column, amount=Decimal(amount))
    return record


def as_one_table(client, section):
    data = {"parts": [name for name, _ in PARTS[SectionKind.BUDGET]]}
    data["budget_areas__print"] = "table"
    for order, column in enumerate(TABLES["budget_areas"].columns, start=1):
        name = f"budget_areas__{column.key}"
        data[f"{name}__order"] = str(order)
        if column.key in SPELTHORNE:
            data[f"{name}__shown"] = "on"
            data[f"{name}__label"] = SPELTHORNE[column.key]
    for order, column in enumerate(TABLES["budget_lines"].columns, start=1):
        data[f"budget_lines__{column.key}__order"] = str(order)
        data[f"budget_lines__{column.key}__shown"] = "on"
    for order, column in enumerate(TABLES["growth_bids"].columns, start=1):
        data[f"growth_bids__{column.key}__order"] = str(order)
        data[f"growth_bids__{column.key}__shown"] = "on"
    url = reverse("plans:section_columns", args=[section.plan_id, section.pk])
    return client.post(url, data)


def test_a_council_prints_its_budget_as_one_table_of_service_areas(client_for, world, settings):
    plan = world.plan
    plan.budget_prior_years, plan.budget_prior_columns = 1, "Budget"
    plan.save()
    last_year = (plan.first_year - 1, 0)
    line(plan, "revenue", "Customer Services", {last_year: "1615700"})
    line(plan, "capital", "Customer Services", {last_year: "71000"}, notes="Cost of living")
    line(plan, "income", "Customer Services", {last_year: "311500"})
    line(plan, "staffing", "Customer Services", {last_year: "23.5"})
    line(plan, "revenue", "Registrars", {last_year: "100000"})
    section = plan.sections.get(kind=SectionKind.BUDGET)
    client = client_for(world.officer)
    page = client.get(reverse("plans:section_columns", args=[plan.pk, section.pk]))
    assert "How are the budget lines printed?" in page.content.decode()

    assert as_one_table(client, section).status_code == 302

    html = client.get(plan.get_absolute_url()).content.decode()
    table = html.split("Budget (£)</caption>", 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col"[^>]*>\s*(.*?)\s*</th>', table)
    assert headers == list(SPELTHORNE.values())
    text = " ".join(pdf_text(plan_pdf_bytes(plan)).split())
    assert "Customer Services 1,615,700 71,000 311,500 23.5 Cost of living" in text
    assert "Registrars 100,000" in text
    assert "Total 1,715,700 71,000 311,500 23.5" in text
    assert "Revenue expenditure (£)" not in text  # no table for each category


def test_each_budget_column_with_a_figure_has_its_own_column_in_each_category(world):
    from plans.document import area_table
    from plans.models.budget import budget_columns

    plan = world.plan  # 2026/27 to 2028/29: figures in the first two years only
    line(plan, "revenue", "Customer Services", {(2026, 0): "10", (2027, 0): "12"})
    line(plan, "income", "Customer Services", {(2026, 0): "4"})
    table = area_table(budget_columns(plan), list(plan.budgetlines.all()))
    assert [label for _, label in table.years] == ["2026/27", "2027/28"]
    (row,) = table.rows
    assert row.figures["revenue"] == [Decimal("10"), Decimal("12")]
    assert row.figures["income"] == [Decimal("4"), None]
    assert table.totals("income") == [Decimal("4"), None]

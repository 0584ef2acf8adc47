"""Money in forms: shown as 1,615,700, typed the way finance officers write it."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from plans.forms.fields import FigureField
from plans.models import BudgetLine, SectionKind
from tests import factories
from tests.plans.helpers import formset_data


class MoneyForm(forms.Form):
    amount = FigureField(what="Contract sum", example="25,000", money=True)
    tonnes = FigureField(what="Tonnes saved", example="12.5")


def shown(field: str, initial) -> str:
    return str(MoneyForm(initial={field: initial})[field])


@pytest.mark.parametrize(
    ("stored", "value"),
    [
        (Decimal("1615700.00"), 'value="1,615,700"'),
        (Decimal("83500.50"), 'value="83,500.50"'),
        (Decimal("-1200.00"), 'value="(1,200)"'),
        (Decimal("0.00"), 'value="0"'),
    ],
)
def test_a_stored_amount_is_shown_with_thousands_and_without_zero_pence(stored, value):
    assert value in shown("amount", stored)


def test_other_figures_are_shown_with_thousands_and_without_trailing_zeros():
    assert 'value="23.5"' in shown("tonnes", Decimal("23.50"))
    assert 'value="1,200"' in shown("tonnes", Decimal("1200.00"))


def test_what_was_typed_is_shown_back_as_typed():
    form = MoneyForm(data={"amount": "lots"})
    assert not form.is_valid()
    assert 'value="lots"' in str(form["amount"])


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,615,700", Decimal("1615700")),
        ("£1,615,700", Decimal("1615700")),
        ("1615700", Decimal("1615700")),
        (" 1,615,700.00 ", Decimal("1615700")),
        ("1 615 700", Decimal("1615700")),
        ("83,500.50", Decimal("83500.50")),
        ("(1,200)", Decimal("-1200")),
        ("(£1,200)", Decimal("-1200")),
        ("-1,200", Decimal("-1200")),
        ("-£1,200", Decimal("-1200")),
        ("", None),
    ],
)
def test_amounts_are_accepted_as_people_type_them(typed, amount):
    form = MoneyForm(data={"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize(
    "typed",
    ["1,61,5700", "1,5", "1615,700", ",100", "100,", "1.615.700", "lots", "£", "(-1,200)", "1e6"],
)
def test_misplaced_commas_and_letters_are_refused(typed):
    form = MoneyForm(data={"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Contract sum must be a number of pounds, like 25,000"]


def test_budget_page_shows_stored_figures_with_commas_and_saves_typed_ones(client_for, world):
    line = factories.BudgetLineFactory(plan=world.plan)
    line.amounts.create(year=2026, amount=Decimal("1615700"))
    line.amounts.create(year=2027, amount=Decimal("83500.50"))
    staffing = factories.BudgetLineFactory(
        plan=world.plan, category=BudgetLine.Category.STAFFING, description="Staff"
    )
    staffing.amounts.create(year=2026, amount=Decimal("23.5"))
    bid = factories.GrowthBidFactory(plan=world.plan, funding_received=Decimal("25000"))
    bid.amounts.create(year=2026, amount=Decimal("-5000"))
    section = world.plan.sections.get(kind=SectionKind.BUDGET)
    url = reverse("plans:section_edit", args=[world.plan.pk, section.pk])
    client = client_for(world.officer)

    content = client.get(url).content.decode()
    assert 'value="1,615,700"' in content
    assert 'value="83,500.50"' in content
    assert 'value="23.5"' in content  # FTE, not pounds
    assert 'value="(5,000)"' in content and 'value="25,000"' in content
    assert "1615700" not in content and "83500.50" not in content

    rows = [
        {"id": str(line.pk), "category": "revenue", "description": "Customer Services",
         "year_2026": "£1,615,800", "year_2027": " 83,500.50 "},
        {"id": str(staffing.pk), "category": "staffing", "description": "Staff",
         "year_2026": "23.5"},
    ]  # fmt: skip
    bids = [{"id": str(bid.pk), "kind": bid.kind, "details": bid.details, "reason": bid.reason,
             "funding_received": "£25,000", "year_2026": "(5,000)"}]  # fmt: skip
    response = client.post(
        url,
        {
            "version": section.version,
            **formset_data("lines", rows, initial=2),
            **formset_data("bids", bids, initial=1),
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert {a.year: a.amount for a in line.amounts.all()} == {
        2026: Decimal("1615800"),
        2027: Decimal("83500.50"),
    }
    assert bid.amounts.get().amount == Decimal("-5000")


def test_budget_page_refuses_a_misplaced_comma_with_the_field_named(client_for, world):
    line = factories.BudgetLineFactory(plan=world.plan)
    line.amounts.create(year=2026, amount=Decimal("1615700"))
    section = world.plan.sections.get(kind=SectionKind.BUDGET)
    url = reverse("plans:section_edit", args=[world.plan.pk, section.pk])
    rows = [{"id": str(line.pk), "category": "revenue", "description": "Customer Services",
             "year_2026": "1,61,5700"}]  # fmt: skip
    response = client_for(world.officer).post(
        url,
        {"version": section.version, **formset_data("lines", rows, initial=1),
         **formset_data("bids", [])},
    )  # fmt: skip
    content = response.content.decode()
    assert response.status_code == 200
    assert "Figure for 2026/27 must be a number of pounds, like 1,615,700" in content
    assert line.amounts.get().amount == Decimal("1615700")

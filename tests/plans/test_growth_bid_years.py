"""Growth bids with figures for years after the plan: a one-year plan whose council asks for
each bid's cost over the next three years too (Spelthorne's 24/25 to 27/28)."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.exchange.plan_file import plan_export, plan_import
from plans.models import GrowthBid, SectionKind
from plans.pdf.plan import plan_pdf_bytes
from plans.services.roll_forward import plan_roll_forward
from tests import factories
from tests.plans.helpers import formset_data
from tests.plans.test_pdf import pdf_text


def squeezed(text: str) -> str:
    return "".join(text.split())


def budget_post(plan, section, later_years: str, bids=(), initial=0) -> dict:
    return {
        "version": section.version,
        "layout-budget_unit": "£",
        "layout-budget_prior_years": "0",
        "layout-bid_later_years": later_years,
        **formset_data("lines", []),
        **formset_data("bids", list(bids), initial=initial),
    }


def test_a_council_asks_for_bids_beyond_a_one_year_plan_and_they_print(client_for, world, settings):
    plan = world.other_plan  # one year: 2026/27
    section = plan.sections.get(kind=SectionKind.BUDGET)
    url = reverse("plans:section_edit", args=[plan.pk, section.pk])
    client = client_for(world.officer_b)
    response = client.post(url, budget_post(plan, section, "3"))
    assert response.status_code == 302, response.content.decode()
    form = client.get(url).content.decode()
    assert "Amount 2029/30" in form and "Amount 2030/31" not in form

    section.refresh_from_db()
    bids = [
        {"kind": "revenue_cost", "details": "WebCAPTURE service fees", "year_2026": "0",
         "year_2027": "0", "year_2028": "6,000", "year_2029": "8,000"},
    ]  # fmt: skip
    response = client.post(url, budget_post(plan, section, "3", bids))
    assert response.status_code == 302, response.content.decode()
    bid = GrowthBid.objects.get(plan=plan)
    assert {a.year: a.amount for a in bid.amounts.all()} == {
        2026: Decimal("0"), 2027: Decimal("0"), 2028: Decimal("6000"), 2029: Decimal("8000")
    }  # fmt: skip

    text = squeezed(pdf_text(plan_pdf_bytes(plan)))
    assert squeezed("2026/27 £ 2027/28 £ 2028/29 £ 2029/30 £") in text
    assert squeezed("WebCAPTURE service fees") in text and squeezed("6,000 8,000") in text


def test_a_page_from_before_the_choice_leaves_the_later_years_alone(client_for, world):
    world.plan.bid_later_years = 2
    world.plan.save()
    section = world.plan.sections.get(kind=SectionKind.BUDGET)
    data = budget_post(world.plan, section, "")
    del data["layout-bid_later_years"]
    url = reverse("plans:section_edit", args=[world.plan.pk, section.pk])
    assert client_for(world.officer).post(url, data).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.bid_later_years == 2


def test_later_years_roll_forward_and_travel_in_the_export(world):
    plan = world.other_plan  # one year: 2026/27
    plan.bid_later_years = 3
    plan.save()
    bid = factories.GrowthBidFactory(plan=plan, details="Fees")
    for year, amount in [(2026, "10"), (2029, "40")]:
        bid.amounts.create(year=year, amount=Decimal(amount))

    rolled = plan_roll_forward(plan=plan, user=world.officer_b)
    assert rolled.bid_later_years == 3
    assert list(rolled.growthbids.get().amounts.values_list("year", flat=True)) == [2029]

    data = json.loads(json.dumps(plan_export(plan=plan)))
    assert data["plan"]["bid_later_years"] == 3
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")
    copy = plan_import(data=data, service=target, user=None)
    amounts = copy.growthbids.get().amounts.values_list("year", "amount")
    assert sorted(amounts) == [(2026, Decimal("10")), (2029, Decimal("40"))]


def test_the_total_row_prints_the_council_s_label_and_a_total_typed_as_printed(
    client_for, world, settings
):
    plan = world.other_plan  # one year: 2026/27, its bids costed to 2027/28
    plan.bid_later_years = 1
    plan.save()
    section = plan.sections.get(kind=SectionKind.BUDGET)
    url = reverse("plans:section_edit", args=[plan.pk, section.pk])
    client = client_for(world.officer_b)
    bids = [
        {"kind": "revenue_cost", "details": "API", "year_2026": "10,400", "year_2027": "10,400"},
        {"kind": "revenue_cost", "details": "Fees", "year_2026": "0", "year_2027": "8,000"},
    ]
    data = budget_post(plan, section, "1", bids)
    data.update(
        {"layout-bid_total_label": "Total Cost - Revenue", "layout-bid_total_2027": "18,100"}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    plan.refresh_from_db()
    assert plan.bid_printed_totals == {"2027": "18100.00"}

    page = client.get(plan.get_absolute_url()).content.decode()
    assert squeezed("Total Cost - Revenue</th>") in squeezed(page)
    assert "The total for 2027/28 is printed as 18,100" in page
    assert "the bids add up to 18,400" in page
    text = squeezed(pdf_text(plan_pdf_bytes(plan)))
    assert squeezed("Total Cost - Revenue 10,400 18,100") in text
    assert "18,400" not in text and "add up" not in text

    form = client.get(url).content.decode()
    assert 'value="18,100"' in form  # shown back as the council wrote it


def test_a_total_cleared_prints_the_sum_again_and_a_bad_one_is_refused(client_for, world):
    plan = world.other_plan
    plan.bid_printed_totals = {"2026": "99.00"}
    plan.save()
    section = plan.sections.get(kind=SectionKind.BUDGET)
    url = reverse("plans:section_edit", args=[plan.pk, section.pk])
    client = client_for(world.officer_b)
    data = budget_post(plan, section, "0")
    data.update({"layout-bid_total_label": "", "layout-bid_total_2026": "lots"})
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The total for 2026/27 must be a number of pounds, like 18,100" in page
    assert 'href="#id_layout-bid_total_2026"' in page and 'value="lots"' in page
    plan.refresh_from_db()
    assert plan.bid_printed_totals == {"2026": "99.00"}

    data["layout-bid_total_2026"] = ""
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.bid_printed_totals == {}


def test_a_page_from_before_the_total_row_leaves_it_alone(client_for, world):
    plan = world.plan
    plan.bid_total_label = "Total Cost - Revenue"
    plan.bid_printed_totals = {str(plan.first_year): "18100.00"}
    plan.save()
    section = plan.sections.get(kind=SectionKind.BUDGET)
    data = budget_post(plan, section, "2")  # changes the layout, posts no total row
    url = reverse("plans:section_edit", args=[plan.pk, section.pk])
    assert client_for(world.officer).post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.bid_later_years == 2
    assert plan.bid_total_label == "Total Cost - Revenue"
    assert plan.bid_printed_totals == {str(plan.first_year): "18100.00"}


def test_the_total_row_travels_in_the_export_and_its_label_rolls_forward(world):
    plan = world.other_plan
    plan.bid_total_label = "Total Cost - Revenue"
    plan.bid_printed_totals = {"2026": "18100.00"}
    plan.save()

    rolled = plan_roll_forward(plan=plan, user=world.officer_b)
    assert rolled.bid_total_label == "Total Cost - Revenue"
    assert rolled.bid_printed_totals == {}  # last year's figures: the sums print until typed

    data = json.loads(json.dumps(plan_export(plan=plan)))
    target = factories.ServiceFactory(directorate=world.directorate, name="Revenues")
    copy = plan_import(data=data, service=target, user=None)
    assert copy.bid_total_label == "Total Cost - Revenue"
    assert copy.printed_bid_totals() == {2026: Decimal("18100.00")}

    data["plan"]["bid_printed_totals"] = {"2026": "NaN"}
    other = factories.ServiceFactory(directorate=world.directorate, name="Benefits")
    with pytest.raises(ValidationError, match="printed total for 2026 must be a figure"):
        plan_import(data=data, service=other, user=None)

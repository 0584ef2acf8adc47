"""Growth bids with figures for years after the plan: a one-year plan whose council asks for
each bid's cost over the next three years too (Spelthorne's 24/25 to 27/28)."""

import json
from decimal import Decimal

from django.urls import reverse

from plans.exchange import plan_export, plan_import
from plans.models import GrowthBid, SectionKind
from plans.pdf import plan_pdf_bytes
from plans.services import plan_roll_forward
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
    settings.PDF_HELPER = False
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

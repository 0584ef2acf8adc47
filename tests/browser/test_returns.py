"""
A quarter's return through the browser: the lead opens it, the officer fills the service's
page (an off-target result refused until it has commentary, what was typed kept, a risk due
re-scored), submits it, and the tracker counts it; the lead accepts it, locks the return and
unlocks it again (a reason refused until given). Every page, in its normal and error states,
is scanned with axe.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from council.models import QuarterLock
from kpis.models import Result
from plans.models import SectionKind
from returns.models import Return, ServiceReturn
from returns.services import service_return_accept, service_return_submit
from risks.models import Risk
from tests import factories

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 10, 10)


@pytest.fixture
def due(world, monkeypatch):
    """Customer Services owes a Q2 2026/27 result of CS01, progress on action 1a and a
    review of risk CS-R1."""
    monkeypatch.setattr("returns.views.today", lambda: TODAY)
    indicator = factories.IndicatorFactory(service=world.service, code="CS01")
    factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("97"))
    factories.ResultFactory(indicator=indicator, year=2026, period=1, value=Decimal("95"))
    factories.SectionFactory(
        plan=world.plan, title="Actions and projects", number="9", kind=SectionKind.ACTIONS
    )
    objective = factories.ServiceObjectiveFactory(plan=world.plan)
    factories.ActionFactory(objective=objective, reference="1a", title="Open a second hub")
    factories.RiskFactory(
        service=world.service, reference="CS-R1", review_date=dt.date(2026, 10, 15)
    )
    return indicator


def test_a_quarter_s_return_from_opening_to_submitting(browser, world, due):
    browser.sign_in(world.lead)
    browser.visit("/returns/")
    browser.click("Open a return")
    browser.fill("Deadline", "31/02/2026")
    browser.click("Open the return")  # the error state, scanned
    assert "Deadline must be a real date, like 20/10/2026" in browser.error_summary()
    browser.fill("Deadline", "20/10/2026")
    browser.click("Open the return")
    parent = Return.objects.get()
    assert (parent.year, parent.quarter, parent.deadline) == (2026, 2, dt.date(2026, 10, 20))
    # Waste and Revenues owe nothing this quarter: complete from the start.
    assert "2 of 3 services complete, 67%" in browser.text
    assert "Customer Services Community Not started" in browser.text

    browser.sign_in(world.officer)
    browser.visit(f"/returns/{parent.pk}/services/{world.service.pk}/")
    assert "Likelihood 2 (Unlikely) × impact 2 (Significant), score 4" in browser.text
    browser.fill("Result for CS01 Q2 2026/27", "90")
    risk_review = browser.within("Your review of CS-R1")
    risk_review.tick("Re-score")
    risk_review.choose("Likelihood", "3 – Likely (21% to 79% chance)")
    risk_review.choose("Impact", "Not scored")
    risk_review.fill("Next review date", "15/01/2027")
    browser.click("Save as a draft")  # off target without commentary, no impact: refused, kept
    errors = browser.error_summary()
    assert any("commentary" in error.lower() for error in errors)
    assert "CS-R1: Select the impact" in errors
    assert browser.value("Result for CS01 Q2 2026/27") == "90"
    risk_review = browser.within("Your review of CS-R1")
    assert risk_review.value("Likelihood") == "3"
    assert risk_review.value("Next review date") == "15/01/2027"
    assert not Result.objects.filter(indicator=due, period=2).exists()
    risk_review.choose(
        "Impact", "3 – Critical (Serious disruption, loss or harm; needs management action)"
    )
    browser.fill("Commentary for CS01 Q2 2026/27", "Two advisors left in August.")
    browser.choose("Status of action 1a", "On track")
    browser.fill("Progress note for action 1a", "Site agreed.")
    browser.click("Submit return")
    assert browser.error_summary() == []
    result = Result.objects.get(indicator=due, period=2)
    assert (result.value, result.commentary) == (Decimal("90"), "Two advisors left in August.")
    risk = Risk.objects.get(reference="CS-R1")
    assert (risk.residual_score, risk.review_date) == (9, dt.date(2027, 1, 15))
    assert risk.history.latest().history_user == world.officer

    browser.sign_in(world.lead)
    browser.visit(f"/returns/{parent.pk}/")
    assert "3 of 3 services complete, 100%" in browser.text
    assert "Submitted 1 of 3" in browser.text

    # Waste and Revenues owe nothing: accepted here; the lead accepts Customer Services.
    for part in ServiceReturn.objects.filter(parent=parent).exclude(service=world.service):
        service_return_submit(service_return=part, user=world.lead)
        service_return_accept(service_return=part, user=world.lead)
    browser.visit(f"/returns/{parent.pk}/services/{world.service.pk}/review/")
    browser.tick("Accept the return")
    browser.click("Save decision")
    browser.visit(f"/returns/{parent.pk}/")
    browser.click("Lock the return")
    assert browser.heading() == "Lock the return"
    browser.click("Lock the return")
    locked_on = timezone.localdate(QuarterLock.objects.in_force().first().locked_at)
    assert f"Locked on {locked_on:%-d %B %Y} by {world.lead}" in browser.text
    browser.click("Unlock the return")
    browser.click("Unlock the return")  # without a reason: the error state, scanned
    assert browser.error_summary() == ["Enter the reason for unlocking the return"]
    browser.fill("Reason for unlocking the return", "CS01 restated after audit")
    browser.click("Unlock the return")
    assert "CS01 restated after audit" in browser.text and "Not locked" in browser.text

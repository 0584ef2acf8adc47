"""The demo registers load with the seed matrix, and loading again duplicates nothing; each
risk comes with a year of quarterly reviews, so that earlier quarters' packs show it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from council import periods
from council.demo import load_council_demo
from council.models import Service
from plans.demo import load_plans_demo
from plans.models import KeyIssue, Plan, Section, SectionKind
from risks.demo import load_risks_demo
from risks.history import risks_as_at
from risks.models import AppetiteLevel, Risk, RiskMatrix, ServiceAppetite


def counts():
    return [m.objects.count() for m in (RiskMatrix, AppetiteLevel, ServiceAppetite, Risk, KeyIssue)]


def test_demo_registers_load_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert first == [1, 4, 4, 11, 10]
    matrix = RiskMatrix.objects.get()
    assert (matrix.size, matrix.version) == (4, 1)
    references = set(
        Risk.objects.filter(service__code="customer-services").values_list("title", flat=True)
    )
    assert {
        "Insufficient staff",
        "Total failure of ICT systems",
        "Fraudulent activity",
    } <= references
    plan = Plan.objects.get(service__code="customer-services", first_year=2026)
    kinds = set(Section.objects.filter(plan=plan).values_list("kind", flat=True))
    assert {SectionKind.KEY_ISSUES, SectionKind.RISKS} <= kinds


# --- A year of reviews behind each risk ------------------------------------------------------

LOADED = dt.date(2026, 12, 7)  # Q3 2026/27: the last four quarters ended are Q3 2025/26 to Q2


@pytest.fixture
def registers(db):
    """The demo registers as loaded on 7 December 2026."""
    council = load_council_demo()
    load_plans_demo(council)
    load_risks_demo(council, today=LOADED)
    return council


def scores_as_at(council, day: dt.date) -> dict[str, tuple]:
    services = Service.objects.filter(directorate__council=council)
    return {
        risk.reference: (risk.residual_likelihood, risk.residual_impact)
        for risk in risks_as_at(services, day)
    }


def test_each_demo_risk_was_registered_and_reviewed_once_in_each_past_quarter(registers):
    cs08 = Risk.objects.get(reference="CS08")
    records = list(cs08.history.order_by("history_date", "history_id"))
    reviews = [
        (timezone.localdate(r.history_date), r.history_change_reason, r.history_user.username)
        for r in records
    ]
    assert reviews == [
        (dt.date(2025, 12, 17), "Registered", "officer"),
        (dt.date(2025, 12, 17), "Registered", "officer"),  # its priorities linked then too
        (dt.date(2026, 3, 17), "Reviewed, confirmed as it stands", "officer"),
        (dt.date(2026, 6, 16), "Reviewed, confirmed as it stands", "officer"),
        (dt.date(2026, 9, 16), "Reviewed, re-scored", "officer"),
    ]
    # Each review set the next one three months on; the last left the fixture's date.
    assert [r.review_date for r in records[2:]] == [
        dt.date(2026, 6, 16),
        dt.date(2026, 9, 15),
        dt.date(2027, 1, 15),
    ]
    assert [r.priorities.count() for r in records] == [0, 1, 1, 1, 1]
    assert (cs08.residual_likelihood, cs08.residual_impact) == (3, 3)


def test_the_registers_as_at_each_past_quarter_hold_that_quarter_s_scores(registers):
    first, second, before, last = (
        scores_as_at(registers, periods.quarter_end(*quarter))
        for quarter in [(2025, 3), (2025, 4), (2026, 1), (2026, 2)]
    )
    assert {len(first), len(second), len(before), len(last)} == {Risk.objects.count()} == {11}
    assert (before["CS08"], last["CS08"]) == ((2, 3), (3, 3))  # rising
    assert (before["CS03"], last["CS03"]) == ((2, 3), (2, 2))  # falling
    assert [q["WR01"] for q in (first, second, before, last)] == [(2, 3), (3, 3), (3, 3), (3, 3)]
    assert [q["CS06"] for q in (first, second, before, last)] == [(1, 2), (1, 2), (2, 2), (2, 2)]
    assert {q["CS01"] for q in (first, second, before, last)} == {(2, 2)}  # stable
    # Before the first review, the register held none of them.
    assert scores_as_at(registers, periods.quarter_end(2025, 2)) == {}

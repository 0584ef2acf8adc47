"""What a service owes in a return and what it has provided, read from the records."""

import datetime as dt
from decimal import Decimal

import pytest

from kpis import periods
from plans.models import ProgressUpdate
from returns.completion import due_periods, progress_across, progress_of, totals_words
from returns.models import ServiceReturn
from risks.models import Risk
from tests import factories
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db


def test_each_frequency_is_due_in_its_periods():
    q2, q3, q4 = (periods.Period(periods.QUARTERLY, 2026, n) for n in (2, 3, 4))
    assert due_periods(periods.QUARTERLY, q2) == [q2]
    assert [p.number for p in due_periods(periods.MONTHLY, q3)] == [7, 8, 9]
    assert due_periods(periods.ANNUAL, q3) == []
    assert due_periods(periods.ANNUAL, q4) == [periods.Period("annual", 2026, 1)]


@pytest.mark.parametrize(
    "month, due",
    [
        # May: only the monthly indicator's May.
        (2, {"monthly": [2], "quarterly": [], "annual": []}),
        # June ends Q1: the quarterly indicator's Q1 as well.
        (3, {"monthly": [3], "quarterly": [1], "annual": []}),
        # March ends Q4 and the year: all three.
        (12, {"monthly": [12], "quarterly": [4], "annual": [1]}),
    ],
)
def test_a_month_asks_the_periods_ending_in_it(month, due):
    asked = periods.Period(periods.MONTHLY, 2026, month)
    assert {f: [p.number for p in due_periods(f, asked)] for f in due} == due


def progress(rw, service=None):
    service = service or rw.world.service
    part = ServiceReturn.objects.select_related("service").get(parent=rw.parent, service=service)
    (row,) = progress_of(rw.parent, [part])
    return row


def test_a_service_owes_its_result_progress_and_review(rw):
    row = progress(rw)
    assert [(p.name, [i.label for i in p.items]) for p in row.parts] == [
        ("Results", ["CS01 Q2 2026/27"]),
        ("Progress on actions", ["action 1a"]),
        ("Risk reviews", ["risk CS-R1"]),
    ]
    assert not row.complete
    assert row.missing_words == "CS01 Q2 2026/27, action 1a and risk CS-R1"


def test_the_records_make_it_complete(rw):
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2, value=Decimal("98"))
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=2, status="on_track")
    rw.risk.review_date = dt.date(2027, 1, 15)
    rw.risk.save()
    row = progress(rw)
    assert row.complete
    # The reviewed risk stays listed, as reviewed, though its next review is after the deadline.
    assert [(i.label, i.done) for i in row.parts[2].items] == [("risk CS-R1", True)]


def test_a_monthly_indicator_owes_each_month_of_the_quarter(rw):
    monthly = factories.IndicatorFactory(
        service=rw.world.service, code="CS09", frequency=periods.MONTHLY
    )
    factories.ResultFactory(indicator=monthly, year=2026, period=4)
    items = progress(rw).parts[0].items
    assert [(i.label, i.done) for i in items if i.label.startswith("CS09")] == [
        ("CS09 Jul 2026", True),
        ("CS09 Aug 2026", False),
        ("CS09 Sep 2026", False),
    ]


def test_actions_closed_before_the_quarter_and_of_older_plans_are_not_owed(rw, world):
    closed = factories.ActionFactory(objective=rw.action.objective, reference="1b")
    ProgressUpdate.objects.create(action=closed, year=2026, quarter=1, status="achieved")
    achieved_now = factories.ActionFactory(objective=rw.action.objective, reference="1c")
    ProgressUpdate.objects.create(action=achieved_now, year=2026, quarter=2, status="achieved")
    older = factories.PlanFactory(service=world.service, first_year=2025, last_year=2026)
    factories.ActionFactory(objective=factories.ServiceObjectiveFactory(plan=older), reference="X")
    items = progress(rw).parts[1].items
    assert [(i.label, i.done) for i in items] == [("action 1a", False), ("action 1c", True)]


def test_closed_risks_and_risks_due_after_the_deadline_are_not_owed(rw, world):
    factories.RiskFactory(service=world.service, reference="LATER")  # due in 2030
    factories.RiskFactory(
        service=world.service,
        reference="SHUT",
        review_date=dt.date(2026, 9, 1),
        status=Risk.Status.CLOSED,
    )
    # Both were last saved before the return opened.
    Risk.objects.filter(reference__in=["LATER", "SHUT"]).update(
        updated_at=rw.parent.opened_at - dt.timedelta(days=1)
    )
    items = progress(rw).parts[2].items
    assert [i.label for i in items] == ["risk CS-R1"]


def test_a_return_asks_only_what_the_lead_chose(world, today):
    parent = open_return(world, asks_progress=False, asks_risks=False)
    part = ServiceReturn.objects.get(parent=parent, service=world.service)
    (row,) = progress_of(parent, [part])
    assert [p.name for p in row.parts] == ["Results"]


def test_totals_are_in_words(rw, world):
    parts = list(ServiceReturn.objects.filter(parent=rw.parent).select_related("service"))
    rows = progress_of(rw.parent, parts)
    assert totals_words(rows) == "2 of 3 services complete, 67%"
    assert totals_words([]) == "No services in this return"


def test_parts_of_several_returns_are_each_read_for_their_own_quarter(
    rw, world, django_assert_num_queries
):
    """Q1 and Q2 of the same service worked out together: the Q1 result and progress are in,
    the Q2 ones are not, and the risk review is asked only by the Q2 return's deadline."""
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=1, status="on_track")
    earlier = open_return(
        world, quarter=1, deadline=dt.date(2026, 7, 20), asks_risks=False, services=[world.service]
    )
    parts = list(
        ServiceReturn.objects.filter(service=world.service).select_related("parent", "service")
    )
    with django_assert_num_queries(5):
        rows = {row.service_return.parent_id: row for row in progress_across(parts)}
    done = {pk: [(i.label, i.done) for p in row.parts for i in p.items] for pk, row in rows.items()}
    assert done[earlier.pk] == [("CS01 Q1 2026/27", True), ("action 1a", True)]
    assert done[rw.parent.pk] == [
        ("CS01 Q2 2026/27", False),
        ("action 1a", False),
        ("risk CS-R1", False),
    ]
    assert [len(row.parts) for row in (rows[earlier.pk], rows[rw.parent.pk])] == [2, 3]

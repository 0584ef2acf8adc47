"""Monthly returns: opening one (the form and the database's rules), what a month asks of
each indicator, the grid beside last month's and last year's, submitting and reviewing,
reminders, scope, and the quarter's lock a month follows."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.models import QuarterLock, Role
from kpis.models import Result
from plans.models import ProgressUpdate
from returns.completion import progress_of
from returns.models import Return, ServiceReturn
from returns.reminders import reminders_send
from returns.services import (
    return_lock,
    service_return_accept,
    service_return_send_back,
    service_return_submit,
)
from tests import factories
from tests.conftest import person
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db

AUGUST, SEPTEMBER, MARCH = 5, 6, 12


def open_month(world, month=SEPTEMBER, **kwargs):
    """The council's return for a month of 2026/27, due on 20 October 2026 by default."""
    return open_return(world, **({"quarter": None, "month": month} | kwargs))


def owed(parent, service):
    part = ServiceReturn.objects.select_related("service").get(parent=parent, service=service)
    (row,) = progress_of(parent, [part])
    return row


def service_url(parent, service):
    return reverse("returns:service_return", args=[parent.pk, service.pk])


# --- Opening a monthly return ------------------------------------------------------------------


def month_post(world, **changes):
    return {
        "frequency": "monthly",
        "period": "2026-2",  # the quarter's list is ignored for a monthly return
        "month": "2026-6",
        "deadline": "20/10/2026",
        "asks": ["results", "progress", "risks"],
        "services": [world.service.pk],
    } | changes


def test_the_form_offers_a_quarter_or_a_month_quarterly_to_begin_with(client_for, world, today):
    html = client_for(world.lead).get(reverse("returns:return_create")).content.decode()
    assert re.search(r'value="quarterly"\s+checked', html)
    assert not re.search(r'value="monthly"\s+checked', html)
    assert "A quarter" in html and "A month" in html
    # The last month ended before 10 October 2026 is chosen; months not started are not listed.
    assert '<option value="2026-6" selected>September 2026</option>' in html
    assert '<option value="2026-7">October 2026</option>' in html
    assert "November 2026" not in html


def test_the_lead_opens_a_monthly_return(client_for, world, today):
    response = client_for(world.lead).post(reverse("returns:return_create"), month_post(world))
    parent = Return.objects.get()
    assert response.status_code == 302 and response.url == parent.get_absolute_url()
    assert (parent.frequency, parent.year, parent.month, parent.quarter) == (
        "monthly",
        2026,
        6,
        2,
    )
    assert parent.period_label == "September 2026"
    assert list(parent.services.all()) == [world.service]


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"month": "2026-13"}, "Select a month from the list"),
        ({"month": "2026-9"}, "Select a month from the list"),  # December: not started
        ({"month": ""}, "Select the month"),
        ({"frequency": ""}, "Select whether the return is for a quarter or a month"),
        ({"deadline": "30/09/2026"}, "The deadline must be after the month ends on 30 September"),
    ],
)
def test_a_monthly_return_that_cannot_be_opened_says_why(client_for, world, today, changes, error):
    response = client_for(world.lead).post(
        reverse("returns:return_create"), month_post(world, **changes)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html and "<title>Error: " in html
    assert not Return.objects.exists()


def test_a_second_return_for_the_month_is_refused_but_its_quarter_s_is_not(
    client_for, world, today
):
    open_month(world)
    client = client_for(world.lead)
    response = client.post(reverse("returns:return_create"), month_post(world))
    assert "There is already a return for September 2026: open it from the list" in (
        response.content.decode()
    )
    quarter = month_post(world, frequency="quarterly", month="")
    assert client.post(reverse("returns:return_create"), quarter).status_code == 302
    assert sorted(Return.objects.values_list("frequency", "quarter", "month")) == [
        ("monthly", 2, 6),
        ("quarterly", 2, None),
    ]


def test_the_service_refuses_a_month_out_of_range(world, today):
    with pytest.raises(ValidationError) as error:
        open_month(world, month=13)
    assert error.value.message_dict == {"month": ["Month must be from 1 (April) to 12 (March)"]}
    with pytest.raises(ValidationError) as error:
        open_return(world, month=6)  # a quarter and a month
    assert error.value.messages == ["Choose a quarter or a month for the return, not both."]


@pytest.mark.parametrize(
    "fields",
    [
        {"frequency": "monthly", "quarter": 2, "month": None},  # a month it does not name
        {"frequency": "monthly", "quarter": 1, "month": 6},  # September is not in Q1
        {"frequency": "quarterly", "quarter": 2, "month": 6},  # a quarter with a month
        {"frequency": "weekly", "quarter": 2, "month": None},
    ],
)
def test_the_database_keeps_the_period_valid_for_its_kind(world, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Return.objects.create(
            council=world.council, year=2026, deadline=dt.date(2026, 10, 20), **fields
        )


def test_the_database_refuses_a_second_return_for_a_month(world):
    Return.objects.create(
        council=world.council,
        frequency="monthly",
        year=2026,
        quarter=2,
        month=6,
        deadline=dt.date(2026, 10, 20),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Return.objects.create(
            council=world.council,
            frequency="monthly",
            year=2026,
            quarter=2,
            month=6,
            deadline=dt.date(2026, 10, 30),
        )


# --- What a month asks --------------------------------------------------------------------------


@pytest.fixture
def three(world):
    """A monthly, a quarterly and an annual indicator of Customer Services."""
    return [
        factories.IndicatorFactory(service=world.service, code=code, frequency=frequency)
        for code, frequency in (("M1", "monthly"), ("Q1", "quarterly"), ("A1", "annual"))
    ]


@pytest.mark.parametrize(
    "month, labels",
    [
        (AUGUST, ["M1 Aug 2026"]),
        (SEPTEMBER, ["M1 Sep 2026", "Q1 Q2 2026/27"]),
        (MARCH, ["M1 Mar 2027", "Q1 Q4 2026/27", "A1 2026/27"]),
    ],
)
def test_a_month_asks_the_results_of_the_periods_ending_in_it(world, today, three, month, labels):
    parent = open_month(world, month=month, deadline=dt.date(2027, 4, 20))
    results = owed(parent, world.service).parts[0]
    assert results.name == "Results"
    assert sorted(item.label for item in results.items) == sorted(labels)


def test_an_action_is_reported_for_a_month_by_an_update_made_since_it_opened(world, today):
    factories.SectionFactory(plan=world.plan, title="Actions", number="9", kind="actions")
    objective = factories.ServiceObjectiveFactory(plan=world.plan)
    action = factories.ActionFactory(objective=objective, reference="1a")
    closed = factories.ActionFactory(objective=objective, reference="1b")
    # Reported in the quarter before the month's return opened: August's report, not
    # September's; and an action achieved then is not asked about again.
    ProgressUpdate.objects.create(action=action, year=2026, quarter=2, status="on_track")
    ProgressUpdate.objects.create(action=closed, year=2026, quarter=2, status="achieved")
    parent = open_month(world)
    ProgressUpdate.objects.filter(action__in=[action, closed]).update(
        created_at=parent.opened_at - dt.timedelta(days=3)
    )
    progress = owed(parent, world.service).parts[1]
    assert [(item.label, item.done) for item in progress.items] == [("action 1a", False)]
    ProgressUpdate.objects.create(action=action, year=2026, quarter=2, status="on_track")
    progress = owed(parent, world.service).parts[1]
    assert [(item.label, item.done) for item in progress.items] == [("action 1a", True)]


# --- A service's monthly return ------------------------------------------------------------------


@pytest.fixture
def august(world, today):
    """August 2026's return over Customer Services, for results only, with a monthly
    indicator that has July 2026's result (41) and August 2025's (38)."""
    indicator = factories.IndicatorFactory(service=world.service, code="M1", frequency="monthly")
    factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("40"))
    factories.ResultFactory(indicator=indicator, year=2026, period=4, value=Decimal("41"))
    factories.ResultFactory(indicator=indicator, year=2025, period=5, value=Decimal("38"))
    parent = open_month(
        world,
        month=AUGUST,
        deadline=dt.date(2026, 10, 20),
        services=[world.service, world.sibling_service],
        asks_progress=False,
        asks_risks=False,
    )
    parent.indicator = indicator
    return parent


def test_the_grid_shows_the_month_beside_last_month_and_the_same_month_last_year(
    client_for, world, august
):
    html = client_for(world.officer).get(service_url(august, world.service)).content.decode()
    assert "Return for August 2026" in html
    row = html[html.index("M1<br>") :]
    row = row[: row.index("</tr>")]
    assert "Aug 2026" in row
    cells = [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("govuk-table__cell")[1:4]]
    assert cells == ["40%", "41%", "38%"]  # target, July 2026, August 2025
    assert f'id="id_i{august.indicator.pk}-5-value"' in html


def test_an_officer_fills_and_submits_the_month_and_the_manager_accepts(client_for, world, august):
    url = service_url(august, world.service)
    response = client_for(world.officer).post(
        url, {f"i{august.indicator.pk}-5-value": "42", "action": "submit"}
    )
    assert response.status_code == 302
    assert Result.objects.get(indicator=august.indicator, year=2026, period=5).value == 42
    part = ServiceReturn.objects.get(parent=august, service=world.service)
    assert part.submitted_at is not None and part.submitted_by == world.officer
    response = client_for(world.manager).post(
        reverse("returns:service_return_review", args=[august.pk, world.service.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.is_accepted and part.reviewed_by == world.manager


def test_a_month_not_complete_is_not_submitted(world, august):
    part = ServiceReturn.objects.select_related("parent").get(parent=august, service=world.service)
    with pytest.raises(ValidationError) as error:
        service_return_submit(service_return=part, user=world.officer)
    assert error.value.messages == [
        "The return cannot be submitted until it is complete: still missing M1 Aug 2026."
    ]


def test_scope_out_of_scope_is_404_and_readers_get_403(client_for, world, august):
    url = service_url(august, world.service)
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.foreign_officer).get(url).status_code == 404
    tracker = reverse("returns:return_detail", args=[august.pk])
    assert client_for(world.foreign_officer).get(tracker).status_code == 404
    response = client_for(world.clerk).post(url, {f"i{august.indicator.pk}-5-value": "42"})
    assert response.status_code == 403
    review = reverse("returns:service_return_review", args=[august.pk, world.service.pk])
    assert client_for(world.officer).get(review).status_code == 403
    assert not Result.objects.filter(year=2026, period=5).exists()


def test_every_page_that_shows_a_return_gives_its_month(client_for, world, august, monkeypatch):
    monkeypatch.setattr("serviceplans.dashboard.today", lambda: dt.date(2026, 10, 10))
    lead = client_for(world.lead)
    assert "August 2026" in lead.get(reverse("returns:return_list")).content.decode()
    tracker = lead.get(reverse("returns:return_detail", args=[august.pk])).content.decode()
    assert "<title>Return for August 2026" in tracker
    assert "Results of their indicators due in August 2026" in tracker
    assert "follows the lock of its quarter" in tracker
    assert reverse("returns:return_lock", args=[august.pk]) not in tracker
    dashboard = client_for(world.officer).get("/").content.decode()
    assert "Customer Services: August 2026" in dashboard
    assert "1 result due" in dashboard


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_of_a_month_name_it(world, august):
    world.officer.email = "officer@testshire.example"
    world.officer.save()
    sent = reminders_send(today=dt.date(2026, 10, 20))
    assert [(r.service_return.service, r.kind) for r in sent] == [(world.service, "on")]
    (message,) = mail.outbox
    assert message.subject == "Due today: Customer Services return for August 2026"
    assert "The return of Customer Services for August 2026 is due today" in message.body
    assert "- M1 Aug 2026\n" in message.body


# --- The quarter's lock ---------------------------------------------------------------------------


def lock_quarter(world, quarter=2):
    QuarterLock.objects.create(
        service=world.service,
        year=2026,
        quarter=quarter,
        locked_at=timezone.now(),
        locked_by=world.lead,
    )


def submitted(world, parent):
    factories.ResultFactory(indicator=parent.indicator, year=2026, period=5)
    part = ServiceReturn.objects.select_related("parent").get(parent=parent, service=world.service)
    return service_return_submit(service_return=part, user=world.officer)


def test_a_month_follows_the_lock_of_its_quarter(client_for, world, august):
    part = submitted(world, august)
    lock_quarter(world, quarter=1)  # another quarter's lock holds nothing here
    service_return_accept(service_return=part, user=world.manager)
    service_return_send_back(service_return=part, user=world.manager, comment="Check it")
    part = service_return_submit(service_return=part, user=world.officer)
    lock_quarter(world)
    for review in (
        lambda: service_return_accept(service_return=part, user=world.manager),
        lambda: service_return_send_back(service_return=part, user=world.lead, comment="Why"),
    ):
        with pytest.raises(ValidationError) as error:
            review()
        assert error.value.code == "locked"
        assert (
            "Q2 2026/27 is locked. The performance lead can unlock the quarter's return"
            in (error.value.messages[0])
        )
    # Officers may no longer change its results; only the lead corrects them, with a reason.
    url = service_url(august, world.service)
    prefix = f"i{august.indicator.pk}-5"
    response = client_for(world.officer).post(url, {f"{prefix}-value": "50", "action": "save"})
    assert response.status_code == 403
    response = client_for(world.lead).post(
        url, {f"{prefix}-value": "50", f"{prefix}-reason": "Recount", "action": "save"}
    )
    assert response.status_code == 302
    result = Result.objects.get(indicator=august.indicator, year=2026, period=5)
    assert result.corrections.get().reason == "Recount"


def test_a_month_is_not_locked_on_its_own(world, august):
    with pytest.raises(ValidationError) as error:
        return_lock(parent=august, user=world.lead)
    assert error.value.code == "monthly"
    assert error.value.messages == [
        "A monthly return is not locked or unlocked on its own: August 2026 follows the lock "
        "of Q2 2026/27, set from that quarter's return."
    ]
    assert not QuarterLock.objects.exists()


# --- Query counts ---------------------------------------------------------------------------------


def team(world, name, size):
    """A service with `size` monthly indicators (each with last month's result), risks due
    and open actions in its plan."""
    service = factories.ServiceFactory(directorate=world.directorate, name=name)
    for n in range(size):
        indicator = factories.IndicatorFactory(
            service=service, code=f"{name[0]}{name[-1]}-{n}", frequency="monthly"
        )
        factories.ResultFactory(indicator=indicator, year=2026, period=4)
        factories.RiskFactory(service=service, review_date=dt.date(2026, 10, 1))
    plan = factories.PlanFactory(service=service, first_year=2026, last_year=2026)
    objective = factories.ServiceObjectiveFactory(plan=plan)
    for _ in range(size):
        factories.ActionFactory(objective=objective)
    return service


def test_a_month_s_tracker_and_grid_cost_the_same_queries_for_2_and_8_of_everything(
    client_for, world, today
):
    small = [team(world, f"Small {n}", 2) for n in range(2)]
    large = [team(world, f"Large {n}", 8) for n in range(8)]
    officer = person(world.council, "both", Role.Name.OFFICER, directorate=world.directorate)
    lead = client_for(world.lead)
    client = client_for(officer)
    counts = {}
    for name, services in (("small", small), ("large", large)):
        parent = open_month(
            world, month=AUGUST if name == "small" else SEPTEMBER, services=services
        )
        tracker = reverse("returns:return_detail", args=[parent.pk])
        grid = service_url(parent, services[-1])
        lead.get(tracker), client.get(grid)  # warm the sessions
        with CaptureQueriesContext(connection) as tracked:
            lead.get(tracker)
        with CaptureQueriesContext(connection) as gridded:
            response = client.get(grid)
        counts[name] = (len(tracked), len(gridded))
    # The tracker as a quarter's (tests/returns/test_views.py); the grid with results,
    # actions and risks as test_owners.py's.
    assert counts == {"small": (12, 21), "large": (12, 21)}
    assert len(re.findall(r'id="id_i\d+-6-value"', response.content.decode())) == 8

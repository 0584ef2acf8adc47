""" "Your returns" exact by owner: the dashboard says how much of what is owed is yours, the
service's return page shows "only mine", and reminders go to the owners of what is owed
(the service's officers too when something owed has no owner with an account).

`rw`'s return (Q2 2026/27, due 20 October 2026) asks Customer Services for CS01's result,
action 1a's progress and risk CS-R1's review; here a second officer, Sam, owns some of it."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Role
from kpis.models import Result
from returns.reminders import reminders_send
from tests import factories
from tests.conftest import person
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 10, 20)
ESCALATION_DAY = dt.date(2026, 10, 27)


@pytest.fixture
def sam(rw):
    """A second officer of Customer Services, who owns CS01 and CS02 (both due) and risk
    CS-R1; nobody owns CS03 or action 1a. Everyone has an e-mail address."""
    world = rw.world
    sam = person(world.council, "sam", Role.Name.OFFICER, service=world.service)
    for user in (world.officer, world.manager, world.lead, sam):
        user.email = f"{user.username}@testshire.example"
        user.save()
    rw.indicator.owner_user = sam
    rw.indicator.save()
    factories.IndicatorFactory(service=world.service, code="CS02", owner_user=sam)
    factories.IndicatorFactory(service=world.service, code="CS03")
    # Not saved through the risk: a save since the return opened is its review.
    type(rw.risk).objects.filter(pk=rw.risk.pk).update(owner_user=sam)
    return sam


@pytest.fixture
def on(monkeypatch):
    monkeypatch.setattr("serviceplans.dashboard.today", lambda: dt.date(2026, 10, 10))


def service_url(rw, mine=False):
    url = reverse("returns:service_return", args=[rw.parent.pk, rw.world.service.pk])
    return url + ("?mine=1" if mine else "")


# --- The dashboard ---------------------------------------------------------------------------


def test_the_dashboard_says_how_much_of_what_is_owed_is_yours(client_for, rw, sam, on):
    html = client_for(sam).get("/").content.decode()
    assert "3 results due, 2 of them yours; 1 action to report; 1 risk to review, yours" in html
    html = client_for(rw.world.officer).get("/").content.decode()
    assert "3 results due; 1 action to report; 1 risk to review" in html


def test_an_action_s_lead_officer_owns_its_progress(client_for, rw, sam, on):
    rw.action.lead_officer = sam
    rw.action.save()
    html = client_for(sam).get("/").content.decode()
    assert "1 action to report, yours" in html


@pytest.mark.parametrize("teams", [1, 5])
def test_the_dashboard_costs_the_same_queries_with_owners(
    client_for, world, on, teams, django_assert_num_queries
):
    owner = person(world.council, "owner", Role.Name.OFFICER, directorate=world.other_directorate)
    services = []
    for n in range(teams):
        service = factories.ServiceFactory(directorate=world.other_directorate, name=f"Team {n}")
        factories.IndicatorFactory(service=service, owner_user=owner)
        factories.IndicatorFactory(service=service, frequency="monthly", code=f"M{n}")
        factories.RiskFactory(service=service, review_date=dt.date(2026, 10, 1), owner_user=owner)
        services.append(service)
    open_return(world, services=services)
    client = client_for(owner)
    client.get("/")  # warm the session
    with django_assert_num_queries(14):
        html = client.get("/").content.decode()
    assert html.count("4 results due, 1 of them yours; 1 risk to review, yours") == teams


# --- "Only mine" on the return's page --------------------------------------------------------------


def test_only_mine_shows_the_rows_of_what_you_own(client_for, rw, sam):
    client = client_for(sam)
    everything = client.get(service_url(rw)).content.decode()
    assert all(f"{code}<br>" in everything for code in ("CS01", "CS02", "CS03"))
    assert 'href="?mine=1">only mine</a>' in everything
    mine = client.get(service_url(rw, mine=True)).content.decode()
    assert "CS01<br>" in mine and "CS02<br>" in mine and "CS03<br>" not in mine
    assert "CS-R1" in mine  # Sam's risk
    assert "Action 1a" not in mine  # nobody leads it
    assert "<strong>only mine</strong>" in mine


def test_only_mine_saves_only_your_rows_and_stays_on_your_rows(client_for, rw, sam):
    cs03 = rw.indicator.service.indicators.get(code="CS03")
    # A saved result of a row the filtered page does not show must not be asked for again.
    factories.ResultFactory(indicator=cs03, year=2026, period=2)
    response = client_for(sam).post(
        service_url(rw, mine=True), {f"i{rw.indicator.pk}-2-value": "98", "action": "save"}
    )
    assert response.status_code == 302
    assert response.url == service_url(rw, mine=True)
    assert Result.objects.get(indicator=rw.indicator, year=2026, period=2).entered_by == sam


def test_only_mine_with_nothing_of_yours_says_so(client_for, rw, sam):
    html = client_for(rw.world.officer).get(service_url(rw, mine=True)).content.decode()
    assert "None of the indicators of Customer Services due in Q2 2026/27 are yours." in html
    assert "Action 1a" not in html


@pytest.mark.parametrize("size", [2, 6])
def test_only_mine_costs_the_same_queries_for_2_and_6_indicators(
    client_for, rw, sam, size, django_assert_num_queries
):
    for n in range(size):
        factories.IndicatorFactory(service=rw.world.service, code=f"X{n}", owner_user=sam)
        factories.IndicatorFactory(service=rw.world.service, code=f"Y{n}")
    client = client_for(sam)
    client.get(service_url(rw, mine=True))  # warm the session
    with django_assert_num_queries(21):
        html = client.get(service_url(rw, mine=True)).content.decode()
    assert html.count(">X") == size and "Y0<br>" not in html


# --- Reminders ------------------------------------------------------------------------------------


def test_reminders_go_to_the_owners_and_to_the_officers_for_what_nobody_owns(rw, sam):
    reminders_send(today=DEADLINE)
    (message,) = mail.outbox
    # CS03 and action 1a have no owner: the service's officers hear of them too.
    assert message.to == ["officer@testshire.example", "sam@testshire.example"]


def test_when_everything_owed_is_owned_only_the_owners_are_reminded(rw, sam):
    rw.world.plan.sections.filter(kind="actions").delete()
    rw.action.delete()
    rw.indicator.service.indicators.filter(code="CS03").delete()
    reminders_send(today=DEADLINE)
    (message,) = mail.outbox
    assert message.to == ["sam@testshire.example"]
    assert message.to == [
        address.strip()
        for address in rw.parent.service_returns.get(service=rw.world.service)
        .reminders.get()
        .recipients.split(",")
    ]


def test_an_owner_no_longer_active_leaves_it_to_the_officers(rw, sam):
    rw.action.delete()
    rw.indicator.service.indicators.filter(code="CS03").delete()
    sam.is_active = False
    sam.save()
    reminders_send(today=DEADLINE)
    (message,) = mail.outbox
    assert message.to == ["officer@testshire.example"]


def test_the_escalation_goes_to_the_managers_too(rw, sam):
    rw.action.delete()
    rw.indicator.service.indicators.filter(code="CS03").delete()
    reminders_send(today=ESCALATION_DAY)
    (message,) = mail.outbox
    assert message.to == ["manager@testshire.example", "sam@testshire.example"]


@pytest.mark.parametrize("teams", [2, 6])
def test_the_reminders_read_the_same_queries_for_2_and_6_services(world, teams):
    owner = person(world.council, "owner", Role.Name.OFFICER, directorate=world.other_directorate)
    owner.email = "owner@testshire.example"
    owner.save()
    services = []
    for n in range(teams):
        service = factories.ServiceFactory(directorate=world.other_directorate, name=f"Team {n}")
        factories.IndicatorFactory(service=service, owner_user=owner)
        factories.IndicatorFactory(service=service, code=f"U{n}")  # nobody owns it
        factories.RiskFactory(service=service, review_date=dt.date(2026, 10, 1), owner_user=owner)
        person(world.council, f"officer-{n}", Role.Name.OFFICER, service=service)
        services.append(service)
    open_return(world, services=services, asks_progress=False)
    with CaptureQueriesContext(connection) as queries:
        sent = reminders_send(today=DEADLINE)
    assert len(sent) == teams
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # The returns due, the parts owing, the indicators, their results, the risks, the owners
    # and the roles: the same seven reads whatever the number of services (each reminder
    # then writes its own row, which is what makes it go once).
    assert len(reads) == 7

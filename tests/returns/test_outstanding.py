"""Returns on the dashboard: each open return of the services someone fills in or reviews,
with its deadline (overdue in words), its status and what is still missing, in a number of
queries that does not grow with the services."""

import datetime as dt

import pytest
from django.urls import reverse

from council.models import Role
from returns.models import ServiceReturn
from returns.services import service_return_accept, service_return_submit
from tests import factories
from tests.conftest import person
from tests.returns.conftest import TODAY, open_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(monkeypatch):
    """Set the dashboard's today: on(dt.date(2026, 10, 23))."""

    def set_today(day):
        monkeypatch.setattr("serviceplans.dashboard.today", lambda: day)

    set_today(TODAY)
    return set_today


def card(html, service_name):
    """The summary card of a service on the dashboard, as text to search."""
    start = html.index(f'<h3 class="govuk-summary-card__title">{service_name}:')
    return html[start : html.index("</dl>", start)]


def test_the_officer_sees_what_their_service_owes_and_when(client_for, rw, on):
    html = client_for(rw.world.officer).get("/").content.decode()
    assert "Your returns" in html
    mine = card(html, "Customer Services")
    assert "Customer Services: Q2 2026/27" in mine
    assert "20 October 2026 (due in 10 days)" in mine
    assert "1 result due; 1 action to report; 1 risk to review" in mine
    assert ">Not started</strong>" in mine
    link = reverse("returns:service_return", args=[rw.parent.pk, rw.world.service.pk])
    assert f'href="{link}">Open the return' in html
    assert "Revenues:" not in html and "Waste:" not in html


def test_a_late_return_says_how_late_in_words(client_for, rw, on):
    on(dt.date(2026, 10, 23))
    mine = card(client_for(rw.world.officer).get("/").content.decode(), "Customer Services")
    assert "(overdue by 3 days)" in mine and ">Late</strong>" in mine


def test_the_manager_sees_the_status_of_their_services_returns(client_for, rw, on):
    world = rw.world
    html = client_for(world.manager).get("/").content.decode()
    # Waste owes nothing: complete, not yet submitted. Revenues is in another directorate.
    assert "Nothing: everything due is in" in card(html, "Waste")
    assert ">Complete, not submitted</strong>" in card(html, "Waste")
    assert "Customer Services: Q2 2026/27" in html and "Revenues:" not in html


def test_people_without_services_to_fill_in_or_review_see_no_returns(client_for, rw, on):
    for user in (rw.world.clerk, rw.world.lead):
        assert "Your returns" not in client_for(user).get("/").content.decode()


def test_an_accepted_return_shows_who_accepted_it_then_drops_off(client_for, rw, on):
    world = rw.world
    waste = ServiceReturn.objects.get(parent=rw.parent, service=world.sibling_service)
    service_return_submit(service_return=waste, user=world.manager)
    service_return_accept(service_return=waste, user=world.lead)
    client = client_for(world.manager)
    waste_card = card(client.get("/").content.decode(), "Waste")
    assert ">Accepted</strong>" in waste_card and f"by {world.lead} on" in waste_card
    # Six weeks after the deadline: the accepted one has gone, the one still owed stays.
    on(dt.date(2026, 12, 1))
    html = client.get("/").content.decode()
    assert "Waste:" not in html
    assert "(overdue by 42 days)" in card(html, "Customer Services")


QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]


def deadline_of(year, quarter):
    """The 20th of the month after the quarter."""
    return dt.date(year + (quarter >= 3), (quarter * 3 + 3) % 12 + 1, 20)


def test_every_return_waiting_is_listed_latest_first(client_for, world, on):
    for year, quarter in QUARTERS:
        open_return(
            world,
            year=year,
            quarter=quarter,
            deadline=deadline_of(year, quarter),
            services=[world.service],
        )
    html = client_for(world.officer).get("/").content.decode()
    shown = [line for line in html.splitlines() if "Customer Services: Q" in line]
    assert [line.split("Customer Services: ")[1][:10] for line in shown] == [
        "Q2 2026/27",
        "Q1 2026/27",
        "Q4 2025/26",
        "Q3 2025/26",
        "Q2 2025/26",
        "Q1 2025/26",
    ]
    assert "Older returns" not in html
    oldest = html[html.index("Customer Services: Q1 2025/26") :]
    assert "20 July 2025 (overdue by 447 days)" in oldest[: oldest.index("</dl>")]


@pytest.mark.parametrize("services,returns", [(1, 1), (5, 6)])
def test_the_dashboard_costs_the_same_queries_for_1_and_6_returns(
    client_for, world, on, services, returns, django_assert_num_queries
):
    officer = person(world.council, "many", Role.Name.OFFICER, directorate=world.other_directorate)
    teams = []
    for n in range(services):
        service = factories.ServiceFactory(directorate=world.other_directorate, name=f"Team {n}")
        indicator = factories.IndicatorFactory(service=service)
        factories.ResultFactory(indicator=indicator, year=2026, period=2)
        factories.IndicatorFactory(service=service, frequency="monthly", code=f"M{n}")
        factories.RiskFactory(service=service, review_date=dt.date(2026, 10, 1))
        plan = factories.PlanFactory(service=service, first_year=2025, last_year=2026)
        factories.ActionFactory(objective=factories.ServiceObjectiveFactory(plan=plan))
        teams.append(service)
    for year, quarter in QUARTERS[-returns:]:
        open_return(
            world, year=year, quarter=quarter, deadline=deadline_of(year, quarter), services=teams
        )
    client = client_for(officer)
    client.get("/")  # warm the session
    with django_assert_num_queries(15):
        html = client.get("/").content.decode()
    assert html.count('<h3 class="govuk-summary-card__title">Team ') == services * returns

"""Delivery at a glance: the council-wide dashboard and the golden thread."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.models import CorporatePriority, Service
from plans import delivery
from plans.delivery import ThreadContributor, delivery_summary, golden_thread
from plans.models import Action
from tests import factories

DELIVERY = reverse("plans:delivery") + "?year=2026"
THREAD = reverse("plans:golden_thread") + "?year=2026"


def report(action, status, note="Note", quarter=1):
    return factories.ProgressUpdateFactory(action=action, quarter=quarter, status=status, note=note)


@pytest.fixture
def spread(aw):
    """Actions in two services: one late, one achieved, one delayed, one not started."""
    today = timezone.localdate()
    late = factories.ActionFactory(
        objective=aw.objective, title="Late action", target_date=today - dt.timedelta(days=30)
    )
    report(late, "on_track")
    done = factories.ActionFactory(
        objective=aw.objective, target_date=today - dt.timedelta(days=30)
    )
    report(done, "on_track")
    report(done, "achieved", quarter=2)
    revenue_objective = factories.ServiceObjectiveFactory(
        plan=aw.world.other_plan, priorities=[aw.other_priority, aw.priority]
    )
    delayed = factories.ActionFactory(objective=revenue_objective, title="Revenues action")
    report(delayed, "delayed", "Staff shortage")
    # aw.action (not started, target 31/03/2027) completes the set.
    return {"late": late, "done": done, "delayed": delayed}


def counts(row):
    return {k: v for k, v in row.counts.items() if v}


def test_summary_counts_by_service_and_priority(aw, spread):
    world = aw.world
    summary = delivery_summary(
        services=Service.objects.visible_to(world.clerk),
        priorities=CorporatePriority.objects.filter(council=world.council),
        year=2026,
        today=timezone.localdate(),
    )
    by_service = {row.subject.name: row for row in summary.by_service}
    assert counts(by_service["Customer Services"]) == {
        "not_started": 1,
        "on_track": 1,
        "achieved": 1,
    }
    assert by_service["Customer Services"].overdue == 1
    assert counts(by_service["Revenues"]) == {"delayed": 1}
    assert "Waste" not in by_service  # no actions: not listed
    assert summary.totals.total == 4 and summary.totals.overdue == 1
    by_priority = {row.subject.title: row for row in summary.by_priority}
    assert counts(by_priority["Financially Independent"]) == {
        "not_started": 1,
        "on_track": 1,
        "achieved": 1,
        "delayed": 1,
    }
    assert counts(by_priority["Sustainable Environment"]) == {"delayed": 1}
    assert [a.title for a in summary.overdue] == ["Late action"]


def test_summary_counts_only_plans_covering_the_year(aw, spread):
    summary = delivery_summary(
        services=Service.objects.visible_to(aw.world.clerk),
        priorities=[],
        year=2027,
        today=timezone.localdate(),
    )
    assert [row.subject.name for row in summary.by_service] == ["Customer Services"]


def test_anonymous_is_sent_to_sign_in(client, aw):
    for url in (DELIVERY, THREAD):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_dashboard_for_the_clerk_shows_every_service(client_for, aw, spread):
    html = client_for(aw.world.clerk).get(DELIVERY).content.decode()
    assert "Delivery of actions 2026/27" in html
    assert "Customer Services" in html and "Revenues" in html
    assert "Late action" in html and "Overdue" in html
    assert "Financially Independent" in html


def test_officers_see_their_own_services_only(client_for, aw, spread):
    html = client_for(aw.world.officer).get(DELIVERY).content.decode()
    assert "Customer Services" in html
    assert "Revenues" not in html
    html = client_for(aw.world.officer).get(THREAD).content.decode()
    assert "Late action" in html
    assert "Revenues action" not in html


def test_managers_see_their_directorate(client_for, aw, spread):
    html = client_for(aw.world.manager).get(DELIVERY).content.decode()
    assert "Late action" in html
    assert "Revenues" not in html


def test_another_council_sees_none_of_ours(client_for, aw, spread):
    html = client_for(aw.world.foreign_officer).get(DELIVERY).content.decode()
    assert "Late action" not in html
    assert "Financially Independent" not in html
    html = client_for(aw.world.foreign_officer).get(THREAD).content.decode()
    assert "Late action" not in html and "Financially Independent" not in html


def test_the_golden_thread_traces_priority_to_actions(client_for, aw, spread):
    thread = golden_thread(
        council_id=aw.world.council.pk,
        services=Service.objects.visible_to(aw.world.clerk),
        year=2026,
        today=timezone.localdate(),
    )
    by_title = {item.priority.title: item for item in thread}
    contributor, objectives = by_title["Financially Independent"].groups[0]
    assert [c.title for c, _ in by_title["Financially Independent"].groups] == [
        "Service objectives and actions",
        "Performance indicators",
        "Risks",
    ]
    assert {o.title for o in objectives} == {aw.objective.title, spread["delayed"].objective.title}
    mine = next(o for o in objectives if o.pk == aw.objective.pk)
    assert {(a.title, a.current_label, a.overdue) for a in mine.actions.all()} == {
        (aw.action.title, "Not started", False),
        ("Late action", "On track", True),
        (spread["done"].title, "Achieved", False),
    }
    _, environment = by_title["Sustainable Environment"].groups[0]
    assert [o.pk for o in environment] == [spread["delayed"].objective.pk]
    html = client_for(aw.world.clerk).get(THREAD).content.decode()
    assert "Customer Services: To help reduce failure demand" in html
    assert "Revenues action</a> – Delayed" in html


def test_other_apps_plug_into_the_golden_thread(client_for, aw, spread, monkeypatch):
    def indicators(*, services, year, today):
        return {aw.priority.pk: ["CS04 Volume of enquiries submitted on-line"]}

    contributor = ThreadContributor(
        "Performance indicators", "plans/actions/test_thread.html", indicators
    )
    monkeypatch.setattr(delivery, "GOLDEN_THREAD", [*delivery.GOLDEN_THREAD, contributor])
    thread = golden_thread(
        council_id=aw.world.council.pk,
        services=Service.objects.visible_to(aw.world.clerk),
        year=2026,
        today=timezone.localdate(),
    )
    item = next(i for i in thread if i.priority == aw.priority)
    assert [(c.title, items) for c, items in item.groups][-1] == (
        "Performance indicators",
        ["CS04 Volume of enquiries submitted on-line"],
    )
    other = next(i for i in thread if i.priority == aw.other_priority)
    assert other.groups[-1][1] == []


def grow(aw, count):
    for index in range(count):
        plan = aw.world.plan if index % 2 else aw.world.other_plan
        objective = factories.ServiceObjectiveFactory(
            plan=plan, priorities=[aw.priority, aw.other_priority]
        )
        action = factories.ActionFactory(
            objective=objective, target_date=dt.date(2026, 4, 30), lead_officer=aw.world.officer
        )
        report(action, "on_track")
        report(action, "delayed", quarter=2)


@pytest.mark.parametrize("url", [DELIVERY, THREAD])
def test_query_count_does_not_grow_with_actions(client_for, aw, url, django_assert_num_queries):
    client = client_for(aw.world.clerk)
    grow(aw, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(aw, 60)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count("Overdue") >= 60


def test_the_header_links_to_delivery(client_for, aw):
    html = client_for(aw.world.officer).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("plans:delivery")}"' in html
    assert ">Delivery<" in html


def test_an_action_counts_under_the_priorities_it_serves_itself(client_for, aw, spread):
    late = spread["late"]
    # Its objective already serves "Financially Independent": that link is not counted twice.
    late.priorities.set([aw.other_priority, aw.priority])
    Action.objects.filter(pk=late.pk).update(responsible="JB/KM")

    summary = delivery_summary(
        services=Service.objects.visible_to(aw.world.clerk),
        priorities=CorporatePriority.objects.filter(council=aw.world.council),
        year=2026,
        today=timezone.localdate(),
    )

    by_priority = {row.subject.title: row for row in summary.by_priority}
    assert counts(by_priority["Sustainable Environment"]) == {"delayed": 1, "on_track": 1}
    assert by_priority["Sustainable Environment"].overdue == 1
    assert by_priority["Financially Independent"].total == 4
    assert by_priority["Financially Independent"].overdue == 1
    html = client_for(aw.world.clerk).get(DELIVERY).content.decode()
    assert ">Responsible</th>" in html
    assert '<td class="govuk-table__cell">JB/KM</td>' in html


def test_the_golden_thread_shows_an_action_under_a_priority_it_serves_itself(
    client_for, aw, spread
):
    spread["late"].priorities.set([aw.other_priority])

    thread = golden_thread(
        council_id=aw.world.council.pk,
        services=Service.objects.visible_to(aw.world.clerk),
        year=2026,
        today=timezone.localdate(),
    )

    by_title = {item.priority.title: item for item in thread}
    _, environment = by_title["Sustainable Environment"].groups[0]
    shown = {o.pk: [a.title for a in o.thread_actions] for o in environment}
    # The objective that serves the priority with all its actions; the other with just the one.
    assert shown == {
        spread["delayed"].objective.pk: ["Revenues action"],
        aw.objective.pk: ["Late action"],
    }
    _, independent = by_title["Financially Independent"].groups[0]
    mine = next(o for o in independent if o.pk == aw.objective.pk)
    assert len(mine.thread_actions) == 3

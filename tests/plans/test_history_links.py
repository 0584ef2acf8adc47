"""Links to corporate priorities and objectives, and an action's co-owners, are in the history:
each change of links is a historical row holding the links as they then were."""

from django.urls import reverse

from tests import factories


def test_an_objectives_priority_links_are_recorded_with_who_changed_them(aw, client_for):
    objective, priority, other = aw.objective, aw.priority, aw.other_priority
    section = aw.world.plan.sections.get(kind="actions")
    url = reverse("plans:objective_edit", args=[aw.world.plan.pk, objective.pk])
    before = objective.history.latest()

    response = client_for(aw.world.officer).post(
        url,
        {
            "version": section.version,
            "title": objective.title,
            "priorities": [str(priority.pk), str(other.pk)],
            "corporate_objectives": [str(aw.corporate_objective.pk)],
            "position": str(objective.position),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = objective.history.latest()
    assert latest.history_id != before.history_id
    assert sorted(str(p.corporatepriority) for p in latest.priorities.all()) == sorted(
        [priority.title, other.title]
    )
    assert [str(o.objective) for o in latest.corporate_objectives.all()] == [
        aw.corporate_objective.title
    ]
    assert latest.history_user == aw.world.officer
    # The change is visible by comparing with the row before it.
    assert [p.corporatepriority for p in before.priorities.all()] == [priority]
    assert not before.corporate_objectives.exists()
    delta = latest.diff_against(before)
    assert sorted(delta.changed_fields) == ["corporate_objectives", "priorities"]


def test_an_actions_co_owners_are_recorded(aw):
    action = aw.action
    action.co_owners.set([aw.world.officer])
    action.co_owners.set([aw.world.officer, aw.world.manager])

    rows = list(action.history.order_by("history_date", "history_id"))
    recorded = [sorted(r.user.username for r in row.co_owners.all()) for row in rows]
    assert recorded[-2:] == [["officer"], ["manager", "officer"]]
    assert rows[-1].diff_against(rows[-2]).changed_fields == ["co_owners"]


def test_an_indicators_and_a_risks_priority_links_are_recorded(world):
    priority = factories.PriorityFactory(council=world.council, title="Thriving Communities")
    objective = factories.ObjectiveFactory(priority=priority, title="More homes")
    indicator = factories.IndicatorFactory(service=world.service, code="CS01")
    risk = factories.RiskFactory(service=world.service, reference="CS-R1")

    indicator.priorities.set([priority])
    indicator.objectives.set([objective])
    risk.priorities.set([priority])
    risk.priorities.clear()

    latest = indicator.history.latest()
    assert [p.corporatepriority for p in latest.priorities.all()] == [priority]
    assert [o.objective for o in latest.objectives.all()] == [objective]
    risk_rows = list(risk.history.order_by("history_date", "history_id"))
    assert [[p.corporatepriority for p in row.priorities.all()] for row in risk_rows] == [
        [],
        [priority],
        [],
    ]
    assert [row.history_type for row in risk_rows] == ["+", "~", "~"]

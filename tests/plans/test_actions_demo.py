"""The demo plans' actions, progress and projects load once, modelled on the seed plans."""

import io

from django.core.management import call_command

from plans.models import Action, Milestone, Plan, ProgressUpdate, Project, Section, ServiceObjective

MODELS = (Plan, Section, ServiceObjective, Action, ProgressUpdate, Project, Milestone)


def counts():
    return [m.objects.count() for m in MODELS]


def test_demo_actions_load_once_with_carried_forward_links(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    current = Plan.objects.get(service__code="customer-services", first_year=2026)
    previous = Plan.objects.get(service__code="customer-services", first_year=2025)
    carried = Action.objects.filter(plan=current, carried_from__isnull=False)
    assert {a.carried_from.plan for a in carried} == {previous}
    assert {a.title for a in carried} == {
        "Develop and launch a new self-service portal on the website.",
        "Measure and provide monthly reports on avoidable contact.",
    }
    statuses = set(
        ProgressUpdate.objects.filter(action__plan=previous).values_list("status", flat=True)
    )
    assert {"achieved", "not_achieved", "carried_forward"} <= statuses
    assert Project.objects.filter(plan=current).count() == 2
    # The rolling action plan, and an appendix of lettered improvement actions printed as a
    # table with the council's columns.
    plan_list, appendix = Section.objects.filter(plan=current, kind="actions").order_by("position")
    assert appendix.columns["parts"] == ["objectives"]
    assert [a.reference for a in Action.objects.filter(objective__section=appendix)] == [
        "A",
        "B",
        "C",
    ]
    assert not Action.objects.filter(objective__section=plan_list).exists()

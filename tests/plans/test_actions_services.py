"""Progress reports and carrying actions forward (plans.services)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from plans.models import Action, Plan, ProgressUpdate, Section, ServiceObjective
from plans.services.actions import (
    action_progress_record,
    actions_carry_forward,
    carryable_actions,
    next_plan,
)
from plans.services.editing import plan_create
from tests import factories
from tests.plans.conftest import TODAY, add_actions_section


def test_each_report_is_a_new_record_and_moves_the_section_on(aw):
    for status, note in [("on_track", ""), ("delayed", "Supplier late"), ("on_track", "Back")]:
        action_progress_record(
            action=aw.action, year=2026, quarter=2, status=status, note=note, user=aw.world.officer
        )
    assert list(aw.action.progress_updates.values_list("status", flat=True)) == [
        "on_track",
        "delayed",
        "on_track",
    ]
    section = Section.objects.get(pk=aw.section.pk)
    assert section.version == aw.section.version + 3
    assert section.updated_by == aw.world.officer


def test_a_report_behind_without_a_note_is_refused(aw):
    with pytest.raises(ValidationError) as error:
        action_progress_record(
            action=aw.action, year=2026, quarter=2, status="not_achieved", note=" ",
            user=aw.world.officer,
        )  # fmt: skip
    assert "the note is what committees read" in error.value.message_dict["note"][0]
    assert not ProgressUpdate.objects.exists()


def test_a_report_outside_the_plan_years_is_refused(aw):
    with pytest.raises(ValidationError) as error:
        action_progress_record(
            action=aw.action, year=2031, quarter=1, status="on_track", note="",
            user=aw.world.officer,
        )  # fmt: skip
    assert error.value.message_dict["year"] == ["Choose a year of the plan (2026/27 to 2028/29)"]


def test_reports_go_on_after_the_plan_is_published(aw):
    Plan.objects.filter(pk=aw.world.plan.pk).update(status=Plan.Status.PUBLISHED)
    aw.action.plan.refresh_from_db()
    action_progress_record(
        action=aw.action, year=2026, quarter=3, status="achieved", note="", user=aw.world.officer
    )
    assert aw.action.progress_updates.get().status == "achieved"


@pytest.fixture
def later_plan(aw):
    plan = plan_create(
        service=aw.world.service, first_year=2029, last_year=2029, user=aw.world.officer
    )
    add_actions_section(plan)
    return plan


def test_carry_forward_copies_the_action_and_keeps_the_link(aw, later_plan):
    aw.objective.corporate_objectives.set([aw.corporate_objective])
    aw.action.co_owners.set([aw.world.manager])
    factories.ProgressUpdateFactory(
        action=aw.action, year=2028, quarter=4, status="not_achieved", note="CRM could not report"
    )
    [copy] = actions_carry_forward(
        from_plan=aw.world.plan,
        to_plan=later_plan,
        actions=[aw.action],
        user=aw.world.officer,
        today=TODAY,
    )
    assert copy.plan == later_plan
    assert copy.carried_from == aw.action
    assert copy.title == aw.action.title
    assert copy.lead_officer == aw.world.officer
    assert list(copy.co_owners.all()) == [aw.world.manager]
    assert list(aw.action.carried_to.all()) == [copy]
    assert not copy.progress_updates.exists()
    objective = copy.objective
    assert objective.plan == later_plan and objective.title == aw.objective.title
    assert list(objective.priorities.all()) == [aw.priority]
    assert list(objective.corporate_objectives.all()) == [aw.corporate_objective]
    # The action it came from is now reported as carried forward, its history kept.
    latest = aw.action.progress_updates.order_by("-pk").first()
    assert latest.status == "carried_forward"
    assert latest.note == "Carried forward to the 2029/30 plan."
    assert (latest.year, latest.quarter) == (2026, 3)
    assert aw.action.progress_updates.count() == 2
    later_section = Section.objects.get(plan=later_plan, kind="actions")
    assert later_section.version == 2 and later_section.updated_by == aw.world.officer
    assert Section.objects.get(pk=aw.section.pk).version == aw.section.version + 1


def test_carry_forward_reuses_an_objective_of_the_same_title(aw, later_plan):
    existing = factories.ServiceObjectiveFactory(plan=later_plan, title=aw.objective.title)
    [copy] = actions_carry_forward(
        from_plan=aw.world.plan, to_plan=later_plan, actions=[aw.action], user=aw.world.officer
    )
    assert copy.objective == existing
    assert ServiceObjective.objects.filter(plan=later_plan).count() == 1


def test_achieved_or_cancelled_actions_are_not_carried(aw, later_plan):
    factories.ProgressUpdateFactory(action=aw.action, status="achieved")
    cancelled = factories.ActionFactory(objective=aw.objective)
    factories.ProgressUpdateFactory(action=cancelled, status="cancelled")
    assert list(carryable_actions(aw.world.plan)) == []
    with pytest.raises(ValidationError) as error:
        actions_carry_forward(
            from_plan=aw.world.plan, to_plan=later_plan, actions=[aw.action], user=aw.world.officer
        )
    assert "achieved, cancelled, already carried forward" in error.value.messages[0]
    assert not Action.objects.filter(plan=later_plan).exists()


def test_an_action_is_carried_forward_once(aw, later_plan):
    actions_carry_forward(
        from_plan=aw.world.plan, to_plan=later_plan, actions=[aw.action], user=aw.world.officer
    )
    with pytest.raises(ValidationError) as error:
        actions_carry_forward(
            from_plan=aw.world.plan, to_plan=later_plan, actions=[aw.action], user=aw.world.officer
        )
    assert "already carried forward" in error.value.messages[0]
    assert Action.objects.filter(plan=later_plan).count() == 1


def test_carry_forward_only_into_a_later_plan_of_the_same_service(aw, later_plan):
    with pytest.raises(ValidationError) as error:
        actions_carry_forward(
            from_plan=aw.world.plan,
            to_plan=aw.world.other_plan,
            actions=[aw.action],
            user=aw.world.officer,
        )
    assert error.value.messages == [
        "Actions can only be carried forward into a plan of the same service."
    ]
    with pytest.raises(ValidationError) as error:
        actions_carry_forward(
            from_plan=later_plan, to_plan=aw.world.plan, actions=[], user=aw.world.officer
        )
    assert error.value.messages == [
        "Actions can only be carried forward into a later plan than 2029/30."
    ]


def test_carry_forward_needs_an_actions_section_in_the_later_plan(aw):
    bare = plan_create(
        service=aw.world.service, first_year=2029, last_year=2029, user=aw.world.officer
    )
    with pytest.raises(ValidationError) as error:
        actions_carry_forward(
            from_plan=aw.world.plan, to_plan=bare, actions=[aw.action], user=aw.world.officer
        )
    assert "has no actions and projects section" in error.value.messages[0]
    assert not Action.objects.filter(plan=bare).exists()
    assert not aw.action.progress_updates.exists()


def test_next_plan_is_the_services_first_later_plan(aw, later_plan):
    assert next_plan(aw.world.plan) == later_plan
    assert next_plan(later_plan) is None
    assert next_plan(aw.world.other_plan) is None


def test_carry_forward_from_a_finished_plan_reports_in_its_last_quarter(aw, later_plan):
    actions_carry_forward(
        from_plan=aw.world.plan,
        to_plan=later_plan,
        actions=[aw.action],
        user=aw.world.officer,
        today=dt.date(2029, 5, 1),
    )
    update = aw.action.progress_updates.get()
    assert (update.year, update.quarter) == (2028, 4)

"""Actions, progress reports and milestones: the rules the database and the models keep."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.document import actions_part, plan_document, plan_queryset
from plans.models import Action, DeliveryStatus, Milestone, ProgressUpdate
from plans.models.actions import current_status, is_overdue
from tests import factories
from tests.plans.conftest import TODAY


def test_progress_history_is_kept_and_the_latest_quarter_wins(aw):
    factories.ProgressUpdateFactory(action=aw.action, year=2026, quarter=2, status="at_risk")
    factories.ProgressUpdateFactory(action=aw.action, year=2026, quarter=1, status="on_track")
    factories.ProgressUpdateFactory(
        action=aw.action, year=2026, quarter=2, status="delayed", note="Supplier late"
    )
    updates = list(aw.action.progress_updates.all())
    assert [(u.quarter, u.status) for u in updates] == [
        (1, "on_track"),
        (2, "at_risk"),
        (2, "delayed"),
    ]
    assert current_status(updates) == DeliveryStatus.DELAYED
    assert current_status([]) == DeliveryStatus.NOT_STARTED


def test_a_delayed_report_without_a_note_is_refused_by_the_database(aw):
    with pytest.raises(IntegrityError, match="progress_note_when_behind"), transaction.atomic():
        ProgressUpdate.objects.create(action=aw.action, year=2026, quarter=1, status="delayed")
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("status", ["delayed", "not_achieved"])
def test_a_report_behind_without_a_note_is_refused_with_the_reason(aw, status):
    update = ProgressUpdate(action=aw.action, year=2026, quarter=1, status=status, note="  ")
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "the note is what committees read" in error.value.message_dict["note"][0]


def test_other_statuses_need_no_note(aw):
    update = ProgressUpdate(action=aw.action, year=2026, quarter=1, status="on_track")
    update.full_clean()


def test_quarter_must_be_one_to_four(aw):
    with pytest.raises(IntegrityError, match="progress_quarter_valid"), transaction.atomic():
        ProgressUpdate.objects.create(action=aw.action, year=2026, quarter=5, status="on_track")


def test_an_action_needs_a_target_date_or_a_recurring_target(aw):
    action = Action(plan=aw.world.plan, objective=aw.objective, title="Monthly reports")
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.message_dict["target_date"] == [
        "Enter a target date or a target as text, like Ongoing"
    ]
    with pytest.raises(IntegrityError, match="action_has_target"), transaction.atomic():
        action.save()
    action.target_text = "Quarterly"
    action.full_clean()


def test_an_action_cannot_sit_under_another_plans_objective(aw):
    other = factories.ServiceObjectiveFactory(plan=aw.world.other_plan)
    action = Action(plan=aw.world.plan, objective=other, title="X", target_text="Monthly")
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.message_dict["objective"] == ["Select an objective of this plan"]


@pytest.mark.parametrize(
    ("target", "status", "overdue"),
    [
        (dt.date(2026, 9, 30), "on_track", True),
        (dt.date(2026, 9, 30), "not_started", True),
        (dt.date(2026, 9, 30), "not_achieved", True),
        (dt.date(2026, 9, 30), "achieved", False),
        (dt.date(2026, 9, 30), "cancelled", False),
        (dt.date(2026, 9, 30), "carried_forward", False),
        (TODAY, "on_track", False),
        (dt.date(2027, 1, 31), "delayed", False),
        (None, "on_track", False),
    ],
)
def test_overdue_when_the_target_date_has_passed_and_the_work_is_not_over(
    aw, target, status, overdue
):
    aw.action.target_date = target
    assert is_overdue(aw.action, status, TODAY) is overdue


def test_target_outside_the_plan_period_is_flagged_not_refused(aw):
    aw.action.target_date = dt.date(2030, 1, 1)
    aw.action.full_clean()
    assert aw.action.target_outside(aw.world.plan)
    aw.action.target_date = dt.date(2029, 3, 31)
    assert not aw.action.target_outside(aw.world.plan)


def test_milestones_by_quarter_in_the_first_year_and_by_year_after(aw):
    project = factories.ProjectFactory(plan=aw.world.plan)
    with pytest.raises(ValidationError) as error:
        Milestone(project=project, year=2026, quarter=None, description="x").full_clean()
    assert error.value.message_dict["quarter"] == ["Milestones of the first year are by quarter"]
    with pytest.raises(ValidationError) as error:
        Milestone(project=project, year=2027, quarter=2, description="x").full_clean()
    assert error.value.message_dict["quarter"] == ["Milestones after the first year are by year"]
    with pytest.raises(ValidationError) as error:
        Milestone(project=project, year=2031, quarter=None, description="x").full_clean()
    assert "Choose a year of the plan" in error.value.message_dict["year"][0]
    Milestone(project=project, year=2027, quarter=None, description="x").full_clean()


def test_one_milestone_per_period(aw):
    project = factories.ProjectFactory(plan=aw.world.plan)
    factories.MilestoneFactory(project=project, year=2027, quarter=None)
    with pytest.raises(IntegrityError, match="milestone_unique_period"), transaction.atomic():
        factories.MilestoneFactory(project=project, year=2027, quarter=None)


def test_the_actions_part_groups_counts_and_flags(aw):
    late = factories.ActionFactory(objective=aw.objective, target_date=dt.date(2026, 6, 30))
    factories.ProgressUpdateFactory(action=late, status="at_risk")
    done = factories.ActionFactory(objective=aw.objective, target_date=dt.date(2026, 6, 30))
    factories.ProgressUpdateFactory(action=done, status="achieved")
    project = factories.ProjectFactory(plan=aw.world.plan)
    factories.MilestoneFactory(project=project, year=2026, quarter=2, description="Pilot")
    factories.MilestoneFactory(project=project, year=2028, quarter=None, description="Review")
    plan = plan_queryset().get(pk=aw.world.plan.pk)
    part = actions_part(plan, TODAY)
    [(objective, cards)] = part.objectives
    assert objective == aw.objective
    assert [c.action for c in cards] == [aw.action, late, done]
    assert [(c.status, c.overdue) for c in cards] == [
        ("not_started", False),
        ("at_risk", True),
        ("achieved", False),
    ]
    counts = {value: n for value, _, n in part.status_counts}
    assert counts["not_started"] == counts["at_risk"] == counts["achieved"] == 1
    assert part.overdue == 1
    [row] = part.projects
    assert [m.description if m else None for _, m in row.quarters] == [None, "Pilot", None, None]
    assert [(label, m.description if m else None) for label, m in row.later_years] == [
        ("2027/28", None),
        ("2028/29", "Review"),
    ]
    kinds = [s.section.kind for s in plan_document(plan, TODAY).sections]
    assert "actions" in kinds

"""Actions and projects: their section, quarterly progress, and carrying them forward."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from council import periods
from council.models import QuarterLock, User
from plans.models import (
    Action,
    DeliveryStatus,
    Plan,
    ProgressUpdate,
    Section,
    SectionKind,
    ServiceObjective,
)
from plans.models.actions import CLOSED, with_current_status
from plans.services.editing import section_save


def actions_section(plan: Plan) -> Section:
    """The plan's "Actions and projects" section, which records and locks its actions."""
    section = (
        Section.objects.filter(plan=plan, kind=SectionKind.ACTIONS)
        .order_by("position", "pk")
        .first()
    )
    if section is None:
        raise ValidationError(
            f"{plan.title} has no actions and projects section. "
            "Ask your performance lead to add one to the plan template."
        )
    return section


def _section_touch(*, section: Section, user: User) -> Section:
    """Move the section's version on and record who changed it, without the published check.

    Progress reports are monitoring, not plan content: they go on after a plan is published.
    """
    current = Section.objects.select_for_update().get(pk=section.pk)
    current.version += 1
    current.updated_by = user
    current.updated_at = timezone.now()
    current.save(update_fields=["version", "updated_by", "updated_at"])
    return current


def _reporting_quarter(plan: Plan, today) -> tuple[int, int]:
    """The quarter holding today, or the nearest quarter of the plan's period."""
    year, quarter = periods.quarter_of(today)
    if year < plan.first_year:
        return plan.first_year, 1
    if year > plan.last_year:
        return plan.last_year, 4
    return year, quarter


def refuse_locked_quarter(*, plan: Plan, year: int, quarter: int) -> None:
    """A quarter locked for the plan's service (council.models.QuarterLock) takes no more
    progress reports, from anyone: reports are never corrected, only added, so a locked
    quarter's would change what was accepted. The lead unlocks it first, with a reason."""
    lock = QuarterLock.objects.holding(plan.service_id, year, quarter)
    if lock is not None:
        raise ValidationError(
            {
                "period": ValidationError(
                    f"{lock.locked_words}: its progress can no longer be reported. Ask the "
                    "performance lead to unlock the quarter if a report must change",
                    code="locked",
                )
            }
        )


@transaction.atomic
def action_progress_record(
    *, action: Action, year: int, quarter: int, status: str, note: str, user: User
) -> ProgressUpdate:
    """Add a progress report on an action for a quarter; earlier reports are kept as they were."""
    plan = action.plan
    if not plan.first_year <= year <= plan.last_year:
        raise ValidationError({"year": f"Choose a year of the plan ({plan.period_label})"})
    refuse_locked_quarter(plan=plan, year=year, quarter=quarter)
    update = ProgressUpdate(
        action=action,
        year=year,
        quarter=quarter,
        status=status,
        note=note.strip(),
        created_by=user,
    )
    update.full_clean()
    update.save()
    _section_touch(section=actions_section(plan), user=user)
    return update


def next_plan(plan: Plan) -> Plan | None:
    """The service's next plan: the first one starting after this one starts."""
    return (
        Plan.objects.filter(service_id=plan.service_id, first_year__gt=plan.first_year)
        .order_by("first_year")
        .first()
    )


def carryable_actions(plan: Plan):
    """Actions of the plan that are neither achieved, cancelled nor carried forward already."""
    return (
        with_current_status(Action.objects.filter(plan=plan))
        .exclude(current__in=CLOSED)
        .select_related("objective")
    )


@transaction.atomic
def actions_carry_forward(
    *, from_plan: Plan, to_plan: Plan, actions, user: User, today=None
) -> list[Action]:
    """Copy actions not achieved into the service's later plan, each keeping a link to where it
    came from, and report them as carried forward in the plan they leave.

    Objectives are matched by title in the later plan, or copied with their priorities.
    """
    today = today or timezone.localdate()
    if to_plan.service_id != from_plan.service_id:
        raise ValidationError(
            "Actions can only be carried forward into a plan of the same service."
        )
    if to_plan.first_year <= from_plan.first_year:
        raise ValidationError(
            f"Actions can only be carried forward into a later plan than {from_plan.period_label}."
        )
    actions = list(actions)
    eligible = {
        a.pk: a for a in carryable_actions(from_plan).filter(pk__in=[a.pk for a in actions])
    }
    refused = [a for a in actions if a.pk not in eligible]
    if refused:
        raise ValidationError(
            "These actions are achieved, cancelled, already carried forward or not in "
            f"the {from_plan.period_label} plan: " + "; ".join(str(a) for a in refused)
        )
    already = set(
        Action.objects.filter(plan=to_plan, carried_from__in=eligible).values_list(
            "carried_from_id", flat=True
        )
    )
    if already:
        raise ValidationError(
            f"Already carried forward into {to_plan.period_label}: "
            + "; ".join(str(eligible[pk]) for pk in already)
        )
    if not actions:
        raise ValidationError("Select the actions to carry forward")
    to_section = actions_section(to_plan)
    from_section = actions_section(from_plan)
    year, quarter = _reporting_quarter(from_plan, today)
    refuse_locked_quarter(plan=from_plan, year=year, quarter=quarter)
    created: list[Action] = []

    def write():
        objectives = {o.title: o for o in ServiceObjective.objects.filter(plan=to_plan)}
        # An objective keeps its action list where the next plan has one of that title.
        lists = {s.pk: s.title for s in from_plan.sections.filter(kind=SectionKind.ACTIONS)}
        to_lists = {s.title: s for s in to_plan.sections.filter(kind=SectionKind.ACTIONS)}
        next_position = 1 + max(
            Action.objects.filter(plan=to_plan).values_list("position", flat=True), default=0
        )
        for source in sorted(eligible.values(), key=lambda a: (a.objective.position, a.position)):
            objective = objectives.get(source.objective.title)
            if objective is None:
                objective = ServiceObjective.objects.create(
                    plan=to_plan,
                    position=source.objective.position,
                    title=source.objective.title,
                    description=source.objective.description,
                    section=to_lists.get(lists.get(source.objective.section_id)),
                )
                objective.priorities.set(source.objective.priorities.all())
                objective.corporate_objectives.set(source.objective.corporate_objectives.all())
                objectives[objective.title] = objective
            copy = Action(
                plan=to_plan,
                objective=objective,
                position=next_position,
                carried_from=source,
                **{name: getattr(source, name) for name in CARRIED_FIELDS},
            )
            next_position += 1
            copy.full_clean()
            copy.save()
            copy.co_owners.set(source.co_owners.all())
            copy.priorities.set(source.priorities.all())
            created.append(copy)

    section_save(section=to_section, expected_version=to_section.version, user=user, write=write)
    for source in eligible.values():
        ProgressUpdate.objects.create(
            action=source,
            year=year,
            quarter=quarter,
            status=DeliveryStatus.CARRIED_FORWARD,
            note=f"Carried forward to the {to_plan.period_label} plan.",
            created_by=user,
        )
    _section_touch(section=from_section, user=user)
    return created


# What a carried-forward action keeps of the one it continues (not its progress or its plan).
CARRIED_FIELDS = [
    "reference",
    "title",
    "measure",
    "baseline",
    "target_date",
    "target_text",
    "lead_officer",
    "other_owners",
    "responsible",
    "resources",
    "risks",
    "savings",
    "cross_service",
    "links",
    "data_source",
    "reporting_frequency",
    "measured_by",
    "processes",
    "reporting_timescale",
]

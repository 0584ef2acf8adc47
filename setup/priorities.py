"""What links to a corporate priority or objective, so that the lead is told why one cannot
be removed instead of plans losing their links (or the database refusing with a 500).

Plans link to priorities through their contributions, service objectives, actions and
growth bids, and to objectives through contributions and service objectives; indicators
and risks link to them too."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from council.models import CorporatePriority, Objective
from kpis.models import Indicator
from plans.models import Action, GrowthBid, Plan, PriorityContribution, ServiceObjective
from risks.models import Risk
from setup.words import counted, in_words


def priority_uses(priority: CorporatePriority) -> list[str]:
    """What links to the priority or one of its objectives, in words ('3 plans'); empty when
    nothing does. Three counts, whatever the size of the council."""
    objectives = Objective.objects.filter(priority=priority)
    plans = Plan.objects.filter(
        Q(
            pk__in=PriorityContribution.objects.filter(
                Q(priority=priority) | Q(objective__in=objectives)
            ).values("plan_id")
        )
        | Q(pk__in=ServiceObjective.objects.filter(priorities=priority).values("plan_id"))
        | Q(
            pk__in=ServiceObjective.objects.filter(corporate_objectives__in=objectives).values(
                "plan_id"
            )
        )
        | Q(pk__in=Action.objects.filter(priorities=priority).values("plan_id"))
        | Q(pk__in=GrowthBid.objects.filter(priority=priority).values("plan_id"))
    ).count()
    indicators = (
        Indicator.objects.filter(Q(priorities=priority) | Q(objectives__in=objectives))
        .distinct()
        .count()
    )
    risks = Risk.objects.filter(priorities=priority).count()
    return _words(plans=plans, indicators=indicators, risks=risks)


def objective_uses(objective: Objective) -> list[str]:
    """What links to the objective, in words; empty when nothing does."""
    plans = Plan.objects.filter(
        Q(pk__in=PriorityContribution.objects.filter(objective=objective).values("plan_id"))
        | Q(
            pk__in=ServiceObjective.objects.filter(corporate_objectives=objective).values("plan_id")
        )
    ).count()
    indicators = Indicator.objects.filter(objectives=objective).count()
    return _words(plans=plans, indicators=indicators)


def _words(*, plans: int, indicators: int, risks: int = 0) -> list[str]:
    counts = [
        (plans, "plan", "plans"),
        (indicators, "indicator", "indicators"),
        (risks, "risk", "risks"),
    ]
    return [counted(number, one, many) for number, one, many in counts if number]


def refusal(thing, uses: list[str]) -> str:
    """'You cannot remove Climate: 3 plans and 1 indicator link to it.'"""
    verb = "links" if len(uses) == 1 and uses[0].startswith("1 ") else "link"
    return f"You cannot remove {thing}: {in_words(uses)} {verb} to it."


@transaction.atomic
def priority_delete(*, priority: CorporatePriority) -> None:
    """Delete a priority, with its objectives, that nothing links to; refuse one that plans,
    indicators or risks link to (or to one of its objectives), saying how many."""
    uses = priority_uses(priority)
    if uses:
        raise ValidationError(refusal(priority, uses))
    priority.delete()

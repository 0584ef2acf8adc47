"""
Delivery at a glance across a council: actions by status per service and per corporate
priority, overdue actions, and the golden thread from each priority down to what serves it.

Every function here runs a fixed number of queries, whatever the number of actions.
"""

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from council.models import CorporatePriority
from kpis.models import Indicator
from plans.models import Action, DeliveryStatus, ServiceObjective
from plans.models.actions import CLOSED, with_current_status
from risks.models import Risk


def actions_in_year(services: QuerySet, year: int) -> QuerySet:
    """Actions of the plans of these services that cover the financial year."""
    return with_current_status(
        Action.objects.filter(
            plan__service__in=services, plan__first_year__lte=year, plan__last_year__gte=year
        )
    )


def overdue_filter(today: dt.date) -> Q:
    return Q(target_date__lt=today) & ~Q(current__in=CLOSED)


@dataclass
class StatusRow:
    """Counts of actions by status for one service or priority, in DeliveryStatus order."""

    subject: object
    counts: dict = field(default_factory=lambda: defaultdict(int))
    overdue: int = 0

    @property
    def cells(self) -> list[int]:
        return [self.counts[value] for value in DeliveryStatus.values]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Delivery:
    by_service: list[StatusRow]
    by_priority: list[StatusRow]
    totals: StatusRow
    overdue: list[Action]


def delivery_summary(*, services: QuerySet, priorities, year: int, today: dt.date) -> Delivery:
    """Counts by status per service and per corporate priority, and the overdue actions."""
    actions = actions_in_year(services, year)
    service_rows = {s.pk: StatusRow(s) for s in services}
    totals = StatusRow("All services")
    overdue_q = overdue_filter(today)
    for row in actions.values("plan__service_id", "current").annotate(
        n=Count("pk"), late=Count("pk", filter=overdue_q)
    ):
        target = service_rows[row["plan__service_id"]]
        target.counts[row["current"]] += row["n"]
        target.overdue += row["late"]
        totals.counts[row["current"]] += row["n"]
        totals.overdue += row["late"]
    priority_rows = {p.pk: StatusRow(p) for p in priorities}
    for priority_id, _, current, late in _served_priorities(actions, overdue_q):
        target = priority_rows.get(priority_id)
        if target is not None:
            target.counts[current] += 1
            target.overdue += late
    overdue = list(
        actions.filter(overdue_q)
        .select_related("plan__service", "lead_officer", "objective")
        .order_by("target_date", "pk")
    )
    for action in overdue:
        action.current_label = DeliveryStatus(action.current).label
    return Delivery(
        by_service=[r for r in service_rows.values() if r.total],
        by_priority=list(priority_rows.values()),
        totals=totals,
        overdue=overdue,
    )


def _served_priorities(actions: QuerySet, overdue_q: Q) -> set[tuple[int, int, str, bool]]:
    """(priority, action, status, overdue) once per action and priority it serves: through its
    objective or linked itself, counted once when both. Two queries."""
    late = Case(
        When(overdue_q, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    served = set()
    for link in ("objective__priorities", "priorities"):
        rows = (
            actions.filter(**{f"{link}__isnull": False})
            .annotate(late=late)
            .values_list(link, "pk", "current", "late")
        )
        served.update(rows)
    return served


# The golden thread ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadContributor:
    """What one app shows under each corporate priority on the golden thread page.

    `collect(services=, year=, today=)` returns {priority id: items} in a fixed number of
    queries; `template` renders one priority's `items`. The indicators (kpis) and risks
    (risks) apps plug in by adding a contributor to GOLDEN_THREAD.
    """

    title: str
    template: str
    collect: Callable[..., dict[int, list]]


def actions_by_priority(*, services: QuerySet, year: int, today: dt.date) -> dict[int, list]:
    """Service objectives (with their actions and statuses) under each priority they serve,
    and under a priority that only some of their actions serve, with just those actions.
    The actions to show are `thread_actions`."""
    objectives = (
        ServiceObjective.objects.filter(
            plan__service__in=services, plan__first_year__lte=year, plan__last_year__gte=year
        )
        .select_related("plan__service")
        .prefetch_related(
            "priorities",
            "corporate_objectives",
            Prefetch(
                "actions",
                queryset=with_current_status(
                    Action.objects.select_related("lead_officer").prefetch_related("priorities")
                ),
            ),
        )
        .order_by("plan__service__name", "position", "pk")
    )
    grouped = defaultdict(list)
    for objective in objectives:
        actions = list(objective.actions.all())
        for action in actions:
            action.current_label = DeliveryStatus(action.current).label
            action.overdue = bool(
                action.target_date and action.target_date < today and action.current not in CLOSED
            )
        objective.thread_actions = actions
        served = {priority.pk for priority in objective.priorities.all()}
        for priority_id in served:
            grouped[priority_id].append(objective)
        # A priority that only some of its actions serve: the objective with those actions.
        linked = defaultdict(list)
        for action in actions:
            for priority in action.priorities.all():
                if priority.pk not in served:
                    linked[priority.pk].append(action)
        for priority_id, some in linked.items():
            part = copy.copy(objective)
            part.thread_actions = some
            grouped[priority_id].append(part)
    return grouped


def indicators_by_priority(*, services: QuerySet, year: int, today: dt.date) -> dict[int, list]:
    """The services' indicators under each priority they measure, with their latest rating."""
    indicators = (
        Indicator.objects.filter(service__in=services)
        .select_related("service")
        .prefetch_related("priorities")
        .with_figures()
        .order_by("service__name", "code")
    )
    grouped = defaultdict(list)
    for indicator in indicators:
        latest = indicator.latest_result(today)
        indicator.thread_status = indicator.status_at(latest.period_obj) if latest else None
        for priority in indicator.priorities.all():
            grouped[priority.pk].append(indicator)
    return grouped


def risks_by_priority(*, services: QuerySet, year: int, today: dt.date) -> dict[int, list]:
    """The services' open risks under each priority they threaten, highest residual first."""
    risks = sorted(
        Risk.objects.filter(service__in=services)
        .open()
        .for_display()
        .prefetch_related("priorities"),
        key=lambda risk: (-(risk.residual_score or 0), risk.service.name, risk.reference),
    )
    grouped = defaultdict(list)
    for risk in risks:
        for priority in risk.priorities.all():
            grouped[priority.pk].append(risk)
    return grouped


GOLDEN_THREAD: list[ThreadContributor] = [
    ThreadContributor(
        title="Service objectives and actions",
        template="plans/actions/thread_actions.html",
        collect=actions_by_priority,
    ),
    ThreadContributor(
        title="Performance indicators",
        template="plans/actions/thread_indicators.html",
        collect=indicators_by_priority,
    ),
    ThreadContributor(
        title="Risks",
        template="plans/actions/thread_risks.html",
        collect=risks_by_priority,
    ),
]


@dataclass
class ThreadPriority:
    priority: CorporatePriority
    groups: list[tuple[ThreadContributor, list]]


def golden_thread(*, council_id: int, services: QuerySet, year: int, today: dt.date):
    """Each corporate priority of the council with what every contributor links to it."""
    priorities = list(
        CorporatePriority.objects.filter(council_id=council_id).prefetch_related("objectives")
    )
    collected = [
        (contributor, contributor.collect(services=services, year=year, today=today))
        for contributor in GOLDEN_THREAD
    ]
    return [
        ThreadPriority(
            priority=priority,
            groups=[(contributor, items.get(priority.pk, [])) for contributor, items in collected],
        )
        for priority in priorities
    ]

"""What each service of a return has provided and what it still owes, read from the records
themselves (results, progress updates, risks), in a fixed number of queries whatever the
number of services, indicators, actions or risks.

- Results: every indicator of the service due in the quarter (quarterly ones that quarter,
  monthly ones its three months, annual ones in Q4) needs a result for each period due.
- Progress: every action of the service's current plan (the latest plan covering the year)
  that was still open before the quarter needs a progress update for the quarter.
- Risks: every open risk whose review date falls on or before the deadline needs a review:
  a save of the risk since the return opened, which is how the risks app records one
  (confirmed or re-scored on the service's return page through risks.services.risk_review,
  or changed on the risk's own page). The review moves the review date on; the risk then
  stays listed, as reviewed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from kpis import periods
from kpis.models import Indicator, Result, Target
from plans.models import Action, DeliveryStatus, ProgressUpdate
from plans.models.actions import CLOSED
from returns.models import Return, ServiceReturn
from risks.models import Risk


def due_periods(frequency: str, year: int, quarter: int) -> list[periods.Period]:
    """The periods of an indicator of this frequency that a return for the quarter asks for."""
    if frequency == periods.QUARTERLY:
        return [periods.Period(frequency, year, quarter)]
    if frequency == periods.MONTHLY:
        return [periods.Period(frequency, year, n) for n in range(quarter * 3 - 2, quarter * 3 + 1)]
    return [periods.Period(frequency, year, 1)] if quarter == 4 else []


@dataclass
class Item:
    """One thing a service owes: a result, a progress update or a risk review."""

    label: str
    done: bool
    url: str = ""


@dataclass
class Part:
    """One of the three things a return asks for, for one service."""

    name: str
    items: list[Item] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.done]

    @property
    def complete(self) -> bool:
        return not self.missing


class Status:
    """A service's state in a return, always written in words (the tag colour repeats it)."""

    ACCEPTED = ("accepted", "Accepted", "govuk-tag--green")
    SENT_BACK = ("sent_back", "Sent back", "govuk-tag--orange")
    SUBMITTED = ("submitted", "Submitted", "govuk-tag--turquoise")
    SUBMITTED_LATE = ("submitted_late", "Submitted late", "govuk-tag--yellow")
    COMPLETE = ("complete", "Complete, not submitted", "govuk-tag--blue")
    LATE = ("late", "Late", "govuk-tag--red")
    IN_PROGRESS = ("in_progress", "In progress", "govuk-tag--light-blue")
    NOT_STARTED = ("not_started", "Not started", "govuk-tag--grey")


@dataclass
class ServiceProgress:
    """What one service of a return has provided, part by part."""

    service_return: ServiceReturn
    parts: list[Part]

    @property
    def service(self):
        return self.service_return.service

    @property
    def complete(self) -> bool:
        return all(part.complete for part in self.parts)

    @property
    def missing_words(self) -> str:
        """'CS01 Q2 2024/25, action 1a and risk R01': what still has to come in."""
        labels = [item.label for part in self.parts for item in part.missing]
        if len(labels) <= 1:
            return "".join(labels)
        return ", ".join(labels[:-1]) + " and " + labels[-1]

    def status(self, deadline: dt.date, today: dt.date) -> tuple[str, str, str]:
        if self.service_return.is_accepted:
            return Status.ACCEPTED
        submitted = self.service_return.submitted_at
        if self.service_return.is_sent_back and not submitted:
            return Status.SENT_BACK
        if submitted:
            late = timezone.localdate(submitted) > deadline
            return Status.SUBMITTED_LATE if late else Status.SUBMITTED
        if today > deadline:
            return Status.LATE
        if self.complete:
            return Status.COMPLETE
        if any(part.done_count for part in self.parts):
            return Status.IN_PROGRESS
        return Status.NOT_STARTED


def indicators_due(parent: Return, service_ids, *, with_history: bool = False) -> list:
    """The indicators of these services with a period due in the return, with their results
    of the year (and, `with_history`, of the year before and the year's targets)."""
    years = [parent.year - 1, parent.year] if with_history else [parent.year]
    frequencies = [periods.QUARTERLY, periods.MONTHLY]
    if parent.quarter == 4:
        frequencies.append(periods.ANNUAL)
    indicators = (
        Indicator.objects.filter(service_id__in=service_ids, frequency__in=frequencies)
        .select_related("council")
        .prefetch_related(Prefetch("results", queryset=Result.objects.filter(year__in=years)))
        .order_by("service_id", "kind", "position", "pk")
    )
    if with_history:
        indicators = indicators.prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(year=parent.year))
        )
    return list(indicators)


def actions_due(parent: Return, service_ids) -> list:
    """Actions of each service's current plan still open before the quarter, each with
    `reported`: whether it has a progress update for the quarter."""
    year, quarter = parent.year, parent.quarter
    before = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"))
        .filter(Q(year__lt=year) | Q(year=year, quarter__lt=quarter))
        .order_by("-year", "-quarter", "-created_at", "-pk")
        .values("status")[:1]
    )
    actions = list(
        Action.objects.filter(
            plan__service_id__in=service_ids, plan__first_year__lte=year, plan__last_year__gte=year
        )
        .annotate(
            status_before=Coalesce(Subquery(before), Value(DeliveryStatus.NOT_STARTED)),
            reported=Exists(
                ProgressUpdate.objects.filter(action=OuterRef("pk"), year=year, quarter=quarter)
            ),
        )
        .exclude(status_before__in=CLOSED)
        .select_related("plan")
        .order_by("objective__position", "objective_id", "position", "pk")
    )
    # Two plans may cover the year (a three-year plan and a new one): the latest is current.
    current = {}
    for action in actions:
        plan = action.plan
        if plan.first_year > current.get(plan.service_id, (0, None))[0]:
            current[plan.service_id] = (plan.first_year, plan.pk)
    return [a for a in actions if current[a.plan.service_id][1] == a.plan_id]


def risks_due(parent: Return, service_ids, *, for_display: bool = False) -> list:
    """Open risks due for review by the deadline, or reviewed since the return opened, each
    with `reviewed` (and, `for_display`, with the matrix that words their scores)."""
    risks = Risk.objects.filter(service_id__in=service_ids, status=Risk.Status.OPEN).filter(
        Q(review_date__lte=parent.deadline) | Q(updated_at__gte=parent.opened_at)
    )
    if for_display:
        risks = risks.for_display()
    risks = list(risks.order_by("service_id", "reference"))
    for risk in risks:
        risk.reviewed = risk.updated_at >= parent.opened_at
    return risks


def action_label(action) -> str:
    return f"action {action.reference}" if action.reference else f"action ‘{action.title[:40]}’"


def progress_of(parent: Return, service_returns: list[ServiceReturn]) -> list[ServiceProgress]:
    """Each service's progress in the return, in five queries for any number of services."""
    ids = [sr.service_id for sr in service_returns]
    parts = {sid: [] for sid in ids}
    if parent.asks_results:
        results = {sid: Part("Results") for sid in ids}
        for indicator in indicators_due(parent, ids):
            for period in due_periods(indicator.frequency, parent.year, parent.quarter):
                results[indicator.service_id].items.append(
                    Item(
                        f"{indicator.handle} {period.label}",
                        indicator.result_for(period) is not None,
                        reverse(
                            "kpis:result_edit", args=[indicator.pk, period.year, period.number]
                        ),
                    )
                )
        for sid in ids:
            parts[sid].append(results[sid])
    if parent.asks_progress:
        progress = {sid: Part("Progress on actions") for sid in ids}
        for action in actions_due(parent, ids):
            progress[action.plan.service_id].items.append(
                Item(
                    action_label(action),
                    action.reported,
                    reverse("plans:action_progress", args=[action.plan_id, action.pk]),
                )
            )
        for sid in ids:
            parts[sid].append(progress[sid])
    if parent.asks_risks:
        reviews = {sid: Part("Risk reviews") for sid in ids}
        for risk in risks_due(parent, ids):
            reviews[risk.service_id].items.append(
                Item(f"risk {risk.reference}", risk.reviewed, risk.get_absolute_url())
            )
        for sid in ids:
            parts[sid].append(reviews[sid])
    return [ServiceProgress(sr, parts[sr.service_id]) for sr in service_returns]


def submitted_words(rows: list[ServiceProgress]) -> str:
    """'9 of 14 services submitted, 6 accepted': accepted ones are submitted ones checked."""
    submitted = sum(bool(row.service_return.submitted_at) for row in rows)
    accepted = sum(row.service_return.is_accepted for row in rows)
    noun = "service" if len(rows) == 1 else "services"
    return f"{submitted} of {len(rows)} {noun} submitted, {accepted} accepted"


def totals_words(rows: list[ServiceProgress]) -> str:
    """'12 of 14 services complete, 86%'."""
    total = len(rows)
    done = sum(row.complete for row in rows)
    noun = "service" if total == 1 else "services"
    if not total:
        return "No services in this return"
    return f"{done} of {total} {noun} complete, {round(100 * done / total)}%"

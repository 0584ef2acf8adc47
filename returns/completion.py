"""What each service of a return has provided and what it still owes, read from the records
themselves (results, progress updates, risks), in a fixed number of queries whatever the
number of returns, services, indicators, actions or risks (returns' quarters differ, so what
each owes is worked out here from one read of each kind of record).

- Results: every indicator of the service with a period ending in the return's period needs
  a result for each: in a quarter's return quarterly ones that quarter, monthly ones its
  three months, annual ones in Q4; in a month's return monthly ones that month, quarterly
  ones when the month ends their quarter, annual ones in March.
- Progress: every action of the service's current plan (the latest plan covering the year)
  that was still open before the quarter needs a progress update for the quarter. Progress
  is kept per quarter: a monthly return asks for an update for its month's quarter made
  since the return opened (and an action closed before that is not asked).
- Risks: every open risk whose review date falls on or before the deadline needs a review:
  a save of the risk since the return opened, which is how the risks app records one
  (confirmed or re-scored on the service's return page through risks.services.risk_review,
  or changed on the risk's own page). The review moves the review date on; the risk then
  stays listed, as reviewed.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from kpis import periods
from kpis.models import Indicator, Result, Target
from plans.models import Action, DeliveryStatus, ProgressUpdate
from plans.models.actions import CLOSED
from returns.models import Return, ServiceReturn
from risks.models import Risk


def due_periods(frequency: str, asked: periods.Period) -> list[periods.Period]:
    """The periods of an indicator of this frequency that a return for the `asked` quarter
    or month asks for: those ending in it."""
    return [
        period
        for period in periods.periods_of_year(frequency, asked.year)
        if asked.start <= period.end <= asked.end
    ]


@dataclass
class Item:
    """One thing a service owes: a result, a progress update or a risk review, with the
    person who owns it when it has an owner with an account (the indicator's or the risk's
    owner_user, the action's lead officer), so that "yours" and reminders are exact."""

    label: str
    done: bool
    url: str = ""
    owner_id: int | None = None
    # "result", "action" or "risk": the tracker links a risk still to review to the risk's
    # own page, which everyone who reads the tracker may read (the others' pages edit).
    kind: str = ""


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
    def missing(self) -> list[Item]:
        """What still has to come in, part by part."""
        return [item for part in self.parts for item in part.missing]

    @property
    def missing_words(self) -> str:
        """'CS01 Q2 2024/25, action 1a and risk R01': what still has to come in."""
        labels = [item.label for item in self.missing]
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


def due_frequencies(asked: periods.Period) -> list[str]:
    """The frequencies with a period due in a return for this quarter or month."""
    return [
        f for f in (periods.QUARTERLY, periods.MONTHLY, periods.ANNUAL) if due_periods(f, asked)
    ]


def indicators_of(service_ids, *, years, frequencies, targets_year: int | None = None) -> list:
    """The indicators of these services and frequencies with their results of these years
    (and their targets of `targets_year`), in order within each service."""
    indicators = (
        Indicator.objects.filter(service_id__in=service_ids, frequency__in=frequencies)
        .select_related("council")
        .prefetch_related(Prefetch("results", queryset=Result.objects.filter(year__in=years)))
        .order_by("service_id", "kind", "position", "pk")
    )
    if targets_year is not None:
        indicators = indicators.prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(year=targets_year))
        )
    return list(indicators)


def indicators_due(parent: Return, service_ids, *, with_history: bool = False) -> list:
    """The indicators of these services with a period due in the return, with their results
    of the year (and, `with_history`, of the year before and the year's targets)."""
    return indicators_of(
        service_ids,
        years=[parent.year - 1, parent.year] if with_history else [parent.year],
        frequencies=due_frequencies(parent.period),
        targets_year=parent.year if with_history else None,
    )


def actions_across(asked: list[tuple[Return, list[int]]]) -> dict[int, list[tuple[Action, bool]]]:
    """For each return (by pk), the actions of its services' current plans still open before
    its quarter, each with whether it has a progress update for the quarter: two queries (one
    when there are no actions) for any number of returns, as the quarters differ and each
    return's answer is worked out here. For a monthly return, "before" and "for the quarter"
    are counted from when it opened (reported_since).

    The current plan of a service is the latest one covering the return's year (a
    three-year plan and a new one may both cover it)."""
    covering = Q(pk__in=[])
    for parent, ids in asked:
        covering |= Q(
            plan__service_id__in=ids,
            plan__first_year__lte=parent.year,
            plan__last_year__gte=parent.year,
        )
    covered = Action.objects.filter(covering)
    actions = list(
        covered.select_related("plan").order_by(
            "objective__position", "objective_id", "position", "pk"
        )
    )
    # Each action's updates, oldest first: the last one before a quarter is its status then.
    # (A subquery, not the actions' ids: a council's return may hold thousands.)
    updates = defaultdict(list)
    for action_id, year, quarter, status, created_at in (
        ProgressUpdate.objects.filter(action__in=covered.values("pk") if actions else [])
        .order_by("year", "quarter", "created_at", "pk")
        .values_list("action_id", "year", "quarter", "status", "created_at")
    ):
        updates[action_id].append(((year, quarter), status, created_at))
    due = {}
    for parent, ids in asked:
        quarter = (parent.year, parent.quarter)
        since = reported_since(parent)
        covered = [
            a
            for a in actions
            if a.plan.service_id in ids and a.plan.first_year <= parent.year <= a.plan.last_year
        ]
        current = {}
        for action in covered:
            plan = action.plan
            if plan.first_year > current.get(plan.service_id, (0, None))[0]:
                current[plan.service_id] = (plan.first_year, plan.pk)
        rows = []
        for action in covered:
            if current[action.plan.service_id][1] != action.plan_id:
                continue
            made = updates[action.pk]
            before = [
                status
                for when, status, at in made
                if when < quarter or (when == quarter and at < since)
            ]
            if (before[-1] if before else DeliveryStatus.NOT_STARTED) in CLOSED:
                continue
            rows.append((action, any(when == quarter and at >= since for when, _, at in made)))
        due[parent.pk] = rows
    return due


def reported_since(parent: Return) -> dt.datetime:
    """From when a progress update for the return's quarter reports on it: any made for the
    quarter counts in a quarter's return; a monthly return asks for a fresh one, made since
    it opened (an update made for an earlier month's return is that month's report)."""
    if parent.is_monthly:
        return parent.opened_at
    return dt.datetime.min.replace(tzinfo=dt.UTC)


def actions_due(parent: Return, service_ids) -> list:
    """Actions of each service's current plan still open before the quarter, each with
    `reported`: whether it has a progress update for the quarter."""
    rows = actions_across([(parent, list(service_ids))])[parent.pk]
    for action, reported in rows:
        action.reported = reported
    return [action for action, _ in rows]


def risks_across(asked: list[tuple[Return, list[int]]]) -> dict[int, list[tuple[Risk, bool]]]:
    """For each return (by pk), the open risks of its services due for review by its
    deadline or reviewed since it opened, each with whether it was reviewed: one query."""
    covering = Q(pk__in=[])
    for parent, ids in asked:
        covering |= Q(service_id__in=ids) & (
            Q(review_date__lte=parent.deadline) | Q(updated_at__gte=parent.opened_at)
        )
    risks = list(
        Risk.objects.filter(covering, status=Risk.Status.OPEN).order_by("service_id", "reference")
    )
    due = {}
    for parent, ids in asked:
        due[parent.pk] = [
            (risk, risk.updated_at >= parent.opened_at)
            for risk in risks
            if risk.service_id in ids
            and (
                risk.updated_at >= parent.opened_at
                or (risk.review_date is not None and risk.review_date <= parent.deadline)
            )
        ]
    return due


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
    for service_return in service_returns:
        service_return.parent = parent  # the same return: read again from none of them
    return progress_across(service_returns)


def progress_across(service_returns: list[ServiceReturn]) -> list[ServiceProgress]:
    """Each service's progress in its own return, for the parts of any number of returns
    (each with its `parent` loaded), in five queries whatever the number of returns and
    services: the dashboard lists every return waiting on someone with it."""
    parents = {sr.parent_id: sr.parent for sr in service_returns}
    ids_of = defaultdict(set)
    for sr in service_returns:
        ids_of[sr.parent_id].add(sr.service_id)
    # A return has one part per service: each is found by (return, service).
    results, progress, reviews = {}, {}, {}
    for sr in service_returns:
        key = (sr.parent_id, sr.service_id)
        if sr.parent.asks_results:
            results[key] = Part("Results")
        if sr.parent.asks_progress:
            progress[key] = Part("Progress on actions")
        if sr.parent.asks_risks:
            reviews[key] = Part("Risk reviews")

    asked = [parent for parent in parents.values() if parent.asks_results]
    if asked:
        for indicator in indicators_of(
            set().union(*(ids_of[parent.pk] for parent in asked)),
            years={parent.year for parent in asked},
            frequencies={f for parent in asked for f in due_frequencies(parent.period)},
        ):
            for parent in asked:
                part = results.get((parent.pk, indicator.service_id))
                if part is not None:
                    part.items.extend(result_items(parent, indicator))

    asked = [(parent, ids_of[pk]) for pk, parent in parents.items() if parent.asks_progress]
    for pk, rows in (actions_across(asked) if asked else {}).items():
        for action, reported in rows:
            url = reverse("plans:action_progress", args=[action.plan_id, action.pk])
            progress[pk, action.plan.service_id].items.append(
                Item(action_label(action), reported, url, action.lead_officer_id, "action")
            )

    asked = [(parent, ids_of[pk]) for pk, parent in parents.items() if parent.asks_risks]
    for pk, rows in (risks_across(asked) if asked else {}).items():
        for risk, reviewed in rows:
            reviews[pk, risk.service_id].items.append(
                Item(
                    f"risk {risk.reference}",
                    reviewed,
                    risk.get_absolute_url(),
                    risk.owner_user_id,
                    "risk",
                )
            )

    return [
        ServiceProgress(
            sr,
            [
                kind[sr.parent_id, sr.service_id]
                for kind in (results, progress, reviews)
                if (sr.parent_id, sr.service_id) in kind
            ],
        )
        for sr in service_returns
    ]


def result_items(parent: Return, indicator) -> list[Item]:
    """The results an indicator (its results loaded) owes in the return, one per period due."""
    return [
        Item(
            f"{indicator.handle} {period.label}",
            indicator.result_for(period) is not None,
            reverse("kpis:result_edit", args=[indicator.pk, period.year, period.number]),
            indicator.owner_user_id,
            "result",
        )
        for period in due_periods(indicator.frequency, parent.period)
    ]


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

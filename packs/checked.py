"""
Which results a committee pack may print: those a reviewer has accepted.

A result is accepted when its service's part of the return for the quarter the result's
period ends in (a month's: its quarter's; a quarter's: its own; a year's: Q4's) has been
accepted by a manager or the performance lead (returns.ServiceReturn), or its part of the
monthly return for the month the period ends in (which asked for that result). A monthly
return accepted says nothing of the other months of its quarter. Every other result
is provisional: its return waits for review or was sent back, the service was not asked in
that return, or no return was opened for the quarter at all. Results entered before a
council started running returns are therefore provisional too: nobody checked them, and the
pack says so rather than print them as checked.

By default a pack leaves provisional results out; when the clerk asks for them they print
marked "provisional" in words, in the summary and in the chapters.
"""

from dataclasses import dataclass

from council import periods as years
from kpis import periods
from plans.models import Plan
from returns.models import Review, ServiceReturn

PROVISIONAL_NOTE = (
    "A result is accepted when its service's return for the quarter has been accepted by "
    "a manager or the performance lead. Results of quarters with no return, or whose return "
    "has not been accepted yet, are provisional; the chapters apply the same rule to every "
    "result they print, this quarter's and earlier ones."
)


def covering_quarter(period: periods.Period) -> tuple[int, int]:
    """The (year, quarter) of the return that covers a result of this period."""
    return years.quarter_of(period.end)


def covering_month(period: periods.Period) -> tuple[int, int]:
    """The (year, month of the financial year, April = 1) of the monthly return that covers
    a result of this period: the month it ends in."""
    end = period.end
    return years.year_of(end), (end.month - 4) % 12 + 1


@dataclass(frozen=True)
class Acceptance:
    """The quarters and months each service's returns were accepted for, read once for a
    whole pack."""

    accepted: frozenset[tuple[int, int, int]]  # (service id, year, quarter)
    accepted_months: frozenset[tuple[int, int, int]] = frozenset()  # (service id, year, month)

    def is_accepted(self, service_id: int, period: periods.Period) -> bool:
        return (service_id, *covering_quarter(period)) in self.accepted or (
            service_id,
            *covering_month(period),
        ) in self.accepted_months


def acceptance_of(service_ids) -> Acceptance:
    """Every accepted return of these services, in one query."""
    rows = ServiceReturn.objects.filter(
        service_id__in=list(service_ids), review_status=Review.ACCEPTED
    ).values_list("service_id", "parent__year", "parent__quarter", "parent__month")
    quarters = {(service, year, quarter) for service, year, quarter, month in rows if not month}
    months = {(service, year, month) for service, year, _, month in rows if month}
    return Acceptance(accepted=frozenset(quarters), accepted_months=frozenset(months))


def plan_results_checked(plan: Plan, acceptance: Acceptance, *, include_provisional: bool) -> int:
    """Keep only the accepted results of a plan's indicators (loaded with plan_queryset()),
    or keep them all with each provisional one marked (`result.provisional`, which the
    result templates print in words). Works on the prefetched rows, so the chapter prints
    through plans.document as any plan does. Gives the number of provisional results."""
    provisional = 0
    for indicator in plan.service.indicators.all():
        kept = []
        for result in indicator.results.all():
            period = indicator.period(result.year, result.period)
            result.provisional = not acceptance.is_accepted(plan.service_id, period)
            provisional += result.provisional
            if include_provisional or not result.provisional:
                kept.append(result)
        # The indicator reads its results from the prefetch cache (Indicator._figures).
        indicator._prefetched_objects_cache["results"] = kept
    return provisional

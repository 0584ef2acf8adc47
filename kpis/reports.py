"""What a plan (page and PDF) shows of a service's indicators: the table of the seed plans.

Built from indicators loaded with `Indicator.objects.for_plan()`, so it costs no queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from council import periods as years
from kpis import charts, periods
from kpis.models import Indicator, PeriodStatus, Result, Target

UNIT_SUFFIX = {"percentage": "%", "days": " days", "time": " seconds"}


@dataclass
class KpiRow:
    """One indicator: last year's actual, a target per year of the plan, the latest result."""

    indicator: Indicator
    last_actual: Result | None
    targets: list[Target | None]
    latest: PeriodStatus | None

    def chart(self, today: dt.date, last: int = 12) -> SafeString:
        """The indicator's trend chart over its last periods, for the PDF."""
        statuses = indicator_statuses(self.indicator, today)
        return indicator_chart(self.indicator, statuses[-last:])


@dataclass
class KpiTable:
    years: list[tuple[int, str]]
    last_year_label: str
    key_rows: list[KpiRow] = field(default_factory=list)
    service_rows: list[KpiRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.key_rows or self.service_rows)


def kpi_table(indicators: list[Indicator], plan_years: list[int], today: dt.date) -> KpiTable:
    first = plan_years[0]
    table = KpiTable(
        years=[(y, years.year_label(y)) for y in plan_years],
        last_year_label=years.year_label(first - 1),
    )
    for indicator in indicators:
        latest = indicator.latest_result(today)
        row = KpiRow(
            indicator=indicator,
            last_actual=indicator.year_actual(first - 1),
            targets=[indicator.target_for(y) for y in plan_years],
            latest=indicator.status_at(latest.period_obj) if latest else None,
        )
        if indicator.kind == Indicator.Kind.KEY:
            table.key_rows.append(row)
        else:
            table.service_rows.append(row)
    return table


def shown_periods(indicator: Indicator, as_at: dt.date) -> list[periods.Period]:
    """Periods from the first year with a result or target (or last year) up to now."""
    current = years.year_of(as_at)
    first = min(
        [r.year for r in indicator.results.all()]
        + [t.year for t in indicator.targets.all() if t.year <= current]
        + [current - 1]
    )
    shown = []
    for year in range(first, current + 1):
        shown += [p for p in periods.periods_of_year(indicator.frequency, year) if p.start <= as_at]
    return shown


def indicator_statuses(indicator: Indicator, as_at: dt.date) -> list[PeriodStatus]:
    """Every period shown for the indicator, oldest first, rated, from prefetched figures."""
    return [indicator.status_at(p) for p in shown_periods(indicator, as_at)]


def indicator_chart(indicator: Indicator, statuses: list[PeriodStatus]) -> SafeString:
    """The trend chart of these periods: results against the year's target."""
    points = [
        charts.Point(
            label=s.period.short_label,
            result=s.value,
            target=s.target.value if s.target else None,
        )
        for s in statuses
    ]
    return charts.trend_chart(
        points,
        title=f"{indicator.code} {indicator.title}: results against targets",
        chart_id=f"chart-{indicator.pk}",
        unit_suffix=UNIT_SUFFIX.get(indicator.unit, ""),
    )


@dataclass
class DashboardRow:
    """An indicator rated on the result due by the end of a quarter."""

    indicator: Indicator
    status: object
    overdue: bool


def dashboard_rows(indicators, quarter: tuple[int, int], as_at: dt.date) -> list[DashboardRow]:
    """Each indicator's result due by the end of the quarter, rated; overdue when missing."""
    quarter_end = years.quarter_end(*quarter)
    rows = []
    for indicator in indicators:
        due = periods.latest_ended(indicator.frequency, quarter_end)
        status = indicator.status_at(due)
        rows.append(DashboardRow(indicator, status, status.result is None and due.end < as_at))
    return rows

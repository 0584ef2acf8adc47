"""What a plan (page and PDF) shows of a service's indicators: the table of the seed plans.

Built from indicators loaded with `Indicator.objects.for_plan()`, so it costs no queries.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils.safestring import SafeString

from council import periods as years
from kpis import charts, periods
from kpis.models import Frequency, Indicator, PeriodStatus, Rating, Result, Target, rate

UNIT_SUFFIX = {"percentage": "%", "days": " days", "time": " seconds"}
UNIT_PREFIX = {"money": "£"}


# The PDF's trend charts show at most the last two years of quarters (or the equivalent).
TREND_PERIODS = 8


@dataclass(frozen=True)
class TrendFigure:
    """A trend chart for print: the drawing as a data: URI, its text alternative, and
    whether it draws a provisional result (hollow), which the page then explains."""

    src: str
    alt: str
    provisional: bool = False


@dataclass
class KpiRow:
    """One indicator: last year's actual, a target per year of the plan, the latest result."""

    indicator: Indicator
    last_actual: Result | None
    targets: list[Target | None]
    latest: PeriodStatus | None
    as_at: dt.date | None = None
    plan_years: list[int] = field(default_factory=list)

    def chart(self, today: dt.date, last: int = 12, **options) -> SafeString:
        """The indicator's trend chart over its last periods."""
        statuses = indicator_statuses(self.indicator, today)
        return indicator_chart(self.indicator, statuses[-last:], **options)

    @cached_property
    def trend(self) -> TrendFigure | None:
        """The PDF's compact chart of the periods with a result, within the plan's years
        (the periods between two results stay, as gaps); None when there is none."""
        if self.latest is None:
            return None
        statuses = [
            status
            for status in indicator_statuses(self.indicator, self.as_at)
            if not self.plan_years or status.period.year in self.plan_years
        ]
        with_data = [index for index, s in enumerate(statuses) if s.value is not None]
        if not with_data:
            return None
        statuses = statuses[with_data[0] : with_data[-1] + 1][-TREND_PERIODS:]
        svg = indicator_chart(self.indicator, statuses, size=charts.COMPACT)
        points = [point_of(s) for s in statuses]
        return TrendFigure(
            src=charts.data_uri(svg),
            alt=charts.describe(chart_title(self.indicator), points, unit_suffix(self.indicator)),
            provisional=bool(charts.provisional_labels(points)),
        )


@dataclass
class KpiTable:
    years: list[tuple[int, str]]
    last_year_label: str
    key_rows: list[KpiRow] = field(default_factory=list)
    service_rows: list[KpiRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.key_rows or self.service_rows)

    @property
    def charted_rows(self) -> list[KpiRow]:
        """Indicators with a result that is a number in the plan's years, key ones first:
        the PDF draws a trend chart of each (results in words only, like 'n/a', and years
        before the plan have nothing to draw)."""
        return [row for row in self.key_rows + self.service_rows if row.trend is not None]

    @property
    def charts_provisional(self) -> bool:
        """Whether a chart draws a provisional result, hollow (a pack that includes them)."""
        return any(row.trend.provisional for row in self.charted_rows)


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
            as_at=today,
            plan_years=list(plan_years),
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


def point_of(status: PeriodStatus) -> charts.Point:
    return charts.Point(
        label=status.period.short_label,
        result=status.value,
        target=status.target.value if status.target else None,
        # Set on results by a committee pack that prints those not accepted yet.
        provisional=getattr(status.result, "provisional", False),
    )


def chart_title(indicator: Indicator) -> str:
    return f"{indicator}: results against targets"


def unit_suffix(indicator: Indicator) -> str:
    return UNIT_SUFFIX.get(indicator.unit, "")


def indicator_chart(indicator: Indicator, statuses: list[PeriodStatus], **options) -> SafeString:
    """The trend chart of these periods: results against the year's target."""
    return charts.trend_chart(
        [point_of(s) for s in statuses],
        title=chart_title(indicator),
        chart_id=f"chart-{indicator.pk}",
        unit_suffix=unit_suffix(indicator),
        unit_prefix=UNIT_PREFIX.get(indicator.unit, ""),
        **options,
    )


@dataclass
class DashboardRow:
    """An indicator rated on the result due by the end of a quarter."""

    indicator: Indicator
    status: object
    overdue: bool


@dataclass(frozen=True)
class QuarterRating:
    """An indicator's rating for a quarter, without the indicator: for counts and filters."""

    indicator_id: int
    service_id: int
    rating: str
    overdue: bool
    # The period whose result was rated (the packs ask whether its result was accepted).
    period: periods.Period | None = None


def quarter_ratings(indicators, quarter: tuple[int, int], as_at: dt.date) -> list[QuarterRating]:
    """Every indicator's rating on the result due by the end of the quarter, in the
    queryset's order, rated as dashboard_rows() rates them.

    Three queries of plain values (indicators, the due results, their targets) and no model
    instances, so a whole council's counts stay cheap; pages then build full rows for the
    indicators they show."""
    due = {f: periods.latest_ended(f, years.quarter_end(*quarter)) for f in Frequency.values}
    rules = list(
        indicators.values_list(
            "pk", "service_id", "frequency", "polarity", "tolerance_kind", "tolerance"
        )
    )
    chosen = indicators.order_by().values("pk")
    wanted = Q(pk__in=[])
    for frequency, period in due.items():
        wanted |= Q(indicator__frequency=frequency, year=period.year, period=period.number)
    results = {
        (pk, year, number): value
        for pk, year, number, value in Result.objects.filter(wanted, indicator__in=chosen)
        .values_list("indicator_id", "year", "period", "value")
        .order_by()
    }
    targets = {
        (pk, year): value
        for pk, year, value in Target.objects.filter(
            indicator__in=chosen, year__in={p.year for p in due.values()}
        )
        .values_list("indicator_id", "year", "value")
        .order_by()
    }
    out = []
    for pk, service_id, frequency, polarity, tolerance_kind, tolerance in rules:
        period = due[frequency]
        key = (pk, period.year, period.number)
        rating = rate(
            results.get(key),
            targets.get((pk, period.year)),
            polarity=polarity,
            tolerance_kind=tolerance_kind,
            tolerance=tolerance,
        )
        if key in results and results[key] is None:
            rating = Rating.NOT_RATED  # a result in words only ('n/a'): nothing to rate
        overdue = key not in results and period.end < as_at
        out.append(QuarterRating(pk, service_id, rating, overdue, period))
    return out


def rating_counts(ratings: list[QuarterRating]) -> dict[str, int]:
    """How many indicators have each rating, every rating listed (0 when none has it)."""
    counts = dict.fromkeys(Rating.values, 0)
    for rated in ratings:
        counts[rated.rating] += 1
    return counts


def dashboard_rows(indicators, quarter: tuple[int, int], as_at: dt.date) -> list[DashboardRow]:
    """Each indicator's result due by the end of the quarter, rated; overdue when missing."""
    quarter_end = years.quarter_end(*quarter)
    rows = []
    for indicator in indicators:
        due = periods.latest_ended(indicator.frequency, quarter_end)
        status = indicator.status_at(due)
        rows.append(DashboardRow(indicator, status, status.result is None and due.end < as_at))
    return rows

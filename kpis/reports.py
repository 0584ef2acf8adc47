"""What a plan (page and PDF) shows of a service's indicators: the table of the seed plans.

Built from indicators loaded with `Indicator.objects.for_plan()`, so it costs no queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from council import periods as years
from kpis.models import Indicator, PeriodStatus, Result, Target


@dataclass
class KpiRow:
    """One indicator: last year's actual, a target per year of the plan, the latest result."""

    indicator: Indicator
    last_actual: Result | None
    targets: list[Target | None]
    latest: PeriodStatus | None


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

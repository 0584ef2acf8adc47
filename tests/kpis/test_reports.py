"""Quarter ratings from plain values agree with the full rows, for every kind of indicator."""

import datetime as dt
from decimal import Decimal

import pytest

from kpis.models import Indicator, Rating
from kpis.reports import dashboard_rows, quarter_ratings
from tests import factories

AS_AT = dt.date(2026, 11, 22)


@pytest.fixture
def mixed(kpis, world):
    """Monthly, annual, lower-is-better, percentage tolerance, no target, missing periods."""
    monthly = factories.IndicatorFactory(
        service=world.service, code="CS02", frequency="monthly", polarity="lower"
    )
    factories.TargetFactory(indicator=monthly, year=2026, value=Decimal("10"))
    for month, value in ((5, "9"), (6, "10.5"), (7, "14")):
        factories.ResultFactory(indicator=monthly, year=2026, period=month, value=Decimal(value))
    annual = factories.IndicatorFactory(
        service=world.other_service,
        code="RV02",
        frequency="annual",
        tolerance_kind="percentage",
        tolerance=Decimal("10"),
    )
    factories.ResultFactory(indicator=annual, year=2025, period=1, value=Decimal("3"))
    untargeted = factories.IndicatorFactory(service=world.service, code="CS03")
    factories.ResultFactory(indicator=untargeted, year=2026, period=1, value=Decimal("1"))
    return Indicator.objects.filter(service__in=[world.service, world.other_service])


@pytest.mark.parametrize("quarter", [(2026, 1), (2026, 2), (2025, 4), (2025, 2)])
def test_quarter_ratings_match_the_full_rows(mixed, quarter):
    ordered = mixed.order_by("code")

    rated = quarter_ratings(ordered, quarter, AS_AT)
    rows = dashboard_rows(ordered.with_figures(), quarter, AS_AT)

    assert [r.indicator_id for r in rated] == [row.indicator.pk for row in rows]
    assert [(r.rating, r.overdue) for r in rated] == [
        (row.status.rating, row.overdue) for row in rows
    ]
    assert [r.service_id for r in rated] == [row.indicator.service_id for row in rows]
    # The fixture covers more than one outcome.
    assert len({r.rating for r in rated}) > 1


def test_quarter_ratings_cost_three_queries_whatever_the_size(mixed, django_assert_num_queries):
    with django_assert_num_queries(3):
        rated = quarter_ratings(mixed.order_by("code"), (2026, 2), AS_AT)
    assert len(rated) == 5
    assert Rating.AMBER in {r.rating for r in rated}  # CS01: 96.4 against 97, within 2


def test_trend_charts_cover_only_the_periods_with_results_in_the_plan_s_years(world):
    """A plan for 2026/27 to 2028/29: last year's results are in its table's 'actual' column,
    not on its charts; a chart runs from the first to the last quarter with a result."""
    from kpis.reports import kpi_table

    running = factories.IndicatorFactory(service=world.service, code="CS01")
    for year, quarter, value in [
        (2025, 3, "90"),
        (2025, 4, "91"),
        (2026, 1, "92"),
        (2026, 2, "94"),
    ]:
        factories.ResultFactory(indicator=running, year=year, period=quarter, value=Decimal(value))
    last_year_only = factories.IndicatorFactory(service=world.service, code="CS02")
    factories.ResultFactory(indicator=last_year_only, year=2025, period=4, value=Decimal("80"))
    indicators = Indicator.objects.for_plan().filter(service=world.service)

    table = kpi_table(list(indicators), [2026, 2027, 2028], AS_AT)

    assert [row.indicator.code for row in table.charted_rows] == ["CS01"]
    alt = table.charted_rows[0].trend.alt
    assert "2 results from Q1 26/27 to Q2 26/27" in alt
    assert "25/26" not in alt

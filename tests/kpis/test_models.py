"""The rating rule, direction of travel, periods and the constraints of the kpis models."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kpis import periods
from kpis.models import Indicator, Rating, Target, Travel, rate, travel
from tests import factories

D = Decimal


def rule(value, target, polarity="higher", kind="absolute", tolerance="2"):
    return rate(
        None if value is None else D(value),
        None if target is None else D(target),
        polarity=polarity,
        tolerance_kind=kind,
        tolerance=D(tolerance),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("97", Rating.GREEN), ("99", Rating.GREEN), ("95", Rating.AMBER), ("94.99", Rating.RED)],
)
def test_higher_is_better_with_absolute_tolerance(value, expected):
    assert rule(value, "97") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10", Rating.GREEN), ("8", Rating.GREEN), ("12", Rating.AMBER), ("12.01", Rating.RED)],
)
def test_lower_is_better_with_absolute_tolerance(value, expected):
    assert rule(value, "10", polarity="lower") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2000", Rating.GREEN), ("1800", Rating.AMBER), ("1799", Rating.RED)],
)
def test_higher_is_better_with_percentage_tolerance(value, expected):
    # 10% of a target of 2000 is 200.
    assert rule(value, "2000", kind="percentage", tolerance="10") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("60", Rating.GREEN), ("66", Rating.AMBER), ("66.5", Rating.RED)],
)
def test_lower_is_better_with_percentage_tolerance(value, expected):
    assert rule(value, "60", polarity="lower", kind="percentage", tolerance="10") == expected


def test_zero_tolerance_has_no_amber():
    assert rule("96.99", "97", tolerance="0") == Rating.RED


def test_missing_target_and_missing_data():
    assert rule("97", None) == Rating.NO_TARGET
    assert rule(None, "97") == Rating.NO_DATA
    assert rule(None, None) == Rating.NO_DATA


def test_direction_of_travel_follows_polarity():
    assert travel(D("5"), D("4"), polarity="higher") == Travel.BETTER
    assert travel(D("5"), D("4"), polarity="lower") == Travel.WORSE
    assert travel(D("4"), D("4"), polarity="lower") == Travel.SAME
    assert travel(D("4"), None, polarity="lower") == Travel.UNKNOWN


def test_tba_and_new_targets_rate_as_no_target(db):
    indicator = factories.IndicatorFactory()
    factories.TargetFactory(indicator=indicator, year=2025, kind=Target.Kind.TBA, value=None)
    factories.TargetFactory(indicator=indicator, year=2026, kind=Target.Kind.NEW, value=None)
    indicator = Indicator.objects.with_figures().get(pk=indicator.pk)
    assert indicator.rating(D("50"), 2025) == Rating.NO_TARGET
    assert indicator.rating(D("50"), 2026) == Rating.NO_TARGET
    assert indicator.rating(D("50"), 2027) == Rating.NO_TARGET


def test_status_compares_with_previous_period_and_same_period_last_year(db):
    indicator = factories.IndicatorFactory()
    factories.TargetFactory(indicator=indicator, year=2026, value=D("97"))
    factories.ResultFactory(indicator=indicator, year=2025, period=1, value=D("99"))
    factories.ResultFactory(indicator=indicator, year=2025, period=4, value=D("95"))
    factories.ResultFactory(indicator=indicator, year=2026, period=1, value=D("96"))
    indicator = Indicator.objects.with_figures().get(pk=indicator.pk)
    status = indicator.status_at(indicator.period(2026, 1))
    assert status.rating == Rating.AMBER
    assert status.rating_label == "Near target"
    assert status.vs_previous == Travel.BETTER  # Q4 2025/26 was 95
    assert status.vs_last_year == Travel.WORSE  # Q1 2025/26 was 99


def test_periods_of_each_frequency():
    assert periods.Period("quarterly", 2025, 4).label == "Q4 2025/26"
    assert periods.Period("quarterly", 2025, 4).end == dt.date(2026, 3, 31)
    assert periods.Period("monthly", 2025, 10).label == "Jan 2026"
    assert periods.Period("monthly", 2025, 11).end == dt.date(2026, 2, 28)
    assert periods.Period("annual", 2025, 1).label == "2025/26"
    assert periods.Period("quarterly", 2025, 1).previous() == periods.Period("quarterly", 2024, 4)
    assert periods.latest_ended("annual", dt.date(2026, 9, 30)) == periods.Period("annual", 2025, 1)
    assert periods.latest_ended("monthly", dt.date(2026, 9, 30)) == periods.Period(
        "monthly", 2026, 6
    )


@pytest.mark.parametrize(
    ("heading", "parsed"),
    [
        ("Q1 2025/26", ("quarterly", 2025, 1)),
        ("q3 25/26", ("quarterly", 2025, 3)),
        ("Apr 2025", ("monthly", 2025, 1)),
        ("January 2026", ("monthly", 2025, 10)),
        ("Mar-26", ("monthly", 2025, 12)),
        ("2025/26", ("annual", 2025, 1)),
        ("2025/27", None),
        ("Total", None),
    ],
)
def test_spreadsheet_headings_are_read_as_periods(heading, parsed):
    assert periods.parse_label(heading) == parsed


def test_code_is_unique_in_the_council_not_across_councils(world):
    factories.IndicatorFactory(service=world.service, code="CS01")
    factories.IndicatorFactory(service=world.foreign_plan.service, code="CS01")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.IndicatorFactory(service=world.other_service, code="CS01")


def test_clean_says_the_code_is_taken(world):
    factories.IndicatorFactory(service=world.service, code="CS01")
    duplicate = Indicator(service=world.other_service, code="cs01", title="Clash")
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert error.value.message_dict["code"] == [
        "Another indicator of the council already has this code"
    ]


def test_a_number_target_needs_a_value(db):
    indicator = factories.IndicatorFactory()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Target.objects.create(indicator=indicator, year=2025, kind=Target.Kind.NUMBER, value=None)
    assert "target_value_matches_kind" in str(error.value)


def test_one_target_per_year(db):
    target = factories.TargetFactory()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        factories.TargetFactory(indicator=target.indicator, year=target.year)
    assert "target_unique_year" in str(error.value)


def test_one_result_per_period_and_periods_in_range(db):
    result = factories.ResultFactory()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        factories.ResultFactory(indicator=result.indicator, year=result.year, period=result.period)
    assert "result_unique_period" in str(error.value)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        factories.ResultFactory(indicator=result.indicator, period=13)
    assert "result_period_in_range" in str(error.value)


def test_every_model_keeps_history(db):
    result = factories.ResultFactory()
    result.value = D("99")
    result.save()
    assert result.history.count() == 2
    assert result.indicator.history.count() == 1

"""Indicators for the shared `world`: one service with figures, one beside it, one abroad."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from plans.models import Section, SectionKind
from tests import factories

TODAY = dt.date(2026, 11, 22)


@dataclass
class Kpis:
    indicator: object  # CS01 of world.service, with targets and 6 quarters of results
    other: object  # RV01 of world.other_service (officer_b's)
    foreign: object  # an indicator of the foreign council


@pytest.fixture
def today(monkeypatch):
    """Pages see 22 November 2026 as today, whatever the date."""
    monkeypatch.setattr("kpis.views.today", lambda: TODAY)
    return TODAY


@pytest.fixture
def kpis(world, today) -> Kpis:
    indicator = factories.IndicatorFactory(
        service=world.service, code="CS01", title="% of calls answered", owner="Head of CS"
    )
    for year in (2025, 2026, 2027):
        factories.TargetFactory(indicator=indicator, year=year, value=Decimal("97"))
    for (year, period), value in {
        (2025, 1): "97.8",
        (2025, 2): "96.2",
        (2025, 3): "94.1",
        (2025, 4): "97.1",
        (2026, 1): "98.2",
        (2026, 2): "96.4",
    }.items():
        factories.ResultFactory(indicator=indicator, year=year, period=period, value=Decimal(value))
    other = factories.IndicatorFactory(
        service=world.other_service, code="RV01", title="Tax collected"
    )
    foreign = factories.IndicatorFactory(
        service=world.foreign_plan.service, code="CS01", title="Foreign calls answered"
    )
    return Kpis(indicator=indicator, other=other, foreign=foreign)


@pytest.fixture
def kpi_section(world):
    """A performance indicators section in world.plan (the shared template has none)."""
    return Section.objects.create(
        plan=world.plan,
        position=99,
        number="9",
        title="Performance indicators",
        kind=SectionKind.KPIS,
    )

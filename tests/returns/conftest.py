"""A return for Q2 2026/27 over the shared `world`, with an indicator, an action and a risk
of world.service (Customer Services) due in it."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from council.models import Service
from plans.models import SectionKind
from returns.services import return_open
from tests import factories

TODAY = dt.date(2026, 10, 10)


@dataclass
class Rw:
    world: object
    parent: object  # the return for Q2 2026/27, deadline 20 October 2026, every service
    indicator: object  # CS01 of world.service, quarterly, target 97 in 2026
    action: object  # an open action of world.plan (in its actions section)
    risk: object  # an open risk of world.service due for review on 15 October 2026


@pytest.fixture
def today(monkeypatch):
    """Pages see 10 October 2026 as today, whatever the date."""
    monkeypatch.setattr("returns.views.today", lambda: TODAY)
    return TODAY


def open_return(world, **kwargs):
    options = {
        "council": world.council,
        "year": 2026,
        "quarter": 2,
        "deadline": dt.date(2026, 10, 20),
        "services": list(Service.objects.filter(directorate__council=world.council)),
        "asks_results": True,
        "asks_progress": True,
        "asks_risks": True,
        "user": world.lead,
    } | kwargs
    return return_open(**options)


@pytest.fixture
def rw(world, today) -> Rw:
    indicator = factories.IndicatorFactory(service=world.service, code="CS01")
    factories.TargetFactory(indicator=indicator, year=2026, value=Decimal("97"))
    factories.ResultFactory(indicator=indicator, year=2026, period=1, value=Decimal("95"))
    factories.ResultFactory(indicator=indicator, year=2025, period=2, value=Decimal("93"))
    factories.SectionFactory(
        plan=world.plan, title="Actions and projects", number="9", kind=SectionKind.ACTIONS
    )
    objective = factories.ServiceObjectiveFactory(plan=world.plan)
    action = factories.ActionFactory(objective=objective, reference="1a")
    risk = factories.RiskFactory(
        service=world.service, reference="CS-R1", review_date=dt.date(2026, 10, 15)
    )
    return Rw(world, open_return(world), indicator, action, risk)

"""Opening a return and submitting a service's part: each refusal says what to do."""

import pytest
from django.core.exceptions import ValidationError

from plans.models import ProgressUpdate
from returns.models import ServiceReturn
from returns.services import service_return_submit
from tests import factories
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db


def test_one_return_per_council_and_quarter(world, today):
    open_return(world)
    with pytest.raises(ValidationError) as error:
        open_return(world)
    assert "The council already has a return for that quarter." in error.value.messages


def test_a_return_must_ask_for_something(world, today):
    with pytest.raises(ValidationError) as error:
        open_return(world, asks_results=False, asks_progress=False, asks_risks=False)
    assert "Choose at least one thing services must provide." in error.value.messages


def test_a_return_needs_services_of_the_council(world, today):
    with pytest.raises(ValidationError) as error:
        open_return(world, services=[])
    assert error.value.message_dict == {"services": ["Select at least one service"]}
    with pytest.raises(ValidationError) as error:
        open_return(world, services=[world.foreign_plan.service])
    assert error.value.message_dict == {"services": ["Select services of your council"]}


def test_submitting_needs_a_complete_return_and_happens_once(rw):
    part = ServiceReturn.objects.get(parent=rw.parent, service=rw.world.service)
    with pytest.raises(ValidationError) as error:
        service_return_submit(service_return=part, user=rw.world.officer)
    assert error.value.code == "incomplete"
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2)
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=2, status="on_track")
    rw.risk.save()
    service_return_submit(service_return=part, user=rw.world.officer)
    part.refresh_from_db()
    assert part.submitted_by == rw.world.officer
    with pytest.raises(ValidationError) as error:
        service_return_submit(service_return=part, user=rw.world.officer)
    assert error.value.code == "already_submitted"

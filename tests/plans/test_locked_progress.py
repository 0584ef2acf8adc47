"""A quarter locked for a service (council.models.QuarterLock) takes no more progress
reports on its actions, from anyone and by any way in: the action's progress page,
plans.services.actions itself, carrying actions forward, and a plan file, which cannot add
results or progress reports to a locked quarter either."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kpis.models import Indicator, Result
from plans.exchange.plan_file import plan_export, plan_import, plan_import_check
from plans.models import Plan, ProgressUpdate
from plans.services.actions import action_progress_record, actions_carry_forward
from plans.services.editing import plan_create
from tests import factories
from tests.plans.conftest import TODAY, add_actions_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def lock(aw):
    """Q2 2026/27 of Customer Services (world.plan's service) locked by the lead."""
    return factories.QuarterLockFactory(service=aw.world.service, locked_by=aw.world.lead)


def locked_message(lock) -> str:
    return (
        f"Q2 2026/27 of Customer Services was locked on {lock.locked_at:%-d %B %Y} by "
        f"{lock.locked_by}: its progress can no longer be reported. Ask the performance lead "
        "to unlock the quarter if a report must change"
    )


def test_no_progress_is_recorded_in_a_locked_quarter_even_by_the_lead(aw, lock):
    for user in (aw.world.officer, aw.world.lead):
        with pytest.raises(ValidationError) as error:
            action_progress_record(
                action=aw.action, year=2026, quarter=2, status="on_track", note="", user=user
            )
        assert error.value.message_dict == {"period": [locked_message(lock)]}
    assert not ProgressUpdate.objects.exists()
    # Other quarters, and the same quarter of another service, are open.
    action_progress_record(
        action=aw.action, year=2026, quarter=3, status="on_track", note="", user=aw.world.officer
    )
    assert ProgressUpdate.objects.get().quarter == 3


def test_the_progress_page_refuses_a_locked_quarter_in_its_error_summary(client_for, aw, lock):
    url = reverse("plans:action_progress", args=[aw.world.plan.pk, aw.action.pk])
    response = client_for(aw.world.officer).post(
        url, {"period": "2026-2", "status": "delayed", "note": "CRM late"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert f'href="#id_period">{locked_message(lock)}' in html
    assert "CRM late</textarea>" in html  # what was typed is kept
    assert not ProgressUpdate.objects.exists()


def test_actions_are_not_carried_forward_into_a_locked_quarter_s_report(aw, world):
    later = plan_create(service=world.service, first_year=2029, last_year=2029, user=world.officer)
    add_actions_section(later)
    # Carrying forward reports "carried forward" in today's quarter: Q3 2026/27.
    factories.QuarterLockFactory(service=world.service, quarter=3, locked_by=world.lead)
    with pytest.raises(ValidationError) as error:
        actions_carry_forward(
            from_plan=world.plan, to_plan=later, actions=[aw.action], user=world.officer,
            today=TODAY,
        )  # fmt: skip
    assert "Q3 2026/27 of Customer Services was locked on" in error.value.messages[0]
    assert not later.actions.exists() and not ProgressUpdate.objects.exists()


@pytest.fixture
def plan_file(aw, world):
    """world.plan exported with an indicator (CS01, a Q2 2026/27 result) and an action
    with a Q2 2026/27 progress report, to import into Waste (the indicator is removed, so
    that the council has none of its code and the file adds it)."""
    indicator = factories.IndicatorFactory(service=world.service, code="CS01")
    factories.ResultFactory(indicator=indicator, year=2026, period=2, value=Decimal("95"))
    factories.ProgressUpdateFactory(action=aw.action, year=2026, quarter=2, status="on_track")
    data = json.loads(json.dumps(plan_export(plan=world.plan)))
    Result.objects.all().delete()
    Indicator.objects.all().delete()
    ProgressUpdate.objects.all().delete()
    return data


def test_a_plan_file_cannot_add_results_or_progress_to_a_locked_quarter(plan_file, world):
    lock = factories.QuarterLockFactory(service=world.sibling_service, locked_by=world.lead)
    check = plan_import_check(data=plan_file, service=world.sibling_service)
    words = f"{lock.locked_words}: the file cannot add"
    advice = (
        "Leave it out of the file; the performance lead can enter it on its page, with a reason"
    )
    assert [error for error in check.errors if "locked" in error] == [
        f"objectives[0].actions[0].progress_updates[0]: {words} a progress report to it. {advice}",
        f"service_indicators[0].results[0]: {words} a result to it. {advice}",
    ]
    with pytest.raises(ValidationError):
        plan_import(data=plan_file, service=world.sibling_service, user=world.officer)
    assert not Plan.objects.filter(service=world.sibling_service).exists()
    assert not Result.objects.exists() and not ProgressUpdate.objects.exists()


def test_a_plan_file_adds_them_to_a_quarter_not_locked(plan_file, world):
    factories.QuarterLockFactory(service=world.sibling_service, quarter=3, locked_by=world.lead)
    plan = plan_import(data=plan_file, service=world.sibling_service, user=world.officer)
    assert Result.objects.get(indicator__service=world.sibling_service).value == Decimal("95")
    assert ProgressUpdate.objects.get(action__plan=plan).quarter == 2

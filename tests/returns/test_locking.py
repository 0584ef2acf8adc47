"""Locking a return once every service's part is accepted, and unlocking it with a reason:
the services (refusals and what they record), the lock and unlock pages with the view
checklist, the tracker's "Locked on ... by ...", and corrections of a locked quarter on the
service's return page (by the lead only, each with a reason, all rows or none)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from council.models import QuarterLock
from kpis.models import Result, ResultCorrection
from plans.models import ProgressUpdate
from returns.models import ServiceReturn
from returns.services import (
    return_lock,
    return_locks,
    return_unlock,
    service_return_accept,
    service_return_send_back,
    service_return_submit,
)
from tests import factories
from tests.returns.conftest import open_return

pytestmark = pytest.mark.django_db


def accept_all(parent, world, services=None):
    """Submit and accept every service's part of the return (all complete)."""
    for part in ServiceReturn.objects.filter(parent=parent).select_related("service"):
        if services is not None and part.service not in services:
            continue
        service_return_submit(service_return=part, user=world.lead)
        service_return_accept(service_return=part, user=world.manager)


@pytest.fixture
def accepted(rw):
    """Every service's part of the Q2 return accepted; Customer Services' CS01 Q2 is 95."""
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2, value=Decimal("95"))
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=2, status="on_track")
    rw.risk.save()  # reviewed since the return opened
    accept_all(rw.parent, rw.world)
    return rw


@pytest.fixture
def locked(accepted):
    return_lock(parent=accepted.parent, user=accepted.world.lead)
    return accepted


def lock_url(rw):
    return reverse("returns:return_lock", args=[rw.parent.pk])


def unlock_url(rw):
    return reverse("returns:return_unlock", args=[rw.parent.pk])


def tracker_url(rw):
    return reverse("returns:return_detail", args=[rw.parent.pk])


def service_url(rw):
    return reverse("returns:service_return", args=[rw.parent.pk, rw.world.service.pk])


def q2(rw) -> Result:
    return Result.objects.get(indicator=rw.indicator, year=2026, period=2)


def day(moment) -> str:
    return f"{timezone.localdate(moment):%-d %B %Y}"


# --- The services ------------------------------------------------------------------------------


def test_a_return_is_locked_only_once_every_service_is_accepted(rw):
    world = rw.world
    factories.ResultFactory(indicator=rw.indicator, year=2026, period=2)
    ProgressUpdate.objects.create(action=rw.action, year=2026, quarter=2, status="on_track")
    rw.risk.save()
    accept_all(rw.parent, world, services=[world.service])
    with pytest.raises(ValidationError) as error:
        return_lock(parent=rw.parent, user=world.lead)
    assert error.value.code == "not_accepted"
    assert error.value.messages == [
        "The return can be locked once every service's return is accepted. Not accepted yet: "
        "Revenues, Waste."
    ]
    assert not QuarterLock.objects.exists()


def test_locking_locks_every_service_s_quarter_at_once(accepted):
    world = accepted.world
    return_lock(parent=accepted.parent, user=world.lead)
    locks = QuarterLock.objects.in_force().order_by("service__name")
    assert [(lock.service.name, lock.year, lock.quarter) for lock in locks] == [
        ("Customer Services", 2026, 2),
        ("Revenues", 2026, 2),
        ("Waste", 2026, 2),
    ]
    assert {(lock.locked_by, lock.locked_at) for lock in locks} == {
        (world.lead, locks[0].locked_at)
    }
    with pytest.raises(ValidationError) as error:
        return_lock(parent=accepted.parent, user=world.lead)
    assert error.value.code == "already_locked"
    assert error.value.messages == ["This return is already locked."]


def test_unlocking_needs_a_reason_and_keeps_the_lock_on_record(locked):
    world = locked.world
    with pytest.raises(ValidationError) as error:
        return_unlock(parent=locked.parent, user=world.lead, reason="  ")
    assert error.value.message_dict == {"reason": ["Enter the reason for unlocking the return"]}
    assert QuarterLock.objects.in_force().count() == 3
    return_unlock(parent=locked.parent, user=world.lead, reason="CS01 restated by audit")
    assert not QuarterLock.objects.in_force().exists()
    assert {(lock.unlocked_by, lock.unlock_reason) for lock in QuarterLock.objects.all()} == {
        (world.lead, "CS01 restated by audit")
    }
    with pytest.raises(ValidationError) as error:
        return_unlock(parent=locked.parent, user=world.lead, reason="Again")
    assert error.value.code == "not_locked"
    # Locked again: a new lock each, the undone ones kept.
    return_lock(parent=locked.parent, user=world.lead)
    assert len(return_locks(locked.parent)) == 6
    assert QuarterLock.objects.in_force().count() == 3


def test_a_locked_return_is_not_sent_back(locked):
    part = ServiceReturn.objects.get(parent=locked.parent, service=locked.world.service)
    with pytest.raises(ValidationError) as error:
        service_return_send_back(service_return=part, user=locked.world.manager, comment="Why?")
    assert error.value.code == "locked"
    assert error.value.messages == [
        "This return cannot be sent back: Q2 2026/27 is locked. The performance lead can "
        "unlock the return first, with a reason."
    ]
    part.refresh_from_db()
    assert part.is_accepted


def test_a_lock_holds_only_the_return_s_quarter_and_services(locked, world):
    """Another quarter of the same services, and a service left out of a return, are open."""
    assert QuarterLock.objects.holding(world.service.pk, 2026, 3) is None
    left_out = factories.ServiceFactory(directorate=world.directorate, name="Parks")
    assert QuarterLock.objects.holding(left_out.pk, 2026, 2) is None


# --- The lock and unlock pages --------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, accepted):
    for url in (lock_url(accepted), unlock_url(accepted)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_only_the_lead_locks_or_unlocks(client_for, locked):
    world = locked.world
    for user in (world.officer, world.manager, world.clerk):
        client = client_for(user)
        for url in (lock_url(locked), unlock_url(locked)):
            assert client.get(url).status_code == 403, (user, url)
        response = client.post(unlock_url(locked), {"reason": "Mine"})
        assert response.status_code == 403
        assert "Only the council&#x27;s performance lead can lock" in response.content.decode()
    assert QuarterLock.objects.in_force().count() == 3


def test_another_council_s_return_is_not_found(client_for, locked):
    client = client_for(locked.world.foreign_officer)
    for url in (lock_url(locked), unlock_url(locked)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.get(reverse("returns:return_lock", args=[9999])).status_code == 404


def test_the_lead_locks_from_the_tracker_after_confirming(client_for, accepted):
    world = accepted.world
    client = client_for(world.lead)
    html = client.get(tracker_url(accepted)).content.decode()
    assert "Not locked" in html and f'href="{lock_url(accepted)}"' in html
    html = client.get(lock_url(accepted)).content.decode()
    assert '<h1 class="govuk-heading-l">Lock the return</h1>' in html
    assert "can be changed only by you, with a reason" in html
    assert not QuarterLock.objects.exists()  # the page itself locks nothing
    response = client.post(lock_url(accepted), {"lock": "Lock the return"})
    assert response.status_code == 302 and response.url == tracker_url(accepted)
    lock = QuarterLock.objects.in_force().first()
    html = client.get(tracker_url(accepted)).content.decode()
    assert f"Locked on {day(lock.locked_at)} by {world.lead}" in html
    assert f'href="{unlock_url(accepted)}"' in html
    # No review links on a locked return: it is unlocked before it is sent back.
    assert "/review/" not in html
    manager_html = client_for(world.manager).get(tracker_url(accepted)).content.decode()
    assert f"Locked on {day(lock.locked_at)} by {world.lead}" in manager_html
    assert f'href="{unlock_url(accepted)}"' not in manager_html


def test_a_return_not_all_accepted_is_refused_with_the_error_summary(client_for, rw):
    client = client_for(rw.world.lead)
    html = client.get(tracker_url(rw)).content.decode()
    assert "it can be locked once every service's return is accepted" in html
    assert f'href="{lock_url(rw)}"' not in html
    response = client.post(lock_url(rw), {"lock": "Lock the return"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "Not accepted yet: Customer Services, Revenues, Waste." in html
    assert not QuarterLock.objects.exists()


def test_the_lead_unlocks_with_a_reason_shown_on_the_tracker(client_for, locked):
    world = locked.world
    client = client_for(world.lead)
    assert "Reason for unlocking the return" in client.get(unlock_url(locked)).content.decode()
    response = client.post(unlock_url(locked), {"reason": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert 'href="#id_reason">Enter the reason for unlocking the return' in html
    assert QuarterLock.objects.in_force().count() == 3
    response = client.post(unlock_url(locked), {"reason": "CS01 restated by audit"})
    assert response.status_code == 302 and response.url == tracker_url(locked)
    html = client.get(tracker_url(locked)).content.decode()
    undone = QuarterLock.objects.first()
    assert f"Unlocked on {day(undone.unlocked_at)} by {world.lead}: CS01 restated by audit" in html
    assert "Not locked" in html and f'href="{lock_url(locked)}"' in html
    assert not QuarterLock.objects.in_force().exists()


def test_the_tracker_costs_the_same_queries_locked_for_3_and_9_services(
    client_for, world, today, django_assert_num_queries
):
    def locked_return(count, prefix, quarter):
        services = [
            factories.ServiceFactory(directorate=world.directorate, name=f"{prefix} {n}")
            for n in range(count)
        ]
        parent = open_return(world, quarter=quarter, services=services)
        accept_all(parent, world)
        return_lock(parent=parent, user=world.lead)
        return_unlock(parent=parent, user=world.lead, reason="Restated")
        return_lock(parent=parent, user=world.lead)
        return parent

    client = client_for(world.lead)
    small = locked_return(3, "Small", 2)
    url = reverse("returns:return_detail", args=[small.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(10) as small_queries:
        client.get(url)
    large = locked_return(9, "Large", 1)
    with django_assert_num_queries(len(small_queries.captured_queries)):
        response = client.get(reverse("returns:return_detail", args=[large.pk]))
    html = response.content.decode()
    assert f"Locked on {day(timezone.now())} by {world.lead}" in html
    assert html.count("Restated</span>") == 1  # one unlock, however many services


# --- Correcting a locked quarter on the service's return page ----------------------------------


def test_officers_can_no_longer_change_a_locked_return(client_for, locked):
    world = locked.world
    client = client_for(world.officer)
    html = client.get(service_url(locked)).content.decode()
    assert "only the performance lead can correct its results" in html
    assert 'name="i' not in html and "Submit return" not in html
    response = client.post(
        service_url(locked),
        {f"i{locked.indicator.pk}-2-value": "90", f"i{locked.indicator.pk}-2-reason": "x"},
    )
    assert response.status_code == 403
    assert "only the performance lead can correct its results" in response.content.decode()
    assert q2(locked).value == Decimal("95")


def test_out_of_scope_officers_get_404_on_a_locked_return(client_for, locked):
    world = locked.world
    other = reverse("returns:service_return", args=[locked.parent.pk, world.service.pk])
    assert client_for(world.officer_b).get(other).status_code == 404
    assert client_for(world.foreign_officer).post(other, {"action": "save"}).status_code == 404


def test_the_lead_corrects_a_locked_return_only_with_reasons_all_rows_or_none(client_for, locked):
    world = locked.world
    second = factories.IndicatorFactory(service=world.service, code="CS02")
    factories.ResultFactory(indicator=second, year=2026, period=2, value=Decimal("80"))
    client = client_for(world.lead)
    html = client.get(service_url(locked)).content.decode()
    assert "Save corrections" in html and "Submit return" not in html
    assert "Q2 2026/27 is locked: a change to a result or its commentary is recorded" in html
    first, other = f"i{locked.indicator.pk}-2", f"i{second.pk}-2"
    posted = {
        f"{first}-value": "96",
        f"{first}-commentary": "Recounted",
        f"{first}-reason": "Audit found missed calls",
        # New commentary alone: a correction too, once the quarter is locked.
        f"{other}-value": "80%",
        f"{other}-commentary": "Invoices came late",
        "action": "save",
    }
    response = client.post(service_url(locked), posted)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert (
        f'href="#id_{other}-reason">CS02 Q2 2026/27: Enter the reason for correcting the '
        "result: Q2 2026/27 is locked" in html
    )
    assert 'value="96"' in html and "Audit found missed calls</textarea>" in html
    # One transaction: the row with its reason is not saved either.
    assert q2(locked).value == Decimal("95")
    assert not ResultCorrection.objects.exists()
    response = client.post(service_url(locked), posted | {f"{other}-reason": "Late invoice"})
    assert response.status_code == 302
    assert q2(locked).value == Decimal("96")
    corrections = {c.result.indicator.code: c for c in ResultCorrection.objects.all()}
    assert (corrections["CS01"].old_value, corrections["CS01"].new_value) == (
        Decimal("95"),
        Decimal("96"),
    )
    assert corrections["CS01"].reason == "Audit found missed calls"
    assert corrections["CS01"].new_commentary == "Recounted"
    assert (corrections["CS02"].reason, corrections["CS02"].corrected_by) == (
        "Late invoice",
        world.lead,
    )
    assert (corrections["CS02"].old_value, corrections["CS02"].new_value) == (80, 80)
    assert (corrections["CS02"].old_commentary, corrections["CS02"].new_commentary) == (
        "Two advisers on leave.",
        "Invoices came late",
    )


def test_an_unlocked_accepted_return_is_read_only_again(client_for, locked):
    world = locked.world
    return_unlock(parent=locked.parent, user=world.lead, reason="Restating")
    response = client_for(world.lead).post(
        service_url(locked), {f"i{locked.indicator.pk}-2-value": "90", "action": "save"}
    )
    assert response.status_code == 403  # accepted: sent back before it changes, as before
    assert q2(locked).value == Decimal("95")

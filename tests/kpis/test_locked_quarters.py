"""Results of a locked quarter (council.models.QuarterLock): only the performance lead
changes them, each change (a first result, new commentary, a new figure) a correction with
its reason, through every way results come in: the result's page, the spreadsheet upload
and kpis.services.result_record itself. The return's page is in tests/returns."""

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook

from council.models import QuarterLock
from kpis import periods, spreadsheets
from kpis.models import ImportBatch, Result, ResultCorrection
from kpis.services import result_record
from tests import factories
from tests.kpis.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def lock(kpis, world) -> QuarterLock:
    """Q2 2026/27 of Customer Services (CS01's result 96.4%) locked by the lead."""
    return factories.QuarterLockFactory(service=world.service, locked_by=world.lead)


SAID = "Two advisers on leave."  # the commentary of every result of the kpis fixture


def q2(kpis) -> Result:
    return Result.objects.get(indicator=kpis.indicator, year=2026, period=2)


def record(kpis, user, **answer):
    figure = answer.pop("value", D("95"))
    return result_record(
        indicator=kpis.indicator,
        year=2026,
        period=answer.pop("period", 2),
        value=figure,
        text=answer.pop("text", ""),
        commentary=answer.pop("commentary", SAID),
        user=user,
        reason=answer.pop("reason", ""),
    )


# --- Which quarter holds a period ------------------------------------------------------------


@pytest.mark.parametrize(
    "frequency, number, quarter",
    [
        (periods.QUARTERLY, 3, 3),
        (periods.MONTHLY, 1, 1),
        (periods.MONTHLY, 6, 2),
        (periods.MONTHLY, 7, 3),
        (periods.MONTHLY, 12, 4),
        (periods.ANNUAL, 1, 4),  # the year's result is asked in the Q4 return
    ],
)
def test_a_period_is_held_by_the_quarter_whose_return_asks_for_it(frequency, number, quarter):
    assert periods.Period(frequency, 2026, number).quarter == quarter


# --- The service ----------------------------------------------------------------------------


def test_an_officer_cannot_change_a_locked_result(kpis, world, lock):
    with pytest.raises(ValidationError) as error:
        record(kpis, world.officer, reason="Restated")
    assert error.value.code == "locked"
    assert error.value.messages == [
        f"Q2 2026/27 of Customer Services was locked on {lock.locked_at:%-d %B %Y} by "
        f"{world.lead}: only the performance lead can correct its results."
    ]
    assert q2(kpis).value == D("96.4") and not ResultCorrection.objects.exists()


def test_the_lead_needs_a_reason_even_for_commentary(kpis, world, lock):
    with pytest.raises(ValidationError) as error:
        record(kpis, world.lead, value=D("96.4"), commentary="Added later")
    assert error.value.message_dict == {
        "reason": ["Enter the reason for correcting the result: Q2 2026/27 is locked"]
    }
    assert q2(kpis).commentary == SAID


def test_the_lead_corrects_with_a_reason_and_the_correction_keeps_old_and_new(kpis, world, lock):
    record(kpis, world.lead, value=D("95"), text="95%", commentary="Restated", reason="Audit")
    correction = ResultCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (D("96.4"), D("95"))
    assert (correction.old_text, correction.new_text) == ("", "95%")
    assert (correction.old_commentary, correction.new_commentary) == (SAID, "Restated")
    assert (correction.reason, correction.corrected_by) == ("Audit", world.lead)
    assert correction.corrected_at is not None
    assert (q2(kpis).value, q2(kpis).commentary) == (D("95"), "Restated")
    # New commentary alone is a correction too, once the quarter is locked.
    record(kpis, world.lead, value=D("95"), text="95%", commentary="Restated twice", reason="Typo")
    latest = ResultCorrection.objects.order_by("-pk").first()
    assert (latest.old_value, latest.new_value) == (D("95"), D("95"))
    assert (latest.old_commentary, latest.new_commentary) == ("Restated", "Restated twice")


def test_a_first_result_in_a_locked_quarter_is_a_correction_of_nothing(kpis, world, lock):
    monthly = factories.IndicatorFactory(service=world.service, code="CS02", frequency="monthly")
    with pytest.raises(ValidationError) as error:
        result_record(
            indicator=monthly, year=2026, period=5, value=D("3"), text="", commentary="",
            user=world.lead, reason="",
        )  # fmt: skip
    assert list(error.value.message_dict) == ["reason"]
    result_record(
        indicator=monthly, year=2026, period=5, value=D("3"), text="", commentary="",
        user=world.lead, reason="Missed in the return",
    )  # fmt: skip
    correction = ResultCorrection.objects.get(result__indicator=monthly)
    assert (correction.old_value, correction.old_printed, correction.new_value) == (
        None,
        "",
        D("3"),
    )
    # August is in Q2; October is in Q3, which is not locked: no reason, no correction.
    result_record(
        indicator=monthly, year=2026, period=7, value=D("4"), text="", commentary="",
        user=world.officer,
    )  # fmt: skip
    assert ResultCorrection.objects.count() == 1


def test_an_unchanged_result_is_no_correction_and_other_quarters_are_open(kpis, world, lock):
    record(kpis, world.officer, value=D("96.4"))  # what is there already: nothing to do
    record(kpis, world.officer, period=3, value=D("97"))  # Q3 is not locked
    assert not ResultCorrection.objects.exists()
    # An unlocked quarter is open again, by the usual rules.
    QuarterLock.objects.filter(pk=lock.pk).update(unlocked_at=lock.locked_at, unlock_reason="x")
    record(kpis, world.officer, value=D("96"), reason="Restated")
    assert q2(kpis).value == D("96")


def test_the_database_wants_a_reason_for_an_unlock_and_one_lock_in_force(kpis, world, lock):
    unlocked = QuarterLock.objects.filter(pk=lock.pk)
    with pytest.raises(IntegrityError, match="unlocked_with_reason"), transaction.atomic():
        unlocked.update(unlocked_at=lock.locked_at)
    with pytest.raises(IntegrityError, match="quarterlock_one_in_force"), transaction.atomic():
        factories.QuarterLockFactory(service=world.service)
    # Once undone, the quarter can be locked again; the undone lock stays on record.
    QuarterLock.objects.filter(pk=lock.pk).update(
        unlocked_at=lock.locked_at, unlock_reason="Restating Q2"
    )
    factories.QuarterLockFactory(service=world.service)
    assert QuarterLock.objects.filter(service=world.service).count() == 2


# --- The result's page --------------------------------------------------------------------------


def result_url(kpis, period=2):
    return reverse("kpis:result_edit", args=[kpis.indicator.pk, 2026, period])


def test_officers_get_403_on_a_locked_result_and_see_locked_on_the_indicator(
    client_for, kpis, world, lock
):
    client = client_for(world.officer)
    response = client.get(result_url(kpis))
    assert response.status_code == 403
    assert "only the performance lead can correct its results" in response.content.decode()
    response = client.post(result_url(kpis), {"value": "90", "commentary": "x", "reason": "y"})
    assert response.status_code == 403
    assert q2(kpis).value == D("96.4")
    html = client.get(kpis.indicator.get_absolute_url()).content.decode()
    assert 'Locked<span class="govuk-visually-hidden">: only the performance lead can ' in html
    assert f'href="{result_url(kpis)}"' not in html
    assert client.get(result_url(kpis, 1)).status_code == 200  # Q1 is not locked


def test_out_of_scope_stays_404_whatever_the_lock(client_for, kpis, world, lock):
    foreign_lead = factories.UserFactory(council=world.foreign_council, username="far-lead")
    factories.RoleFactory(user=foreign_lead, name="performance_lead")
    assert client_for(foreign_lead).get(result_url(kpis)).status_code == 404


def test_the_lead_corrects_a_locked_result_only_with_a_reason(client_for, kpis, world, lock):
    client = client_for(world.lead)
    html = client.get(result_url(kpis)).content.decode()
    assert "Q2 2026/27 of Customer Services was locked on" in html
    assert 'name="reason"' in html
    response = client.post(result_url(kpis), {"value": "96.4%", "commentary": "Staff moved"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert 'href="#id_reason">Enter the reason for correcting the result: Q2 2026/27 is locked' in (
        html
    )
    assert "Staff moved</textarea>" in html and 'value="96.4%"' in html
    assert q2(kpis).commentary == SAID
    response = client.post(
        result_url(kpis), {"value": "96.4%", "commentary": "Staff moved", "reason": "Asked by CMT"}
    )
    assert response.status_code == 302
    correction = ResultCorrection.objects.get()
    assert (correction.new_commentary, correction.reason) == ("Staff moved", "Asked by CMT")
    html = client.get(kpis.indicator.get_absolute_url()).content.decode()
    assert "Asked by CMT" in html


# --- The spreadsheet upload ---------------------------------------------------------------------


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = "results.xlsx"
    buffer.seek(0)
    return buffer


def upload(client, rows) -> ImportBatch:
    client.post(reverse("kpis:import_upload"), {"file": xlsx(rows)})
    return ImportBatch.objects.latest("uploaded_at")


ROWS = [["Code", "Q2 2026/27", "Q3 2026/27"], ["CS01", 95, 97]]


def test_an_officer_s_upload_refuses_locked_rows_but_not_unchanged_ones(kpis, world, lock):
    rows = spreadsheets.read_upload(xlsx(ROWS).getvalue(), user=world.officer, today=TODAY)
    assert [row["error"] for row in rows] == [
        "Cell B2: Q2 2026/27 is locked for Customer Services: only the performance lead can "
        "correct its results",
        "",
    ]
    unchanged = [["Code", "Q2 2026/27"], ["CS01", 96.4]]
    rows = spreadsheets.read_upload(xlsx(unchanged).getvalue(), user=world.officer, today=TODAY)
    assert [(row["change"], row["error"]) for row in rows] == [("unchanged", "")]


def test_the_lead_s_upload_asks_a_reason_and_saves_nothing_without_it(
    client_for, kpis, world, lock
):
    client = client_for(world.lead)
    batch = upload(client, ROWS)
    assert [(row["change"], row.get("locked", False)) for row in batch.rows] == [
        ("changed", True),
        ("new", False),
    ]
    html = client.get(batch.get_absolute_url()).content.decode()
    assert "Reason for correcting results of a locked quarter" in html
    assert "Locked quarter: a correction with your reason" in html
    response = client.post(batch.get_absolute_url(), {"action": "apply", "reason": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert (
        'href="#id_reason">Enter the reason for correcting results of a locked quarter: '
        "CS01 Q2 2026/27" in html
    )
    # One transaction: the Q3 row, not locked, is not saved either.
    assert q2(kpis).value == D("96.4")
    assert not Result.objects.filter(indicator=kpis.indicator, year=2026, period=3).exists()
    response = client.post(
        batch.get_absolute_url(), {"action": "apply", "reason": "Audited figure"}
    )
    assert response.status_code == 302
    assert q2(kpis).value == D("95")
    correction = ResultCorrection.objects.get()
    assert (correction.result, correction.reason, correction.corrected_by) == (
        q2(kpis),
        "Audited figure",
        world.lead,
    )
    assert (correction.old_value, correction.new_value) == (D("96.4"), D("95"))


def test_a_quarter_locked_after_the_preview_is_refused_when_applied(client_for, kpis, world):
    client = client_for(world.officer)
    batch = upload(client, ROWS)
    assert batch.error_rows == []
    factories.QuarterLockFactory(service=world.service, locked_by=world.lead)
    response = client.post(batch.get_absolute_url(), {"action": "apply"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert (
        "Only the performance lead can correct results of a locked quarter: CS01 Q2 2026/27."
        in html
    )
    assert q2(kpis).value == D("96.4")
    assert not Result.objects.filter(indicator=kpis.indicator, year=2026, period=3).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW

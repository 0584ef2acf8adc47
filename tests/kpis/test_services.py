"""Target revisions, result corrections, and applying a previewed upload."""

import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kpis.models import ImportBatch, Indicator, Result, ResultCorrection, Target, TargetRevision
from kpis.services import result_record, results_import, target_set
from tests import factories

D = Decimal


def test_setting_a_first_target_needs_no_reason(kpis, world):
    target = target_set(
        indicator=kpis.indicator, year=2028, value=D("98"), text="98%", user=world.officer
    )
    assert (target.kind, target.value, target.text) == ("number", D("98"), "98%")
    assert not target.revisions.exists()


def test_changing_a_target_keeps_the_old_one_with_who_when_and_why(kpis, world):
    target_set(
        indicator=kpis.indicator,
        year=2026,
        value=D("95"),
        text="95%",
        user=world.officer,
        reason="Restructure agreed by committee",
    )
    target_set(
        indicator=kpis.indicator,
        year=2026,
        value=None,
        text="TBA",
        user=world.officer,
        reason="New telephony platform",
    )
    target = Target.objects.get(indicator=kpis.indicator, year=2026)
    assert (target.kind, target.value, target.printed) == ("tba", None, "TBA")
    revisions = list(target.revisions.order_by("pk"))
    assert [(r.old_display, r.new_display, r.reason) for r in revisions] == [
        ("97", "95%", "Restructure agreed by committee"),
        ("95%", "TBA", "New telephony platform"),
    ]
    assert all(r.changed_by == world.officer and r.changed_at for r in revisions)
    assert target.history.count() == 3


def test_changing_a_target_without_a_reason_is_refused(kpis, world):
    with pytest.raises(ValidationError) as error:
        target_set(
            indicator=kpis.indicator, year=2026, value=D("90"), text="90", user=world.officer
        )
    assert error.value.message_dict == {"reason": ["Enter the reason for changing the targets"]}
    assert Target.objects.get(indicator=kpis.indicator, year=2026).value == D("97")
    assert not TargetRevision.objects.exists()


def test_a_target_cannot_be_removed(kpis, world):
    with pytest.raises(ValidationError) as error:
        target_set(
            indicator=kpis.indicator,
            year=2026,
            value=None,
            text="",
            user=world.officer,
            reason="x",
        )
    assert error.value.messages == ["A target cannot be removed once set: enter TBA instead"]


def test_the_same_target_again_records_nothing(kpis, world):
    target = kpis.indicator.targets.get(year=2026)
    assert target.printed == "97%"  # a number with no text prints in the unit
    target_set(indicator=kpis.indicator, year=2026, value=D("97"), text="97%", user=world.officer)
    assert not TargetRevision.objects.exists()
    target.refresh_from_db()
    assert target.text == ""


def test_entering_and_correcting_a_result(kpis, world):
    result = result_record(
        indicator=kpis.indicator,
        year=2026,
        period=3,
        value=D("95"),
        text="95",
        commentary="Outage",
        user=world.officer,
    )
    assert result.entered_by == world.officer
    with pytest.raises(ValidationError) as error:
        result_record(
            indicator=kpis.indicator,
            year=2026,
            period=3,
            value=D("96"),
            text="96",
            commentary="Outage",
            user=world.officer,
        )
    assert error.value.message_dict == {"reason": ["Enter the reason for correcting the result"]}
    result_record(
        indicator=kpis.indicator,
        year=2026,
        period=3,
        value=D("96"),
        text="96",
        commentary="Outage fixed",
        user=world.officer,
        reason="Late calls counted",
    )
    correction = ResultCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.old_commentary) == (
        D("95"),
        D("96"),
        "Outage",
    )
    assert correction.reason == "Late calls counted"
    assert correction.corrected_by == world.officer


def test_a_result_for_a_period_the_indicator_does_not_report_is_refused(kpis, world):
    with pytest.raises(ValidationError) as error:
        result_record(
            indicator=kpis.indicator,
            year=2026,
            period=7,
            value=D("1"),
            text="1",
            commentary="",
            user=world.officer,
        )
    assert error.value.message_dict == {
        "period": ["Choose a period that matches how often the indicator is reported"]
    }


def batch_for(world, kpis, rows):
    return ImportBatch.objects.create(
        council=world.council, uploaded_by=world.officer, filename="q3.xlsx", rows=rows
    )


def row(kpis, period, value, old=None, change="new", error=""):
    return {
        "line": 2,
        "code": "CS01",
        "indicator": kpis.indicator.pk,
        "title": "",
        "cell": "F2",
        "period_label": f"Q{period}",
        "year": 2026,
        "period": period,
        "value": value,
        "old": old,
        "change": change,
        "error": error,
    }


def test_import_applies_new_results_and_corrections_in_one_go(kpis, world):
    batch = batch_for(
        world, kpis, [row(kpis, 3, "95.5"), row(kpis, 2, "96.9", old="96.4", change="changed")]
    )
    assert results_import(batch=batch, user=world.officer) == 2
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=3).value == D("95.5")
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=2).value == D("96.9")
    correction = ResultCorrection.objects.get()
    assert correction.reason == "Corrected by spreadsheet upload q3.xlsx"
    batch.refresh_from_db()
    assert (batch.status, batch.applied_count) == ("applied", 2)
    with pytest.raises(ValidationError) as error:
        results_import(batch=batch, user=world.officer)
    assert error.value.messages == ["This upload has already been applied or cancelled."]


def test_import_with_refused_rows_saves_nothing_unless_asked(kpis, world):
    rows = [row(kpis, 3, "95.5"), {**row(kpis, 4, ""), "error": "Cell G2: not a number"}]
    batch = batch_for(world, kpis, rows)
    with pytest.raises(ValidationError) as error:
        results_import(batch=batch, user=world.officer)
    assert error.value.messages == [
        "Some rows have errors. Correct the file and upload it again, "
        "or choose to apply only the rows without errors."
    ]
    assert not Result.objects.filter(year=2026, period=3).exists()
    assert results_import(batch=batch, user=world.officer, valid_only=True) == 1
    assert Result.objects.get(indicator=kpis.indicator, year=2026, period=3).value == D("95.5")


def test_import_checks_the_user_may_still_edit(kpis, world):
    world.officer.roles.all().delete()
    batch = batch_for(world, kpis, [row(kpis, 3, "95.5")])
    with pytest.raises(ValidationError) as error:
        results_import(batch=batch, user=world.officer)
    assert error.value.messages == ["You can no longer enter results for CS01."]
    assert not Result.objects.filter(year=2026, period=3).exists()


def test_only_the_uploader_can_apply(kpis, world):
    batch = batch_for(world, kpis, [row(kpis, 3, "95.5")])
    other = factories.UserFactory(council=world.council)
    with pytest.raises(ValidationError) as error:
        results_import(batch=batch, user=other)
    assert error.value.messages == ["Only the person who uploaded the file can apply it."]


def test_five_thousand_results_apply_in_seconds(world):
    Indicator.objects.bulk_create(
        Indicator(service=world.service, council=world.council, code=f"P{n:04d}", title="t")
        for n in range(1250)
    )
    ids = list(Indicator.objects.filter(code__startswith="P").values_list("pk", flat=True))
    rows = [
        {
            "indicator": pk,
            "code": "P",
            "year": 2025,
            "period": q,
            "value": "50",
            "change": "new",
            "error": "",
        }
        for pk in ids
        for q in (1, 2, 3, 4)
    ]
    batch = ImportBatch.objects.create(
        council=world.council, uploaded_by=world.officer, filename="big.xlsx", rows=rows
    )
    started = time.monotonic()
    assert results_import(batch=batch, user=world.officer) == 5000
    assert time.monotonic() - started < 15
    assert Result.objects.filter(year=2025).count() == 5000
    assert Result.history.filter(year=2025).count() == 5000

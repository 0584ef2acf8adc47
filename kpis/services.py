"""Workflows that write targets and results and keep what they replace."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from council import stamps
from council.models import QuarterLock, User
from kpis import periods
from kpis.models import (
    ImportBatch,
    Indicator,
    Result,
    ResultCorrection,
    Target,
    TargetRevision,
    target_kind,
)
from kpis.seen import changed_since_seen, result_seen


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal | None,
    text: str,
    user: User,
    reason: str = "",
) -> Target | None:
    """Set or change the target of one year as printed (`text`), with its number (`value`,
    None when the text has none). A change to an existing target keeps the old one as a
    revision and needs a reason. A target once set cannot be removed (that would lose its
    revisions): it can become 'TBA' instead. No text and no value sets nothing."""
    text = text.strip()
    target = Target.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is None and not text and value is None:
        return None
    if target is not None and not text and value is None:
        raise ValidationError(
            "A target cannot be removed once set: enter TBA instead", code="cannot_remove"
        )
    kind = target_kind(value, text)
    if target is not None and (target.value, target.printed) == (value, text or target.printed):
        return target
    revision = None
    if target is not None:
        if not reason.strip():
            raise ValidationError(
                {"reason": "Enter the reason for changing the targets"}, code="reason_required"
            )
        revision = TargetRevision(
            target=target,
            old_kind=target.kind,
            old_value=target.value,
            old_text=target.text,
            new_kind=kind,
            new_value=value,
            new_text=text,
            reason=reason.strip(),
            changed_by=user,
        )
    else:
        target = Target(indicator=indicator, year=year)
    target.kind = kind
    target.value = value
    target.text = text
    target.full_clean()
    target.save()
    if revision is not None:
        revision.full_clean()
        revision.save()
    return target


def locked_quarter(indicator: Indicator, period: periods.Period) -> QuarterLock | None:
    """The lock in force on the quarter holding the indicator's period, if any."""
    return QuarterLock.objects.holding(indicator.service_id, period.year, period.quarter)


def check_lock(lock: QuarterLock | None, *, user: User, reason: str, label: str) -> None:
    """A locked quarter's results are corrected only by the performance lead, with a reason."""
    if lock is None:
        return
    if not user.is_performance_lead:
        raise ValidationError(
            f"{lock.locked_words}: only the performance lead can correct its results.",
            code="locked",
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": f"Enter the reason for correcting the result: {label} is locked"},
            code="reason_required",
        )


@transaction.atomic
def result_record(
    *,
    indicator: Indicator,
    year: int,
    period: int,
    value: Decimal | None,
    text: str,
    commentary: str,
    user: User,
    reason: str = "",
    seen: str | None = None,
) -> Result:
    """Enter the result of one period as printed (`text`) with its number (`value`, None
    when the text has none), or correct it: a correction keeps the old value, text and
    commentary with who, when and why. Commentary is needed when the council's rule asks
    for it (Council.commentary_required), as the result form says before it gets here.

    In a locked quarter (council.models.QuarterLock) only the performance lead changes a
    result, and any change (a first result, new commentary) is a correction with a reason.

    With `seen` (kpis.seen.result_seen of the result as the page showed it), a result saved
    by someone else since is refused with who saved what, rather than overwritten."""
    text = text.strip()
    if not periods.is_valid(indicator.frequency, period):
        raise ValidationError(
            {"period": "Choose a period that matches how often the indicator is reported"}
        )
    needed = indicator.commentary_reason(value, year, indicator.council.commentary_required)
    if needed and not commentary.strip():
        raise ValidationError(
            {
                "commentary": ValidationError(
                    f"Enter commentary: {needed}", code="commentary_required"
                )
            }
        )
    this_period = indicator.period(year, period)
    result = (
        Result.objects.select_for_update()
        .filter(indicator=indicator, year=year, period=period)
        .first()
    )
    new_figure = False
    if result is not None:
        new_figure = (result.value, result.printed) != (value, text or result.printed)
        if not new_figure and result.commentary == commentary:
            return result
        if seen is not None and result_seen(result) != seen:
            raise changed_since_seen(result)
    lock = locked_quarter(indicator, this_period)
    check_lock(lock, user=user, reason=reason, label=this_period.label)
    if new_figure and not reason.strip():
        raise ValidationError(
            {"reason": "Enter the reason for correcting the result"}, code="reason_required"
        )
    correction = None
    if new_figure or lock is not None:
        correction = ResultCorrection(
            old_value=result.value if result else None,
            new_value=value,
            old_text=result.text if result else "",
            new_text=text,
            old_commentary=result.commentary if result else "",
            new_commentary=commentary,
            reason=reason.strip(),
            corrected_by=user,
        )
    if result is None:
        result = Result(indicator=indicator, year=year, period=period, entered_by=user)
    result.value = value
    result.text = text
    result.commentary = commentary
    result.full_clean()
    result.save()
    if correction is not None:
        correction.result = result
        correction.save()
    return result


IMPORT_CORRECTION_REASON = "Corrected by spreadsheet upload {filename}"


@transaction.atomic
def results_import(
    *, batch: ImportBatch, user: User, valid_only: bool = False, reason: str = ""
) -> int:
    """Apply a previewed upload in one transaction; returns how many results changed.
    Results in a locked quarter need the performance lead and `reason` (the corrections
    record it); others are corrected with the file's name as the reason.

    Every row is checked again against the database as it is now (the indicator may have
    gone, or the user may have lost the role). Unless `valid_only`, one refused row means
    nothing is saved.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError("This upload has already been applied or cancelled.")
    if batch.uploaded_by_id != user.pk:
        raise ValidationError("Only the person who uploaded the file can apply it.")
    if batch.error_rows and not valid_only:
        raise ValidationError(
            "Some rows have errors. Correct the file and upload it again, "
            "or choose to apply only the rows without errors."
        )
    rows = batch.change_rows
    targets = Target.objects.filter(year__in={r["year"] for r in rows})
    indicators = (
        Indicator.objects.editable_by(user)
        .prefetch_related(Prefetch("targets", queryset=targets))
        .in_bulk([r["indicator"] for r in rows])
    )
    missing = {r["code"] for r in rows if r["indicator"] not in indicators}
    if missing:
        raise ValidationError(
            "You can no longer enter results for " + ", ".join(sorted(missing)) + "."
        )
    existing = {
        (r.indicator_id, r.year, r.period): r
        for r in Result.objects.select_for_update().filter(
            indicator_id__in={r["indicator"] for r in rows},
            year__in={r["year"] for r in rows},
        )
    }
    _check_commentary(rows, indicators, existing, batch.council.commentary_required)
    locked = _locked_rows(rows, indicators, user=user, reason=reason)
    created, changed, corrections = [], [], []
    upload_reason = IMPORT_CORRECTION_REASON.format(filename=batch.filename)
    for row in rows:
        key = (row["indicator"], row["year"], row["period"])
        # A correction in a locked quarter gives the lead's reason; others say the file.
        why = reason.strip() if key in locked else upload_reason
        value = Decimal(row["value"])
        # None: the file had no commentary column, so what was there stays.
        commentary = row.get("commentary")
        result = existing.get(key)
        if result is None:
            created.append(
                Result(
                    indicator_id=row["indicator"],
                    year=row["year"],
                    period=row["period"],
                    value=value,
                    commentary=commentary or "",
                    entered_by=user,
                )
            )
            continue
        new_commentary = commentary is not None and commentary != result.commentary
        if result.value == value and not new_commentary:
            continue
        if result.value != value or key in locked:
            corrections.append(
                ResultCorrection(
                    result=result,
                    old_value=result.value,
                    new_value=value,
                    old_text=result.text,
                    old_commentary=result.commentary,
                    new_commentary=commentary if new_commentary else result.commentary,
                    reason=why,
                    corrected_by=user,
                )
            )
        if result.value != value:
            result.value = value
            # The upload gives a number: it prints in the unit, not as the old text.
            result.text = ""
        if new_commentary:
            result.commentary = commentary
        changed.append(result)
    created = bulk_create_with_history(created, Result, default_user=user)
    # A first result in a locked quarter is a correction too (of nothing), with the reason.
    corrections += [
        ResultCorrection(
            result=result,
            new_value=result.value,
            new_commentary=result.commentary,
            reason=reason.strip(),
            corrected_by=user,
        )
        for result in created
        if (result.indicator_id, result.year, result.period) in locked
    ]
    bulk_update_with_history(changed, Result, ["value", "text", "commentary"], default_user=user)
    bulk_create_with_history(corrections, ResultCorrection, default_user=user)
    # Bulk writes send no signals: the plan pages and dashboard showing these start again.
    stamps.touch_rows(Indicator, {row["indicator"] for row in rows})
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_count = len(created) + len(changed)
    batch.save(update_fields=["status", "applied_count"])
    return batch.applied_count


def row_quarter(indicator: Indicator, row: dict) -> tuple[int, int, int]:
    """(service id, year, quarter) of an upload's row: what a QuarterLock holds."""
    return (
        indicator.service_id,
        row["year"],
        indicator.period(row["year"], row["period"]).quarter,
    )


def _locked_rows(rows, indicators, *, user: User, reason: str) -> set[tuple[int, int, int]]:
    """(indicator, year, period) of the rows in a locked quarter of their service. The
    preview refused them to anyone but the performance lead, and asked the lead for a
    reason; a quarter may have been locked since, so check again before anything is
    written."""
    locks = QuarterLock.objects.quarters(
        {indicator.service_id for indicator in indicators.values()}, {r["year"] for r in rows}
    )
    locked = [row for row in rows if row_quarter(indicators[row["indicator"]], row) in locks]
    if not locked:
        return set()
    labels = ", ".join(f"{row['code']} {row['period_label']}" for row in locked[:10])
    labels += f" and {len(locked) - 10:,} more" if len(locked) > 10 else ""
    if not user.is_performance_lead:
        raise ValidationError(
            f"Only the performance lead can correct results of a locked quarter: {labels}.",
            code="locked",
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": f"Enter the reason for correcting results of a locked quarter: {labels}"},
            code="reason_required",
        )
    return {(row["indicator"], row["year"], row["period"]) for row in locked}


def _check_commentary(rows, indicators, existing, rule: str) -> None:
    """The preview refused results that need commentary and have none; a target or the
    council's rule may have changed since, so check again before anything is written."""
    refused = []
    for row in rows:
        result = existing.get((row["indicator"], row["year"], row["period"]))
        commentary = row.get("commentary")
        if commentary is None:
            commentary = result.commentary if result else ""
        indicator = indicators[row["indicator"]]
        if not commentary and indicator.commentary_reason(Decimal(row["value"]), row["year"], rule):
            refused.append(f"{row['code']} {row['period_label']}")
    if refused:
        raise ValidationError(
            "Enter commentary for " + ", ".join(refused) + ": the results are not on target "
            "and the council asks for commentary. Add it to the file and upload it again."
        )

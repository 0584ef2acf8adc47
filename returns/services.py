"""Workflows of a return: opening it for a quarter or a month, a service submitting its part, a
manager or the performance lead accepting that part or sending it back, and the lead
locking the quarter's accepted figures (and unlocking them, with a reason)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from council.models import Council, QuarterLock, Service, User
from kpis import periods as kpi_periods
from returns.completion import progress_of
from returns.models import Return, Review, ServiceReturn


@transaction.atomic
def return_open(
    *,
    council: Council,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
    deadline: dt.date,
    services: list[Service],
    asks_results: bool,
    asks_progress: bool,
    asks_risks: bool,
    user: User,
) -> Return:
    """Open the council's return for a quarter, or for a month (1 = April) when `month` is
    given, with a part for each of these services. A monthly return keeps the quarter its
    month falls in, whose lock it follows."""
    if (quarter is None) == (month is None):
        raise ValidationError("Choose a quarter or a month for the return, not both.")
    if month is not None:
        if not kpi_periods.is_valid(kpi_periods.MONTHLY, month):
            raise ValidationError(
                {"month": "Month must be from 1 (April) to 12 (March)"}, code="month_invalid"
            )
        quarter = kpi_periods.Period(kpi_periods.MONTHLY, year, month).quarter
    if not services:
        raise ValidationError({"services": "Select at least one service"})
    if any(service.directorate.council_id != council.pk for service in services):
        raise ValidationError({"services": "Select services of your council"})
    parent = Return(
        council=council,
        frequency=Return.Frequency.QUARTERLY if month is None else Return.Frequency.MONTHLY,
        year=year,
        quarter=quarter,
        month=month,
        deadline=deadline,
        asks_results=asks_results,
        asks_progress=asks_progress,
        asks_risks=asks_risks,
        opened_by=user,
    )
    parent.full_clean()
    parent.save()
    ServiceReturn.objects.bulk_create(
        ServiceReturn(parent=parent, service=service) for service in services
    )
    return parent


@transaction.atomic
def service_return_submit(*, service_return: ServiceReturn, user: User) -> ServiceReturn:
    """Mark a service's part of a return submitted: only once, and only when complete."""
    service_return = locked_for_review(service_return)
    if service_return.submitted_at:
        raise ValidationError(
            f"This return was already submitted on {when_words(service_return.submitted_at)}.",
            code="already_submitted",
        )
    (progress,) = progress_of(service_return.parent, [service_return])
    if not progress.complete:
        raise ValidationError(
            f"The return cannot be submitted until it is complete: still missing "
            f"{progress.missing_words}.",
            code="incomplete",
        )
    service_return.submitted_at = timezone.now()
    service_return.submitted_by = user
    # A return sent back waits for review again; its last comment stays for the reviewer.
    service_return.review_status = Review.WAITING
    service_return.full_clean()
    service_return.save(update_fields=["submitted_at", "submitted_by", "review_status"])
    return service_return


def locked_for_review(service_return: ServiceReturn) -> ServiceReturn:
    """The service's return read again under a row lock, so that a submission and a review
    arriving together are taken one after the other, each seeing the other's result."""
    return (
        ServiceReturn.objects.select_for_update()
        .select_related("parent", "service")
        .get(pk=service_return.pk)
    )


def when_words(moment) -> str:
    when = timezone.localtime(moment)
    return f"{when:%-d %B %Y} at {when:%H:%M}"


def refuse_locked(service_return: ServiceReturn, done: str) -> None:
    """A return of a locked quarter is not reviewed again until the quarter is unlocked (a
    monthly return follows the lock of the quarter its month falls in)."""
    parent = service_return.parent
    if QuarterLock.objects.holding(service_return.service_id, parent.year, parent.quarter):
        quarter = parent.quarter_label
        whose = "the quarter's return" if parent.is_monthly else "the return"
        raise ValidationError(
            f"This return cannot be {done}: {quarter} is locked. The performance lead can "
            f"unlock {whose} first, with a reason.",
            code="locked",
        )


@transaction.atomic
def service_return_accept(*, service_return: ServiceReturn, user: User) -> ServiceReturn:
    """Accept a submitted return: its officers can no longer change it unless it is sent back."""
    service_return = locked_for_review(service_return)
    if service_return.is_accepted:
        raise ValidationError(
            f"This return was already accepted on {when_words(service_return.reviewed_at)}.",
            code="already_accepted",
        )
    if not service_return.submitted_at:
        raise ValidationError(
            "This return cannot be accepted: it has not been submitted.", code="not_submitted"
        )
    refuse_locked(service_return, "accepted")
    service_return.review_status = Review.ACCEPTED
    service_return.reviewed_at = timezone.now()
    service_return.reviewed_by = user
    service_return.review_comment = ""
    service_return.full_clean()
    service_return.save(
        update_fields=["review_status", "reviewed_at", "reviewed_by", "review_comment"]
    )
    return service_return


@transaction.atomic
def service_return_send_back(
    *, service_return: ServiceReturn, user: User, comment: str
) -> ServiceReturn:
    """Send a submitted (or accepted) return back to its officers with a comment saying what
    to change: it is no longer submitted, and they can change it and submit it again."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": "Enter a comment saying what the officers must change"},
            code="comment_required",
        )
    service_return = locked_for_review(service_return)
    refuse_locked(service_return, "sent back")
    if not service_return.submitted_at:
        raise ValidationError(
            "This return cannot be sent back: it has not been submitted"
            + (" since it was last sent back." if service_return.is_sent_back else "."),
            code="not_submitted",
        )
    service_return.submitted_at = None
    service_return.review_status = Review.SENT_BACK
    service_return.reviewed_at = timezone.now()
    service_return.reviewed_by = user
    service_return.review_comment = comment
    service_return.full_clean()
    service_return.save(
        update_fields=[
            "submitted_at",
            "review_status",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
        ]
    )
    return service_return


def refuse_monthly(parent: Return) -> None:
    """A monthly return is neither locked nor unlocked on its own: it follows its quarter's
    lock, which the performance lead sets from the quarter's return."""
    if parent.is_monthly:
        raise ValidationError(
            f"A monthly return is not locked or unlocked on its own: {parent.period_label} "
            f"follows the lock of {parent.quarter_label}, set from "
            "that quarter's return.",
            code="monthly",
        )


def return_locks(parent: Return) -> list[QuarterLock]:
    """Every lock, in force or undone, on the quarter of the return's services, newest first:
    the return is locked and unlocked as one, so its services' locks share their dates."""
    return list(
        QuarterLock.objects.filter(
            service__service_returns__parent=parent, year=parent.year, quarter=parent.quarter
        ).select_related("locked_by", "unlocked_by")
    )


@transaction.atomic
def return_lock(*, parent: Return, user: User) -> None:
    """Lock the quarter's figures of every service of the return, once all their returns are
    accepted: from then on the performance lead alone corrects its results, each with a
    reason, and its progress reports stay as they are (council.models.QuarterLock).

    The whole return or nothing: a return half locked would leave its committee pack half
    final, and "accepted" is the one moment when every figure of the quarter has been
    checked. The parts are read under a row lock, so a send-back cannot slip in between.
    A monthly return is not locked: it follows the lock of its quarter, set from the
    quarter's own return."""
    refuse_monthly(parent)
    parts = list(
        ServiceReturn.objects.select_for_update()
        .filter(parent=parent)
        .select_related("service")
        .order_by("service__name")
    )
    if any(lock.unlocked_at is None for lock in return_locks(parent)):
        raise ValidationError("This return is already locked.", code="already_locked")
    waiting = [part.service.name for part in parts if not part.is_accepted]
    if waiting:
        raise ValidationError(
            "The return can be locked once every service's return is accepted. Not accepted "
            f"yet: {', '.join(waiting)}.",
            code="not_accepted",
        )
    now = timezone.now()
    QuarterLock.objects.bulk_create(
        QuarterLock(
            service=part.service,
            year=parent.year,
            quarter=parent.quarter,
            locked_at=now,
            locked_by=user,
        )
        for part in parts
    )


@transaction.atomic
def return_unlock(*, parent: Return, user: User, reason: str) -> None:
    """Unlock the return's quarter for all its services, recording who, when and why: its
    results and progress can then change as before the lock, and it can be locked again."""
    refuse_monthly(parent)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Enter the reason for unlocking the return"}, code="reason_required"
        )
    in_force = list(
        QuarterLock.objects.in_force()
        .filter(service__service_returns__parent=parent, year=parent.year, quarter=parent.quarter)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    if not in_force:
        raise ValidationError("This return is not locked.", code="not_locked")
    QuarterLock.objects.filter(pk__in=in_force).update(
        unlocked_at=timezone.now(), unlocked_by=user, unlock_reason=reason
    )

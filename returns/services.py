"""Workflows of a return: opening it for a quarter, a service submitting its part, and a
manager or the performance lead accepting that part or sending it back."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from council.models import Council, Service, User
from returns.completion import progress_of
from returns.models import Return, Review, ServiceReturn


@transaction.atomic
def return_open(
    *,
    council: Council,
    year: int,
    quarter: int,
    deadline: dt.date,
    services: list[Service],
    asks_results: bool,
    asks_progress: bool,
    asks_risks: bool,
    user: User,
) -> Return:
    """Open the council's return for a quarter, with a part for each of these services."""
    if not services:
        raise ValidationError({"services": "Select at least one service"})
    if any(service.directorate.council_id != council.pk for service in services):
        raise ValidationError({"services": "Select services of your council"})
    parent = Return(
        council=council,
        year=year,
        quarter=quarter,
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

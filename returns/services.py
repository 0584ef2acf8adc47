"""Workflows of a return: opening it for a quarter, and a service submitting its part."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from council.models import Council, Service, User
from returns.completion import progress_of
from returns.models import Return, ServiceReturn


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
    service_return = (
        ServiceReturn.objects.select_for_update()
        .select_related("parent", "service")
        .get(pk=service_return.pk)
    )
    if service_return.submitted_at:
        when = timezone.localtime(service_return.submitted_at)
        raise ValidationError(
            f"This return was already submitted on {when:%-d %B %Y} at {when:%H:%M}.",
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
    service_return.save(update_fields=["submitted_at", "submitted_by"])
    return service_return

"""Workflows that write several records of a plan at once."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from council.models import Service, User
from plans.models import Plan, Section, TemplateSection


class SectionConflict(Exception):
    """Someone else saved the section after this user opened it."""

    def __init__(self, current: Section):
        self.current = current
        super().__init__(f"Section {current.pk} is at version {current.version}")


@transaction.atomic
def plan_create(*, service: Service, first_year: int, last_year: int, user: User) -> Plan:
    """A new draft plan for a service, with the council template's sections in order."""
    template = list(TemplateSection.objects.filter(council_id=service.directorate.council_id))
    if not template:
        raise ValidationError(
            "Your council has no plan template yet. Ask your performance lead to set one up."
        )
    if Plan.objects.filter(service=service, first_year=first_year).exists():
        raise ValidationError(
            {"first_year": "This service already has a plan starting in that year."}
        )
    plan = Plan(service=service, first_year=first_year, last_year=last_year, created_by=user)
    plan.full_clean()
    plan.save()
    bulk_create_with_history(
        [
            Section(
                plan=plan,
                position=index,
                number=item.number,
                title=item.title,
                guidance=item.guidance,
                required=item.required,
                kind=item.kind,
            )
            for index, item in enumerate(template, start=1)
        ],
        Section,
        default_user=user,
    )
    return plan


@transaction.atomic
def section_save(
    *,
    section: Section,
    expected_version: int,
    user: User,
    body: str | None = None,
    write: Callable[[], None] | None = None,
) -> Section:
    """Save a section's text (`body`) or records (`write`), unless someone saved it since
    `expected_version`.

    The section row is locked, so of two saves made from the same version exactly one
    lands and the other raises SectionConflict with the section as it now is.
    """
    current = Section.objects.select_for_update().get(pk=section.pk)
    if current.version != expected_version:
        raise SectionConflict(Section.objects.select_related("updated_by").get(pk=section.pk))
    if not current.plan.is_editable:
        raise ValidationError("This plan has been published and can no longer be changed.")
    if write is not None:
        write()
    current.version += 1
    current.updated_by = user
    current.updated_at = timezone.now()
    fields = ["version", "updated_by", "updated_at"]
    if body is not None:
        current.body = body
        fields.append("body")
    current.full_clean()
    current.save(update_fields=fields)
    return current

"""Writing a plan: starting one, and saving a section's text and rows together."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from council.models import Service, User
from plans.models import (
    Plan,
    Section,
    SignOff,
    Template,
    TemplateSection,
    TemplateSignOff,
    template_for,
)
from plans.models.plan import outline_levels, outline_numbers
from plans.services.review import section_changed_after_approval


class SectionConflict(Exception):
    """Someone else saved the section after this user opened it."""

    def __init__(self, current: Section):
        self.current = current
        super().__init__(f"Section {current.pk} is at version {current.version}")


@transaction.atomic
def plan_create(
    *,
    service: Service,
    first_year: int,
    last_year: int,
    user: User,
    template: Template | None = None,
) -> Plan:
    """A new draft plan for a service, with its template's sections in order: the template
    given, else the council's template for the service's directorate and the first year."""
    council_id = service.directorate.council_id
    if template is None:
        template = template_for(council_id, service.directorate_id, first_year)
    elif template.council_id != council_id:
        raise ValidationError({"template": "Choose one of your council's templates."})
    sections = list(TemplateSection.objects.filter(template=template)) if template else []
    if not sections:
        raise ValidationError(
            "Your council has no plan template yet. Ask your performance lead to set one up."
        )
    if Plan.objects.filter(service=service, first_year=first_year).exists():
        raise ValidationError(
            {"first_year": "This service already has a plan starting in that year."}
        )
    plan = Plan(
        service=service,
        first_year=first_year,
        last_year=last_year,
        created_by=user,
        template=template,
    )
    plan.full_clean()
    plan.save()
    levels = outline_levels([item.level for item in sections])
    numbers = outline_numbers(levels)
    numbered = service.directorate.council.numbers_sections
    bulk_create_with_history(
        [
            Section(
                plan=plan,
                position=index,
                number=item.number or (numbers[index - 1] if numbered else ""),
                level=levels[index - 1],
                title=item.title,
                guidance=item.guidance,
                required=item.required,
                kind=item.kind,
                columns=item.columns,
            )
            for index, item in enumerate(sections, start=1)
        ],
        Section,
        default_user=user,
    )
    blocks = list(TemplateSignOff.objects.filter(template=template))
    for index, block in enumerate(blocks or [TemplateSignOff(title="Head of service")], start=1):
        SignOff.objects.create(
            plan=plan,
            position=index,
            title=block.title,
            signer_role=block.signer_role,
            signer_id=block.signer_id,
        )
    return plan


@transaction.atomic
def section_save(
    *,
    section: Section,
    expected_version: int,
    user: User,
    body: str | None = None,
    body_after: str | None = None,
    write: Callable[[], None] | None = None,
) -> Section:
    """Save a section's text (`body`, and `body_after` its table) or records (`write`),
    unless someone saved it since `expected_version`.

    The section row is locked, so of two saves made from the same version exactly one
    lands and the other raises SectionConflict with the section as it now is.
    """
    # The plan row is locked first (as publishing does) so an edit and a publication
    # never interleave: the edit either lands before the plan is frozen or is refused.
    plan = Plan.objects.select_for_update().get(pk=section.plan_id)
    current = Section.objects.select_for_update().get(pk=section.pk)
    current.plan = plan
    if current.version != expected_version:
        raise SectionConflict(Section.objects.select_related("updated_by").get(pk=section.pk))
    if not plan.is_editable:
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
    if body_after is not None:
        current.body_after = body_after
        fields.append("body_after")
    current.full_clean()
    current.save(update_fields=fields)
    if current.review_status == Section.ReviewStatus.APPROVED:
        section_changed_after_approval(section=current, user=user)
    return current

"""Copying a council's plan template, to start another (a directorate's, or next year's)."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from plans.models import Template, TemplateSection, TemplateSignOff


def copy_name(template: Template) -> str:
    """'<name> (copy)', or '(copy 2)' and on when that name is taken."""
    taken = set(
        Template.objects.filter(council_id=template.council_id).values_list("name", flat=True)
    )
    name, number = f"{template.name} (copy)", 1
    while name in taken:
        number += 1
        name = f"{template.name} (copy {number})"
    return name


@transaction.atomic
def template_copy(template: Template) -> Template:
    """A new template of the same council with the same sections (columns, guidance and
    levels included) and sign-offs; it applies to no directorate or year until the lead
    says so, so it changes no one's new plans until then."""
    made = Template.objects.create(council_id=template.council_id, name=copy_name(template))
    for model, items in [
        (TemplateSection, template.sections.all()),
        (TemplateSignOff, template.sign_offs.all()),
    ]:
        bulk_create_with_history([copy_into(item, made) for item in items], model)
    return made


def copy_into(item, template: Template):
    """An unsaved copy of a template's section or sign-off (every field, its columns and
    guidance included), in another template."""
    fields = {
        field.attname: getattr(item, field.attname)
        for field in item._meta.concrete_fields
        if not field.primary_key
    }
    return type(item)(**fields | {"template_id": template.pk})

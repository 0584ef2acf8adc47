"""Every council gets its first plan template, holding the sections and sign-offs it had."""

from django.db import migrations

FIRST_TEMPLATE_NAME = "Service plan"


def first_templates(apps, schema_editor):
    Council = apps.get_model("council", "Council")
    Template = apps.get_model("plans", "Template")
    TemplateSection = apps.get_model("plans", "TemplateSection")
    TemplateSignOff = apps.get_model("plans", "TemplateSignOff")
    Plan = apps.get_model("plans", "Plan")
    for council in Council.objects.all():
        template = Template.objects.create(council=council, name=FIRST_TEMPLATE_NAME)
        TemplateSection.objects.filter(council=council).update(template=template)
        TemplateSignOff.objects.filter(council=council).update(template=template)
        Plan.objects.filter(service__directorate__council=council).update(template=template)


class Migration(migrations.Migration):
    dependencies = [("plans", "0018_plan_templates"), ("council", "0004_council_vision_and_values")]
    operations = [migrations.RunPython(first_templates, migrations.RunPython.noop)]

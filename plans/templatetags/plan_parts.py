"""{% plan_part section part %}: a section's part on the plan page, through the part cache."""

from django import template

from plans.part_cache import render_part

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_part(context, section, part):
    """Renders templates/plans/parts/<kind>.html with the page's context, section and part."""
    part_template = context.template.engine.get_template(f"plans/parts/{section.kind}.html")
    return render_part(part_template, context, section, part)

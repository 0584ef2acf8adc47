"""{% plan_part item %}: a document section's part on the plan page, through the part cache."""

from django import template

from plans.cache.parts import render_part

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_part(context, item):
    """Renders templates/plans/parts/<kind>.html with the page's context, section and part."""
    kind = item.section.kind
    part_template = context.template.engine.get_template(f"plans/parts/{kind}.html")
    return render_part(part_template, context, item)

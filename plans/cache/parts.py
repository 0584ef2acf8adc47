"""
The plan page's parts (a section's tables), kept rendered until what they show changes.

When the page cache renders a plan body (plans/cache/pages.py) it puts the change stamps
of the plan in the context. Each part is then kept under the tokens of what it depends on
(SCOPES: the plan itself, the council set-up, its own rows, the service's indicators and
risks for those parts), the day (overdue flags) and, for the parts with links or buttons
for the reader, the reader's rights. A part is loaded from the database and rendered only
when its key is new: after a section's text is edited, every table comes from here.

Without stamps in the context (a published version being frozen) parts are rendered
as they are. The cache is the "parts" alias in settings.
"""

import hashlib
import json

from django.core.cache import caches
from django.utils.safestring import mark_safe

from council import stamps
from council.page_cache import keep, read
from plans.models import SectionKind

# Parts whose HTML depends on who is looking, and the rights they read.
READER_RIGHTS = {
    SectionKind.ACTIONS: ("can_edit", "can_report"),
    SectionKind.SIGN_OFF: ("can_sign",),
}
# Parts that show the service's indicators and risks rather than the plan's rows.
SERVICE_KINDS = frozenset({SectionKind.KPIS, SectionKind.RISKS})


def scopes(plan, kind: str) -> list[tuple[str, int]]:
    """The change stamps a part of this kind depends on."""
    keys = [(stamps.PLAN, plan.pk), (stamps.part(kind), plan.pk), (stamps.SETUP, 0)]
    if kind in SERVICE_KINDS:
        keys.append((stamps.SERVICE, plan.service_id))
    return keys


def all_scopes(plan) -> list[tuple[str, int]]:
    """Every stamp of a plan's page: its own, its sections', each part's and its service's."""
    keys = [(stamps.PLAN, plan.pk), (stamps.SECTIONS, plan.pk)]
    keys += [(stamps.part(kind), plan.pk) for kind in SectionKind.values]
    return keys + [(stamps.SERVICE, plan.service_id), (stamps.SETUP, 0)]


def part_key(context, section) -> str:
    plan, tokens = context["plan"], context["stamp_tokens"]
    parts = [section.kind, str(section.pk), context["today"].isoformat()]
    parts.append(json.dumps(section.columns, sort_keys=True))  # the council's column layout
    parts += [tokens[key] for key in scopes(plan, section.kind)]
    # A right is a yes or no, or (can_sign) the block the reader may sign.
    parts += [
        f"{name}={context.get(name) or False}" for name in READER_RIGHTS.get(section.kind, ())
    ]
    return "part:" + hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()


def render_part(template, context, item) -> str:
    """The part of a document section (its part built only if it must be rendered)."""
    section = item.section
    if section.kind == SectionKind.NARRATIVE or "stamp_tokens" not in context:
        with context.push(section=section, part=item.part):
            return template.render(context)
    cache = caches["parts"]
    key = part_key(context, section)
    html = read(cache, key)
    if html is None:
        with context.push(section=section, part=item.part):
            html = str(template.render(context))
        keep(cache, key, html)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered

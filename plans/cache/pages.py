"""
Whole plan bodies and dashboard contents, kept rendered until something they show changes.

A plan page's body (contents, sections, tables, review and sign-off controls) is a
function of the plan's rows, its service's indicators and risks, the council set-up, the
date (overdue flags) and what the reader may do (the FLAGS). The key is all of that, with
the data stood for by its change stamps (council/stamps.py): one query for the tokens
replaces loading thousands of rows. A miss renders the sections and takes each part from
the part cache (plans/cache/parts.py), which loads only the parts whose own stamps changed:
after a section's text is edited, no table is loaded again.

The forms in the body carry a CSRF token, which belongs to one browser: the body is kept
with a marker in its place and each request puts its own token in.
"""

import datetime as dt

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from council import stamps
from council.page_cache import kept
from plans.cache import parts as part_cache
from plans.document import lazy_document, sections_prefetch
from plans.models import Plan

# What the body template reads about the reader, besides the plan.
FLAGS = ("can_edit", "can_review", "can_sign", "can_report")
CSRF_MARKER = "csrf-token-of-this-request"


def render_body(plan_id: int, flags: dict, today: dt.date, tokens: dict) -> str:
    """The body, its parts from the part cache: only a part not kept is loaded."""
    plan = (
        Plan.objects.select_related("service__directorate__council")
        .prefetch_related(sections_prefetch())
        .get(pk=plan_id)
    )
    context = {
        "plan": plan,
        "document": lazy_document(plan, today),
        "today": today,
        "stamp_tokens": tokens,
        "csrf_token": CSRF_MARKER,
        **{name: flags[name] for name in FLAGS},
    }
    return render_to_string("plans/includes/document_body.html", context)


def plan_body(request, plan, flags: dict) -> str:
    """The plan's body for this reader: kept, or rendered and kept."""
    today = dt.date.today()
    tokens = stamps.tokens(part_cache.all_scopes(plan))
    rights = [f"{name}={bool(flags[name])}" for name in FLAGS]
    html = kept(
        "plan",
        tokens,
        [plan.pk, today.isoformat(), *rights],
        lambda: render_body(plan.pk, flags, today, tokens),
    )
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html.replace(CSRF_MARKER, get_token(request)))  # noqa: S308

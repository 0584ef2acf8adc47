"""
Whole plan pages and dashboard contents, kept rendered until something they show changes.

A plan page's content (its heading, the buttons the reader may use, the contents, sections,
tables, review and sign-off controls) is a function of the plan's rows, its service's
indicators and risks, the council set-up, the date (overdue flags) and what the reader may
do (their rights). The key is all of that, with the data stood for by its change stamps
(council/stamps.py): one query for the tokens replaces loading thousands of rows, and the
view loads only the plan's status and service, to work out the reader's rights. A miss
renders the sections and takes each part from the part cache (plans/cache/parts.py), which
loads only the parts whose own stamps changed: after a section's text is edited, no table
is loaded again.

The forms in the content carry a CSRF token, which belongs to one browser: the content is
kept with a marker in its place and each request puts its own token in.
"""

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from council import stamps
from council.page_cache import kept
from plans.cache import parts as part_cache
from plans.document import lazy_document, sections_prefetch
from plans.models import Plan, PlanVersion

CSRF_MARKER = "csrf-token-of-this-request"


def plan_content(request, plan, rights: dict) -> str:
    """The plan page's content for a reader with these rights: kept, or rendered and kept.
    `plan` needs only its pk, service_id and status (the view's light query)."""
    today = dt.date.today()
    tokens = stamps.tokens(part_cache.all_scopes(plan))
    shaped_by = [plan.pk, today.isoformat(), *(f"{name}={rights[name]}" for name in sorted(rights))]
    html = kept("plan", tokens, shaped_by, lambda: render_content(plan.pk, rights, today, tokens))
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html.replace(CSRF_MARKER, get_token(request)))  # noqa: S308


def render_content(plan_id: int, rights: dict, today: dt.date, tokens: dict) -> str:
    """The content, its parts from the part cache: only a part not kept is loaded."""
    plan = (
        Plan.objects.select_related("service__directorate__council", "created_by")
        .annotate(**latest_version())
        .prefetch_related(sections_prefetch())
        .get(pk=plan_id)
    )
    context = {
        "plan": plan,
        "document": lazy_document(plan, today),
        "today": today,
        "stamp_tokens": tokens,
        "csrf_token": CSRF_MARKER,
        **rights,
        **signing(plan, rights),
    }
    return render_to_string("plans/includes/plan_page.html", context)


def latest_version() -> dict:
    """The number and date of the plan's latest published version, in the plan's query."""
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    return {
        "latest_version_number": Subquery(latest.values("number")[:1]),
        "latest_version_issued_at": Subquery(latest.values("issued_at")[:1]),
    }


def signing(plan: Plan, rights: dict) -> dict:
    """The sign-off button and what still awaits approval: shown only to a manager of a plan
    in review; for every other reader (most of them) their rows are not loaded."""
    if not (rights["can_sign"] and plan.status == Plan.Status.IN_REVIEW):
        return {"next_sign_off": None, "awaiting_approval": []}
    return {
        "next_sign_off": next((b for b in plan.sign_offs.all() if not b.is_signed), None),
        "awaiting_approval": _awaiting_approval(plan),
    }


def _awaiting_approval(plan: Plan) -> list:
    """The plan's required sections not yet approved (what stops it being signed off), from
    the sections the page has loaded."""
    return [
        section
        for section in plan.sections.all()
        if section.required
        and section.is_editable_part
        and section.review_status != section.ReviewStatus.APPROVED
    ]

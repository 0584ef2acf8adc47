"""
A plan's download rendered in parts, by the web process and its helper at once, then
joined: the same pages, tags, links and outline in about two thirds of the time.

Where a plan may be cut: a section printed on landscape pages (it holds a wide table, see
plan.css) starts a new page after a portrait one, and the reverse. Cut there, each part
lays out exactly as it does in the whole plan (checked after rendering: if a part does not
turn the page, the plan is rendered whole). The parts are shared between this process and
the helper (plans/pdf_helper.py) so that the slower side finishes soonest. Then the front,
cover and contents, is rendered here with each section's page number, and
plans/pdf_join.py joins front and parts and numbers the pages.
"""

import logging
from dataclasses import dataclass
from itertools import pairwise

from django.template.loader import render_to_string

from plans import pdf_helper
from plans.pdf import RenderResult, org_chart_bytes, render_pdf
from plans.pdf_join import join_parts

logger = logging.getLogger(__name__)

# The class plan.css puts a section on landscape pages for.
WIDE_TABLE = "app-wide-table"
# What one more render costs before its first page, in characters of print HTML that take
# as long to render (about 0.1 s, measured on the demo plan's sections).
RENDER_START_COST = 4000
# Cut only when the slower side has at most this share of the whole plan's work.
WORTH_CUTTING = 0.8
# A cover and a one-page contents list; the front is rendered again if that was wrong.
FRONT_PAGES = 2


def cut_points(sections: list[str]) -> list[int]:
    """The indexes of the sections that start a new page whatever comes before them."""
    wide = [WIDE_TABLE in html for html in sections]
    return [index for index in range(1, len(wide)) if wide[index] != wide[index - 1]]


@dataclass
class Split:
    here: list[range]  # runs of sections this process renders, one render each
    helper: list[range]  # and the helper


def best_split(costs: list[int], cuts: list[int]) -> Split | None:
    """The way of sharing the sections out that finishes soonest: one cut (a run each) or
    two (the helper takes the middle run); None when no cut is worth it."""
    count = len(costs)

    def time(runs: list[range]) -> int:
        return sum(sum(costs[run.start : run.stop]) + RENDER_START_COST for run in runs)

    best, best_time = None, WORTH_CUTTING * time([range(count)])
    for position, first in enumerate(cuts):
        options = [Split(here=[range(first)], helper=[range(first, count)])]
        options += [
            Split(here=[range(first), range(second, count)], helper=[range(first, second)])
            for second in cuts[position + 1 :]
        ]
        for option in options:
            option_time = max(time(option.here), time(option.helper))
            if option_time < best_time:
                best, best_time = option, option_time
    return best


def part_html(context: dict, run: range) -> str:
    """The print HTML of a run of sections, without cover, contents or page numbers."""
    part = {**context, "front": False, "sections": context["sections"][run.start : run.stop]}
    return render_to_string("pdf/plan.html", {**part, "numbered": False})


def render_in_parts(context: dict, org_chart) -> RenderResult | None:
    """The plan (plan_pdf_context()'s context) rendered in parts and joined, or None when
    it is better rendered whole: no worthwhile cut, or the helper is off, busy or starting.
    """
    sections = context["sections"]
    split = best_split([len(html) for html in sections], cut_points(sections))
    if split is None:
        return None
    with pdf_helper.reserve() as helper:
        if helper is None:
            return None
        chart = org_chart_bytes(org_chart)
        helper.render([part_html(context, run) for run in split.helper], chart)
        results = {run: render_pdf(part_html(context, run), org_chart=chart) for run in split.here}
        sent = helper.results()
    if sent is None:
        sent = [render_pdf(part_html(context, run), org_chart=chart) for run in split.helper]
    results.update(zip(split.helper, sent, strict=True))
    runs = sorted(results, key=lambda run: run.start)
    parts = [results[run] for run in runs]
    for before, after in pairwise(parts):
        if before.landscape[-1] == after.landscape[0]:
            logger.warning("A plan part did not start a new page; rendering the plan whole")
            return None
    front = _front(context, runs, parts, chart)
    if front is None:
        logger.warning("A plan's contents changed length with its page numbers; rendering whole")
        return None
    try:
        levels = [item.section.level for item in context["document"].sections]
        pdf, pages = join_parts(front.pdf, [part.pdf for part in parts], levels)
    except Exception:
        logger.exception("Joining a plan's parts failed; rendering the plan whole")
        return None
    return RenderResult(
        pdf=pdf,
        pages=pages,
        refused=front.refused + [url for part in parts for url in part.refused],
        landscape=front.landscape + [page for part in parts for page in part.landscape],
        parts=len(parts),
    )


def _front(context: dict, runs: list[range], parts: list, chart) -> RenderResult | None:
    """Cover and contents, with each section's page number in the joined file (None if
    the numbers keep changing the front's length)."""
    items = context["document"].sections
    front_pages = FRONT_PAGES
    for _attempt in range(2):
        numbers, offset = {}, front_pages
        for run, part in zip(runs, parts, strict=True):
            for item in items[run.start : run.stop]:
                numbers[item.section.anchor] = offset + part.anchors[item.section.anchor] + 1
            offset += part.pages
        contents = [(item, numbers[item.section.anchor]) for item in items]
        html = render_to_string(
            "pdf/plan.html", {**context, "contents": contents, "sections": [], "numbered": False}
        )
        front = render_pdf(html, org_chart=chart)
        if front.pages == front_pages:
            return front
        front_pages = front.pages
    return None

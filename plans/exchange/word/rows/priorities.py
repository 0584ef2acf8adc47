"""Rows that link the plan to the council's corporate priorities: the service's contribution
to each priority (and objective), and the priorities an action names.

The plan file names a priority and an objective by their exact titles, and a title the
council lacks refuses the whole file; so a cell is matched to the council's own titles
(ignoring case and spacing) and a row naming one the council lacks stays as text with the
reason, for the performance lead to add it in Set up or the officer to correct it.
"""

import re

from council.models import CorporatePriority
from plans.exchange.word.rows.cells import Cells, RowContext, RowProblem


def council_priorities(council_id) -> dict[str, tuple[str, dict[str, str]]]:
    """The council's priorities for RowContext.priorities."""
    found = {}
    for priority in CorporatePriority.objects.filter(council_id=council_id).prefetch_related(
        "objectives"
    ):
        objectives = {_key(o.title): o.title for o in priority.objectives.all()}
        found[_key(priority.title)] = (priority.title, objectives)
    return found


def _key(title: str) -> str:
    return " ".join(title.split()).casefold().strip(" .")


def priority(written: str, ctx: RowContext) -> tuple[str, dict[str, str]]:
    """The council's priority the words name: its title and objectives."""
    found = ctx.priorities.get(_key(written))
    if found is None:
        raise RowProblem(f"“{written[:60]}” is not one of your council's corporate priorities")
    return found


def priority_titles(written: str, ctx: RowContext) -> list[str]:
    """The priorities a cell names, one a line (or separated by ';')."""
    names = [name for name in re.split(r"[\n;]", written) if name.strip()]
    return list(dict.fromkeys(priority(name, ctx)[0] for name in names))


def contributions(cells: Cells, ctx: RowContext) -> list[dict]:
    """The service's contribution to a priority, or to one of its objectives; the plan
    keeps one for each priority and objective."""
    named = ctx.or_above(cells, "priority")
    if not named:
        raise RowProblem("Corporate priority is empty")
    title, objectives = priority(named, ctx)
    written = cells.get("objective")
    objective = objectives.get(_key(written)) if written else None
    if written and objective is None:
        raise RowProblem(f"“{written[:60]}” is not an objective of “{title}” in your council")
    if any(row["priority"] == title and row["objective"] == objective for row in ctx.made):
        raise RowProblem(f"The plan already has a contribution to “{objective or title}”")
    # An objective with nothing beside it is kept: the cell beside the first of a priority's
    # objectives may speak for them all (PriorityContribution.contribution).
    return [{"priority": title, "objective": objective, "contribution": cells.get("contribution")}]

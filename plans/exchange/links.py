"""Links to the council's corporate priorities and objectives, written by title and
found again by title in the target council (objectives, actions, indicators, risks)."""

from council.models import Objective
from plans.exchange.context import ImportContext
from plans.exchange.values import _list


def _priority_titles(priorities) -> list[str]:
    return sorted(p.title for p in priorities)


def _objective_links(objectives) -> list[dict]:
    return sorted(
        ({"priority": o.priority.title, "objective": o.title} for o in objectives),
        key=lambda o: (o["priority"], o["objective"]),
    )


def _titles(raw, where: str, ctx: ImportContext) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        ctx.error(where, "must be a list of titles")
        return []
    return _list(raw, where, ctx)


def _find_priorities(raw, where: str, ctx: ImportContext, *, check=True) -> list:
    """The target council's corporate priorities named by title; each missing one an error.
    With check=False only the shape is checked (for rows that will not be imported)."""
    priorities = []
    for title in _titles(raw, where, ctx):
        priority = ctx.priority(title)
        if priority is None and check:
            ctx.error(where, f"{title[:200]!r} is not a corporate priority of this council")
        priorities.append(priority)
    return priorities


def _find_objectives(raw, where: str, ctx: ImportContext, *, check=True) -> list:
    """The target council's corporate objectives named by {priority, objective} titles."""
    found_all = []
    for n, link in enumerate(_list(raw, where, ctx)):
        there = f"{where}[{n}]"
        if not isinstance(link, dict):
            ctx.error(there, "must be an object with priority and objective")
            continue
        if not check:
            continue
        priority = ctx.priority(link.get("priority"))
        found = (
            Objective.objects.filter(priority=priority, title=link.get("objective")).first()
            if priority
            else None
        )
        if found is None:
            ctx.error(there, f"{str(link.get('objective'))[:200]!r} is not an objective of "
                      f"{str(link.get('priority'))[:200]!r} in this council")  # fmt: skip
        found_all.append(found)
    return found_all

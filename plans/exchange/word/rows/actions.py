"""Rows of the plan's actions: each action under its service objective, with who is
responsible and its target as the council wrote them.

The plan file holds actions inside their objectives. A table with a column of objectives
puts each action under the objective of its row (an empty cell: the one above, as a merged
cell reads); a table without one puts its actions under an objective named as the heading
of the part the table is in. Who is responsible is kept as printed ('JB/KM', 'Customer
Services Team'), not matched to people's accounts. A target in words ('March 2016', 'Q3
2015/16', 'Ongoing') is kept as printed, with the last day it names as the date that makes
the action overdue; an action without a target cannot be kept. A status or progress column
is not read: progress is reported quarter by quarter in the app.
"""

from plans.exchange.word.rows.cells import Cells, RowContext, RowProblem, text
from plans.exchange.word.rows.dates import written_date
from plans.exchange.word.rows.priorities import priority_titles
from plans.models import Action, ServiceObjective

# The action's fields read as text, in the printed table's order.
TEXTS = (
    "measure", "baseline", "links", "data_source", "reporting_frequency", "measured_by",
    "processes", "reporting_timescale", "resources", "risks", "savings", "cross_service",
    "statutory", "business_case", "committee",
)  # fmt: skip
COLUMNS = ("reference", "title", "objective", "responsible", "target", "priorities", *TEXTS)


def actions(cells: Cells, ctx: RowContext) -> list[dict]:
    """The row's action, inside its objective (gathered by `objectives`)."""
    model = Action
    objective = ctx.or_above(cells, "objective") or ctx.heading or "Actions"
    limit = ServiceObjective._meta.get_field("title").max_length
    if len(objective) > limit:
        raise RowProblem(f"Service objective is longer than {limit} characters")
    target_date, target_text = written_date(
        cells.get("target"), ctx, model, "target_date", "target_text",
        deadline=True, required=False,
    )  # fmt: skip
    if not target_date and not target_text:
        raise RowProblem("Target is empty: an action needs a date, or words like Ongoing")
    action = {
        "reference": text(cells, "reference", model, "reference"),
        "title": text(cells, "title", model, "title", required=True),
        "target_date": target_date,
        "target_text": target_text,
        "responsible": text(cells, "responsible", model, "responsible"),
        "lead_officer": None,
        "co_owners": [],
        "other_owners": "",
        "priorities": priority_titles(cells.get("priorities"), ctx),
        **{name: text(cells, name, model, name) for name in TEXTS},
        "progress_updates": [],
    }
    return [{"title": objective, "description": "", "priorities": [],
             "corporate_objectives": [], "actions": [action]}]  # fmt: skip


def objectives(rows: list[dict]) -> list[dict]:
    """The table's objectives, each once with its actions in order."""
    gathered: dict[str, dict] = {}
    for row in rows:
        objective = gathered.setdefault(row["title"], {**row, "actions": []})
        objective["actions"] += row["actions"]
    for objective in gathered.values():
        for position, action in enumerate(objective["actions"], start=1):
            action["position"] = position
    return list(gathered.values())

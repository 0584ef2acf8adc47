"""The body rows of a Word table matched to a structured part, as that part's rows in the
plan file (docs/plan-export-format.md), so that the existing import checks and saves them.

Each cell is read as the app reads what a person types: money as the budget's figure fields
do ('£1,615,700', '(1,200)', '-'), targets, results, baselines and carbon savings as the
indicator pages do (kpis.figures: the text as printed, with its number when it is one
figure; 'TBA' and 'New PI' as kinds of target), dates as the row forms do (31/03/2025). A
row that cannot be read is not guessed at: it is listed with the reason, and it stays in
the section's text with the table's header (plan_file.py), so nothing is lost.

A row whose naming cell is empty carries on the row above (Word tables often spill a cell
over several rows); a row with every cell empty is passed over; a 'Total' row of a table the
plan totals itself is left as text.

The package, from the bottom up: cells.py (a row's cells and the readers of a cell),
dates.py (dates written in words), a module of row readers for each family of parts
(money.py: budget lines and growth bids; people.py: the workforce and contacts;
registers.py: contracts, carbon, the forward plan, risks; indicators.py; priorities.py:
contributions to the council's priorities; actions.py: actions under their objectives),
parts.py (the parts and their readers, by printed table), and here the reading of a
table's rows.
"""

from dataclasses import dataclass, field

from plans.exchange.word.rows.cells import Cells, RowContext, RowProblem
from plans.exchange.word.rows.parts import NAMES, PARTS, RowsPart

__all__ = ["PARTS", "Cells", "RowContext", "RowProblem", "RowsPart", "TableRows", "read_rows"]


@dataclass
class TableRows:
    """What a table's body rows became: the part's rows, and the rows left as text."""

    rows: list[dict] = field(default_factory=list)
    structured: int = 0  # the table's rows taken in (a row may make several budget lines)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    left: list[list[str]] = field(default_factory=list)  # the Word rows not taken in


def read_rows(part: RowsPart, body: list[Cells], raw: list[list[str]], ctx) -> TableRows:
    """The table's body rows as rows of the part, row by row (see the module's docstring)."""
    outcome = TableRows()
    if not any(part.names_row in cells.text for cells in body):
        label = _column_label(part, ctx)
        outcome.problems = [(cells.number, f"No column is the {label}") for cells in body]
        outcome.left = [list(words) for words in raw]
        return outcome
    merged: list[tuple[Cells, list[str]]] = []
    for cells, words in zip(body, raw, strict=True):
        if cells.empty:
            continue
        if part.totals and any(
            v.strip().casefold().startswith("total") for v in cells.text.values()
        ):
            outcome.problems.append((cells.number, "A total: the plan adds up its own totals"))
            outcome.left.append(words)
        elif cells.get(part.names_row) or any(cells.get(key) for key in part.also_names):
            merged.append((cells, list(words)))
        elif merged:
            _carry_on(merged[-1][0], cells)
            merged[-1][1][:] = [_joined(a, b) for a, b in zip(merged[-1][1], words, strict=False)]
        else:
            outcome.problems.append((cells.number, "It goes on from the header row"))
            outcome.left.append(words)
    for cells, words in merged:
        try:
            made = part.build(cells, ctx)
        except RowProblem as problem:
            outcome.problems.append((cells.number, str(problem)))
            outcome.left.append(words)
            continue
        for row in made if part.positioned else []:
            row["position"] = row.get("position") or len(outcome.rows) + 1
        outcome.rows += made
        ctx.made += made
        outcome.structured += 1
    if part.gather:
        outcome.rows = part.gather(outcome.rows)
    order = sorted(range(len(outcome.problems)), key=lambda index: outcome.problems[index][0])
    outcome.problems = [outcome.problems[index] for index in order]
    outcome.left = [outcome.left[index] for index in order]  # in the document's order
    return outcome


def _column_label(part: RowsPart, ctx) -> str:
    """The naming column's label, as the preview's select shows it."""
    return NAMES.get(part.names_row, part.names_row.replace("_", " "))


def _carry_on(above: Cells, cells: Cells) -> None:
    for key, value in cells.text.items():
        above.text[key] = _joined(above.text.get(key, ""), value)
    for key, years in cells.yearly.items():
        for year, value in years.items():
            above.yearly.setdefault(key, {})[year] = _joined(
                above.yearly.get(key, {}).get(year, ""), value
            )


def _joined(one: str, other: str) -> str:
    return "\n".join(part for part in (one.strip(), other.strip()) if part)

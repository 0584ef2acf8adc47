"""Which field of a structured part each column of a Word table fills, as the preview shows it
and the person changes it.

A column's mapping is a value of the preview's select: the printed column's key ("title"),
or for a column shown once per year the key and the year ("targets@2021"), "" to ignore
the column, or "~text" to keep its words as text beside the rows (KEEP_TEXT). The proposal
comes from the header row (tables.py); a header without a year in a column shown per year is
taken for the plan's first year. A column the part has no field for is proposed as text
when it has words in it, so that nothing the council wrote is left out unless the person
chooses to ignore it.
"""

from dataclasses import dataclass, field

from council.periods import year_label
from kpis.periods import parse_label
from plans.columns import TABLES
from plans.exchange.word.blocks import Table
from plans.exchange.word.rows import PARTS, Cells
from plans.exchange.word.sections import similarity
from plans.exchange.word.tables import LEAST_COLUMN, TableMatch, match_table
from plans.printed import UNIT, YEAR

IGNORE = ""
IGNORE_LABEL = "Ignore this column"
KEEP_TEXT = "~text"
KEEP_TEXT_LABEL = "Keep its words as text under the table"
NOT_A_FIELD = (IGNORE, KEEP_TEXT)


@dataclass
class TableChoice:
    """A table of the document, the part it matched and the mapping of each of its columns
    (by header position), or kept as text."""

    match: TableMatch
    values: list[str] = field(default_factory=list)
    as_text: bool = False

    @property
    def part(self):
        return PARTS.get(self.match.target or "")


def header_year(text: str) -> int | None:
    """The financial year a header names ('2020/21', '24/25'), as its first calendar year."""
    parsed = parse_label(text) if text else None
    return parsed[1] if parsed else None


def proposed(table: Table, first_year: int) -> TableChoice:
    """The table's match with each column's proposed mapping."""
    match = match_table(table)
    part = PARTS.get(match.target or "")
    values = []
    for position, mapping in enumerate(match.columns):
        within = _within(part, mapping.header) if part and not mapping.column else None
        if within:
            values.append(within)
        elif part is None or mapping.column not in part.columns:
            values.append(KEEP_TEXT if _has_words(match, position) else IGNORE)
        elif _yearly(match.target, mapping.column):
            values.append(f"{mapping.column}@{header_year(mapping.year) or first_year}")
        else:
            values.append(mapping.column)
    return TableChoice(match, values)


def _has_words(match: TableMatch, position: int) -> bool:
    return any(position < len(row) and row[position].strip() for row in match.body_rows)


def _within(part, header: str) -> str | None:
    """A field printed within another column that the header names ("Service contact")."""
    for key, (label, _) in part.within.items():
        if similarity(header, label) >= LEAST_COLUMN:
            return key
    return None


def column_choices(choice: TableChoice, years: list[int]) -> list[tuple[str, str]]:
    """What each column of the table may be: every column of its part (for each year, for a
    column shown per year: the plan's years and those its headers name), or ignored."""
    part = choice.part
    if part is None:
        return []
    found = {header_year(mapping.year) for mapping in choice.match.columns} - {None}
    every_year = sorted(set(years) | found)
    printed = TABLES[choice.match.target]
    options = [(IGNORE, IGNORE_LABEL), (KEEP_TEXT, KEEP_TEXT_LABEL)]
    for key in part.columns:
        column = printed.column(key)
        if column is None:
            options.append((key, part.within[key][0]))
        elif _yearly(choice.match.target, key):
            options += [(f"{key}@{year}", _label(column, year)) for year in every_year]
        else:
            options.append((key, _label(column)))
    return options


def _yearly(target: str, key: str) -> bool:
    column = TABLES[target].column(key)
    return column is not None and YEAR in column.label


def _label(column, year: int | None = None) -> str:
    label = (
        column.labels[0].replace(YEAR, "")
        if year is None
        else column.year_label(0, year_label(year))
    )
    return " ".join(label.replace(UNIT, "£").split()).capitalize()


def cells_of(choice: TableChoice) -> list[Cells]:
    """The table's body rows as the cells of each mapped column."""
    header = choice.match.header_row
    rows = []
    for offset, row in enumerate(choice.match.body_rows):
        cells = Cells(number=header + offset + 2)
        for position, value in enumerate(choice.values):
            if value in NOT_A_FIELD or position >= len(row):
                continue
            key, _, year = value.partition("@")
            if year:
                cells.yearly.setdefault(key, {})[int(year)] = row[position]
            else:
                cells.text[key] = row[position]
        rows.append(cells)
    return rows


def kept_as_text(choice: TableChoice, taken: set[int]) -> list[list[str]]:
    """The columns kept as text (KEEP_TEXT) of the rows taken in, by row number, as a table
    of text: the header row, then each row with words in them, led by the cell that names
    the row (so a reader can tell which row the words belong to). Empty when none has any."""
    kept = [position for position, value in enumerate(choice.values) if value == KEEP_TEXT]
    names = choice.part.names_row if choice.part else ""
    lead = [p for p, value in enumerate(choice.values) if value.partition("@")[0] == names][:1]
    header = choice.match.header_row
    rows = []
    for offset, row in enumerate(choice.match.body_rows):
        words = [row[p] if p < len(row) else "" for p in kept]
        if header + offset + 2 in taken and any(word.strip() for word in words):
            rows.append([row[p] if p < len(row) else "" for p in lead] + words)
    if not rows:
        return []
    headers = choice.match.table.rows[header]
    return [[headers[p] if p < len(headers) else "" for p in lead + kept], *rows]

"""Each table of a Word plan matched to a printed table of the app by its header row.

A council's headers differ in wording ("Lead officer", "Responsible", "Who"), carry years
("2021/22 Target (Next year)") and notes ("Start Date MM/YY (4)"). Each header cell is
matched to a column of each printed table (plans/columns.py TABLES) by its telling words,
the column's own label and the other words councils use for it (COLUMN_WORDS), with the
year taken out and kept; the table whose columns cover the header best is proposed, with
the others as alternatives. A title row above the header (one text across the table) is
passed over. Tables that match none well stay as the section's own table or as text: the
preview offers both, and the person can change any column's mapping.
"""

import re
from dataclasses import dataclass, field

from plans.columns import TABLES
from plans.exchange.word.blocks import Table
from plans.exchange.word.sections import similarity
from plans.printed import UNIT, YEAR

# A header cell maps to a column from this confidence; a table is proposed from this share
# of its header cells mapped (their confidences summed, over the cells).
LEAST_COLUMN = 0.5
LEAST_TABLE = 0.5
# Printed tables a Word table is never matched to: the section's generic table (the
# fallback) and actions as cards (a layout of the actions table).
NOT_MATCHED = frozenset({"table", "action_cards"})
# Tables of the council's set-up that plans print (its risk scoring key, its appetite
# scale): recognised so that they are not taken for rows of the plan, and kept as text.
SET_UP = frozenset({"matrix_key", "appetite_scale"})
# Other words councils head a column with, by (printed table, column key).
COLUMN_WORDS = {
    ("indicators", "reference"): ["Code", "PI", "Number", "No"],
    ("indicators", "title"): ["Indicator", "Measure", "Key indicator description"],
    ("indicators", "owner"): ["Lead officer", "Responsible", "Who"],
    ("indicators", "frequency"): ["Frequency", "Reported"],
    ("indicators", "last_actual"): ["Actual", "Outturn", "Result"],
    ("risks", "reference"): ["Code", "Number", "No"],
    ("risks", "title"): ["Risk description", "Description", "Risk and consequences"],
    ("risks", "owner"): ["Risk owner", "Lead officer", "Responsible"],
    ("risks", "controls"): ["Controls", "Mitigation", "Mitigating actions"],
    ("risks", "residual_likelihood"): ["Residual likelihood score", "Likelihood"],
    ("risks", "residual_impact"): ["Residual impact score", "Impact"],
    ("actions", "reference"): ["Code", "Number", "No"],
    ("actions", "title"): ["Action", "Activity", "Project", "What we will do", "Outcome",
                           "Key activity", "Action or project"],
    ("actions", "objective"): ["Objective", "Service objective", "Aim"],
    ("actions", "responsible"): ["Lead officer", "Owner", "Who", "Lead", "Responsible officer",
                                 "Who is responsible", "Who is the lead officer", "Responsibility"],
    ("actions", "target"): ["Deadline", "By when", "Timescale", "Due date", "Completion date",
                            "Target date", "Due", "When"],
    ("actions", "priorities"): ["Corporate priority", "Links to corporate priorities"],
    ("actions", "measure"): ["How will we measure", "Success measure", "Outcome measure"],
    ("contracts", "service_area"): ["Service contact", "Service area"],
    ("contracts", "description"): ["Description of the goods and services", "Description"],
    ("contracts", "supplier"): ["Supplier name", "Contractor", "Provider"],
    ("contracts", "value"): ["Contract value", "Value", "Contract sum"],
    ("contracts", "extension_option"): ["Extension", "Option to extend and length"],
    ("single_points", "post"): ["Succession planning for this post", "Post", "Job title"],
    ("skills", "cpd_required"): ["CPD", "Continuing professional development"],
    ("priorities", "priority"): ["Corporate framework priority", "Priority", "Theme"],
    ("priorities", "objective"): ["Corporate objectives", "Objective", "Aim"],
    ("priorities", "contribution"): ["Service contribution", "How the service contributes",
                                     "Contribution"],
    ("budget_lines", "description"): ["Service area", "Budget", "Description", "Heading"],
    ("budget_areas", "revenue"): ["Revenue expenditure budget", "Expenditure", "Revenue"],
    ("budget_areas", "capital"): ["Capital budget"],
    ("budget_areas", "income"): ["Projected income", "Income"],
    ("budget_areas", "staffing"): ["Staff", "FTE", "Full time equivalents"],
    ("growth_bids", "details"): ["Details of bid", "Bid"],
    ("growth_bids", "reason"): ["Reason for bid", "Reason"],
    ("growth_bids", "pid"): ["PID required", "PID"],
    ("growth_bids", "procurement"): ["Procurement involved"],
    ("growth_bids", "start_date"): ["Start date"],
    ("growth_bids", "end_date"): ["End date"],
    ("carbon", "initiative"): ["Initiative", "Project", "Scheme"],
    ("versions", "number"): ["Version no", "Version number", "Issue"],
    ("versions", "reason"): ["Reason for update", "Significant changes", "Changes"],
    ("forward_plan", "member_champion"): ["Service delivery champion", "Portfolio holder"],
    ("contacts", "role"): ["Job title", "Title", "Position"],
    ("contacts", "phone"): ["Telephone", "Tel", "Phone number"],
}  # fmt: skip
YEAR_IN_HEADER = re.compile(
    r"\b((?:19|20)\d{2}\s*[/-]\s*(?:\d{2}|\d{4})|(?:19|20)\d{2}|\d{2}/\d{2})\b"
)
NOTE_IN_HEADER = re.compile(r"\([^)]*\)|\b(?:MM/YY|DD/MM/YY(?:YY)?)\b")


@dataclass
class ColumnMapping:
    header: str
    column: str | None  # the printed column's key, or None: not kept as a column
    year: str = ""  # the year the header names ("2021/22"), for a column shown per year
    confidence: float = 0.0


@dataclass
class TableMatch:
    table: Table
    header_row: int
    target: str | None  # the printed table's name, or None: the section's own table
    score: float
    columns: list[ColumnMapping] = field(default_factory=list)
    alternatives: list[tuple[str, float]] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The printed table's title, as the preview names it."""
        return TABLES[self.target].title if self.target else ""

    @property
    def is_set_up(self) -> bool:
        """A table of the council's set-up (set once for every plan, in Set up)."""
        return self.target in SET_UP

    @property
    def body_rows(self) -> list[list[str]]:
        return self.table.rows[self.header_row + 1 :]


def header_row(table: Table) -> int:
    """The index of the header row: the first with two or more different texts."""
    for index, row in enumerate(table.rows):
        if len({cell for cell in row if cell}) >= 2:
            return index
    return 0


def match_table(table: Table, kinds: tuple[str, ...] = ()) -> TableMatch:
    """The printed table the Word table is most like, with each header's column. `kinds`
    are the section kinds of the part it is in: their tables are preferred on a tie."""
    index = header_row(table)
    headers = table.rows[index] if table.rows else []
    ranked = []
    for name, printed in TABLES.items():
        if name in NOT_MATCHED:
            continue
        mappings = _mappings(headers, name, printed)
        cells = [mapping for mapping in mappings if mapping.header]
        mapped = [mapping for mapping in cells if mapping.column]
        score = sum(m.confidence for m in mapped) / len(cells) if len(mapped) >= 2 else 0.0
        ranked.append((round(score, 3), printed.kind in kinds, name, mappings))
    ranked.sort(key=lambda entry: (-entry[0], not entry[1]))
    if not ranked or ranked[0][0] < LEAST_TABLE:
        alternatives = [(name, score) for score, _, name, _ in ranked[:3] if score > 0]
        return TableMatch(table, index, None, 0.0, alternatives=alternatives)
    score, _, name, mappings = ranked[0]
    alternatives = [(other, each) for each, _, other, _ in ranked[1:4] if each >= LEAST_TABLE / 2]
    return TableMatch(table, index, name, score, mappings, alternatives)


def _mappings(headers: list[str], table_name: str, printed) -> list[ColumnMapping]:
    """Each header's column, the surest first: a column takes one header (one per year
    when it is shown for each year). An empty first header names the rows (its first
    column), as councils leave the corner of a table of years blank."""
    guesses = sorted(
        (
            (guess.confidence, position, guess)
            for position, header in enumerate(headers)
            for guess in _guesses(header, table_name, printed)
        ),
        key=lambda entry: (-entry[0], entry[1]),
    )
    chosen: dict[int, ColumnMapping] = {}
    taken: set[tuple[str, str]] = set()
    for _, position, guess in guesses:
        if position in chosen or (guess.column, guess.year) in taken:
            continue
        chosen[position] = guess
        taken.add((guess.column, guess.year))
    mappings = []
    for position, header in enumerate(headers):
        year = _year(header)
        mappings.append(chosen.get(position, ColumnMapping(header, None, year)))
    first = printed.columns[0].key
    if headers and not headers[0] and (first, "") not in taken and len(taken) >= 2:
        mappings[0] = ColumnMapping("", first, "", LEAST_COLUMN)
    return mappings


def _guesses(header: str, table_name: str, printed) -> list[ColumnMapping]:
    """Every column the header could be, at LEAST_COLUMN or surer."""
    if not header:
        return []
    year = _year(header)
    words = NOTE_IN_HEADER.sub(" ", YEAR_IN_HEADER.sub(" ", header)).strip(" -–:")
    guesses = []
    for column in printed.columns:
        label = column.label.split("|")[0].replace(YEAR, " ").replace(UNIT, " ")
        label = NOTE_IN_HEADER.sub(" ", label).strip()  # "{year} (tonnes)": the year alone
        names = [label, *COLUMN_WORDS.get((table_name, column.key), [])]
        if YEAR in column.label and year and not _words_left(words):
            found = 0.9 if not _words_left(label) else 0.0
        else:
            found = max((similarity(words, name) for name in names if name), default=0.0)
            if YEAR in column.label and year:
                found = min(1.0, found + 0.1)  # a year where the column has one
        if found >= LEAST_COLUMN:
            per_year = year if YEAR in column.label else ""
            guesses.append(ColumnMapping(header, column.key, per_year, round(found, 3)))
    return guesses


def _year(header: str) -> str:
    match = YEAR_IN_HEADER.search(header)
    return match.group(1).replace(" ", "") if match else ""


def _words_left(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", text.replace("£", "")))

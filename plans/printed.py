"""
What a printed table is: its columns, in their default order and wording.

A column shown once per plan year has `{year}` in its label (`2025/26 target`), and a
budget's `{unit}` (`£`, `£000`). Labels for each year in turn can be given apart, separated
by `|` ("{year} Target (Current year) | {year} Target (Next year)"); the last one serves
the years after it. Each council's choice, order and wording of them is in plans/columns.py.
"""

from dataclasses import dataclass

YEAR = "{year}"
YEAR_SEPARATOR = "|"
UNIT = "{unit}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: str = ""  # a CSS width class (app-w-N) in the default layout
    numeric: bool = False
    per_year: bool = False  # one column for each year of the plan
    shown: bool = True  # in the default layout
    fixed: bool = False  # names the row: always shown (its label can change)
    note: str = ""  # what the columns page says of it beside its name

    @property
    def labels(self) -> list[str]:
        """The label's parts, separated by `|`: one for each year, or each line."""
        return [label.strip() for label in self.label.split(YEAR_SEPARATOR)]

    def year_label(self, index: int, year_label: str, unit: str = "") -> str:
        """The label of the column for the plan's index-th year (from 0), in the plan's
        money unit where the label says `{unit}`."""
        labels = self.labels
        label = labels[min(index, len(labels) - 1)]
        return label.replace(YEAR, year_label).replace(UNIT, unit)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    kind: str
    columns: tuple[Column, ...]
    # A table the section prints only when its layout names it (instead of another way of
    # showing the rows, such as the actions' cards): kept even with its default columns.
    optional: bool = False
    # For an optional table: the question its columns page asks, and its two answers (the
    # other way of showing the rows, then this table).
    question: str = ""
    answers: tuple[str, str] = ("", "")

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)

    @property
    def default(self) -> list[Column]:
        return [column for column in self.columns if column.shown]

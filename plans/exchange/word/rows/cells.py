"""A body row of a Word table as the text of each column, and the readers every part uses for
its cells: each reads a cell as the app reads what a person types (money as the budget's
figure fields do, figures as the indicator pages do, dates as the row forms do) and raises
RowProblem, with the words the council wrote, when it cannot."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from council.periods import EARLIEST_YEAR, LATEST_YEAR, year_label
from kpis.figures import FigureError, parse_figure
from plans.forms.fields import FigureField
from plans.forms.tables import date_field

FIGURE_TEXT_MAX = 50  # a target, result or saving as printed (kpis.models.Target.text)


class RowProblem(ValueError):
    """A row that cannot be read as a row of the part; the message says why."""


@dataclass
class Cells:
    """One body row: the text of each mapped column, and of each column shown per year."""

    number: int  # the row's number in the Word table, counting the header as 1
    text: dict[str, str] = field(default_factory=dict)
    yearly: dict[str, dict[int, str]] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.text.get(key, "").strip()

    @property
    def empty(self) -> bool:
        values = [*self.text.values(), *(v for d in self.yearly.values() for v in d.values())]
        return not any(value.strip() for value in values)


@dataclass
class RowContext:
    years: list[int]  # the plan's years
    heading: str = ""  # the heading of the part the table is in
    position: int = 0  # rows made so far, for positions and made-up references
    # The council's corporate priorities, by their titles casefolded: (title, {objective
    # casefolded: title}); the plan file names them by their exact titles.
    priorities: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    made: list[dict] = field(default_factory=list)  # the part's rows made so far
    # Cells a row leaves empty that stand for the row above's (a merged cell down a
    # priority's objectives, an objective's actions): the last filled, by key.
    above: dict[str, str] = field(default_factory=dict)

    def or_above(self, cells: Cells, key: str) -> str:
        """The row's cell, or when it is empty the last filled one above it."""
        if value := cells.get(key):
            self.above[key] = value
        return self.above.get(key, "")


def text(cells: Cells, key: str, model, name: str, *, required: bool = False) -> str:
    """The cell's text for a text field of the model, within the field's length."""
    value = cells.get(key)
    model_field = model._meta.get_field(name)
    label = str(model_field.verbose_name).capitalize()
    if required and not value:
        raise RowProblem(f"{label} is empty")
    if model_field.max_length and len(value) > model_field.max_length:
        raise RowProblem(f"{label} is longer than {model_field.max_length} characters")
    return value


def money(value: str, what: str) -> str | None:
    """Money as the budget's fields read it: '£1,615,700', '(1,200)', '-' for none."""
    try:
        amount = FigureField(what=what, example="1,615,700", money=True).clean(value)
    except ValidationError as error:
        raise RowProblem(f"{error.messages[0]} (it says “{value.strip()[:40]}”)") from None
    return None if amount is None else str(amount)


def date(value: str, model, name: str) -> str | None:
    """A date as the row forms read it (31/03/2025), in the file's ISO form."""
    if not value.strip():
        return None
    try:
        return date_field(model._meta.get_field(name)).clean(value.strip()).isoformat()
    except ValidationError as error:
        raise RowProblem(f"{error.messages[0]} (it says “{value.strip()[:40]}”)") from None


def figure(value: str, what: str) -> tuple[Decimal | None, str]:
    """A figure as printed (kpis.figures): its number when it is one, and the text."""
    value = " ".join(value.split())
    if len(value) > FIGURE_TEXT_MAX:
        raise RowProblem(f"{what} is longer than {FIGURE_TEXT_MAX} characters")
    try:
        return parse_figure(value), value
    except FigureError as error:
        raise RowProblem(f"{what} {error}") from None


def plan_year(year: int, ctx: RowContext, what: str) -> None:
    """The year is one of the plan's."""
    if year not in ctx.years:
        raise RowProblem(f"{what} is for {year_label(year)}, which is not a year of the plan")


def known_year(year: int, what: str) -> None:
    """The year is one a plan can have (an indicator's targets may reach past the plan)."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise RowProblem(f"{what} is for {year_label(year)}, before or after the years a plan has")


def score(value: str, what: str) -> int | None:
    """A likelihood or impact score, 1 to 5."""
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 5:
        raise RowProblem(f"{what} must be a whole number from 1 to 5 (it says “{value[:20]}”)")
    return int(value)

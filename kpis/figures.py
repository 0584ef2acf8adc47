"""Targets, results and baselines as councils print them: the text as typed, and its number.

A plan prints `TBA`, `n/a`, `New PI`, `85%`, `22 days`, `£83.5k`, `12.5 t` or `80-85%`. The text is kept
exactly as typed and is what prints; the number is taken out of it only when the text is one
figure, so that ratings, arrows and charts never rest on a guess:

- `85%` -> 85, `22 days` -> 22, `8.5 days` -> 8.5, `30 secs` -> 30, `1,200` -> 1200,
  `£1,615,700` -> 1615700, `-3.5` -> -3.5, `12.5 t` -> 12.5 and `3 tonnes` (or `tons`) -> 3
  (a plan's carbon savings are in tonnes);
- `£83.5k` -> 83500 and `£1.2m` -> 1200000 (k and m are thousands and millions, as finance
  tables write them, so a money target compares with results typed in pounds);
- anything else has no number: `TBA`, `n/a`, `New PI`, `Ongoing`, `March 2008`, a range
  (`80-85%`), a figure marked uncertain (`66%?`), two figures.
"""

import re
from decimal import Decimal

from council.templatetags.formatting import money, number

MAX_FIGURE = Decimal("999999999999.99")

_FIGURE = re.compile(
    r"(?P<minus>-)?(?P<pound>£)?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d+))?"
    r"\s*(?:(?P<scale>[kKmM])|(?P<unit>%|days?|secs?|seconds?|t|tonnes?|tons?))?"
)
_SCALE = {"k": Decimal(1000), "m": Decimal(1_000_000)}


class FigureError(ValueError):
    """Text that is one figure, but one the database cannot hold (too big, too precise)."""


def parse_figure(text: str) -> Decimal | None:
    """The number in text as a council prints it, or None when it has none (see above).

    Raises FigureError when the text is a figure the database cannot hold."""
    match = _FIGURE.fullmatch(text.strip())
    if match is None:
        return None
    digits = match["digits"].replace(",", "")
    value = Decimal(f"{digits}.{match['decimals']}" if match["decimals"] else digits)
    if match["scale"]:
        value *= _SCALE[match["scale"].lower()]
    if match["minus"]:
        value = -value
    if abs(value) > MAX_FIGURE:
        raise FigureError("must be less than 1 trillion")
    if value != value.quantize(Decimal("0.01")):
        raise FigureError("can have at most 2 decimal places")
    return value


def in_unit(value: Decimal | None, unit: str) -> str:
    """A number as the performance pages have always printed it: 96%, £1,200, 12 days.

    Figures with no text (from an upload, or entered before the text was kept) print so."""
    if value is None:
        return ""
    if unit == "percentage":
        return f"{number(value)}%"
    if unit == "money":
        return money(value)
    if unit == "days":
        return f"{number(value)} days"
    if unit == "time":
        return f"{number(value)} secs"
    return number(value)

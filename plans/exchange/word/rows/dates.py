"""Dates as councils write them in a plan's tables: 'Sept 2015', 'Sep-15', 'September 2015',
'w/c 5 Oct', '1st Sept 2015', 'Q3 2015/16', 'Autumn 2016', '2015/16', beside the plain
31/03/2025.

Words name a span of days (a month, a quarter, a season, a week, a year), not a day. Fields that
take them keep the words as printed beside the date (ForwardPlanItem.decision_text,
Action.target_text: the words print instead of the date), so the date only orders rows and
raises flags: a decision is dated at the span's first day, so that the 28 days' notice is
flagged early rather than late; a deadline at its last, so that an action is never overdue
before the council's own deadline. A month or quarter without its year takes the year of a
one-year plan; in a plan of several years it is not guessed. 'TBC' and other words are kept
as words, with no date.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from council.periods import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    quarter_end,
    quarter_start,
    year_end,
    year_start,
)
from plans.exchange.word.rows.cells import RowContext, RowProblem, date

NOT_YET = {"tbc", "tba", "tbd", "to be confirmed", "to be agreed", "to be decided"}
MONTHS = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
# The first month of each season, as UK councils use them (meteorological seasons).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# Words before a date that do not change which span it is.
LEAD_IN = re.compile(
    r"^(?:w/c|w/b|wc|week (?:commencing|beginning)|by(?: the)?(?: end(?: of)?)?|"
    r"(?:the )?end(?: of)?|early|mid|late|beginning of|start of)[\s\-]+"
)
YEAR = r"(\d{4}|\d{2})"
FINANCIAL_YEAR = re.compile(rf"{YEAR}\s*/\s*{YEAR}")
QUARTER = re.compile(rf"q([1-4])(?:\s+{YEAR}\s*/\s*{YEAR})?")
SEASON = re.compile(rf"([a-z]+)(?:\s+{YEAR}(?:\s*/\s*{YEAR})?)?")
DAY_MONTH = re.compile(rf"(\d{{1,2}})[\s\-]+([a-z]+)\.?(?:[\s\-,']+{YEAR})?")
MONTH = re.compile(rf"([a-z]+)\.?(?:[\s\-,']+{YEAR})?")


class NoYear(ValueError):
    """Words that name a month or quarter but not its year, in a plan of several years."""


@dataclass(frozen=True)
class Span:
    first: dt.date
    last: dt.date


def written_date(
    value: str, ctx: RowContext, model, name: str, words: str, *, deadline: bool, required: bool
) -> tuple[str | None, str]:
    """The cell as (a date in ISO form or None, the words as written for the `words` field,
    or '' for a plain date): the span's last day for a deadline, else its first. Words that
    name no day are kept as words, or refused with the reason when a date is `required`."""
    value = " ".join(value.split())
    label = str(model._meta.get_field(name).verbose_name).capitalize()
    if not value:
        if required:
            raise RowProblem(f"{label} is empty")
        return None, ""
    try:
        return date(value, model, name), ""
    except RowProblem:
        pass
    limit = model._meta.get_field(words).max_length
    if len(value) > limit:
        raise RowProblem(f"{label} is longer than {limit} characters")
    try:
        span = in_words(value, ctx.years)
    except NoYear:
        if required:
            raise RowProblem(
                f"{label} does not say which year, and the plan has several (it says “{value[:40]}”)"
            ) from None
        span = None
    if span is not None:
        return (span.last if deadline else span.first).isoformat(), value
    if not required:
        return None, value
    if value.casefold().strip(" .") in NOT_YET:
        raise RowProblem(
            f"{label} is not known yet (it says “{value[:40]}”): the forward plan is in date "
            "order, so each decision needs at least its month"
        )
    raise RowProblem(
        f"{label} must be a date, like 31/03/2025, Sept 2015 or Q3 2015/16 (it says “{value[:40]}”)"
    )


def in_words(value: str, years: list[int]) -> Span | None:
    """The span of days the words name, or None when they name none (see the docstring).
    Raises NoYear when they need the plan's year and the plan has several."""
    text = re.sub(r"(\d)\s*(?:st|nd|rd|th)\b", r"\1", value.casefold().replace("’", "'"))
    text = text.strip(" .,")
    lead = LEAD_IN.match(text)
    week = bool(lead) and lead[0].startswith("w")  # w/c 5 Oct: the week from that day
    text = text[lead.end() :].strip() if lead else text
    try:
        if (match := FINANCIAL_YEAR.fullmatch(text)) and _full(match[2]) % 100 == (
            _full(match[1]) + 1
        ) % 100:
            start = _full(match[1])
            return Span(year_start(start), year_end(start))
        if match := QUARTER.fullmatch(text):
            start = _full(match[2]) if match[2] else _financial(years)
            return Span(quarter_start(start, int(match[1])), quarter_end(start, int(match[1])))
        if (match := SEASON.fullmatch(text)) and match[1] in SEASONS:
            month = SEASONS[match[1]]
            year = _full(match[2]) if match[2] else _calendar(month, years)
            first = dt.date(year, month, 1)
            return Span(first, _month_end(_months_on(first, 2)))
        if (match := DAY_MONTH.fullmatch(text)) and match[2] in MONTHS:
            month = MONTHS[match[2]]
            year = _full(match[3]) if match[3] else _calendar(month, years)
            day = dt.date(year, month, int(match[1]))
            return Span(day, day + dt.timedelta(days=6) if week else day)
        if (match := MONTH.fullmatch(text)) and match[1] in MONTHS:
            month = MONTHS[match[1]]
            year = _full(match[2]) if match[2] else _calendar(month, years)
            first = dt.date(year, month, 1)
            return Span(first, _month_end(first))
    except ValueError as error:  # a day the month does not have, a year no plan has
        if isinstance(error, NoYear):
            raise
        return None
    return None


def _full(text: str) -> int:
    year = int(text) + 2000 if len(text) == 2 else int(text)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(year)
    return year


def _financial(years: list[int]) -> int:
    if len(years) != 1:
        raise NoYear
    return years[0]


def _calendar(month: int, years: list[int]) -> int:
    """The calendar year of a month of a one-year plan (April to March)."""
    return _financial(years) + (month < 4)


def _months_on(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])

"""Reporting periods of an indicator: months, quarters or whole financial years.

A period is (start year of the financial year, number): the number is 1..12 for months
(1 = April), 1..4 for quarters and 1 for the year itself.
"""

import datetime as dt
import re
from dataclasses import dataclass

from council import periods as years

MONTHLY = "monthly"
QUARTERLY = "quarterly"
ANNUAL = "annual"

PERIOD_COUNT = {MONTHLY: 12, QUARTERLY: 4, ANNUAL: 1}
MONTH_NAMES = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
_CALENDAR_MONTHS = {name.lower(): index for index, name in enumerate(MONTH_NAMES, start=1)} | {
    full: index
    for index, full in enumerate(
        [
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "january",
            "february",
            "march",
        ],
        start=1,
    )
}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period of a given frequency."""

    frequency: str
    year: int
    number: int

    @property
    def start(self) -> dt.date:
        if self.frequency == ANNUAL:
            return years.year_start(self.year)
        if self.frequency == QUARTERLY:
            return years.quarter_start(self.year, self.number)
        month = 3 + self.number
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        if self.frequency == ANNUAL:
            return years.year_end(self.year)
        if self.frequency == QUARTERLY:
            return years.quarter_end(self.year, self.number)
        start = self.start
        following = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """'2024/25', 'Q3 2024/25' or 'Oct 2024'."""
        if self.frequency == ANNUAL:
            return years.year_label(self.year)
        if self.frequency == QUARTERLY:
            return years.quarter_label(self.year, self.number)
        return f"{MONTH_NAMES[self.number - 1]} {self.start.year}"

    @property
    def short_label(self) -> str:
        """For chart axes: '24/25', 'Q3 24/25', 'Oct 24'."""
        if self.frequency == ANNUAL:
            return years.year_short_label(self.year)
        if self.frequency == QUARTERLY:
            return f"Q{self.number} {years.year_short_label(self.year)}"
        return f"{MONTH_NAMES[self.number - 1]} {self.start.year % 100:02d}"

    @property
    def quarter(self) -> int:
        """The quarter whose return asks for this period's result, and whose lock holds it
        (council.models.QuarterLock): a month's own quarter; the year's result in Q4."""
        if self.frequency == ANNUAL:
            return 4
        if self.frequency == QUARTERLY:
            return self.number
        return (self.number - 1) // 3 + 1

    def previous(self) -> "Period":
        if self.number > 1:
            return Period(self.frequency, self.year, self.number - 1)
        return Period(self.frequency, self.year - 1, PERIOD_COUNT[self.frequency])

    def last_year(self) -> "Period":
        return Period(self.frequency, self.year - 1, self.number)

    def has_ended(self, today: dt.date) -> bool:
        return self.end < today


def is_valid(frequency: str, number: int) -> bool:
    return 1 <= number <= PERIOD_COUNT.get(frequency, 0)


def periods_of_year(frequency: str, year: int) -> list[Period]:
    return [Period(frequency, year, n) for n in range(1, PERIOD_COUNT[frequency] + 1)]


def latest_ended(frequency: str, as_at: dt.date) -> Period:
    """The last period of this frequency that ended on or before `as_at`."""
    year = years.year_of(as_at)
    candidates = periods_of_year(frequency, year - 1) + periods_of_year(frequency, year)
    return [p for p in candidates if p.end <= as_at][-1]


def parse_label(text: str) -> tuple[str, int, int] | None:
    """A spreadsheet column heading back to (frequency, year, number), or None.

    Accepts what the template writes ('Q1 2025/26', 'Apr 2025', '2025/26') and what
    spreadsheet programs turn them into ('April 2025', 'Apr-25', 'Q1 25/26'), in the years
    a council can have.
    """
    parsed = _parse_label(" ".join(str(text).split()).strip())
    if parsed is None or not years.EARLIEST_YEAR <= parsed[1] <= years.LATEST_YEAR:
        return None
    return parsed


def _parse_label(text: str) -> tuple[str, int, int] | None:
    match = re.fullmatch(r"(?i)q([1-4])\s*(\d{2}|\d{4})/(\d{2})", text)
    if match:
        return QUARTERLY, _full_year(match.group(2)), int(match.group(1))
    match = re.fullmatch(r"(\d{2}|\d{4})/(\d{2})", text)
    if match:
        start = _full_year(match.group(1))
        if (start + 1) % 100 == int(match.group(2)):
            return ANNUAL, start, 1
        return None
    match = re.fullmatch(r"(?i)([a-z]+)[\s\-]+(\d{2}|\d{4})", text)
    if match and match.group(1).lower() in _CALENDAR_MONTHS:
        number = _CALENDAR_MONTHS[match.group(1).lower()]
        calendar_year = _full_year(match.group(2))
        return MONTHLY, calendar_year - (number > 9), number
    return None


def month_of(day: dt.date) -> tuple[str, int, int]:
    """A date used as a column heading (spreadsheets turn 'Apr 2025' into one)."""
    return MONTHLY, years.year_of(day), (day.month - 4) % 12 + 1


def _full_year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value

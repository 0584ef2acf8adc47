"""Financial years (April to March, labelled '2024/25') and their quarters (Q1 = Apr–Jun)."""

import datetime as dt

# The years a council can have (FinancialYear's year_in_range constraint). Input that names
# a year outside them is refused before anything is made from it: pages list the periods
# from an indicator's first year to now, and dates cannot go past 9999.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
QUARTERS = (1, 2, 3, 4)
QUARTER_MONTHS = {1: "Apr–Jun", 2: "Jul–Sep", 3: "Oct–Dec", 4: "Jan–Mar"}


def year_label(start_year: int) -> str:
    """2024 -> '2024/25'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def year_short_label(start_year: int) -> str:
    """2024 -> '24/25', as the seed plans write it in narrow table headings."""
    return f"{start_year % 100:02d}/{(start_year + 1) % 100:02d}"


def range_label(first: int, last: int) -> str:
    """2021, 2023 -> '2021/22 to 2023/24'; one year -> '2024/25'."""
    if first == last:
        return year_label(first)
    return f"{year_label(first)} to {year_label(last)}"


def year_start(start_year: int) -> dt.date:
    return dt.date(start_year, 4, 1)


def year_end(start_year: int) -> dt.date:
    return dt.date(start_year + 1, 3, 31)


def year_of(day: dt.date) -> int:
    """The start year of the financial year holding this day."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(start year, quarter) holding this day: 15 May 2024 -> (2024, 1)."""
    return year_of(day), (day.month - 4) % 12 // 3 + 1


def last_ended_quarter(day: dt.date) -> tuple[int, int]:
    """The last quarter wholly before this day: 15 May 2024 -> (2023, 4)."""
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def quarter_start(start_year: int, quarter: int) -> dt.date:
    month = 4 + (quarter - 1) * 3
    return dt.date(start_year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_end(start_year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return year_end(start_year)
    return quarter_start(start_year, quarter + 1) - dt.timedelta(days=1)


def quarter_label(start_year: int, quarter: int) -> str:
    """2024, 3 -> 'Q3 2024/25'."""
    return f"Q{quarter} {year_label(start_year)}"

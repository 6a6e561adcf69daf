"""Dates as news sites print them, parsed without guessing and without the locale.

Any day of the years 1 to 9999 (Python's dates) is an article's date: a seed writes the year
with four digits (`0850-06-15`, `June 15, 0850`), and so does a sidecar (`date: 0850-06-15`).
A date before 1800 or in the future is kept, with a warning (`unusual_date`): more often a typo
than an article of that day.
"""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Earlier dates are warned about: archives of older news exist, but most such dates are typos.
EARLIEST_USUAL_YEAR = 1800
# The furthest timezone ahead of UTC: no article is dated after today there.
_FURTHEST_AHEAD_OF_UTC = dt.timezone(dt.timedelta(hours=14))

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_PATTERNS = [
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"),  # December 08, 2021
    re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})$"),  # 8 December 2021
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"),  # 2021-12-08
]


class DateError(ValueError):
    """A line that is written like a date but names no real day."""


def format_date(date: dt.date) -> str:
    """A date as readers of English news expect it: December 8, 2021 (whatever the locale)."""
    return f"{MONTH_NAMES[date.month - 1]} {date.day}, {format_year(date.year)}"


def format_year(year: int) -> str:
    """A year as pages show it: four digits, as in the seed, the page's URL and ISO 8601 (0850,
    not 850, which reads as a count; "January 0001", not "January 1", which reads as a day)."""
    return f"{year:04d}"


def parse_date(line: str) -> dt.date | None:
    """The date a line states, or None when the line is not a date at all.

    Raises DateError for a date-shaped line that names an impossible day (February 30).
    """
    text = line.strip()
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else MONTHS.get(month.lower())
        if number is None:
            return None
        try:
            return dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError as error:
            raise DateError(f"'{text}' is not a real date ({error})") from None
    return None


def today_anywhere() -> dt.date:
    """The latest date it is anywhere on Earth now (UTC+14): an article of today, wherever it
    was published, is not in the future."""
    return dt.datetime.now(_FURTHEST_AHEAD_OF_UTC).date()


def unusual_date(date: dt.date, today: dt.date) -> str | None:
    """Why an article's date is likely a typo (the warning's message), or None for a usual date."""
    if date.year < EARLIEST_USUAL_YEAR:
        what = f"is before {EARLIEST_USUAL_YEAR}"
    elif date > today:
        what = f"is in the future (today is {today.isoformat()})"
    else:
        return None
    return (
        f"the date {date.isoformat()} {what}: check the year for a typo (the article is built "
        "with this date)"
    )

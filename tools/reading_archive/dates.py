"""Dates as news sites print them, parsed without guessing and without the locale."""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

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
    return f"{MONTH_NAMES[date.month - 1]} {date.day}, {date.year}"


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

"""Watch dates in the shapes exports use: ISO dates and datetimes, d/m/y or m/d/y with 2- or 4-digit
years, IMDb's old "Mon Jan 30 00:00:00 2017", "31 Dec 2023", "Dec 31, 2023", Unix timestamps.

Day-first or month-first is decided once per file (or column) by detect_day_first: any first part
above 12 votes day-first, any second part above 12 votes month-first, the majority of votes wins;
with no evidence, dotted dates (31.12.23) are day-first and everything else month-first.
An unparseable or implausible date (before 1900, after next year) is not an error: the row is kept
with watched_at None, since a watch date only tunes recency weighting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
_TEXT_FORMATS = (
    "%a %b %d %H:%M:%S %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
)


def detect_day_first(values: Iterable[str]) -> bool:
    """Whether the numeric dates among `values` are day-first (see the module docstring)."""
    day_votes = month_votes = dotted = numeric = 0
    for value in values:
        match = _NUMERIC.match(value.strip())
        if match is None:
            continue
        numeric += 1
        dotted += match.group(2) == "."
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 >= second:
            day_votes += 1
        elif second > 12 >= first:
            month_votes += 1
    if day_votes or month_votes:
        return day_votes > month_votes
    return numeric > 0 and dotted * 2 > numeric


def parse_date(value: str, *, day_first: bool = False) -> date | None:
    """The date in `value`, or None when it has none (see the module docstring)."""
    text = value.strip()
    if not text or len(text) > 64:
        return None
    iso = _ISO.match(text)
    if iso:
        return _plausible(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second, year = int(numeric.group(1)), int(numeric.group(3)), _full_year(numeric.group(4))
        if first > 12 or (day_first and second <= 12):
            return _plausible(year, second, first)
        return _plausible(year, first, second)
    for pattern in _TEXT_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return _plausible(parsed.year, parsed.month, parsed.day)
    return None


def from_timestamp(value: float) -> date | None:
    """A Unix timestamp in seconds, or in milliseconds when it is too large for seconds."""
    seconds = value / 1000 if abs(value) > 1e11 else value
    try:
        parsed = datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return _plausible(parsed.year, parsed.month, parsed.day)


def _full_year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    short = int(text)
    return 2000 + short if short <= date.today().year % 100 + 1 else 1900 + short


def _plausible(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= date.today().year + 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None

"""Field-level validation shared by every format: titles, years, ratings and their scales, ids, lists.

A field that makes its row unusable raises RowError(reason); a row deliberately left out raises
SkipRow. Years outside 1870..(this year + 5) reject the row ("year 3021 is not a plausible release
year"); a blank year is simply unknown. Ratings are checked against the source scale, then put on 0–10.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MIN_YEAR = 1870
MAX_TITLE_CHARS = 300
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_FOUR_DIGITS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_IMDB_ID = re.compile(r"\btt\d{5,10}\b")
_SPLIT = re.compile(r"\s*[,;|/]\s*")


class RowError(Exception):
    """The row cannot be used; `reason` says why (reported as a RejectedRow)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SkipRow(Exception):
    """The row is readable but deliberately left out (a series episode, a TV title type)."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(reason)
        self.title = title
        self.reason = reason


def as_text(value: object) -> str | None:
    """A JSON/CSV scalar as stripped text; None for blanks, containers, booleans and null."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    return None


def require_title(value: object) -> str:
    title = as_text(value)
    if title is None:
        raise RowError("missing title")
    if len(title) > MAX_TITLE_CHARS:
        raise RowError(f"title is longer than {MAX_TITLE_CHARS} characters")
    return title


def parse_year(value: object) -> int | None:
    """A release year from a year or a release-date field; None when blank."""
    text = as_text(value)
    if text is None:
        return None
    if _INTEGER.match(text):
        year = int(float(text)) if len(text) < 12 else -1
    else:
        match = _FOUR_DIGITS.search(text)
        if match is None:
            raise RowError(f"year {text[:40]!r} is not a year")
        year = int(match.group(1))
    if not MIN_YEAR <= year <= date.today().year + 5:
        shown = str(year) if year >= 0 else text[:40]
        raise RowError(f"year {shown} is not a plausible release year")
    return year


def parse_number(value: object) -> float | None:
    """A rating value as a float (accepts a decimal comma); None when blank."""
    text = as_text(value)
    if text is None:
        return None
    candidate = text.replace(",", ".") if "," in text and "." not in text else text
    try:
        number = float(candidate) if len(candidate) < 40 else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise RowError(f"rating {text[:40]!r} is not a number")
    return number


@dataclass(frozen=True)
class RatingScale:
    """A source rating scale: values in [low, high], multiplied by `factor` to land on 0–10."""

    label: str
    low: float
    high: float
    factor: float

    def normalise(self, value: object) -> float | None:
        number = parse_number(value)
        if number is None:
            return None
        if not self.low <= number <= self.high:
            raise RowError(f"rating {number:g} is outside the {self.label} scale")
        return round(number * self.factor, 2)


LETTERBOXD_STARS = RatingScale("0.5–5 stars", 0.5, 5.0, 2.0)
ONE_TO_TEN = RatingScale("1–10", 1.0, 10.0, 1.0)
TMDB_SCALE = RatingScale("0.5–10", 0.5, 10.0, 1.0)
DETECTED_SCALES = (
    RatingScale("0–5 stars", 0.0, 5.0, 2.0),
    RatingScale("0–10", 0.0, 10.0, 1.0),
    RatingScale("0–100", 0.0, 100.0, 0.1),
)


def detect_scale(values: Iterable[object]) -> RatingScale | None:
    """The scale of a free-form rating column from its largest valid value: ≤ 5 → stars ×2,
    ≤ 10 → as is, ≤ 100 → ÷10. Values that are not numbers or lie outside 0..100 do not vote
    (their rows are rejected later). None when no value is a rating."""
    largest: float | None = None
    for value in values:
        try:
            number = parse_number(value)
        except RowError:
            continue
        if number is not None and 0 <= number <= 100:
            largest = number if largest is None else max(largest, number)
    if largest is None:
        return None
    return next(scale for scale in DETECTED_SCALES if largest <= scale.high)


def parse_imdb_id(value: object) -> str | None:
    """An IMDb title id (tt + digits) found in the field (a bare id or a URL), else None."""
    text = as_text(value)
    match = _IMDB_ID.search(text) if text else None
    return match.group(0) if match else None


def parse_tmdb_id(value: object) -> int | None:
    text = as_text(value)
    if text is None or not _INTEGER.match(text) or len(text) > 12:
        return None
    number = int(float(text))
    return number if number > 0 else None


def split_names(value: object) -> tuple[str, ...]:
    """A list field: a JSON list (of strings or {"name": ...}) or a "A, B; C" string."""
    if isinstance(value, list):
        names = [as_text(v.get("name")) if isinstance(v, dict) else as_text(v) for v in value[:50]]
        return tuple(n[:100] for n in names if n)
    text = as_text(value)
    if text is None:
        return ()
    return tuple(part[:100] for part in _SPLIT.split(text)[:50] if part)

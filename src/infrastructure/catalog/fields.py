"""Lenient parsing of catalog field values, shared by the catalog sources.

Every function takes whatever a CSV cell, a JSON value or a SQLite column holds and returns a clean
value or None / (). Missing markers ("", "N/A", "null", "none", "nan", "-") count as absent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

_MISSING = {"", "n/a", "na", "null", "none", "nan", "-", "\\n"}
# Name suffixes that a comma-separated list splits off their name: "Ed Begley, Jr." is one person.
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_HOURS_MINUTES = re.compile(r"^\s*(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?\s*$", re.I)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def clean_text(value: object) -> str | None:
    """The stripped string, or None for missing markers and non-scalar values."""
    if value is None or isinstance(value, (list, dict, bool)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return None if text.lower() in _MISSING else text


def split_names(value: object, *, keys: tuple[str, ...] = ("name",)) -> tuple[str, ...]:
    """A tuple of names from a list, a list of {"name": ...} objects, or an "A|B" / "A, B" string.

    Order is kept, duplicates dropped; name suffixes ("Jr.") are re-joined to the name before them.
    """
    if value is None:
        return ()
    items: list[str | None]
    if isinstance(value, (list, tuple)):
        items = [_name_of(item, keys) for item in value]
    else:
        text = clean_text(value)
        if text is None:
            return ()
        separator = "|" if "|" in text else ";" if ";" in text else ","
        items = list(_rejoin_suffixes(part.strip() for part in text.split(separator)))
    result: list[str] = []
    for item in items:
        if item and item not in result:
            result.append(item)
    return tuple(result)


def _name_of(item: object, keys: tuple[str, ...]) -> str | None:
    if isinstance(item, dict):
        for key in keys:
            name = clean_text(item.get(key))
            if name:
                return name
        return None
    return clean_text(item)


def _rejoin_suffixes(parts: Iterable[str]) -> list[str]:
    names: list[str] = []
    for part in parts:
        if names and part.lower() in _SUFFIXES:
            names[-1] = f"{names[-1]}, {part}"
        elif clean_text(part):
            names.append(part)
    return names


def parse_float(value: object) -> float | None:
    """A finite float from a number or a numeric string ("7.3", "1,234"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = clean_text(value)
    if text is None:
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_int(value: object) -> int | None:
    """An int from an int, an integral float or a numeric string, else None."""
    number = parse_float(value)
    return round(number) if number is not None else None


def parse_year(value: object) -> int | None:
    """The year of 1979, "1979", "1979-05-25", "25/05/1979" or "May 25, 1979"; None when there is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        year = parse_int(value)
        return year if year is not None and 1850 <= year <= 2100 else None
    text = clean_text(value)
    match = _YEAR.search(text) if text else None
    return int(match.group(1)) if match else None


def parse_runtime(value: object) -> int | None:
    """Minutes from 118, 118.0, "118", "118 min" or "1h 58m"; None when absent or not positive."""
    minutes = parse_int(value)
    if minutes is None:
        text = clean_text(value)
        match = _HOURS_MINUTES.match(text) if text else None
        if match and any(match.groups()):
            minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
        elif text and (number := _NUMBER.match(text)):
            minutes = round(float(number.group()))
    return minutes if minutes is not None and minutes > 0 else None

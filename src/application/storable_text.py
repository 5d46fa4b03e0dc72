"""Uploaded text made storable: no control characters in anything kept about a watched movie.

PostgreSQL's text type cannot hold NUL at all (a JSON export can carry one as "\\u0000", which made the
whole upload fail with a 500), and no title, name or genre needs control characters. Tabs and line
breaks become spaces; the rest are dropped. A title left empty rejects its row, with a reason."""

from __future__ import annotations

import dataclasses

from src.domain.history import ParsedHistory, RejectedRow, WatchEntry

_TABLE = {c: None for c in (*range(0x20), 0x7F)} | {0x09: " ", 0x0A: " ", 0x0D: " "}


def plain(text: str) -> str:
    """`text` without control characters (tabs and line breaks as spaces)."""
    return text.translate(_TABLE)


def _optional(text: str | None) -> str | None:
    return (plain(text).strip() or None) if text is not None else None


def _each(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v for v in (plain(x).strip() for x in values) if v)


def storable_entry(entry: WatchEntry) -> WatchEntry:
    """The entry with every text field made plain (the title may come out empty: see storable_history)."""
    return dataclasses.replace(
        entry,
        title=plain(entry.title).strip(),
        original_title=_optional(entry.original_title),
        imdb_id=_optional(entry.imdb_id),
        description=_optional(entry.description),
        genres=_each(entry.genres),
        directors=_each(entry.directors),
        countries=_each(entry.countries),
    )


def storable_history(parsed: ParsedHistory) -> ParsedHistory:
    """The parsed history with plain text; rows whose title was nothing but control characters move to
    `rejected`, so every row is still accounted for once."""
    entries: list[WatchEntry] = []
    rejected = list(parsed.rejected)
    for entry in parsed.entries:
        clean = storable_entry(entry)
        if clean.title:
            entries.append(clean)
        else:
            rejected.append(RejectedRow(line=entry.line, reason="the title has no printable characters"))
    return dataclasses.replace(parsed, entries=entries, rejected=rejected)

"""Collecting rows: every data row lands in exactly one of entries / rejected / skipped."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from src.domain.history import ParsedHistory, RejectedRow, SkippedRow, WatchEntry
from src.domain.movie import normalize_title
from src.infrastructure.history.text import CsvRow, CsvTable
from src.infrastructure.history.values import RatingScale, RowError, SkipRow

T = TypeVar("T")
_RAW_CHARS = 200


@dataclass
class Outcome:
    entries: list[WatchEntry] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)

    def add(self, line: int, raw: object, build: Callable[[T], WatchEntry], item: T) -> None:
        """Build one entry from `item`; a RowError rejects the row, a SkipRow skips it."""
        try:
            self.entries.append(build(item))
        except SkipRow as skip:
            self.skipped.append(SkippedRow(line, skip.title, skip.reason))
        except RowError as error:
            self.rejected.append(RejectedRow(line, error.reason, _render(raw)))

    def add_csv(self, table: CsvTable, row: CsvRow, build: Callable[[CsvRow], WatchEntry]) -> None:
        """Like add(), rejecting first a row with more non-blank fields than the header has columns
        (typically an unquoted delimiter inside a title)."""
        if any(f.strip() for f in row.fields[len(table.header) :]):
            reason = (
                f"the row has {len(row.fields)} fields but the header has {len(table.header)} "
                "(an unquoted delimiter in a title?)"
            )
            self.rejected.append(RejectedRow(row.line, reason, table.raw(row)))
            return
        self.add(row.line, table.raw(row), build, row)

    def history(
        self, fmt: str, scale: RatingScale | None, *, encoding: str = "utf-8", delimiter: str | None = None
    ) -> ParsedHistory:
        """The ParsedHistory; `rating_scale` is the scale's label only when some entry is rated."""
        rated = scale is not None and any(e.rating is not None for e in self.entries)
        return ParsedHistory(
            format=fmt,
            rating_scale=scale.label if rated and scale else None,
            rows_read=len(self.entries) + len(self.rejected) + len(self.skipped),
            entries=self.entries,
            rejected=self.rejected,
            skipped=self.skipped,
            encoding=encoding,
            delimiter=delimiter,
        )


def _render(raw: object) -> str:
    if isinstance(raw, str):
        return raw[:_RAW_CHARS]
    try:
        return json.dumps(raw, ensure_ascii=False, default=str)[:_RAW_CHARS]
    except (TypeError, ValueError, RecursionError):
        return repr(raw)[:_RAW_CHARS]


def film_key(entry: WatchEntry) -> tuple[str, int | None]:
    """Identity of a film inside one file: normalised title and year."""
    return normalize_title(entry.title) or entry.title.casefold(), entry.year


def mark_rewatches(entries: list[WatchEntry]) -> None:
    """The earliest viewing of each film in the file (by watch date, then line) is its entry
    (rewatch=False); every further viewing is rewatch=True. A source's own "rewatch" flag on the
    first viewing in the file is overridden: that first watch predates the export, and every film
    keeps exactly one non-rewatch entry."""
    seen: set[tuple[str, int | None]] = set()
    for entry in sorted(entries, key=lambda e: (e.watched_at or date.max, e.line)):
        key = film_key(entry)
        entry.rewatch = key in seen
        seen.add(key)

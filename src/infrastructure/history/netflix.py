"""Netflix NetflixViewingHistory.csv: Title,Date. No ratings, no years.

Dates are d/m/y or m/d/y depending on the account's country: decided once per file by
dates.detect_day_first (any first part > 12 → day-first, any second part > 12 → month-first, the
majority of such votes wins, no evidence → month-first, or day-first for dotted dates).

Series episodes are skipped ("series episode"). Netflix writes them as "Show: Season 1: Episode",
"Show: Limited Series: Episode", "Show: Part 2: Episode", "Show: Chapter 3". The heuristic splits
the title on ": " (a colon followed by space, so "3:10 to Yuma" is one segment) and calls it an
episode when it has 3 or more segments, or 2 segments whose second one is a series marker:
"Season N…", "Series N…", "Limited Series…", "Miniseries…", "Collection…" or exactly
"Episode N" / "Chapter N". Two-segment titles with any other second segment stay movies:
"Mission: Impossible", "Star Wars: Episode IV - A New Hope", "Kill Bill: Vol. 1",
"Harry Potter and the Deathly Hallows: Part 1" (a bare "Part N"/"Vol. N" is a film sequel far more
often than a series, whose parts Netflix writes with a third segment). Movies watched more than once
are rewatches after the first viewing.
"""

from __future__ import annotations

import re

from src.domain.errors import UnreadableHistoryError
from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import detect_day_first, parse_date
from src.infrastructure.history.rows import Outcome, mark_rewatches
from src.infrastructure.history.text import CsvRow, CsvTable, describe_columns
from src.infrastructure.history.values import SkipRow, require_title

_SEGMENTS = re.compile(r":\s+")
_NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
_SERIES_MARKER = re.compile(
    rf"^(?:(?:season|series|staffel|temporada|saison)\s+{_NUMBER}\b"
    rf"|limited\s+series\b|mini-?series\b|collection\b"
    rf"|(?:episode|chapter|ep\.?)\s+{_NUMBER}$)",
    re.IGNORECASE,
)


def is_series_episode(title: str) -> bool:
    """Whether a Netflix title names a series episode (see the module docstring)."""
    segments = [s for s in _SEGMENTS.split(title.strip()) if s]
    if len(segments) >= 3:
        return True
    return len(segments) == 2 and _SERIES_MARKER.match(segments[1].strip()) is not None


def parse_netflix(table: CsvTable) -> ParsedHistory:
    title_col, date_col = table.column("Title"), table.column("Date")
    if title_col is None:
        raise UnreadableHistoryError(
            f"not a Netflix viewing history: no Title column; the file has columns: {describe_columns(table.header)}"
        )
    day_first = detect_day_first(row.get(date_col) for row in table.rows)

    def build(row: CsvRow) -> WatchEntry:
        title = require_title(row.get(title_col))
        if is_series_episode(title):
            raise SkipRow(title, "series episode")
        return WatchEntry(
            line=row.line, title=title, watched_at=parse_date(row.get(date_col), day_first=day_first)
        )

    outcome = Outcome()
    for row in table.rows:
        outcome.add_csv(table, row, build)
    mark_rewatches(outcome.entries)
    return outcome.history("netflix", None, encoding=table.encoding, delimiter=table.delimiter)

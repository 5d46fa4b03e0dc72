"""TMDB account export: TMDB ID, IMDb ID, Type, Name, Release Date, Season Number, Episode Number,
Rating, Your Rating, Date Rated.

The user's rating is "Your Rating" ("Rating" only when there is no "Your Rating" column). TMDB rates
in half steps from 0.5 to 10, so the accepted scale is 0.5–10, kept as is. Only Type "movie" rows
(or rows with no type and no season/episode number) are kept; others are skipped.
"""

from __future__ import annotations

from src.domain.errors import UnreadableHistoryError
from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import detect_day_first, parse_date
from src.infrastructure.history.rows import Outcome
from src.infrastructure.history.text import CsvRow, CsvTable, describe_columns
from src.infrastructure.history.values import (
    TMDB_SCALE,
    SkipRow,
    parse_imdb_id,
    parse_tmdb_id,
    parse_year,
    require_title,
)

_ALIASES = {
    "tmdb": ("TMDB ID", "TMDb ID"),
    "imdb": ("IMDb ID",),
    "type": ("Type", "Media Type"),
    "title": ("Name", "Title"),
    "release": ("Release Date", "Year"),
    "season": ("Season Number",),
    "episode": ("Episode Number",),
    "rating": ("Your Rating", "Rating"),
    "date": ("Date Rated",),
}


def parse_tmdb(table: CsvTable) -> ParsedHistory:
    columns = table.columns(_ALIASES)
    if columns["title"] is None:
        raise UnreadableHistoryError(
            f"not a TMDB export: no Name column; the file has columns: {describe_columns(table.header)}"
        )
    day_first = detect_day_first(row.get(columns["date"]) for row in table.rows)

    def build(row: CsvRow) -> WatchEntry:
        title = require_title(row.get(columns["title"]))
        kind = row.get(columns["type"]).lower()
        if kind not in ("movie", "") or row.get(columns["season"]) or row.get(columns["episode"]):
            raise SkipRow(title, f"type {kind or 'episode'!r} is not a movie")
        return WatchEntry(
            line=row.line,
            title=title,
            year=parse_year(row.get(columns["release"])),
            rating=TMDB_SCALE.normalise(row.get(columns["rating"])),
            watched_at=parse_date(row.get(columns["date"]), day_first=day_first),
            imdb_id=parse_imdb_id(row.get(columns["imdb"])),
            tmdb_id=parse_tmdb_id(row.get(columns["tmdb"])),
        )

    outcome = Outcome()
    for row in table.rows:
        outcome.add_csv(table, row, build)
    return outcome.history("tmdb_export", TMDB_SCALE, encoding=table.encoding, delimiter=table.delimiter)

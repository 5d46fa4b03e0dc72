"""Any CSV with a title column, read through column aliases (compared case-, space- and
underscore-insensitively). The rating scale is detected from the column's largest value (values.
detect_scale); the watched-date order from the column's values (dates.detect_day_first)."""

from __future__ import annotations

from src.domain.errors import UnreadableHistoryError
from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import detect_day_first, parse_date
from src.infrastructure.history.rows import Outcome
from src.infrastructure.history.text import CsvRow, CsvTable, describe_columns
from src.infrastructure.history.values import (
    DETECTED_SCALES,
    detect_scale,
    parse_imdb_id,
    parse_tmdb_id,
    parse_year,
    require_title,
    split_names,
)

TITLE_ALIASES = (
    "title",
    "name",
    "movie",
    "film",
    "movie title",
    "film title",
    "primary title",
    "original title",
)
ALIASES: dict[str, tuple[str, ...]] = {
    "title": TITLE_ALIASES,
    "original": ("original title", "originaltitle"),
    "year": ("year", "release_year", "release year", "release_date", "released", "date released"),
    "rating": ("rating", "score", "rate", "my rating", "your rating", "stars", "user rating"),
    "watched": (
        "watched date",
        "watched_at",
        "date watched",
        "watched on",
        "watched",
        "date",
        "viewed",
        "view date",
        "viewed on",
    ),
    "imdb": ("imdb_id", "const", "imdb", "imdb id", "imdb url"),
    "tmdb": ("tmdb_id", "tmdb", "tmdb id"),
    "genres": ("genres", "genre"),
    "directors": ("directors", "director"),
    "countries": ("countries", "country"),
    "description": ("overview", "description", "plot", "synopsis"),
}


def parse_generic(table: CsvTable) -> ParsedHistory:
    """Raises UnreadableHistoryError naming the columns found when none of them is a title."""
    columns = table.columns(ALIASES)
    if columns["title"] is None:
        raise UnreadableHistoryError(
            f"no title column found; the file has columns: {describe_columns(table.header)}. "
            f"Name one of them {' / '.join(TITLE_ALIASES[:4])}.",
            details={"columns": table.header},
        )
    if columns["original"] == columns["title"]:
        columns["original"] = None
    # With no usable rating at all, 0–10 still validates (and rejects) what the column holds.
    scale = detect_scale(row.get(columns["rating"]) for row in table.rows) or DETECTED_SCALES[1]
    day_first = detect_day_first(row.get(columns["watched"]) for row in table.rows)

    def build(row: CsvRow) -> WatchEntry:
        return WatchEntry(
            line=row.line,
            title=require_title(row.get(columns["title"])),
            original_title=row.get(columns["original"]) or None,
            year=parse_year(row.get(columns["year"])),
            rating=scale.normalise(row.get(columns["rating"])),
            watched_at=parse_date(row.get(columns["watched"]), day_first=day_first),
            imdb_id=parse_imdb_id(row.get(columns["imdb"])),
            tmdb_id=parse_tmdb_id(row.get(columns["tmdb"])),
            genres=split_names(row.get(columns["genres"])),
            directors=split_names(row.get(columns["directors"])),
            countries=split_names(row.get(columns["countries"])),
            description=row.get(columns["description"])[:2000] or None,
        )

    outcome = Outcome()
    for row in table.rows:
        outcome.add_csv(table, row, build)
    return outcome.history("generic_csv", scale, encoding=table.encoding, delimiter=table.delimiter)

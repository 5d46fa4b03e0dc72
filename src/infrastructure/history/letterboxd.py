"""Letterboxd exports: ratings.csv, diary.csv (and reviews.csv, its superset), watched.csv.

ratings.csv  Date,Name,Year,Letterboxd URI,Rating           (Date = when rated, used as watched_at)
diary.csv    Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date
watched.csv  Date,Name,Year,Letterboxd URI                   (no ratings)
Ratings are 0.5–5 stars, ×2 on 0–10; a blank rating is an unrated entry. In a diary every repeat
viewing of a film is rewatch=True and its first viewing in the file is not (see rows.mark_rewatches).
"""

from __future__ import annotations

from src.domain.errors import UnreadableHistoryError
from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import parse_date
from src.infrastructure.history.rows import Outcome, mark_rewatches
from src.infrastructure.history.text import CsvRow, CsvTable, describe_columns
from src.infrastructure.history.values import LETTERBOXD_STARS, parse_year, require_title

KINDS = ("ratings", "diary", "watched")
_ALIASES = {
    "title": ("Name",),
    "year": ("Year",),
    "date": ("Date",),
    "watched": ("Watched Date",),
    "rating": ("Rating",),
}


def letterboxd_kind(keys: list[str]) -> str:
    """diary when the header has Watched Date or Rewatch, ratings when it has Rating, else watched."""
    if "watcheddate" in keys or "rewatch" in keys:
        return "diary"
    return "ratings" if "rating" in keys else "watched"


def parse_letterboxd(table: CsvTable, kind: str | None = None) -> ParsedHistory:
    """One Letterboxd CSV as format letterboxd_<kind>; the kind is read from the header if not given."""
    kind = kind or letterboxd_kind(table.keys)
    columns = table.columns(_ALIASES)
    if columns["title"] is None:
        raise UnreadableHistoryError(
            f"not a Letterboxd {kind}.csv: no Name column; the file has columns: {describe_columns(table.header)}"
        )
    if kind == "watched":
        columns["rating"] = None

    def build(row: CsvRow) -> WatchEntry:
        watched = parse_date(row.get(columns["watched"])) or parse_date(row.get(columns["date"]))
        return WatchEntry(
            line=row.line,
            title=require_title(row.get(columns["title"])),
            year=parse_year(row.get(columns["year"])),
            rating=LETTERBOXD_STARS.normalise(row.get(columns["rating"])),
            watched_at=watched,
        )

    outcome = Outcome()
    for row in table.rows:
        outcome.add_csv(table, row, build)
    if kind == "diary":
        mark_rewatches(outcome.entries)
    return outcome.history(
        f"letterboxd_{kind}", LETTERBOXD_STARS, encoding=table.encoding, delimiter=table.delimiter
    )

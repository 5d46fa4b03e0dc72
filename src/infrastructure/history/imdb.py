"""IMDb ratings.csv, both the current export and the pre-2017 one.

new  Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,
     Genres,Num Votes,Release Date,Directors
old  position,const,created,modified,description,Title,Title type,Directors,You rated,IMDb Rating,
     Runtime (mins),Year,Genres,Num. Votes,Release Date (month/day/year),URL
Ratings are 1–10 as is. Title types kept: Movie/movie, Feature Film/feature, TV Movie/tvMovie,
Video/video, Documentary (old exports type documentaries separately), and a blank type. Every other
type (TV Series, TV Episode, TV Mini Series, TV Short, TV Special, Short, Video Game, Podcast Series,
...) is a SkippedRow "title type 'TV Series' is not a movie". imdb_id = Const.
"""

from __future__ import annotations

from src.domain.errors import UnreadableHistoryError
from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import detect_day_first, parse_date
from src.infrastructure.history.rows import Outcome
from src.infrastructure.history.text import CsvRow, CsvTable, describe_columns, norm_key
from src.infrastructure.history.values import (
    ONE_TO_TEN,
    SkipRow,
    parse_imdb_id,
    parse_year,
    require_title,
    split_names,
)

MOVIE_TYPES = frozenset({"movie", "feature", "featurefilm", "tvmovie", "video", "documentary", ""})
_ALIASES = {
    "imdb": ("Const",),
    "rating": ("Your Rating", "You rated"),
    "date": ("Date Rated", "created"),
    "title": ("Title",),
    "original": ("Original Title",),
    "type": ("Title Type",),
    "year": ("Year",),
    "release": ("Release Date", "Release Date (month/day/year)"),
    "genres": ("Genres",),
    "directors": ("Directors",),
}


def parse_imdb(table: CsvTable) -> ParsedHistory:
    columns = table.columns(_ALIASES)
    if columns["title"] is None:
        raise UnreadableHistoryError(
            f"not an IMDb ratings export: no Title column; the file has columns: {describe_columns(table.header)}"
        )
    day_first = detect_day_first(row.get(columns["date"]) for row in table.rows)

    def build(row: CsvRow) -> WatchEntry:
        title = require_title(row.get(columns["title"]))
        title_type = row.get(columns["type"])
        if norm_key(title_type) not in MOVIE_TYPES:
            raise SkipRow(title, f"title type {title_type!r} is not a movie")
        original = row.get(columns["original"])
        return WatchEntry(
            line=row.line,
            title=title,
            original_title=original if original and original != title else None,
            year=parse_year(row.get(columns["year"]) or row.get(columns["release"])),
            rating=ONE_TO_TEN.normalise(row.get(columns["rating"])),
            watched_at=parse_date(row.get(columns["date"]), day_first=day_first),
            imdb_id=parse_imdb_id(row.get(columns["imdb"])),
            genres=split_names(row.get(columns["genres"])),
            directors=split_names(row.get(columns["directors"])),
        )

    outcome = Outcome()
    for row in table.rows:
        outcome.add_csv(table, row, build)
    return outcome.history("imdb_ratings", ONE_TO_TEN, encoding=table.encoding, delimiter=table.delimiter)

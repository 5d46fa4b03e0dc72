"""CinemAI / Filmweb-style JSON: a list of movie objects (or {"movies": [...]}).

Keys are compared like CSV columns (case- and punctuation-insensitive): title/name (originalTitle
when there is no title), year/releaseYear/releaseDate, rating/rate/userRating/myRating/score/stars
(scale detected from the largest value: ≤ 5 → stars ×2, ≤ 10 → as is, ≤ 100 → ÷10),
genres, countries, director(s), description/overview/plot, viewDate/watched_at/watchedDate/date
(ISO or d/m/y strings, or Unix timestamps in s or ms), imdb_id/imdbId, tmdb_id/tmdbId.
The line of an item is its 1-based index in the list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from src.domain.errors import UnreadableHistoryError
from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import detect_day_first, from_timestamp, parse_date
from src.infrastructure.history.rows import Outcome
from src.infrastructure.history.text import norm_key
from src.infrastructure.history.values import (
    DETECTED_SCALES,
    RatingScale,
    RowError,
    as_text,
    detect_scale,
    parse_imdb_id,
    parse_tmdb_id,
    parse_year,
    require_title,
    split_names,
)

KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name"),
    "original": ("originaltitle",),
    "year": ("year", "releaseyear", "releasedate", "released"),
    "rating": ("rating", "rate", "userrating", "myrating", "yourrating", "score", "stars"),
    "watched": ("viewdate", "watchedat", "watcheddate", "datewatched", "viewedat", "date", "watched"),
    "imdb": ("imdbid", "imdb", "const"),
    "tmdb": ("tmdbid", "tmdb"),
    "genres": ("genres", "genre"),
    "countries": ("countries", "country"),
    "directors": ("directors", "director"),
    "description": ("description", "overview", "plot"),
}
Fields = Mapping[str, object]


def parse_cinemai(items: list[object]) -> ParsedHistory:
    """Raises UnreadableHistoryError naming the keys found when no object has a title key."""
    records = [_fields(item) for item in items]
    if not any(r.get("title") is not None or r.get("original") is not None for r in records):
        found = sorted({norm for item in items if isinstance(item, dict) for norm in map(str, item)})
        raise UnreadableHistoryError(
            f"no title field in the JSON objects; found keys: {', '.join(found[:30]) or '(none)'}",
            details={"keys": found[:30]},
        )
    scale = detect_scale(r.get("rating") for r in records) or DETECTED_SCALES[1]
    day_first = detect_day_first(v for r in records if isinstance(v := r.get("watched"), str))
    outcome = Outcome()
    for line, (item, record) in enumerate(zip(items, records, strict=True), start=1):
        outcome.add(line, item, _builder(scale, day_first), (line, item, record))
    return outcome.history("cinemai_json", scale)


def _fields(item: object) -> dict[str, object]:
    if not isinstance(item, dict):
        return {}
    by_key = {norm_key(str(key)): value for key, value in item.items()}
    found: dict[str, object] = {}
    for name, aliases in KEYS.items():
        found[name] = next((by_key[a] for a in aliases if by_key.get(a) is not None), None)
    return found


Numbered = tuple[int, object, Fields]


def _builder(scale: RatingScale, day_first: bool) -> Callable[[Numbered], WatchEntry]:
    def build(numbered: Numbered) -> WatchEntry:
        line, item, record = numbered
        if not isinstance(item, dict):
            raise RowError("not a JSON object")
        original = as_text(record.get("original"))
        title = require_title(record.get("title") if record.get("title") is not None else original)
        return WatchEntry(
            line=line,
            title=title,
            original_title=original if original != title else None,
            year=parse_year(record.get("year")),
            rating=scale.normalise(record.get("rating")),
            watched_at=_date(record.get("watched"), day_first),
            imdb_id=parse_imdb_id(record.get("imdb")),
            tmdb_id=parse_tmdb_id(record.get("tmdb")),
            genres=split_names(record.get("genres")),
            countries=split_names(record.get("countries")),
            directors=split_names(record.get("directors")),
            description=(as_text(record.get("description")) or "")[:2000] or None,
        )

    return build


def _date(value: object, day_first: bool) -> date | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_timestamp(float(value))
    text = as_text(value)
    return parse_date(text, day_first=day_first) if text else None

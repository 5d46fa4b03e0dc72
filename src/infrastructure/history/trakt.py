"""Trakt JSON exports: history ({"watched_at", "type": "movie", "movie": {"title", "year", "ids"}}),
ratings ({"rated_at", "rating": 1–10, "type": "movie", "movie": {...}}) and watched-movies
({"last_watched_at", "plays", "movie": {...}}, no type). Shows, seasons and episodes are skipped.
The line of an item is its 1-based index in the list. Repeat viewings of a film are rewatches."""

from __future__ import annotations

from src.domain.history import ParsedHistory, WatchEntry
from src.infrastructure.history.dates import parse_date
from src.infrastructure.history.rows import Outcome, mark_rewatches
from src.infrastructure.history.values import (
    ONE_TO_TEN,
    RowError,
    SkipRow,
    as_text,
    parse_imdb_id,
    parse_tmdb_id,
    parse_year,
    require_title,
)

TRAKT_KINDS = frozenset({"movie", "show", "season", "episode"})
TIME_KEYS = ("watched_at", "rated_at", "last_watched_at", "collected_at", "listed_at")


def is_trakt_item(item: object) -> bool:
    """A Trakt item carries a movie/show/episode object, or a Trakt type next to a Trakt timestamp."""
    if not isinstance(item, dict):
        return False
    if any(isinstance(item.get(kind), dict) for kind in TRAKT_KINDS):
        return True
    return as_text(item.get("type")) in TRAKT_KINDS and any(key in item for key in TIME_KEYS)


def parse_trakt(items: list[object]) -> ParsedHistory:
    outcome = Outcome()
    for line, item in enumerate(items, start=1):
        outcome.add(line, item, _entry, (line, item))
    mark_rewatches(outcome.entries)
    return outcome.history("trakt_json", ONE_TO_TEN)


def _entry(numbered: tuple[int, object]) -> WatchEntry:
    line, item = numbered
    if not isinstance(item, dict):
        raise RowError("not a JSON object")
    movie = item.get("movie")
    kind = as_text(item.get("type")) or ("movie" if isinstance(movie, dict) else None)
    if kind != "movie":
        raise SkipRow(_other_title(item), f"{kind or 'an item without a type'} is not a movie")
    if not isinstance(movie, dict):
        raise RowError("no movie object")
    raw_ids = movie.get("ids")
    ids: dict[str, object] = raw_ids if isinstance(raw_ids, dict) else {}
    stamp = next((as_text(item.get(k)) for k in TIME_KEYS if as_text(item.get(k))), None)
    return WatchEntry(
        line=line,
        title=require_title(movie.get("title")),
        year=parse_year(movie.get("year")),
        rating=ONE_TO_TEN.normalise(item.get("rating")),
        watched_at=parse_date(stamp) if stamp else None,
        imdb_id=parse_imdb_id(ids.get("imdb")),
        tmdb_id=parse_tmdb_id(ids.get("tmdb")),
    )


def _other_title(item: dict[str, object]) -> str:
    parts = []
    for kind in ("show", "season", "episode"):
        obj = item.get(kind)
        if isinstance(obj, dict):
            number = as_text(obj.get("number"))
            parts.append(as_text(obj.get("title")) or (f"{kind.capitalize()} {number}" if number else ""))
    return ": ".join(p for p in parts if p)[:300] or "(untitled)"

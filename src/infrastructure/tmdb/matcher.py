"""Looking history rows up on TMDB (MovieLookup); the application matches and stores them
(src/application/looked_up_matches.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from src.application.ports.lookups import MovieLookup
from src.domain.errors import ExternalServiceError
from src.domain.history import MatchMethod, WatchEntry
from src.domain.movie import Movie, normalize_title
from src.infrastructure.tmdb.client import TmdbClient

log = logging.getLogger(__name__)

UNAVAILABLE = "TMDB unavailable"


class _Lookups:
    """One import's lookups: bounded concurrency, and after the first TMDB failure no more calls."""

    def __init__(self, client: TmdbClient, concurrency: int) -> None:
        self.client = client
        self.gate = asyncio.Semaphore(concurrency)
        self.failed = False

    async def find(self, entry: WatchEntry) -> Movie | str | None:
        """The TMDB movie (full details) for a row, None when TMDB has none, UNAVAILABLE on failure."""
        async with self.gate:
            if self.failed:
                return UNAVAILABLE
            try:
                return await self._find(entry)
            except ExternalServiceError as exc:
                self.failed = True
                log.warning("TMDB lookups stopped for this import: %s", exc.message)
                return UNAVAILABLE

    async def _find(self, entry: WatchEntry) -> Movie | None:
        if entry.imdb_id:
            hit = await self.client.find_by_imdb(entry.imdb_id)
            if hit is not None and hit.tmdb_id is not None:
                return await self.client.movie_details(hit.tmdb_id)
        if entry.tmdb_id is not None:
            movie = await self.client.movie_details(entry.tmdb_id)
            if movie is not None:
                return movie
        best = _best(entry, await self.client.search_movie(entry.title, entry.year)) if entry.year else None
        best = best or _best(entry, await self.client.search_movie(entry.title))
        return await self.client.movie_details(best.tmdb_id) if best and best.tmdb_id is not None else None


class TmdbMovieLookup(MovieLookup):
    """Each row by IMDb id via /find, else its TMDB id, else title + year ±1 via /search/movie,
    `concurrency` at a time; after the first TMDB failure the remaining rows get UNAVAILABLE."""

    service = "TMDB"
    match_method: MatchMethod = "tmdb"

    def __init__(self, client: TmdbClient, *, concurrency: int = 5) -> None:
        self._client = client
        self._concurrency = concurrency

    async def find(self, entries: Sequence[WatchEntry]) -> list[Movie | str | None]:
        lookups = _Lookups(self._client, self._concurrency)
        return list(await asyncio.gather(*(lookups.find(entry) for entry in entries)))


def _best(entry: WatchEntry, movies: Sequence[Movie]) -> Movie | None:
    """Same normalised title (or original title), year within ±1 when the row has one; the closest
    year wins, then the most voted."""
    titles = {normalize_title(t) for t in (entry.title, entry.original_title) if t}
    pool = [m for m in movies if normalize_title(m.title) in titles]
    if entry.year is not None:
        pool = [m for m in pool if m.year is not None and abs(m.year - entry.year) <= 1]
    year = entry.year or 0
    pool.sort(key=lambda m: (abs((m.year or 0) - year) if entry.year else 0, -(m.vote_count or 0)))
    return pool[0] if pool else None

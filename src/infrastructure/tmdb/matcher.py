"""History-import matching that asks TMDB about the rows the local catalog could not match."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from src.application.ports.catalog import CatalogReader, catalog_key
from src.application.ports.embedder import Embedder
from src.application.ports.history import MatchResult, MovieMatcher
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.errors import ExternalServiceError
from src.domain.history import WatchEntry
from src.domain.movie import Movie, normalize_title
from src.infrastructure.tmdb.catalog_store import store_and_embed
from src.infrastructure.tmdb.client import TmdbClient

log = logging.getLogger(__name__)

UNAVAILABLE = "TMDB unavailable"
NOT_FOUND = "not in the catalog, not found on TMDB"
NOT_STORED = "found on TMDB, but could not be embedded and stored"


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


class TmdbMovieMatcher(MovieMatcher):
    """Runs `inner` first; looks up at most `max_lookups` of the rows it left unmatched on TMDB (IMDb
    id via /find, else title + year ±1 via /search/movie), `concurrency` at a time. Found movies are
    embedded once, added to the catalog, and returned matched with method "tmdb". Never fails the
    import: when TMDB fails, the remaining rows stay unmatched with reason "TMDB unavailable"; rows
    beyond the lookup bound keep the inner reason. When `model` is not this embedder's, TMDB is not
    asked (its vectors would be in another space)."""

    def __init__(
        self,
        inner: MovieMatcher,
        client: TmdbClient,
        embedder: Embedder,
        uow_factory: Callable[[], UnitOfWork],
        reader: CatalogReader,
        *,
        max_lookups: int = 200,
        concurrency: int = 5,
    ) -> None:
        self._inner = inner
        self._client = client
        self._embedder = embedder
        self._uow_factory = uow_factory
        self._reader = reader
        self._max_lookups = max_lookups
        self._concurrency = concurrency

    async def match(self, entries: Sequence[WatchEntry], *, model: str) -> list[MatchResult]:
        results = await self._inner.match(entries, model=model)
        todo = [i for i, r in enumerate(results) if r.movie is None][: self._max_lookups]
        if not todo or model != self._embedder.model_name:
            return results
        lookups = _Lookups(self._client, self._concurrency)
        found = await asyncio.gather(*(lookups.find(results[i].entry) for i in todo))
        movies = [m for m in found if isinstance(m, Movie)]
        try:
            stored = await store_and_embed(
                movies, embedder=self._embedder, uow_factory=self._uow_factory, reader=self._reader
            )
        except ExternalServiceError as exc:
            log.warning("could not embed TMDB matches: %s", exc.message)
            stored = {}
        for i, outcome in zip(todo, found, strict=True):
            entry = results[i].entry
            movie = stored.get(catalog_key(outcome)) if isinstance(outcome, Movie) else None
            if movie is not None:
                results[i] = MatchResult(entry=entry, movie=movie, method="tmdb")
            else:
                reason = outcome if isinstance(outcome, str) else NOT_FOUND if outcome is None else NOT_STORED
                results[i] = MatchResult(entry=entry, movie=None, method=None, reason=reason)
        return results


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

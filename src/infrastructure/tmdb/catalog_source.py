"""TMDB's popular and top-rated lists as a catalog source (`cinemai catalog import --source tmdb`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from src.application.ports.catalog_source import CatalogSource
from src.domain.movie import Movie
from src.infrastructure.tmdb.client import TmdbClient


class TmdbCatalogSource(CatalogSource):
    """Yields full movie details (overview, countries, runtime, directors, cast) for `pages` pages of
    /movie/popular, then `pages` pages of /movie/top_rated, each movie once (by TMDB id), at most
    `limit`. count() is None: TMDB cannot say cheaply how many distinct movies that is. A TMDB
    failure raises ExternalServiceError."""

    name = "tmdb"

    def __init__(self, client: TmdbClient, pages: int, *, concurrency: int = 5) -> None:
        self._client = client
        self._pages = max(1, pages)
        self._concurrency = concurrency

    async def count(self, limit: int | None = None) -> int | None:
        return None

    async def movies(self, limit: int | None = None) -> AsyncIterator[Movie]:
        seen: set[int] = set()
        yielded = 0
        for listing in (self._client.popular, self._client.top_rated):
            for page in range(1, self._pages + 1):
                if limit is not None and yielded >= limit:
                    return
                result = await listing(page)
                ids = [m.tmdb_id for m in result.movies if m.tmdb_id is not None and m.tmdb_id not in seen]
                seen.update(ids)
                if limit is not None:
                    ids = ids[: limit - yielded]
                for movie in await self._client.movie_details_many(ids, concurrency=self._concurrency):
                    yield movie
                    yielded += 1
                if page >= result.total_pages:
                    break

"""Live candidates from TMDB /discover/movie: looked up only (CandidateLookup); the application stores
them in the catalog (src/application/looked_up_candidates.py)."""

from __future__ import annotations

from src.application.ports.lookups import CandidateLookup
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.infrastructure.tmdb.client import TmdbClient
from src.infrastructure.tmdb.mapping import matching_filters


class TmdbCandidateLookup(CandidateLookup):
    """Up to `pages` pages of /discover/movie (most popular first), with the filters as TMDB parameters
    and re-checked locally on the full details (countries, runtime, director), `concurrency` detail
    requests at a time. Raises ExternalServiceError when TMDB fails."""

    service = "TMDB"

    def __init__(self, client: TmdbClient, *, pages: int = 3, concurrency: int = 5) -> None:
        self._client = client
        self._pages = max(1, pages)
        self._concurrency = concurrency

    def check(self, filters: Filters) -> Filters:
        return matching_filters(filters)

    async def discover(self, filters: Filters, *, enough: int) -> list[Movie]:
        return await self._discover(filters, self.check(filters), enough=enough)

    async def _discover(self, filters: Filters, check: Filters, *, enough: int) -> list[Movie]:
        """Detailed movies passing the filters, page by page, until `enough` or the last page."""
        wanted: list[Movie] = []
        seen: set[int] = set()
        for page in range(1, self._pages + 1):
            result = await self._client.discover(filters, page)
            ids = [m.tmdb_id for m in result.movies if m.tmdb_id is not None and m.tmdb_id not in seen]
            seen.update(ids)
            details = await self._client.movie_details_many(ids, concurrency=self._concurrency)
            wanted.extend(m for m in details if check.matches(m))
            if len(wanted) >= enough or page >= result.total_pages:
                break
        return wanted

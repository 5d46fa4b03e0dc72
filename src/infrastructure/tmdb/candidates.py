"""Live candidates from TMDB /discover/movie, stored and embedded in the catalog on first sight."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from src.application.ports.catalog import CatalogReader, catalog_key
from src.application.ports.embedder import Embedder
from src.application.ports.recommend import CandidateSource
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.infrastructure.tmdb.catalog_store import store_and_embed
from src.infrastructure.tmdb.client import TmdbClient
from src.infrastructure.tmdb.mapping import matching_filters


class TmdbCandidateSource(CandidateSource):
    """Candidates from up to `pages` pages of /discover/movie (most popular first), with the filters
    as TMDB parameters and re-checked locally on the full details (countries, runtime, director).

    New movies are embedded once and upserted into the catalog; movies the catalog already holds
    with this embedder's vectors are read back with their stored ids and embeddings. Returns up to
    `limit` catalog movies in TMDB's order, none in `exclude_ids`. Raises ExternalServiceError when
    TMDB (or the embedder) fails, or when the profile was built with another embedding model, so the
    caller falls back to the local catalog.
    """

    name = "tmdb"

    def __init__(
        self,
        client: TmdbClient,
        embedder: Embedder,
        uow_factory: Callable[[], UnitOfWork],
        reader: CatalogReader,
        *,
        pages: int = 3,
        concurrency: int = 5,
    ) -> None:
        self._client = client
        self._embedder = embedder
        self._uow_factory = uow_factory
        self._reader = reader
        self._pages = max(1, pages)
        self._concurrency = concurrency

    async def candidates(
        self, profile: TasteProfile, *, filters: Filters, limit: int, exclude_ids: Sequence[MovieId]
    ) -> list[Movie]:
        if limit <= 0:
            return []
        if profile.embedding_model and profile.embedding_model != self._embedder.model_name:
            raise ExternalServiceError(
                f"TMDB candidates are embedded with {self._embedder.model_name}, "
                f"the profile with {profile.embedding_model}",
                details={"service": "tmdb", "reason": "embedding model mismatch"},
            )
        check = matching_filters(filters)
        wanted = await self._discover(filters, check, enough=limit + len(exclude_ids))
        stored = await store_and_embed(
            wanted, embedder=self._embedder, uow_factory=self._uow_factory, reader=self._reader
        )
        excluded = set(exclude_ids)
        out: list[Movie] = []
        for movie in wanted:
            found = stored.get(catalog_key(movie))
            if found is None or found.id is None or found.id in excluded or not check.matches(found):
                continue
            excluded.add(found.id)  # a movie listed twice is returned once
            out.append(found)
            if len(out) == limit:
                break
        return out

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

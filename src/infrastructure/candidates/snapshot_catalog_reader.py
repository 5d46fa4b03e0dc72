"""A CatalogReader that answers get_many(with_embeddings=True) from the catalog held in process (the
disliked films' vectors and the collaborative candidates of every recommendation); everything else, and
any id the snapshot does not hold, goes to `inner` (the database)."""

from __future__ import annotations

from collections.abc import Sequence

from src.application.ports.catalog import CatalogFacets, CatalogReader, Neighbour
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId, Vector
from src.infrastructure.candidates.catalog_snapshot import CatalogSnapshots


class SnapshotCatalogReader(CatalogReader):
    def __init__(self, inner: CatalogReader, snapshots: CatalogSnapshots) -> None:
        self._inner = inner
        self._snapshots = snapshots

    async def get_many(self, movie_ids: Sequence[MovieId], *, with_embeddings: bool = False) -> list[Movie]:
        if not with_embeddings or not movie_ids:
            return await self._inner.get_many(movie_ids, with_embeddings=with_embeddings)
        held = (await self._snapshots.current()).by_id
        missing = [i for i in movie_ids if i not in held]
        extra = {m.id: m for m in await self._inner.get_many(missing, with_embeddings=True)} if missing else {}
        return [m for m in (held.get(i) or extra.get(i) for i in movie_ids) if m is not None]

    async def get(self, movie_id: MovieId) -> Movie | None:
        return await self._inner.get(movie_id)

    async def search_titles(self, query: str, limit: int) -> list[Movie]:
        return await self._inner.search_titles(query, limit)

    async def nearest(
        self,
        vector: Vector,
        *,
        model: str,
        limit: int,
        filters: Filters | None = None,
        exclude_ids: Sequence[MovieId] = (),
    ) -> list[Neighbour]:
        return await self._inner.nearest(vector, model=model, limit=limit, filters=filters, exclude_ids=exclude_ids)

    async def nearest_many(
        self,
        vectors: Sequence[Vector],
        *,
        model: str,
        limits: Sequence[int],
        filters: Filters | None = None,
        exclude_ids: Sequence[MovieId] = (),
    ) -> list[list[Neighbour]]:
        return await self._inner.nearest_many(
            vectors, model=model, limits=limits, filters=filters, exclude_ids=exclude_ids
        )

    async def popular(
        self, *, limit: int, filters: Filters | None = None, exclude_ids: Sequence[MovieId] = ()
    ) -> list[Movie]:
        return await self._inner.popular(limit=limit, filters=filters, exclude_ids=exclude_ids)

    async def facets(self) -> CatalogFacets:
        return await self._inner.facets()

    async def count(self, *, embedded_with: str | None = None) -> int:
        return await self._inner.count(embedded_with=embedded_with)

"""Local candidates: the nearest catalog movies to each taste-cluster centroid, filters in SQL."""

from __future__ import annotations

from collections.abc import Sequence

from src.application.ports.catalog import CatalogReader
from src.application.ports.recommend import CandidateSource
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile


class PgvectorCandidateSource(CandidateSource):
    """Each cluster gets a share of the pool proportional to its weight (at least `min_per_cluster`),
    so a small side of someone's taste still brings its own candidates. One session for all clusters."""

    name = "catalog"

    def __init__(self, reader: CatalogReader, *, min_per_cluster: int = 30) -> None:
        self._reader = reader
        self._min = min_per_cluster

    async def candidates(
        self, profile: TasteProfile, *, filters: Filters, limit: int, exclude_ids: Sequence[MovieId]
    ) -> list[Movie]:
        total = sum(c.weight for c in profile.clusters) or 1.0
        shares = [max(self._min, round(limit * c.weight / total)) for c in profile.clusters]
        found = await self._reader.nearest_many(
            [c.centroid for c in profile.clusters],
            model=profile.embedding_model,
            limits=shares,
            filters=filters,
            exclude_ids=exclude_ids,
        )
        seen: set[MovieId] = set()
        movies: list[Movie] = []
        for neighbours in found:
            for n in neighbours:
                if n.movie.id is not None and n.movie.id not in seen:
                    seen.add(n.movie.id)
                    movies.append(n.movie)
        return movies

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
        shares = cluster_shares(profile, limit, self._min)
        found = await self._reader.nearest_many(
            [c.centroid for c in profile.clusters],
            model=profile.embedding_model,
            limits=shares,
            filters=filters,
            exclude_ids=exclude_ids,
        )
        return merge_unique([[n.movie for n in neighbours] for neighbours in found])


def cluster_shares(profile: TasteProfile, limit: int, min_per_cluster: int) -> list[int]:
    """Each cluster's share of `limit`, proportional to its weight, at least `min_per_cluster`."""
    total = sum(c.weight for c in profile.clusters) or 1.0
    return [max(min_per_cluster, round(limit * c.weight / total)) for c in profile.clusters]


def merge_unique(found: list[list[Movie]]) -> list[Movie]:
    """The clusters' neighbours in order, each movie once (its first appearance)."""
    seen: set[MovieId] = set()
    movies: list[Movie] = []
    for neighbours in found:
        for m in neighbours:
            if m.id is not None and m.id not in seen:
                seen.add(m.id)
                movies.append(m)
    return movies

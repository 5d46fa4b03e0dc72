"""Local candidates from the catalog held in process (CatalogSnapshots): the same neighbours as
PgvectorCandidateSource's exact scan, computed with numpy, with no database round trip."""

from __future__ import annotations

from collections.abc import Sequence

from src.application.ports.recommend import CandidateSource
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.infrastructure.candidates.catalog_snapshot import CatalogSnapshots
from src.infrastructure.candidates.pgvector_source import cluster_shares, merge_unique


class NumpyCandidateSource(CandidateSource):
    """Each cluster gets a share of the pool proportional to its weight (at least `min_per_cluster`),
    as in PgvectorCandidateSource. The movies returned are the process's shared catalog objects:
    callers read them, never change them."""

    name = "catalog"

    def __init__(self, snapshots: CatalogSnapshots, *, min_per_cluster: int = 30) -> None:
        self._snapshots = snapshots
        self._min = min_per_cluster

    async def candidates(
        self, profile: TasteProfile, *, filters: Filters, limit: int, exclude_ids: Sequence[MovieId]
    ) -> list[Movie]:
        if not profile.clusters:
            return []
        arrays = (await self._snapshots.current()).model(
            profile.embedding_model, int(profile.clusters[0].centroid.shape[0])
        )
        if arrays is None:
            return []
        keep = arrays.mask(filters, exclude_ids)
        found = arrays.nearest_many(
            [c.centroid for c in profile.clusters], cluster_shares(profile, limit, self._min), keep
        )
        return merge_unique(found)

"""A profile's collaborative evidence over a candidate pool: what its liked movies vouch for, per taste
cluster, scaled so the pool's best candidate scores 1; and which candidates it, not content, carried."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from src.domain.collaborative import ItemNeighbours, contribution_matrix
from src.domain.movie import Movie
from src.domain.profile import TasteProfile

FloatArray = npt.NDArray[np.float64]
MAX_CITED = 3


@dataclass(kw_only=True)
class CollaborativePart:
    """`contributions[i, j]`: how much liked movie j vouches for candidate i; `per_cluster[i, c]` sums
    that over cluster c's liked movies and `total[i]` over all of them. All scaled by the pool's best
    total, so `total` is in 0..1 and 1 for the candidate the liked movies vouch for most."""

    contributions: FloatArray
    supports: FloatArray  # supports[i, j]: distinct users behind the (liked j, candidate i) pair
    liked_clusters: npt.NDArray[np.int64]  # position in profile.clusters of each liked movie
    liked_titles: list[str]
    per_cluster: FloatArray
    total: FloatArray
    min_support: int = 1

    def strongest_support(self, candidate: int) -> int:
        """How many distinct users support the pair vouching most for the candidate (0: none does)."""
        row = self.contributions[candidate]
        if not row.size or row.max() <= 0:
            return 0
        return int(self.supports[candidate, int(np.argmax(row))])

    def carried(self, content: FloatArray, weight: float) -> npt.NDArray[np.bool_]:
        """True where the collaborative term lifts a candidate above the pool's median candidate more
        than the content term does (and there is collaborative evidence at all)."""
        collaborative_lift = weight * (self.total - np.median(self.total))
        content_lift = (1.0 - weight) * (content - np.median(content))
        return np.asarray((self.total > 0) & (collaborative_lift > content_lift), dtype=np.bool_)

    def cited(self, candidate: int, cluster: int, n: int = MAX_CITED) -> list[str]:
        """The liked titles vouching most for the candidate, from `cluster` first (any cluster when
        none of its movies vouches), strongest first; only pairs at least `min_support` people share
        (k-anonymity: a title cited as "people who loved X also loved this" never points at one person)."""
        row = np.where(self.supports[candidate] >= self.min_support, self.contributions[candidate], 0.0)
        own = np.flatnonzero((row > 0) & (self.liked_clusters == cluster))
        pool = own if own.size else np.flatnonzero(row > 0)
        titles: list[str] = []
        for j in pool[np.lexsort((pool, -row[pool]))]:
            if self.liked_titles[j] not in titles:
                titles.append(self.liked_titles[j])
            if len(titles) == n:
                break
        return titles


def collaborative_part(
    profile: TasteProfile, candidates: Sequence[Movie], neighbours: ItemNeighbours, *, min_support: int = 1
) -> CollaborativePart | None:
    """None when the profile's liked movies vouch for no candidate (no other users, no catalog matches,
    or nothing in common): the signal is then absent and its weight must count as zero."""
    liked = [m for m in profile.liked if m.movie_id is not None]
    if not liked or not candidates or not profile.clusters:
        return None
    ids = [m.id if m.id is not None else -1 for m in candidates]
    liked_ids = [m.movie_id for m in liked]
    matrix = contribution_matrix(neighbours, liked_ids, ids)
    total = matrix.sum(axis=1)
    top = float(total.max()) if total.size else 0.0
    if top <= 0:
        return None
    matrix /= top
    position = {c.id: k for k, c in enumerate(profile.clusters)}
    clusters = np.asarray([position.get(m.cluster_id, 0) for m in liked], dtype=np.int64)
    onehot = np.zeros((len(liked), len(profile.clusters)))
    onehot[np.arange(len(liked)), clusters] = 1.0
    return CollaborativePart(
        contributions=matrix,
        supports=contribution_matrix(neighbours, liked_ids, ids, supports=True),
        min_support=max(1, min_support),
        liked_clusters=clusters,
        liked_titles=[m.title for m in liked],
        per_cluster=matrix @ onehot,
        total=total / top,
    )

"""A user's training rows → taste profiles, through the same code an upload goes through
(WatchEntry → MatchResult → collapse_rewatches → TasteProfileBuilder.liked/embeddings/build)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

from src.application.ports.embedder import Embedder
from src.application.ports.history import Clusterer, MatchResult
from src.application.taste_profile_builder import TasteProfileBuilder, Watched, collapse_rewatches
from src.domain.history import WatchEntry
from src.domain.movie import Movie
from src.domain.profile import TasteProfile
from src.evaluation.dataset import DatasetItem
from src.evaluation.split import UserSplit

_USERS = uuid.UUID("6f1c1c2e-5d4b-4a7e-9a51-0c1f4e2b9d10")  # namespace for the dataset users' profile ids


class ProfileFactory:
    """Builds profiles for (like threshold, clustering) pairs; `clusterers` maps a Variant.clustering
    name to a Clusterer. `item_movie` maps dataset items to catalog movies carrying their embeddings;
    unmapped rows are embedded from their own fields by the builder, as an unmatched upload row is."""

    def __init__(
        self,
        embedder: Embedder,
        clusterers: Mapping[str, Clusterer],
        items: Mapping[str, DatasetItem],
        item_movie: Mapping[str, Movie],
    ) -> None:
        self._embedder = embedder
        self._clusterers = clusterers
        self._items = items
        self._item_movie = item_movie
        self._builders: dict[tuple[float, str], TasteProfileBuilder] = {}

    def watched(self, split: UserSplit) -> tuple[list[Watched], date]:
        """The user's distinct movies (duplicates of one catalog movie collapse, latest rating wins) and
        the day of their latest training row, used as 'today' for recency weights."""
        matches = [self._match(i, r.item, r.rating, r.timestamp) for i, r in enumerate(split.train, 1)]
        today = max((m.entry.watched_at for m in matches if m.entry.watched_at), default=date(2000, 1, 1))
        return collapse_rewatches(matches), today

    async def build(
        self, split: UserSplit, watched: list[Watched], today: date, threshold: float, clustering: str
    ) -> TasteProfile:
        key = (threshold, clustering)
        builder = self._builders.get(key)
        if builder is None:
            builder = TasteProfileBuilder(
                self._embedder, self._clusterers[clustering], like_threshold=threshold
            )
            self._builders[key] = builder
        liked = builder.liked(watched, today)
        vectors = await builder.embeddings(liked)
        return await builder.build(uuid.uuid5(_USERS, split.user), liked, vectors)

    def _match(self, line: int, item: str, rating: float, timestamp: int) -> MatchResult:
        info = self._items.get(item) or DatasetItem(item=item, title=f"item {item}", year=None)
        entry = WatchEntry(
            line=line,
            title=info.title,
            year=info.year,
            rating=rating,
            watched_at=datetime.fromtimestamp(timestamp, UTC).date(),
            genres=info.genres,
        )
        movie = self._item_movie.get(item)
        return MatchResult(entry=entry, movie=movie, method="exact" if movie is not None else None)


@dataclass(kw_only=True)
class UserCase:
    """Everything a ranker may use for one user: the split, the unseen candidates (catalog order) and
    their ids, and lazily built, memoised profiles (clustering is the costly step, done once per
    (threshold, clustering) and shared by every variant that needs it)."""

    split: UserSplit
    candidates: Sequence[Movie]
    candidate_ids: npt.NDArray[np.int64]
    factory: ProfileFactory
    watched: list[Watched]
    today: date
    _profiles: dict[tuple[float, str], TasteProfile] = field(default_factory=dict)

    @property
    def built(self) -> Mapping[tuple[float, str], TasteProfile]:
        """The profiles built so far, by (like threshold, clustering)."""
        return self._profiles

    async def profile(self, threshold: float, clustering: str) -> TasteProfile:
        key = (threshold, clustering)
        if key not in self._profiles:
            self._profiles[key] = await self.factory.build(
                self.split, self.watched, self.today, threshold, clustering
            )
        return self._profiles[key]

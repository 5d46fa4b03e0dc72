"""Liked movies → weighted, clustered, labelled taste profile (DESIGN.md steps 4–6)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from src.application.ports.embedder import Embedder
from src.application.ports.history import Clusterer, MatchResult
from src.domain.errors import InvalidInputError
from src.domain.history import DISLIKE_THRESHOLD, LIKE_THRESHOLD, WatchEntry, entry_weight, liked_entries
from src.domain.labels import cluster_label
from src.domain.movie import Movie
from src.domain.profile import ClusterMember, LikedMovie, TasteCluster, TasteProfile, UserId
from src.domain.representatives import representative_members

REWATCH_BONUS = 0.25  # each rewatch adds a quarter of the movie's weight, up to doubling it


@dataclass(kw_only=True)
class Watched:
    """One distinct movie from a history: its latest entry, how often it was watched, its catalog match."""

    entry: WatchEntry
    match: MatchResult
    times: int

    @property
    def movie(self) -> Movie:
        return self.match.movie if self.match.movie is not None else self.entry.as_movie()


def collapse_rewatches(matches: Sequence[MatchResult]) -> list[Watched]:
    """Diary rewatches and repeated rows become one movie: the latest rating and date win."""
    by_key: dict[object, Watched] = {}
    for m in matches:
        key: object = ("id", m.movie.id) if m.movie is not None else ("row", m.entry.as_movie().key)
        seen = by_key.get(key)
        if seen is None:
            by_key[key] = Watched(entry=m.entry, match=m, times=1)
            continue
        seen.times += 1
        newer = (m.entry.watched_at or date.min) >= (seen.entry.watched_at or date.min)
        if newer and (m.entry.rating is not None or seen.entry.rating is None):
            seen.entry, seen.match = m.entry, m
    return list(by_key.values())


class TasteProfileBuilder:
    def __init__(
        self,
        embedder: Embedder,
        clusterer: Clusterer,
        *,
        like_threshold: float = LIKE_THRESHOLD,
        dislike_threshold: float = DISLIKE_THRESHOLD,
    ) -> None:
        self._embedder = embedder
        self._clusterer = clusterer
        self.like_threshold = like_threshold
        self.dislike_threshold = dislike_threshold  # rated below: never part of the taste

    @property
    def model_name(self) -> str:
        return self._embedder.model_name

    def liked(self, watched: list[Watched], today: date) -> list[tuple[Watched, float]]:
        entries = liked_entries(
            [w.entry for w in watched], self.like_threshold, dislike_below=self.dislike_threshold
        )
        chosen = {id(e) for e in entries}
        result = []
        for w in watched:
            if id(w.entry) in chosen:
                base = entry_weight(w.entry, today=today, threshold=self.like_threshold)
                result.append((w, base * min(2.0, 1.0 + REWATCH_BONUS * (w.times - 1))))
        return result

    async def embeddings(self, liked: list[tuple[Watched, float]]) -> np.ndarray:
        """Catalog vectors where stored; the rest (unmatched rows) embedded from their own fields."""
        out = np.zeros((len(liked), self._embedder.dimension), dtype=np.float32)
        missing: list[int] = []
        for i, (w, _) in enumerate(liked):
            stored = w.match.movie.embedding if w.match.movie is not None else None
            if stored is not None and stored.shape[0] == out.shape[1]:
                out[i] = stored
            else:
                missing.append(i)
        if missing:
            out[missing] = await self._embedder.embed([liked[i][0].movie.text() for i in missing])
        return out

    async def build(
        self, user_id: UserId, liked: list[tuple[Watched, float]], vectors: np.ndarray
    ) -> TasteProfile:
        if not liked:
            raise InvalidInputError("the history has no movie to build a taste profile from")
        weights = [w for _, w in liked]
        clustering = await asyncio.to_thread(self._clusterer.cluster, vectors, weights)
        reps = representative_members(vectors, weights, clustering.labels, clustering.centroids, top=5)
        clusters = []
        for c, centroid in enumerate(clustering.centroids):
            member_idx = [i for i, label in enumerate(clustering.labels) if label == c]
            movies = [liked[i][0].movie for i in member_idx]
            label = cluster_label(
                [(m.genres, m.year, weights[i]) for m, i in zip(movies, member_idx, strict=True)]
            )
            clusters.append(
                TasteCluster(
                    id=c,
                    label=label,
                    centroid=np.asarray(centroid, dtype=np.float32),
                    weight=float(sum(weights[i] for i in member_idx)),
                    size=len(member_idx),
                    members=[_member(liked[i][0].movie, weights[i]) for i in reps[c]],
                )
            )
        total = sum(c.weight for c in clusters) or 1.0
        for cluster in clusters:
            cluster.weight = round(cluster.weight / total, 4)
        liked_movies = [
            LikedMovie.from_movie(
                w.movie,
                weight=weight,
                embedding=vectors[i],
                cluster_id=clustering.labels[i],
                rating=w.entry.rating,
            )
            for i, (w, weight) in enumerate(liked)
        ]
        return TasteProfile(
            user_id=user_id,
            clusters=clusters,
            algorithm=clustering.algorithm,
            liked=liked_movies,
            embedding_model=self._embedder.model_name,
        )


def _member(movie: Movie, weight: float) -> ClusterMember:
    return ClusterMember(
        title=movie.title,
        year=movie.year,
        weight=round(weight, 4),
        movie_id=movie.id,
        genres=movie.genres,
        directors=movie.directors,
    )

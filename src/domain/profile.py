"""Taste profiles: a handful of weighted clusters over the movies a person liked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import numpy as np

from src.domain.movie import Movie, Vector
from src.domain.scoring.similarity import cosine_matrix, normalize_rows

# feedback on one movie (README "Feedback"): every signal takes it off the pages; like/dislike also nudge
FeedbackSignal = Literal["like", "dislike", "watched", "not_interested"]

UserId = uuid.UUID
NUDGE = 0.15  # how far one like pulls the nearest centroid toward a movie (and a dislike pushes away)


@dataclass(frozen=True)
class ClusterMember:
    """A liked movie inside a cluster. movie_id is None for history rows the catalog did not match."""

    title: str
    year: int | None
    weight: float
    movie_id: int | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()


@dataclass(eq=False, kw_only=True)
class TasteCluster:
    id: int
    label: str
    centroid: Vector
    weight: float
    size: int
    members: list[ClusterMember] = field(default_factory=list)  # most representative first


@dataclass(eq=False, kw_only=True)
class LikedMovie:
    """A liked history movie with its embedding, kept so justifications can cite the nearest ones.
    `rating` is the user's own rating of it on the 0–10 scale (as WatchEntry.rating), None when the
    history had none (an unrated export row, a `like` feedback)."""

    title: str
    year: int | None
    weight: float
    embedding: Vector
    cluster_id: int
    movie_id: int | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    rating: float | None = None

    @classmethod
    def from_movie(
        cls,
        movie: Movie,
        *,
        weight: float,
        embedding: Vector,
        cluster_id: int,
        rating: float | None = None,
    ) -> LikedMovie:
        return cls(
            title=movie.title,
            year=movie.year,
            weight=weight,
            embedding=embedding,
            cluster_id=cluster_id,
            movie_id=movie.id,
            genres=movie.genres,
            directors=movie.directors,
            rating=rating,
        )


@dataclass(eq=False, kw_only=True)
class TasteProfile:
    user_id: UserId
    clusters: list[TasteCluster]
    algorithm: str  # "single" | "kmeans" | "hdbscan"
    liked: list[LikedMovie] = field(default_factory=list)
    version: int = 1
    embedding_model: str = ""
    updated_at: datetime | None = None  # when this version was stored (the repository sets it)

    @property
    def liked_count(self) -> int:
        return len(self.liked)

    def centroids(self) -> Vector:
        return np.stack([c.centroid for c in self.clusters]).astype(np.float32)

    def cluster(self, cluster_id: int) -> TasteCluster:
        return next(c for c in self.clusters if c.id == cluster_id)

    def liked_matrix(self) -> Vector:
        if not self.liked:
            return np.zeros((0, self.clusters[0].centroid.shape[0]), dtype=np.float32)
        return np.stack([m.embedding for m in self.liked]).astype(np.float32)

    def nudge(self, vector: Vector, signal: FeedbackSignal) -> int | None:
        """Feedback on one movie: "like" moves the nearest cluster's centroid toward it, "dislike" away
        from it (other signals move nothing). Returns the moved cluster's id, or None."""
        if signal not in {"like", "dislike"} or not self.clusters:
            return None
        sims = cosine_matrix(vector[None, :], self.centroids())[0]
        cluster = self.clusters[int(np.argmax(sims))]
        c = normalize_rows(cluster.centroid)[0]
        v = normalize_rows(vector)[0]
        moved = c + NUDGE * (v - c) if signal == "like" else c - NUDGE * (v - c * float(v @ c))
        cluster.centroid = normalize_rows(moved)[0].astype(np.float32)
        return cluster.id

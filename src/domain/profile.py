"""Taste profiles: a handful of weighted clusters over the movies a person liked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from src.domain.movie import Movie, Vector

UserId = uuid.UUID


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
    created_at: datetime | None = None

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

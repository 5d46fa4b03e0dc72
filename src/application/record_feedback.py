"""Feedback on a movie: watched / not interested hide it for good; like / dislike nudge the taste."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import numpy as np

from src.application.ports.catalog import CatalogReader
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import Feedback
from src.domain.errors import MovieNotFoundError, ProfileNotFoundError
from src.domain.profile import TasteProfile, UserId
from src.domain.scoring import cosine_matrix, normalize_rows

Signal = Literal["like", "dislike", "watched", "not_interested"]
NUDGE = 0.15  # how far one like pulls the nearest centroid toward the movie (and a dislike pushes away)


@dataclass(frozen=True)
class FeedbackResult:
    signal: str
    movie_id: int
    profile_version: int
    cluster_id: int | None  # the cluster whose centroid moved


def nudge(profile: TasteProfile, vector: np.ndarray, signal: Signal) -> int | None:
    """Moves the nearest cluster's centroid toward (like) or away from (dislike) the movie."""
    if signal not in {"like", "dislike"} or not profile.clusters:
        return None
    sims = cosine_matrix(vector[None, :], profile.centroids())[0]
    cluster = profile.clusters[int(np.argmax(sims))]
    c = normalize_rows(cluster.centroid)[0]
    v = normalize_rows(vector)[0]
    moved = c + NUDGE * (v - c) if signal == "like" else c - NUDGE * (v - c * float(v @ c))
    cluster.centroid = normalize_rows(moved)[0].astype(np.float32)
    return cluster.id


class RecordFeedback:
    """One transaction: the feedback row and, for like/dislike, the nudged profile (its version bumps,
    so cached recommendation pages for the old version are never served again)."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], reader: CatalogReader) -> None:
        self._uow_factory = uow_factory
        self._reader = reader

    async def execute(self, user_id: UserId, movie_id: int, signal: Signal) -> FeedbackResult:
        movie = await self._reader.get(movie_id)
        if movie is None:
            raise MovieNotFoundError(f"no movie with id {movie_id}")
        async with self._uow_factory() as uow:
            await uow.users.lock(user_id)
            profile = await uow.profiles.get(user_id)
            if profile is None:
                raise ProfileNotFoundError("no taste profile yet: upload a watch history first")
            await uow.histories.add_feedback(user_id, Feedback(movie_id, signal, datetime.now(UTC)))
            cluster_id = None
            if movie.embedding is not None:
                cluster_id = nudge(profile, movie.embedding, signal)
            await uow.profiles.save(profile)  # always bumps the version: the next page must reflect this
            await uow.commit()
        return FeedbackResult(signal, movie_id, profile.version, cluster_id)

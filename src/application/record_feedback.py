"""Feedback on a movie. Every signal takes the movie off the user's pages for good. `like` = seen and
liked: the nearest taste centroid moves toward it and it joins the profile's liked movies (so it can be
cited); `dislike` = seen and disliked: the centroid moves away and movies close to it are pushed down;
`watched` = seen, no opinion; `not_interested` = not seen, do not show it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from src.application.ports.catalog import CatalogReader
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import Feedback
from src.domain.errors import MovieNotFoundError, ProfileNotFoundError
from src.domain.movie import Movie
from src.domain.profile import FeedbackSignal, LikedMovie, TasteProfile, UserId


@dataclass(frozen=True)
class FeedbackResult:
    signal: FeedbackSignal
    movie_id: int
    profile_version: int
    cluster_id: int | None  # the cluster whose centroid moved


def _join_liked(profile: TasteProfile, movie: Movie, vector: np.ndarray, cluster_id: int) -> None:
    """A liked movie joins the profile's liked list once (weight 1: a 7/10 rating's)."""
    if any(m.movie_id == movie.id for m in profile.liked if m.movie_id is not None):
        return
    profile.liked.append(
        LikedMovie.from_movie(movie, weight=1.0, embedding=vector.astype(np.float32), cluster_id=cluster_id)
    )


class RecordFeedback:
    """One transaction: the feedback row and, for like/dislike, the nudged profile (its version bumps,
    so cached recommendation pages for the old version are never served again)."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], reader: CatalogReader) -> None:
        self._uow_factory = uow_factory
        self._reader = reader

    async def execute(self, user_id: UserId, movie_id: int, signal: FeedbackSignal) -> FeedbackResult:
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
                cluster_id = profile.nudge(movie.embedding, signal)
                if signal == "like" and cluster_id is not None:
                    _join_liked(profile, movie, movie.embedding, cluster_id)
            await uow.profiles.save(profile)  # always bumps the version: the next page must reflect this
            await uow.commit()
        return FeedbackResult(signal, movie_id, profile.version, cluster_id)

"""How one person's candidates are scored: the recommendation's own scoring (domain.scoring.blend) with the
service's tunables and what the collaborative model earns. Recommend scores one person with it; BlendForTwo
scores each of the two people with it, so a blend weighs each taste exactly as their own list would."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from src.application.gather_candidates import Gathered
from src.application.ports.catalog import CatalogReader
from src.application.ports.ranking import LearnedRanker
from src.application.ports.users import UserSnapshot
from src.domain.history import DISLIKE_THRESHOLD
from src.domain.movie import Movie
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.scoring.history_signals import Watch
from src.domain.scoring.priors import COLD_START_POPULARITY
from src.domain.scoring.watched import WatchedSet


@dataclass(frozen=True, kw_only=True)
class RecommendParams:
    """The scoring tunables (CINEMAI_POPULARITY_WEIGHT, _QUALITY_WEIGHT, _GENRE_WEIGHT, _DISLIKE_THRESHOLD;
    a cold start uses COLD_START_POPULARITY) and `ranker` (CINEMAI_RANKER_MODEL; None: the hand-set blend)."""

    popularity_weight: float = 0.0
    quality_weight: float = 0.0
    genre_weight: float = 0.0
    dislike_threshold: float = DISLIKE_THRESHOLD
    ranker: LearnedRanker | None = None


@dataclass(kw_only=True)
class UserState:
    profile: TasteProfile
    watched: WatchedSet
    history: list[Watch] = field(default_factory=list)  # matched rows, for the learned signals


def user_state(snapshot: UserSnapshot, profile: TasteProfile, params: RecommendParams) -> UserState:
    """The person's profile, what they have seen (history and feedback; the caller adds list excludes) and
    their matched rows, from one committed snapshot."""
    watched = WatchedSet.from_history(
        [(w.movie_id, w.entry) for w in snapshot.watches],
        [(f.movie_id, f.signal) for f in snapshot.feedback],
        dislike_threshold=params.dislike_threshold,
    )
    history = [
        Watch(
            movie_id=w.movie_id,
            rating=w.entry.rating,
            watched_at=w.entry.watched_at,
            line=w.entry.line,
            title=w.entry.title,
        )
        for w in snapshot.watches
        if w.movie_id is not None
    ]
    return UserState(profile=profile, watched=watched, history=history)


async def disliked_vectors(reader: CatalogReader, ids: Sequence[int]) -> np.ndarray | None:
    """The embeddings of the films the person disliked (the scoring pushes their kin down), or None."""
    if not ids:
        return None
    movies = await reader.get_many(list(ids), with_embeddings=True)
    vectors = [m.embedding for m in movies if m.embedding is not None]
    return np.stack(vectors) if vectors else None


def score_person(
    state: UserState,
    movies: Sequence[Movie],
    gathered: Gathered,
    params: RecommendParams,
    *,
    alpha: float,
    cold_start: bool,
    disliked: np.ndarray | None = None,
    top: int | None = None,
) -> list[ScoredCandidate]:
    """`movies` scored for this person, best first: softmax over their taste clusters, the priors, the
    collaborative signal this request earns (`gathered.collaborative`, and with the learned blend the
    person's own item signals `gathered.signals`), the dislike penalty and, when set, the learned ranker.
    `top`: only the best `top` need exact order (None: all)."""
    collaborative = gathered.collaborative
    model = collaborative.model
    scoring = ScoringParams(
        alpha=alpha,
        popularity_weight=COLD_START_POPULARITY if cold_start else params.popularity_weight,
        quality_weight=params.quality_weight,
        genre_weight=params.genre_weight,
        collaborative_weight=collaborative.weight if model is not None and not collaborative.learned else 0.0,
        collaborative_min_support=model.params.min_support if model is not None else 1,
        zscore_signals=collaborative.learned,
        signal_popularity_penalty=collaborative.popularity_penalty,
    )
    dates = [w.watched_at for w in state.history if w.watched_at is not None]
    return score_candidates(
        state.profile,
        list(movies),
        scoring,
        disliked,
        collaborative=model.neighbours if model is not None else None,
        popularity=collaborative.popularity,
        top=top,
        signals=gathered.signals,
        ranker=params.ranker.predict if params.ranker is not None else None,
        reference_year=max(dates).year if dates else None,
        crowd=model.likes if model is not None else None,
    )

"""The priors blended with taste: log popularity, the catalog's quality score, and the cold-start rule
(a profile with few liked movies leans on popular, well-reviewed films)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile

COLD_START_LIKED = 6  # fewer liked movies than this: blend taste with popular, well-reviewed films
COLD_START_POPULARITY = 0.4  # the popularity-prior weight of that blend


def is_cold_start(profile: TasteProfile) -> bool:
    """Too few liked movies to trust taste alone: popular films join the candidates and the popularity
    prior takes COLD_START_POPULARITY."""
    return profile.liked_count < COLD_START_LIKED


def popularity_prior(movies: Sequence[Movie], counts: Mapping[MovieId, int] | None = None) -> np.ndarray:
    """log(1 + count), scaled to 0–1 within the candidate pool; count = `counts[movie.id]` (the
    service's own like counts) when given, else the movie's review count."""
    raw = [
        (counts.get(m.id, 0) if m.id is not None else 0) if counts is not None else (m.vote_count or 0)
        for m in movies
    ]
    logs = np.array([math.log1p(max(0, c)) for c in raw], dtype=np.float64)
    top = logs.max() if logs.size else 0.0
    return logs / top if top > 0 else logs


def quality_prior(movies: Sequence[Movie]) -> np.ndarray:
    """Each movie's 0–1 quality prior (Movie.quality); a movie without one gets the pool's median, so
    a missing score neither helps nor hurts it."""
    known = [m.quality for m in movies if m.quality is not None]
    fallback = float(np.median(known)) if known else 0.5
    return np.array([m.quality if m.quality is not None else fallback for m in movies], dtype=np.float64)

"""The pure ranking core shared by the Recommend use case and the evaluation harness: watched removal,
deduplication, softmax-weighted cluster scoring, dislike penalty and the optional popularity prior."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from src.application.ports.history import FuzzyTitles
from src.domain.movie import Movie, MovieId, normalize_title
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring import best_clusters, cosine_matrix, normalize_rows, softmax_cluster_scores

FUZZY_WATCHED_CUTOFF = 85.0
DISLIKE_THRESHOLD = 0.6  # only candidates this close to a disliked movie are pushed down


@dataclass(frozen=True, kw_only=True)
class ScoringParams:
    alpha: float = 5.0
    popularity_weight: float = 0.0  # 0 = pure taste; the evaluation harness tunes it
    dislike_penalty: float = 0.5


@dataclass(kw_only=True)
class WatchedSet:
    """What a person has seen: catalog ids, and title+year keys of rows the catalog did not match."""

    ids: set[MovieId] = field(default_factory=set)
    keys: set[tuple[str, int | None]] = field(default_factory=set)
    unmatched: list[tuple[str, int | None]] = field(default_factory=list)  # normalised title, year


def remove_watched(
    candidates: Sequence[Movie], watched: WatchedSet, fuzzy: FuzzyTitles | None
) -> list[Movie]:
    """Drops watched movies (id, then exact title+year, then fuzzy ≥ 85 with year ±1) and duplicate
    title+year pairs, keeping the first occurrence."""
    kept: list[Movie] = []
    seen: set[tuple[str, int | None]] = set()
    for m in candidates:
        if m.id in watched.ids or m.key in watched.keys or m.key in seen:
            continue
        seen.add(m.key)
        kept.append(m)
    if fuzzy is None or not watched.unmatched or not kept:
        return kept
    titles = [t for t, _ in watched.unmatched]
    best = fuzzy.best([normalize_title(m.title) for m in kept], titles, cutoff=FUZZY_WATCHED_CUTOFF)
    result = []
    for movie, hit in zip(kept, best, strict=True):
        if hit is not None and _years_close(movie.year, watched.unmatched[hit[0]][1]):
            continue
        result.append(movie)
    return result


def _years_close(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= 1


def score_candidates(
    profile: TasteProfile,
    candidates: Sequence[Movie],
    params: ScoringParams,
    disliked: np.ndarray | None = None,
) -> list[ScoredCandidate]:
    """score = Σ_c softmax(α·s)_c · s_c over the profile's clusters (DESIGN.md), minus a penalty for
    near-copies of disliked movies, plus an optional log-popularity prior. Best first."""
    with_vectors = [m for m in candidates if m.embedding is not None]
    if not with_vectors:
        return []
    matrix = np.stack([m.embedding for m in with_vectors if m.embedding is not None])
    sims = cosine_matrix(matrix, profile.centroids())
    scores = softmax_cluster_scores(sims, params.alpha)
    if disliked is not None and disliked.size:
        near = (normalize_rows(matrix) @ normalize_rows(disliked).T).max(axis=1)
        scores = scores - params.dislike_penalty * np.clip(near - DISLIKE_THRESHOLD, 0, None)
    if params.popularity_weight:
        # a weighted mean of similarity and prior, so the score stays on the 0–1 scale the API reports
        prior = popularity_prior(with_vectors)
        scores = (scores + params.popularity_weight * prior) / (1.0 + params.popularity_weight)
    owners = best_clusters(sims)
    order = np.argsort(-scores, kind="stable")
    return [
        ScoredCandidate(
            movie=with_vectors[i],
            score=float(scores[i]),
            cluster_id=profile.clusters[owners[i]].id,
            cluster_label=profile.clusters[owners[i]].label,
        )
        for i in order
    ]


def popularity_prior(movies: Sequence[Movie]) -> np.ndarray:
    """log(1 + review count), scaled to 0–1 within the candidate pool."""
    counts = np.array([math.log1p(max(0, m.vote_count or 0)) for m in movies], dtype=np.float64)
    top = counts.max() if counts.size else 0.0
    return counts / top if top > 0 else counts

"""The learned ranker's view of a candidate (LambdaMART over every signal): one row of FEATURES per
candidate, computed the same way for the harness that trains it and the service that applies it, and
how its predictions reorder the hand-set blend's best candidates. Pure numpy: the model itself is an
adapter behind ports.ranking.LearnedRanker."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from src.domain.genre_fit import cluster_softmax, genre_match
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.domain.scoring.priors import popularity_prior, quality_prior
from src.domain.scoring.signals import ItemSignal, signal_part, zscore
from src.domain.scoring.similarity import cosine_matrix, softmax_cluster_scores

FloatArray = npt.NDArray[np.float64]
FEATURES_VERSION = 1
FEATURES = (
    "blend",  # the hand-set blend's score (0–1 over the pool)
    "content",  # softmax over the taste clusters
    "best_similarity",  # cosine to the nearest cluster
    "collaborative",  # EASE from the whole history, scaled to the pool's best
    "collaborative_z",
    "transitions",  # from the latest dated watches, scaled to the pool's best
    "transitions_z",
    "quality",  # the catalog's quality prior
    "popularity",  # log like (or review) count, scaled to the pool's best
    "age",  # years between the film and the person's latest watch (0 when either is unknown)
    "genre",  # the share of its genres the taste clusters hold
    "clusters",  # the profile's number of taste clusters (lets the model trust content differently)
)
RERANKED = 100  # the blend's best this many are reordered by the model; the rest keep the blend order
Predict = Callable[[FloatArray], FloatArray]


def ranking_features(
    profile: TasteProfile,
    movies: Sequence[Movie],
    blend: FloatArray,
    *,
    alpha: float,
    signals: Sequence[ItemSignal] = (),
    popularity: Mapping[MovieId, int] | None = None,
    reference_year: int | None = None,
) -> FloatArray:
    """FEATURES for each of `movies` (all with embeddings, in the order `blend` scores them)."""
    n = len(movies)
    matrix = np.stack([m.embedding for m in movies if m.embedding is not None])
    sims = cosine_matrix(matrix, profile.centroids())
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    out[:, 0] = blend
    out[:, 1] = softmax_cluster_scores(sims, alpha)
    out[:, 2] = sims.max(axis=1)
    ids = [m.id if m.id is not None else -1 for m in movies]
    for s in signals:
        part = signal_part(s, ids)
        col = {"collaborative": 3, "transitions": 5}.get(s.name)
        if part is not None and col is not None:
            out[:, col] = part.total
            out[:, col + 1] = zscore(part.total)
    out[:, 7] = quality_prior(movies)
    out[:, 8] = popularity_prior(movies, popularity)
    if reference_year is not None:
        out[:, 9] = [max(0, reference_year - m.year) if m.year else 0 for m in movies]
    out[:, 10] = genre_match(profile, movies, cluster_softmax(sims, alpha))
    out[:, 11] = len(profile.clusters)
    return out


def rerank_by_model(blend: FloatArray, features: FloatArray, predict: Predict, top: int = RERANKED) -> FloatArray:
    """The blend's best `top` reordered by the model's predictions, kept above every other candidate:
    their new scores are the predictions rescaled onto (the best remaining score, 1], so their margins
    (what MMR weighs against similarity) follow the model's; the rest keep their blend score. Equal
    predictions keep the blend order."""
    order = np.argsort(-blend, kind="stable")
    head = order[:top]
    if head.size < 2:
        return blend
    predicted = np.asarray(predict(features[head]), dtype=np.float64)
    floor = float(blend[order[top]]) if order.size > top else 0.0
    low, high = float(predicted.min()), float(predicted.max())
    spread = (predicted - low) / (high - low) if high > low else np.zeros_like(predicted)
    tie_break = np.linspace(1e-6, 0.0, head.size)  # head is in blend order: earlier wins a tie
    out = blend.copy()
    out[head] = floor + 1e-6 + (1.0 - floor - 2e-6) * np.clip(spread * (1 - 1e-6) + tie_break, 0.0, 1.0)
    return out

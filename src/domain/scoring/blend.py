"""How a candidate is scored, shared by the Recommend use case and the evaluation harness:
softmax-weighted cluster similarity, the dislike penalty and the priors, blended with the collaborative
neighbours (collaborative.py) and the learned item signals (signals.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from src.domain.collaborative import CooccurrenceParams, ItemNeighbours
from src.domain.genre_fit import cluster_softmax, genre_match
from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring.collaborative import collaborative_part
from src.domain.scoring.features import Predict, ranking_features, rerank_by_model
from src.domain.scoring.priors import popularity_prior, quality_prior
from src.domain.scoring.signals import (
    ItemSignal,
    SignalPart,
    blend_signals,
    blend_zscored,
    popularity_penalty,
    signal_part,
)
from src.domain.scoring.similarity import best_clusters, cosine_matrix, normalize_rows, softmax_cluster_scores

NEAR_DISLIKED = 0.6  # only candidates this close to a disliked movie are pushed down
CITED_TOP = 150  # the best this many collaborative picks get their vouching titles (the rest go unshown)


@dataclass(frozen=True, kw_only=True)
class ScoringParams:
    alpha: float = 5.0
    popularity_weight: float = 0.0  # 0 = pure taste; the evaluation harness tunes it
    quality_weight: float = 0.0  # weight of the 0–1 quality prior (Movie.quality) in the blend
    # weight of the genre match (src/domain/genre_fit.py: the share of a candidate's genres its
    # clusters hold) in the same blend; 0 = similarity alone decides what "close to the taste" is
    genre_weight: float = 0.0
    dislike_penalty: float = 0.5
    # share of the score taken by the collaborative signal when there is one (0 = content only)
    collaborative_weight: float = 0.0
    # a liked title is cited for a collaborative pick only when this many people share the pair
    collaborative_min_support: int = CooccurrenceParams.min_support
    # how `signals` blend with content: per-pool z-scores (True, CINEMAI_SIGNAL_BLEND=learned) or each
    # scaled so the pool's best is 1 (False)
    zscore_signals: bool = False
    # with zscore_signals and signals present: the weight of popularity_penalty (signals.py), the crowd's
    # log interaction counts z-scored over the pool's films the crowd knows and subtracted (0 = none)
    signal_popularity_penalty: float = 0.0


@dataclass(frozen=True, kw_only=True)
class ContentTerms:
    """The parts of the content score over a pool (with embeddings): similarity to the clusters, the
    dislike penalty, and the priors (each None when its weight was 0 when computed)."""

    sims: np.ndarray
    penalty: np.ndarray
    similarity: np.ndarray  # softmax over clusters minus the penalty
    popularity: np.ndarray | None
    quality: np.ndarray | None
    genre: np.ndarray | None

    def combine(self, params: ScoringParams) -> np.ndarray:
        """The weighted mean (similarity + p·prior + q·quality + g·genre)/(1+p+q+g), so the score stays
        on the 0–1 scale the API reports (a term not computed counts 0)."""
        p, q, g = params.popularity_weight, params.quality_weight, params.genre_weight
        if not (p or q or g):
            return self.similarity
        blend = self.similarity
        for w, term in ((p, self.popularity), (q, self.quality), (g, self.genre)):
            if w and term is not None:
                blend = blend + w * term
        return np.asarray(blend / (1.0 + p + q + g))


def content_terms(
    profile: TasteProfile,
    with_vectors: Sequence[Movie],
    params: ScoringParams,
    disliked: np.ndarray | None = None,
    popularity: Mapping[MovieId, int] | None = None,
    *,
    every_prior: bool = False,
) -> ContentTerms:
    """The content terms of candidates that all have embeddings; a prior with weight 0 is skipped
    unless `every_prior` (the harness's tuner recombines them at other weights)."""
    matrix = np.stack([m.embedding for m in with_vectors if m.embedding is not None])
    sims = cosine_matrix(matrix, profile.centroids())
    penalty = np.zeros(len(with_vectors))
    if disliked is not None and disliked.size:
        near = (normalize_rows(matrix) @ normalize_rows(disliked).T).max(axis=1)
        penalty = params.dislike_penalty * np.clip(near - NEAR_DISLIKED, 0, None)
    pop = popularity_prior(with_vectors, popularity) if every_prior or params.popularity_weight else None
    quality = quality_prior(with_vectors) if every_prior or params.quality_weight else None
    genre = None
    if every_prior or params.genre_weight:
        genre = genre_match(profile, with_vectors, cluster_softmax(sims, params.alpha))
    return ContentTerms(
        sims=sims,
        penalty=penalty,
        similarity=softmax_cluster_scores(sims, params.alpha) - penalty,
        popularity=pop,
        quality=quality,
        genre=genre,
    )


def score_candidates(
    profile: TasteProfile,
    candidates: Sequence[Movie],
    params: ScoringParams,
    disliked: np.ndarray | None = None,
    *,
    collaborative: ItemNeighbours | None = None,
    popularity: Mapping[MovieId, int] | None = None,
    top: int | None = None,
    signals: Sequence[ItemSignal] = (),
    ranker: Predict | None = None,
    reference_year: int | None = None,
    crowd: Mapping[MovieId, int] | None = None,
) -> list[ScoredCandidate]:
    """content = Σ_c softmax(α·s)_c · s_c over the profile's clusters (DESIGN.md), minus a penalty for
    near-copies of disliked movies; with a popularity weight p, a quality weight q and a genre weight g,
    the weighted mean (content + p·prior + q·quality + g·genre)/(1+p+q+g) with the log-popularity prior
    (review counts, or `popularity`: the service's own like counts), the quality prior (quality_prior)
    and the genre match (genre_fit.genre_match, over the same softmax cluster weights).
    With `collaborative` neighbours vouching for some candidate: score = (1−w)·content + w·(vouched − penalty),
    vouched being what the liked movies vouch for, scaled to 0–1 in the pool (w =
    params.collaborative_weight). Without such evidence w is 0: the content score exactly. Each candidate
    belongs to the cluster maximising (1−w)·s_c + w·vouched_c; one the collaborative term carried gets signal
    "collaborative" and the liked titles that vouched for it. Best first; only the best `top` when given
    (every candidate is scored either way, but only those are turned into objects).
    `signals` (EASE, transitions: signals.py) blend on top of that score, each at its
    weight when it vouches for some candidate (z-scored with `params.zscore_signals`, less the popularity
    penalty over `crowd`, the model's interaction counts); one a signal carried is labelled with its name. With a learned `ranker` (features.py) and some signal present, the
    blend's best candidates are reordered by its predictions (`reference_year`: the person's latest
    watch, for the films' age)."""
    with_vectors = [m for m in candidates if m.embedding is not None]
    if not with_vectors:
        return []
    terms = content_terms(profile, with_vectors, params, disliked, popularity)
    sims, penalty = terms.sims, terms.penalty
    content = terms.combine(params)
    part = None
    if collaborative is not None and params.collaborative_weight > 0:
        part = collaborative_part(profile, with_vectors, collaborative, min_support=params.collaborative_min_support)
    w = params.collaborative_weight if part is not None else 0.0
    scores = content if part is None else (1.0 - w) * content + w * (part.total - penalty)
    owners = best_clusters(sims if part is None else (1.0 - w) * sims + w * part.per_cluster)
    carried = part.carried(content, w) if part is not None else np.zeros(len(with_vectors), dtype=bool)
    carriers: list[SignalPart | None] = [None] * len(with_vectors)
    if signals:
        ids = [m.id if m.id is not None else -1 for m in with_vectors]
        parts = [p for p in (signal_part(s, ids) for s in signals) if p is not None]
        if parts:
            if params.zscore_signals:
                debias = _crowd_penalty(with_vectors, crowd, params.signal_popularity_penalty)
                scores, carriers = blend_zscored(scores, parts, debias)
            else:
                scores, carriers = blend_signals(scores, parts)
            if ranker is not None:
                features = ranking_features(
                    profile,
                    with_vectors,
                    scores,
                    alpha=params.alpha,
                    signals=signals,
                    popularity=popularity,
                    reference_year=reference_year,
                )
                scores = rerank_by_model(scores, features, ranker)
    order = np.argsort(-scores, kind="stable")[:top].tolist()
    score_list, owner_list, carried_list = scores.tolist(), owners.tolist(), carried.tolist()
    clusters = profile.clusters
    out = [
        ScoredCandidate(
            movie=with_vectors[i],
            score=score_list[i],
            cluster_id=clusters[owner_list[i]].id,
            cluster_label=clusters[owner_list[i]].label,
            because_you_liked=part.cited(i, owner_list[i])
            if part and carried_list[i] and r < CITED_TOP
            else [],
            signal="collaborative" if carried_list[i] else "content",
            support=part.strongest_support(i) if part is not None else 0,
        )
        for r, i in enumerate(order)
    ]
    for r, (i, candidate) in enumerate(zip(order, out, strict=True)):
        carrier = carriers[i]
        if carrier is not None:
            _name_signal(candidate, carrier, i, r)
    return out


def _name_signal(candidate: ScoredCandidate, carrier: SignalPart, i: int, rank: int) -> None:
    """The signal that carried candidate i names it and cites what vouched (k-anonymous pairs only)."""
    row = carrier.contributions[i]
    candidate.signal = carrier.signal.name
    candidate.because_you_liked = carrier.cited(i) if rank < CITED_TOP else []
    candidate.support = int(carrier.supports[i, int(np.argmax(row))]) if row.size else 0


def _crowd_penalty(
    movies: Sequence[Movie], crowd: Mapping[MovieId, int] | None, weight: float
) -> np.ndarray | None:
    if crowd is None or weight <= 0:
        return None
    counts = np.asarray([crowd.get(m.id, 0) if m.id is not None else 0 for m in movies], dtype=np.float64)
    return popularity_penalty(counts, weight)

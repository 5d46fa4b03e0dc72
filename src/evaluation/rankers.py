"""Rankers: one per Variant.kind. A ranker orders a user's candidates, best first.

The content ranker is the product's ranking: score_candidates (softmax over taste clusters, the optional
log-review-count prior, the cold-start blend Recommend applies) and, with diversity > 0, MMR over the
same top pool the Recommend use case hands its reranker. New kinds register a RankerFactory; a factory
sees all training data once per run, so collaborative rankers can fit on it there."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from src.domain.movie import Movie, MovieId
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring import mmr_order
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.scoring.priors import COLD_START_LIKED, COLD_START_POPULARITY
from src.evaluation.profiles import UserCase
from src.evaluation.split import UserSplit
from src.evaluation.variants import Variant


@dataclass(kw_only=True)
class TrainingData:
    """What every ranker may learn from: the evaluation catalog (movie.id == index, embeddings set),
    every eligible user's split (evaluated users are a subset), and the number of training ratings per
    catalog movie (all ratings except held-out ones)."""

    movies: list[Movie]
    splits: list[UserSplit]
    item_movie: Mapping[str, MovieId]
    train_counts: npt.NDArray[np.float64]
    k: int
    threshold: float = 7.0  # the hold-out's like threshold (0-10)


class Ranker(Protocol):
    """Orders every candidate of a user (case.candidate_ids), best first. Must not see held-out ids."""

    async def rank(self, case: UserCase) -> list[MovieId]: ...


RankerFactory = Callable[[Variant, TrainingData], Ranker]


class PopularityRanker(Ranker):
    """Candidates by a fixed per-movie score, highest first; ties by catalog order."""

    def __init__(self, scores: npt.NDArray[np.float64]) -> None:
        self._scores = scores

    async def rank(self, case: UserCase) -> list[MovieId]:
        ids = case.candidate_ids
        order = np.argsort(-self._scores[ids], kind="stable")
        return [int(i) for i in ids[order]]


def train_popularity(_: Variant, data: TrainingData) -> Ranker:
    return PopularityRanker(data.train_counts)


def catalog_popularity(_: Variant, data: TrainingData) -> Ranker:
    return PopularityRanker(np.array([float(m.vote_count or 0) for m in data.movies]))


class ContentRanker(Ranker):
    """The product's content ranking for one variant (see the module docstring)."""

    def __init__(self, variant: Variant, data: TrainingData) -> None:
        self._v = variant
        self._k = data.k

    async def rank(self, case: UserCase) -> list[MovieId]:
        v = self._v
        profile = await case.profile(v.like_threshold, v.clustering)
        weight = COLD_START_POPULARITY if profile.liked_count < COLD_START_LIKED else v.popularity_weight
        scored = self._rescore(self._score(profile, case, weight))
        order = [s.movie.id for s in scored if s.movie.id is not None]
        if v.diversity <= 0 or not scored:
            return order
        pool = scored[: max(self._k * 3, 30)]  # what Recommend passes to the reranker
        vectors = np.stack([s.movie.embedding for s in pool if s.movie.embedding is not None])
        picked = mmr_order([s.score for s in pool], vectors, k=self._k, diversity=min(v.diversity, 1.0))
        head = [order[i] for i in picked]
        chosen = set(head)
        return head + [i for i in order if i not in chosen]

    def _score(
        self, profile: TasteProfile, case: UserCase, popularity_weight: float
    ) -> list[ScoredCandidate]:
        params = ScoringParams(
            alpha=self._v.alpha, popularity_weight=popularity_weight, quality_weight=self._v.quality_weight
        )
        return score_candidates(profile, case.candidates, params)

    def _rescore(self, scored: list[ScoredCandidate]) -> list[ScoredCandidate]:
        return scored


class InteractionPriorRanker(ContentRanker):
    """The content ranking plus `params["weight"]` × log(1 + training ratings), scaled to 0–1 within the
    candidates: the prior a service could take from its own users' interactions instead of the catalog's
    review counts (ScoringParams.popularity_weight uses those)."""

    def __init__(self, variant: Variant, data: TrainingData) -> None:
        super().__init__(variant, data)
        self._weight = float(variant.params.get("weight", 0.0))
        self._log_counts = np.log1p(data.train_counts)

    def _rescore(self, scored: list[ScoredCandidate]) -> list[ScoredCandidate]:
        if not scored or not self._weight:
            return scored
        prior = self._log_counts[[s.movie.id or 0 for s in scored]]  # evaluation movies all have ids
        top = prior.max()
        scores = np.array([s.score for s in scored]) + self._weight * (prior / top if top > 0 else prior)
        for s, value in zip(scored, scores, strict=True):
            s.score = float(value)
        return [scored[i] for i in np.argsort(-scores, kind="stable")]


BUILTIN_RANKERS: Mapping[str, RankerFactory] = {
    "content": ContentRanker,
    "popularity-train": train_popularity,
    "popularity-catalog": catalog_popularity,
    "content-interactions": InteractionPriorRanker,
}

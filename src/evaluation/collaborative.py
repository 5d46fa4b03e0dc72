"""Collaborative rankers for the harness. Both fit item-to-item co-occurrence once per run on every
user's training rows (never a held-out movie), with the product's liked rule and the injected fitter.

- CooccurrenceRanker: the pure reference, Σ similarity to the user's liked (or rated) movies.
- HybridRanker: the product's scoring (score_candidates with the collaborative signal and, optionally,
  the like-count popularity prior), MMR as the reranker applies it: what Recommend does.

Variant.params (numbers, as Variant requires): neighbours, user_log (1 = "log" user weighting),
shrink, weighted (1 = like weights), min_support (distinct users a pair needs, default the
product's), all_rated (1 = every rated movie counts, as in the issue's
prototype), collaborative_weight (the hybrid's collaborative weight), like_prior (1 = popularity prior
from like counts instead of review counts)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial

import numpy as np

from src.application.ports.collaborative import ItemSimilarityFitter
from src.domain.collaborative import (
    CollaborativeModel,
    CooccurrenceParams,
    Interactions,
    contribution_matrix,
)
from src.domain.history import WatchEntry, entry_weight, liked_entries
from src.domain.movie import MovieId
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.evaluation.profiles import UserCase
from src.evaluation.rankers import ContentRanker, Ranker, RankerFactory, TrainingData
from src.evaluation.split import UserSplit
from src.evaluation.variants import Variant


def cooccurrence_params(params: Mapping[str, float]) -> CooccurrenceParams:
    return CooccurrenceParams(
        neighbours=int(params.get("neighbours", 100)),
        user_weighting="log" if params.get("user_log", 1.0) else "none",
        shrink=float(params.get("shrink", 0.0)),
        weighted=bool(params.get("weighted", 0.0)),
        min_support=int(params.get("min_support", CooccurrenceParams.min_support)),
    )


def liked_movies(
    split: UserSplit, item_movie: Mapping[str, MovieId], threshold: float, *, all_rated: bool = False
) -> dict[MovieId, float]:
    """The user's liked catalog movies with their weights, as an upload would mark them: one entry per
    dataset item (the latest rating), the product's liked rule (liked_entries) over every row, then
    only the rows that map to the catalog. `all_rated` keeps every rated catalog movie instead."""
    latest: dict[str, WatchEntry] = {}
    for line, r in enumerate(sorted(split.train, key=lambda r: r.timestamp), 1):
        when = datetime.fromtimestamp(r.timestamp, UTC).date()
        latest[r.item] = WatchEntry(line=line, title=r.item, rating=r.rating, watched_at=when)
    entries = list(latest.values())
    chosen = entries if all_rated else liked_entries(entries, threshold)
    today = max((e.watched_at for e in entries if e.watched_at), default=None)
    out: dict[MovieId, float] = {}
    for e in chosen:
        movie = item_movie.get(e.title)
        if movie is not None and today is not None:
            out[movie] = max(out.get(movie, 0.0), entry_weight(e, today=today, threshold=threshold))
    return out


def fit_training_model(
    data: TrainingData, fitter: ItemSimilarityFitter, variant: Variant
) -> tuple[CollaborativeModel, dict[str, dict[MovieId, float]]]:
    """The model fitted on every user's training likes, and those likes by user."""
    all_rated = bool(variant.params.get("all_rated", 0.0))
    liked = {
        s.user: liked_movies(s, data.item_movie, variant.like_threshold, all_rated=all_rated)
        for s in data.splits
    }
    rows = [(u, m, w) for u, s in enumerate(data.splits) for m, w in liked[s.user].items()]
    interactions = Interactions.from_rows(rows)
    params = cooccurrence_params(variant.params)
    model = CollaborativeModel(
        neighbours=fitter.fit(interactions, params),
        likes=interactions.likes(),
        users=interactions.user_count,
        interactions=len(interactions),
        params=params,
    )
    return model, liked


class CooccurrenceRanker(Ranker):
    """Pure item-to-item co-occurrence: candidates by summed similarity to the user's liked movies;
    candidates nobody vouches for follow in catalog order."""

    def __init__(self, variant: Variant, data: TrainingData, fitter: ItemSimilarityFitter) -> None:
        self._model, self._liked = fit_training_model(data, fitter, variant)

    async def rank(self, case: UserCase) -> list[MovieId]:
        liked = list(self._liked.get(case.split.user, {}))
        scores = contribution_matrix(self._model.neighbours, liked, case.candidate_ids.tolist()).sum(axis=1)
        order = np.lexsort((case.candidate_ids, -scores))
        return [int(i) for i in case.candidate_ids[order]]


class HybridRanker(ContentRanker):
    """The product's hybrid: score_candidates with the collaborative neighbours at `collaborative_weight`."""

    def __init__(self, variant: Variant, data: TrainingData, fitter: ItemSimilarityFitter) -> None:
        super().__init__(variant, data)
        self._model, _ = fit_training_model(data, fitter, variant)
        self._collaborative_weight = float(variant.params.get("collaborative_weight", 0.5))
        self._like_prior = bool(variant.params.get("like_prior", 0.0))

    def _score(
        self, profile: TasteProfile, case: UserCase, popularity_weight: float
    ) -> list[ScoredCandidate]:
        params = ScoringParams(
            alpha=self._v.alpha,
            popularity_weight=popularity_weight,
            quality_weight=self._v.quality_weight,
            genre_weight=self._v.genre_weight,
            collaborative_weight=self._collaborative_weight,
        )
        return score_candidates(
            profile,
            case.candidates,
            params,
            collaborative=self._model.neighbours,
            popularity=self._model.likes if self._like_prior else None,
        )


def collaborative_rankers(fitter: ItemSimilarityFitter) -> dict[str, RankerFactory]:
    """The ranker kinds this module adds, bound to a fitter (the harness's wiring passes the scipy one)."""
    return {
        "cooccurrence": partial(CooccurrenceRanker, fitter=fitter),
        "hybrid": partial(HybridRanker, fitter=fitter),
    }

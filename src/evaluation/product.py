"""The product's learned ranking in the harness: score_candidates (content, catalog/like-count prior,
quality) with the two stored item signals the service reads, fitted by the product's own adapters on
the training rows only:

- "collaborative": EASE item weights (NumpyEaseFitter) over every rated movie; a person's history
  scores through them with weight 1 per rated movie and `negative` for ratings below the dislike line.
- "transitions": what people watched next (ScipyTransitionsFitter), scored from the person's `recent`
  latest movies with weight decay^m.

EASE's λ and the transitions' window and decay are the values the peers chose on the validation
hold-out (peers.choose) unless Variant.params fixes them ("lambda", "window", "decay": the service's
settings, for the `default` row); the signal weights come from Variant.params, fixed before looking at
the test rows; "zscore" = 1 blends them as CINEMAI_SIGNAL_BLEND=learned does (per-user z-scores).
MMR as the reranker applies it (Variant.diversity)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from src.application.ports.collaborative import ItemSimilarityFitter, TransitionsFitter
from src.domain.collaborative import CooccurrenceParams, Interactions
from src.domain.collaborative_models import recency_weights
from src.domain.history import DISLIKE_THRESHOLD
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.scoring.signals import ItemSignal
from src.evaluation.peers import PEER_FAMILIES, choose, describe, histories
from src.evaluation.profiles import UserCase
from src.evaluation.rankers import ContentRanker, RankerFactory, TrainingData
from src.evaluation.variants import Variant

EaseFactory = Callable[[float], ItemSimilarityFitter]


class ProductRanker(ContentRanker):
    def __init__(
        self, variant: Variant, data: TrainingData, *, ease: EaseFactory, transitions: TransitionsFitter
    ) -> None:
        super().__init__(variant, data)
        p = variant.params
        hs = histories(data.splits, data.item_movie)
        n = len(data.movies)
        fixed = {"lambda", "window", "decay"} <= set(p)
        ease_params = {"lambda": p["lambda"]} if fixed else choose(PEER_FAMILIES["ease"], hs, n, data.threshold)[0]
        trans_params = (
            {"window": p["window"], "decay": p["decay"]}
            if fixed
            else choose(PEER_FAMILIES["transitions"], hs, n, data.threshold)[0]
        )
        self._support = int(p.get("min_support", CooccurrenceParams.min_support))
        neighbours = int(p.get("neighbours", 200))
        rows = [(u, m, 1.0) for u, h in enumerate(hs) for m in h.movies]
        interactions = Interactions.from_rows(rows)
        self._likes = interactions.likes()
        self._ease = ease(float(ease_params["lambda"])).fit(
            interactions, CooccurrenceParams(neighbours=neighbours, min_support=self._support)
        )
        self._trans = transitions.fit(
            [h.movies for h in hs],
            window=int(trans_params["window"]),
            neighbours=neighbours,
            min_support=int(p.get("transitions_support", self._support)),
        )
        self._decay = float(trans_params["decay"])
        self._recent = int(p.get("recent", 10))
        self._histories = {h.user: h for h in hs}
        chosen = "fixed" if fixed else "validation-chosen"
        self.note = (
            f"EASE {describe({'lambda': ease_params['lambda']})}, transitions {describe(trans_params)} "
            f"({chosen}); weights {describe(p)}"
        )

    def _score(
        self, profile: TasteProfile, case: UserCase, popularity_weight: float
    ) -> list[ScoredCandidate]:
        p = self._v.params
        h = self._histories[case.split.user]
        negative = float(p.get("negative", 0.0))
        recent = h.movies[-self._recent :]
        signals = [
            ItemSignal(
                name="collaborative",
                neighbours=self._ease,
                history=h.movies,
                weights=[1.0 if r >= DISLIKE_THRESHOLD else negative for r in h.ratings],
                titles=[str(m) for m in h.movies],
                weight=float(p.get("ease_weight", 0.4)),
                min_support=self._support,
            ),
            ItemSignal(
                name="transitions",
                neighbours=self._trans,
                history=recent,
                weights=recency_weights(len(recent), self._decay).tolist(),
                titles=[str(m) for m in recent],
                weight=float(p.get("transitions_weight", 0.4)),
                min_support=self._support,
            ),
        ]
        params = ScoringParams(
            alpha=self._v.alpha,
            popularity_weight=popularity_weight,
            quality_weight=self._v.quality_weight,
            genre_weight=self._v.genre_weight,
            zscore_signals=bool(p.get("zscore", 0.0)),
        )
        likes = self._likes if p.get("like_prior", 1.0) else None
        return score_candidates(profile, case.candidates, params, popularity=likes, signals=signals)


def product_rankers(ease: EaseFactory, transitions: TransitionsFitter) -> Mapping[str, RankerFactory]:
    return {"product": partial(ProductRanker, ease=ease, transitions=transitions)}

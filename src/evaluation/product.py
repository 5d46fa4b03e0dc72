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
the test rows; "zscore" = 1 blends them as CINEMAI_SIGNAL_BLEND=learned does (per-user z-scores),
"recency_floor" weights EASE's history by recency and "popularity_penalty" takes the crowd's log
interaction counts off the blend, as CINEMAI_CF_RECENCY_FLOOR and CINEMAI_SIGNAL_POPULARITY_PENALTY do.
"ltr" = 1 reorders the blend's best with LambdaMART (src/evaluation/ltr.py), trained on a hold-out
carved from the training rows. MMR as the reranker applies it (Variant.diversity)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from src.application.ports.collaborative import ItemSimilarityFitter, TransitionsFitter
from src.domain.collaborative import CooccurrenceParams, Interactions, ItemNeighbours
from src.domain.collaborative_models import ease_recency_weights, recency_weights
from src.domain.history import DISLIKE_THRESHOLD
from src.domain.movie import MovieId
from src.domain.profile import TasteProfile
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.scoring.features import Predict
from src.domain.scoring.signals import ItemSignal
from src.evaluation.peers import PEER_FAMILIES, History, choose, describe, histories
from src.evaluation.profiles import UserCase
from src.evaluation.rankers import ContentRanker, RankerFactory, TrainingData
from src.evaluation.split import UserSplit
from src.evaluation.variants import Variant

EaseFactory = Callable[[float], ItemSimilarityFitter]
# trains a predictor from the variant, the training data and one case (for its profile factory)
LtrTrainer = Callable[["ProductRanker", UserCase], Awaitable[Predict]]


@dataclass(kw_only=True)
class FittedSignals:
    """EASE and transitions fitted on some splits' histories, and what scoring needs from them."""

    ease: ItemNeighbours
    transitions: ItemNeighbours
    likes: Mapping[MovieId, int]
    histories: Mapping[str, History]


class ProductRanker(ContentRanker):
    def __init__(
        self,
        variant: Variant,
        data: TrainingData,
        *,
        ease: EaseFactory,
        transitions: TransitionsFitter,
        ltr: LtrTrainer | None = None,
    ) -> None:
        super().__init__(variant, data)
        p = variant.params
        self.data = data
        self._ease_factory, self._transitions_fitter = ease, transitions
        hs = histories(data.splits, data.item_movie)
        n = len(data.movies)
        fixed = {"lambda", "window", "decay"} <= set(p)
        self.ease_params = {"lambda": p["lambda"]} if fixed else choose(PEER_FAMILIES["ease"], hs, n, data.threshold)[0]
        self.trans_params = (
            {"window": p["window"], "decay": p["decay"]}
            if fixed
            else choose(PEER_FAMILIES["transitions"], hs, n, data.threshold)[0]
        )
        self._support = int(p.get("min_support", CooccurrenceParams.min_support))
        self._recent = int(p.get("recent", 10))
        self.fitted = self.fit(data.splits)
        self._ltr = ltr if p.get("ltr", 0.0) else None
        self._predict: Predict | None = None
        chosen = "fixed" if fixed else "validation-chosen"
        self.note = (
            f"EASE {describe({'lambda': self.ease_params['lambda']})}, transitions {describe(self.trans_params)} "
            f"({chosen}); weights {describe(p)}"
        )

    def fit(self, splits: Sequence[UserSplit]) -> FittedSignals:
        p = self._v.params
        hs = histories(splits, self.data.item_movie)
        neighbours = int(p.get("neighbours", 200))
        interactions = Interactions.from_rows([(u, m, 1.0) for u, h in enumerate(hs) for m in h.movies])
        ease = self._ease_factory(float(self.ease_params["lambda"])).fit(
            interactions, CooccurrenceParams(neighbours=neighbours, min_support=self._support)
        )
        trans = self._transitions_fitter.fit(
            [h.movies for h in hs],
            window=int(self.trans_params["window"]),
            neighbours=neighbours,
            min_support=int(p.get("transitions_support", self._support)),
        )
        return FittedSignals(ease=ease, transitions=trans, likes=interactions.likes(), histories={h.user: h for h in hs})

    async def rank(self, case: UserCase) -> list[MovieId]:
        if self._ltr is not None and self._predict is None:
            self._predict = await self._ltr(self, case)
            self.note += "; LambdaMART over the blend's best (trained on a hold-out of the training rows)"
        return await super().rank(case)

    def signals(self, fitted: FittedSignals, user: str) -> list[ItemSignal]:
        p = self._v.params
        h = fitted.histories[user]
        negative = float(p.get("negative", 0.0))
        recent = h.movies[-self._recent :]
        recency = ease_recency_weights(len(h.movies), float(p.get("recency_floor", 1.0))).tolist()
        return [
            ItemSignal(
                name="collaborative",
                neighbours=fitted.ease,
                history=h.movies,
                weights=[
                    (1.0 if r >= DISLIKE_THRESHOLD else negative) * w for r, w in zip(h.ratings, recency, strict=True)
                ],
                titles=[str(m) for m in h.movies],
                weight=float(p.get("ease_weight", 0.4)),
                min_support=self._support,
            ),
            ItemSignal(
                name="transitions",
                neighbours=fitted.transitions,
                history=recent,
                weights=recency_weights(len(recent), float(self.trans_params["decay"])).tolist(),
                titles=[str(m) for m in recent],
                weight=float(p.get("transitions_weight", 0.4)),
                min_support=self._support,
            ),
        ]

    def scoring_params(self, popularity_weight: float) -> ScoringParams:
        return ScoringParams(
            alpha=self._v.alpha,
            popularity_weight=popularity_weight,
            quality_weight=self._v.quality_weight,
            genre_weight=self._v.genre_weight,
            zscore_signals=bool(self._v.params.get("zscore", 0.0)),
            signal_popularity_penalty=float(self._v.params.get("popularity_penalty", 0.0)),
        )

    def likes(self, fitted: FittedSignals) -> Mapping[MovieId, int] | None:
        return fitted.likes if self._v.params.get("like_prior", 1.0) else None

    def _score(
        self, profile: TasteProfile, case: UserCase, popularity_weight: float
    ) -> list[ScoredCandidate]:
        return score_candidates(
            profile,
            case.candidates,
            self.scoring_params(popularity_weight),
            popularity=self.likes(self.fitted),
            signals=self.signals(self.fitted, case.split.user),
            ranker=self._predict,
            reference_year=case.today.year,
            crowd=self.fitted.likes,
        )


def product_rankers(
    ease: EaseFactory, transitions: TransitionsFitter, ltr: LtrTrainer | None = None
) -> Mapping[str, RankerFactory]:
    return {"product": partial(ProductRanker, ease=ease, transitions=transitions, ltr=ltr)}

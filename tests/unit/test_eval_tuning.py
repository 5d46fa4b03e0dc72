"""The product's weights are chosen on the validation hold-out (src/evaluation/tuning.py): carved from
each user's training rows, never from the test item."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import numpy as np

from src.domain.movie import MovieId
from src.domain.scoring.blend import ContentTerms, ScoringParams
from src.evaluation.dataset import RatingEvent
from src.evaluation.harness import EvaluateCommand
from src.evaluation.product import ProductRanker
from src.evaluation.profiles import UserCase
from src.evaluation.rankers import Ranker, RankerFactory, TrainingData
from src.evaluation.split import UserSplit
from src.evaluation.tuning import (
    Point,
    TunedProductRanker,
    ValidationCase,
    choose_point,
    top_k,
    validation_case,
    validation_splits,
)
from src.evaluation.variants import Variant, select_variants
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter
from tests.unit.test_eval_harness import _harness


def _r(user: str, item: str, rating: float, ts: int) -> RatingEvent:
    return RatingEvent(user=user, item=item, rating=rating, timestamp=ts)


def test_validation_splits_hold_out_the_last_liked_training_film_and_ignore_the_test_item() -> None:
    rows = [_r("u", "1", 8, 1), _r("u", "2", 9, 2), _r("u", "3", 3, 3)]
    item_movie = {str(i): i for i in range(10)}
    real = [UserSplit(user="u", train=rows, held_out=[7])]
    poisoned = [UserSplit(user="u", train=rows, held_out=[-1])]
    (a,), (b,) = validation_splits(real, item_movie, 7.0), validation_splits(poisoned, item_movie, 7.0)
    assert a.held_out == b.held_out == [2]  # the last liked film within training
    assert [r.item for r in a.train] == [r.item for r in b.train] == ["1"]  # only what came before it


def _case(user: int) -> ValidationCase:
    """Content alone ranks the shared target 0 last and rotates the rest per user (varied lists); the
    popularity prior lifts films 0-9 (the same ten for everyone)."""
    n = 20
    similarity = np.roll(np.linspace(1.0, 0.5, n), 2 * user)
    similarity[0] = 0.1
    popularity = np.zeros(n)
    popularity[:10] = 1.0
    terms = ContentTerms(
        sims=similarity[:, None],
        penalty=np.zeros(n),
        similarity=similarity,
        popularity=popularity,
        quality=np.zeros(n),
        genre=np.zeros(n),
    )
    return ValidationCase(terms=terms, parts=[], vectors=np.eye(n), target=0, cold=False, ids=np.arange(n))


def test_choose_point_takes_the_best_validation_ndcg_among_points_covering_enough_of_the_catalog() -> None:
    cases = [_case(u) for u in range(5)]
    content_only = Point(ease=0.3, transitions=0.3, diversity=0.0, popularity=0.0, quality=0.0)
    with_prior = replace(content_only, popularity=10.0)
    base = ScoringParams(zscore_signals=True)
    point, score = choose_point(cases, [content_only, with_prior], base, catalog=20, min_coverage=0.0)
    assert point == with_prior and score.ndcg > 0 and score.coverage == 0.5  # the same ten for everyone
    point, score = choose_point(cases, [content_only, with_prior], base, catalog=20, min_coverage=0.6)
    assert point == content_only and score.ndcg == 0.0 and score.coverage >= 0.6
    point, _ = choose_point(cases, [content_only, with_prior], base, catalog=20, min_coverage=1.0)
    assert point == with_prior  # no point covers everything: every point competes


class Capture(Ranker):
    def __init__(self, data: TrainingData, seen: dict[str, object]) -> None:
        seen["data"] = data
        self._seen = seen

    async def rank(self, case: UserCase) -> list[MovieId]:
        self._seen.setdefault("case", case)
        return [int(i) for i in case.candidate_ids]


class SmallGrid(TunedProductRanker):
    grid = (
        Point(ease=0.3, transitions=0.3, diversity=0.0, popularity=0.0, quality=0.0),
        Point(ease=0.5, transitions=0.2, diversity=0.1, popularity=0.2, quality=0.5),
        Point(ease=0.2, transitions=0.6, diversity=0.3, popularity=0.0, quality=0.5, penalty=0.75),
    )


async def test_the_tuned_product_chooses_the_same_point_whatever_the_test_items_are() -> None:
    seen: dict[str, object] = {}

    def ease(lam: float) -> NumpyEaseFitter:
        return NumpyEaseFitter(lam=lam)

    transitions = ScipyTransitionsFitter()
    tuned_factory = partial(SmallGrid, ease=ease, transitions=transitions)
    rankers: dict[str, RankerFactory] = {
        "capture": lambda _, data: Capture(data, seen),
        "product-tuned": tuned_factory,
    }
    (tuned,) = select_variants("default-tuned")
    capture = Variant(name="capture", label="capture", kind="capture")
    result = await _harness(rankers).execute(EvaluateCommand(variants=[capture, tuned], resamples=50))
    note = {v.variant.name: v.note for v in result.variants}["default-tuned"]
    assert "tuned on" in note and "validation NDCG@10" in note
    data, case = seen["data"], seen["case"]
    assert isinstance(data, TrainingData) and isinstance(case, UserCase)
    chosen = []
    for splits in (data.splits, [replace(s, held_out=[-1]) for s in data.splits]):
        ranker = tuned_factory(tuned, replace(data, splits=splits))
        await ranker.rank(case)
        chosen.append((ranker.chosen, ranker.note))
    assert chosen[0] == chosen[1] and chosen[0][0] in SmallGrid.grid


async def test_the_tuners_recombination_ranks_exactly_as_the_product_ranker_does() -> None:
    seen: dict[str, object] = {}
    capture = Variant(name="capture", label="capture", kind="capture")
    rankers: dict[str, RankerFactory] = {"capture": lambda _, data: Capture(data, seen)}
    await _harness(rankers).execute(EvaluateCommand(variants=[capture], resamples=10))
    data, case = seen["data"], seen["case"]
    assert isinstance(data, TrainingData) and isinstance(case, UserCase)
    (default,) = select_variants("default")
    for point in SmallGrid.grid:
        ranker = ProductRanker(
            point.apply(default), data, ease=NumpyEaseFitter, transitions=ScipyTransitionsFitter()
        )
        order = await ranker.rank(case)
        profile = await case.profile(default.like_threshold, default.clustering)
        vc = validation_case(ranker, ranker.fitted, case.split, profile, list(case.candidates))
        assert vc is not None
        head = top_k(vc, point, ranker.scoring_params(0.0), data.k)
        assert vc.ids[head].tolist() == order[: data.k], point


def test_the_tuners_penalty_recombines_as_score_candidates_blends_it() -> None:
    """Films 1 and 2 are vouched for as much as film 0, which everybody in the crowd watched: with the
    penalty the tuner ranks them first, exactly as score_candidates' blend_zscored does for the service."""
    from src.domain.collaborative import ItemNeighbours
    from src.domain.scoring.signals import ItemSignal, blend_zscored, popularity_penalty, signal_part

    n = 6
    neighbours = ItemNeighbours.from_lists({9: [(0, 1.0, 9), (1, 1.0, 9), (2, 1.0, 9)]})
    signal = ItemSignal(
        name="collaborative", neighbours=neighbours, history=[9], weights=[1.0], titles=["Heat"], weight=1.0
    )
    part = signal_part(signal, list(range(n)))
    assert part is not None
    flat = np.full(n, 0.5)
    terms = ContentTerms(
        sims=flat[:, None], penalty=np.zeros(n), similarity=flat, popularity=None, quality=None, genre=None
    )
    crowd = np.array([500.0, 20.0, 20.0, 3.0, 0.0, 0.0])
    case = ValidationCase(
        terms=terms, parts=[part], vectors=np.eye(n), target=1, cold=False, ids=np.arange(n), crowd=crowd
    )
    base = ScoringParams(zscore_signals=True)
    plain = Point(ease=0.6, transitions=0.0, diversity=0.0, popularity=0.0, quality=0.0)
    penalised = replace(plain, penalty=0.75)
    assert top_k(case, plain, base, 3) == [0, 1, 2]
    assert top_k(case, penalised, base, 3)[:2] == [1, 2]
    weighted = replace(part, signal=replace(part.signal, weight=0.6))
    service, _ = blend_zscored(flat, [weighted], popularity_penalty(crowd, 0.75))
    assert top_k(case, penalised, base, 3) == np.argsort(-service, kind="stable")[:3].tolist()

"""What issue 15's accuracy work added to the learned signals: EASE's negative weights kept, a
person's latest films weighing more in EASE, and the crowd-popularity penalty in the blend."""

from __future__ import annotations

from datetime import date

import numpy as np

from src.domain.collaborative import CooccurrenceParams, Interactions, ItemNeighbours, vouched_for
from src.domain.collaborative_models import ease_recency_weights, top_neighbours
from src.domain.scoring.history_signals import SignalWeights, Watch, history_signals
from src.domain.scoring.signals import ItemSignal, blend_zscored, popularity_penalty, signal_part
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter


def test_signed_neighbours_keep_the_largest_weights_in_magnitude_negative_ones_included() -> None:
    weights = np.array([[0.0, 0.5, -0.9, 0.1], [0.5, 0.0, 0.2, 0.0], [-0.9, 0.2, 0.0, 0.0], [0.1, 0.0, 0.0, 0.0]])
    supports = np.full((4, 4), 9.0)
    supports[0, 3] = 2  # too few people: dropped whatever its weight
    signed = top_neighbours(weights, supports, neighbours=2, min_support=5, signed=True)
    ids, scores = signed.of(0)
    assert ids.tolist() == [1, 2] and scores.tolist() == [0.5, -0.9]
    positive = top_neighbours(weights, supports, neighbours=2, min_support=5)
    assert positive.of(0)[0].tolist() == [1]  # the old rule: positive weights only


def test_ease_stores_negative_weights_for_films_a_history_speaks_against() -> None:
    # 1 and 3 each go with 2, and rarely with each other once 2 is known: EASE weighs 3 against 1
    rows: list[tuple[int, int, float]] = []
    user = 0
    for films, people in (((1, 2), 20), ((2, 3), 20), ((1, 3), 5), ((1, 2, 3), 5)):
        for _ in range(people):
            rows += [(user, m, 1.0) for m in films]
            user += 1
    model = NumpyEaseFitter(lam=1.0).fit(Interactions.from_rows(rows), CooccurrenceParams(neighbours=5, min_support=5))
    by_id = dict(zip(*(a.tolist() for a in model.of(1)), strict=True))
    assert by_id[2] > 0 > by_id[3]
    assert model.of(2)[1].min() > 0


def test_vouched_for_leaves_out_films_the_history_speaks_against() -> None:
    neighbours = ItemNeighbours.from_lists({1: [(5, 0.8, 9), (6, -0.4, 9)], 2: [(6, 0.1, 9), (7, 0.3, 9)]})
    assert vouched_for(neighbours, [1, 2], limit=10, exclude=set()) == [5, 7]  # 6 sums to −0.3


def test_ease_recency_weights_run_from_the_floor_to_one_for_the_latest() -> None:
    w = ease_recency_weights(3, 0.5)
    assert np.allclose(w, [0.5 + 0.5 * 0.81, 0.5 + 0.5 * 0.9, 1.0])
    assert ease_recency_weights(4, 1.0).tolist() == [1.0] * 4


def _watch(movie: int, line: int, day: int | None, rating: float = 8.0) -> Watch:
    when = date(2024, 1, day) if day is not None else None
    return Watch(movie_id=movie, rating=rating, watched_at=when, line=line, title=f"film {movie}")


def test_the_latest_dated_films_weigh_most_in_ease_and_undated_ones_count_the_floor() -> None:
    neighbours = ItemNeighbours.from_lists({1: [(9, 1.0, 9)]})
    history = [_watch(1, 1, 5), _watch(2, 2, 1), _watch(3, 3, None), _watch(4, 4, 3, rating=2.0)]
    weights = SignalWeights(ease=0.5, transitions=0.0, recency_floor=0.5)
    (ease,) = history_signals(history, neighbours, ItemNeighbours.empty(), weights)
    by_film = dict(zip(ease.history, ease.weights, strict=True))
    assert by_film[1] == 1.0  # the latest dated
    assert by_film[2] == 0.5 + 0.5 * 0.81  # third latest of three dated
    assert by_film[3] == 0.5  # no date: the floor
    assert by_film[4] == 0.0  # a dislike is no evidence, whatever its date
    (flat,) = history_signals(history, neighbours, ItemNeighbours.empty(), SignalWeights(ease=0.5, transitions=0.0))
    assert flat.weights == [1.0, 1.0, 1.0, 0.0]


def test_the_popularity_penalty_lets_an_equally_vouched_lesser_known_film_win() -> None:
    neighbours = ItemNeighbours.from_lists({1: [(5, 1.0, 9), (6, 1.0, 9), (7, 0.2, 9)]})
    signal = ItemSignal(
        name="collaborative", neighbours=neighbours, history=[1], weights=[1.0], titles=["Heat"], weight=0.6
    )
    part = signal_part(signal, [5, 6, 7])
    assert part is not None
    content = np.array([0.5, 0.5, 0.5])
    plain, _ = blend_zscored(content, [part])
    assert plain[0] == plain[1]
    counts = np.array([500.0, 20.0, 20.0])  # 5 is what everybody watched
    penalised, carriers = blend_zscored(content, [part], popularity_penalty(counts, 0.5))
    assert penalised[1] > penalised[0] > penalised[2]
    assert carriers[1] is part
    assert popularity_penalty(counts, 0.0) is None


def test_the_penalty_ranks_only_among_the_films_the_crowd_knows() -> None:
    # a service pool: mostly content candidates nobody in the crowd watched, a few crowd films
    counts = np.array([0.0] * 50 + [5.0, 5.0, 40.0])
    penalty = popularity_penalty(counts, 0.75)
    assert penalty is not None
    assert np.all(penalty[:50] == 0.0)  # unknown to the crowd: neither pushed nor pulled
    assert penalty[52] > 0 > penalty[50] == penalty[51]
    assert float(np.abs(penalty).max()) < 0.75 * 1.5  # z over the 3 known films, not blown up by the 50 zeros
    assert popularity_penalty(np.array([0.0, 0.0, 7.0]), 0.75) is None  # one known film: nothing to rank

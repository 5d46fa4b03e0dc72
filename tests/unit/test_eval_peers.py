"""The temporal split, EASE, transitions and the validation hold-out on tiny synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from src.domain.collaborative_models import ease_weights, recency_weights, top_neighbours, transition_pairs
from src.evaluation.dataset import RatingEvent
from src.evaluation.peers import (
    PEER_FAMILIES,
    History,
    choose,
    fit_transitions,
    histories,
    validation_split,
)
from src.evaluation.split import group_by_user, leave_last_liked_out


def _r(user: str, item: str, rating: float, ts: int) -> RatingEvent:
    return RatingEvent(user=user, item=item, rating=rating, timestamp=ts)


ITEM_MOVIE = {str(i): i for i in range(10)}


def test_temporal_split_keeps_only_what_came_before_the_held_out_like() -> None:
    rows = [_r("u", "1", 8, 10), _r("u", "2", 4, 20), _r("u", "3", 9, 30), _r("u", "4", 3, 40)]
    (everything,) = leave_last_liked_out(group_by_user(rows), ITEM_MOVIE, threshold=7)
    (temporal,) = leave_last_liked_out(group_by_user(rows), ITEM_MOVIE, threshold=7, temporal=True)
    assert everything.held_out == temporal.held_out == [3]
    assert sorted(r.item for r in everything.train) == ["1", "2", "4"]
    assert sorted(r.item for r in temporal.train) == ["1", "2"]  # item 4 was rated after the like


def test_ease_weights_solve_each_columns_ridge_regression_without_itself() -> None:
    rng = np.random.default_rng(0)
    x = (rng.random((30, 6)) < 0.4).astype(np.float64)
    gram, lam = x.T @ x, 3.0
    b = ease_weights(gram, lam)
    assert np.allclose(np.diag(b), 0.0)
    for j in range(6):
        rest = [i for i in range(6) if i != j]
        direct = np.linalg.solve(gram[np.ix_(rest, rest)] + lam * np.eye(5), gram[rest, j])
        assert np.allclose(b[rest, j], direct)
    with pytest.raises(ValueError):
        ease_weights(gram, 0.0)


def test_transition_pairs_weigh_by_gap_in_both_directions() -> None:
    src, dst, w = transition_pairs([[0, 1, 2]], window=2)
    got = sorted(zip(src.tolist(), dst.tolist(), w.tolist(), strict=True))
    assert got == [(0, 1, 1.0), (0, 2, 0.5), (1, 0, 1.0), (1, 2, 1.0), (2, 0, 0.5), (2, 1, 1.0)]
    assert recency_weights(3, 0.5).tolist() == [0.25, 0.5, 1.0]  # oldest first, the latest weighs 1


def test_transitions_score_what_followed_the_most_recent_movie() -> None:
    crowd = [History(user=f"c{i}", movies=[0, 1, 2, 3], ratings=[8.0] * 4) for i in range(5)]
    me = History(user="me", movies=[5, 2], ratings=[8.0, 8.0])
    scores = fit_transitions([*crowd, me], 6, {"window": 1, "decay": 0.8, "recent": 1})
    mine = scores[-1]
    assert mine[3] > 0 and mine[1] > 0  # next to 2 in the crowd's order
    assert mine[0] == 0  # two steps away from 2, outside the window


def test_validation_holds_out_each_users_last_liked_movie_in_training() -> None:
    splits = leave_last_liked_out(
        group_by_user([_r("u", "1", 8, 1), _r("u", "2", 9, 2), _r("u", "3", 3, 3), _r("u", "4", 8, 4)]),
        ITEM_MOVIE,
        threshold=7,
        temporal=True,
    )
    (h,) = histories(splits, ITEM_MOVIE)
    assert h.movies == [1, 2, 3]
    cut, targets = validation_split([h], 7.0)
    assert targets == {0: 2} and cut[0].movies == [1]


def test_choose_picks_the_grid_point_best_on_validation() -> None:
    crowd = [History(user=f"c{i}", movies=[0, 1, 2, 3, 4], ratings=[8.0] * 5) for i in range(8)]
    params, value = choose(PEER_FAMILIES["transitions"], crowd, 5, 7.0)
    assert value == pytest.approx(1.0)  # after 0,1,2,3 the crowd always watched 4 next
    assert params in PEER_FAMILIES["transitions"].grid


def test_top_neighbours_keep_only_pairs_enough_people_share() -> None:
    weights = np.array([[0.0, 0.9, 0.5], [0.9, 0.0, 0.1], [0.5, 0.1, 0.0]])
    supports = np.array([[9, 6, 2], [6, 9, 5], [2, 5, 9]], dtype=np.float64)
    n = top_neighbours(weights, supports, neighbours=2, min_support=5)
    ids, scores = n.of(0)
    assert ids.tolist() == [1] and scores.tolist() == [0.9]  # the pair (0, 2) has 2 supporters < 5

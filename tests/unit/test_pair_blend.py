"""The pure maths of a blend for two (src/domain/pair_blend.py)."""

from __future__ import annotations

import numpy as np
import pytest

from src.domain.pair_blend import (
    average_of_two,
    explain_pick,
    nearest_titles,
    percentile_ranks,
    pick_for_two,
    reason_for,
    shared_favourites,
    signal_reason,
)


def test_percentile_ranks_put_the_median_at_a_half_and_share_ties() -> None:
    assert percentile_ranks([0.1, 0.5, 0.9]).tolist() == [0.0, 0.5, 1.0]
    assert percentile_ranks([0.2, 0.2, 0.9]).tolist() == [0.25, 0.25, 1.0]
    assert percentile_ranks([3.0]).tolist() == [0.5]
    assert percentile_ranks([]).shape == (0,)
    # only the order counts: a person whose scores sit on another scale weighs the same
    assert percentile_ranks([10, 50, 90]).tolist() == percentile_ranks([0.1, 0.5, 0.9]).tolist()


def test_least_misery_picks_what_both_like_over_what_one_loves() -> None:
    a = np.array([1.0, 0.0, 0.7, 0.6, 0.1])  # 0: a's favourite, b's worst
    b = np.array([0.0, 1.0, 0.6, 0.7, 0.2])  # 1: b's favourite, a's worst
    picks = pick_for_two(a, b, k=2)
    assert {p.index for p in picks} == {2, 3}
    assert all(min(p.ranks) >= 0.5 for p in picks)


def test_the_fairness_term_keeps_one_taste_from_winning_every_tie() -> None:
    # candidates 0-3 lean to a, 4-7 lean to b, each with the same least-misery value
    a = np.array([0.9, 0.9, 0.9, 0.9, 0.6, 0.6, 0.6, 0.6, 0.0, 0.0])
    b = np.array([0.6, 0.6, 0.6, 0.6, 0.9, 0.9, 0.9, 0.9, 0.0, 0.0])
    picks = pick_for_two(a, b, k=4)
    leaning_a = sum(1 for p in picks if p.index < 4)
    assert leaning_a == 2  # two for each, alternating
    unfair = pick_for_two(a, b, k=4, fairness=0.0)
    assert sum(1 for p in unfair if p.index < 4) in (0, 4)  # without it the argmax order decides alone


def test_only_films_above_both_medians_when_there_are_enough() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.random(200), rng.random(200)
    picks = pick_for_two(a, b, k=10)
    assert len(picks) == 10 and len({p.index for p in picks}) == 10
    assert all(a[p.index] > np.median(a) and b[p.index] > np.median(b) for p in picks)
    assert len(pick_for_two(a[:3], b[:3], k=10)) == 3
    with pytest.raises(ValueError):
        pick_for_two(a, b[:5], k=3)


def test_above_both_medians_the_best_for_both_together_comes_first() -> None:
    # 0-2 above both medians (0 loved by b and liked by a, 1 and 2 merely liked by both); 4 and 5, a's
    # favourites, sit below b's median
    a = np.array([0.95, 0.75, 0.70, 0.65, 1.0, 0.99, 0.1, 0.1, 0.0, 0.0])
    b = np.array([0.80, 0.75, 0.70, 0.65, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3])
    picks = pick_for_two(a, b, k=6, fairness=0.0)
    assert [p.index for p in picks[:3]] == [0, 1, 2]  # every film above both medians before any other
    assert all(min(p.ranks) > 0.5 for p in picks[:3]) and all(min(p.ranks) < 0.5 for p in picks[3:])
    assert picks[0].utility > picks[1].utility


def test_average_of_two_is_the_mean_scores_order() -> None:
    assert average_of_two([1.0, 0.0, 0.6], [0.0, 1.0, 0.6], k=2) == [2, 0]


def test_shared_favourites_best_first_by_the_lower_rating() -> None:
    a = {1: 10.0, 2: 8.0, 3: 9.0, 4: None}
    b = {1: 6.0, 2: 8.0, 3: 10.0, 5: 10.0, 4: 9.0}
    assert shared_favourites(a, b, k=10) == [(3, 9.0, 10.0), (2, 8.0, 8.0), (4, None, 9.0), (1, 10.0, 6.0)]
    assert shared_favourites(a, b, k=1) == [(3, 9.0, 10.0)]
    assert shared_favourites(a, {9: 10.0}, k=3) == []


def test_each_person_gets_their_own_reason() -> None:
    liked = np.array([[1.0, 0.0], [0.0, 1.0], [0.7, 0.7]])
    assert nearest_titles(np.array([1.0, 0.1]), liked, ["Alien", "Notting Hill", "Annie Hall"]) == [
        "Alien",
        "Annie Hall",
    ]
    assert nearest_titles(np.array([1.0, 0.0]), np.zeros((0, 2)), []) == []
    text = explain_pick(
        reason_for("Ana", "Horror · 1970s", ["Halloween"]),
        reason_for("Ben", "Romance · Comedy", ["Notting Hill", "Annie Hall"]),
    )
    assert text == "for Ana: like Halloween (Horror · 1970s); for Ben: like Notting Hill and Annie Hall (Romance · Comedy)"


def test_a_signal_that_carried_the_film_is_named_with_the_films_that_vouched() -> None:
    assert signal_reason("Ana", "transitions", ["Heat", "Ronin", "Thief"]) == (
        "for Ana: people who watched Heat and Ronin went on to it"
    )
    assert signal_reason("Ben", "collaborative", ["Notting Hill"]) == (
        "for Ben: people who watched Notting Hill also watched it"
    )
    assert signal_reason("Ana", "transitions", []) is None  # nothing k-anonymous to cite: the content reason
    assert signal_reason("Ana", "content", ["Heat"]) is None

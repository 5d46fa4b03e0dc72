"""The collaborative maths on a tiny hand-made co-occurrence: the scipy fit against hand-computed cosines,
user weighting, top-K, blocks, and how liked movies vouch for candidates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from src.domain.collaborative import (
    CollaborativeModel,
    CooccurrenceParams,
    Interactions,
    ItemNeighbours,
    contribution_matrix,
    vouched_for,
)
from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter

# three users: u0 likes 10, 20, 30; u1 likes 10, 20; u2 likes 20, 40
LIKES = [(0, 10, 1.0), (0, 20, 1.0), (0, 30, 1.0), (1, 10, 1.0), (1, 20, 1.0), (2, 20, 1.0), (2, 40, 1.0)]
COSINE = CooccurrenceParams(user_weighting="none", min_support=1)  # the plain maths, no crowd rule


def neighbours_of(result: ItemNeighbours, movie: int) -> list[tuple[int, float]]:
    ids, scores = result.of(movie)
    return [(int(i), round(float(s), 4)) for i, s in zip(ids, scores, strict=True)]


def test_cosine_co_occurrence_by_hand() -> None:
    # n(10)=2, n(20)=3, n(30)=1, n(40)=1; co(10,20)=2, co(10,30)=1, co(20,30)=1, co(20,40)=1
    fitted = ScipyCooccurrenceFitter().fit(Interactions.from_rows(LIKES), COSINE)
    r = lambda x: round(x, 4)  # noqa: E731
    assert neighbours_of(fitted, 10) == [(20, r(2 / math.sqrt(6))), (30, r(1 / math.sqrt(2)))]
    assert neighbours_of(fitted, 20) == [(10, r(2 / math.sqrt(6))), (30, r(1 / math.sqrt(3))), (40, r(1 / math.sqrt(3)))]
    assert neighbours_of(fitted, 40) == [(20, r(1 / math.sqrt(3)))]  # never its own neighbour, never 10 or 30
    assert list(fitted.items) == [10, 20, 30, 40] and fitted.pairs == 8


def test_log_user_weighting_and_shrink() -> None:
    fitted = ScipyCooccurrenceFitter().fit(Interactions.from_rows(LIKES), CooccurrenceParams(shrink=1.0, min_support=1))
    # u0 liked 3 movies (row weight 1/log2 5), u1 and u2 liked 2 (1/log2 4 = 0.5); products of row weights
    co = (1 / math.log2(5)) ** 2 + 0.25
    assert neighbours_of(fitted, 10)[0] == (20, round(co / (math.sqrt(6) + 1.0), 4))


def test_only_the_top_k_neighbours_are_kept_and_blocks_change_nothing() -> None:
    data = Interactions.from_rows(LIKES)
    top1 = ScipyCooccurrenceFitter().fit(data, CooccurrenceParams(neighbours=1, user_weighting="none", min_support=1))
    assert neighbours_of(top1, 20) == [(10, round(2 / math.sqrt(6), 4))]
    whole, blocked = ScipyCooccurrenceFitter().fit(data, COSINE), ScipyCooccurrenceFitter(block=1).fit(data, COSINE)
    for a, b in ((whole.items, blocked.items), (whole.indptr, blocked.indptr), (whole.neighbour_ids, blocked.neighbour_ids)):
        assert np.array_equal(a, b)
    assert np.allclose(whole.scores, blocked.scores)


def test_one_user_or_nothing_gives_no_signal_about_anyone() -> None:
    alone = Interactions.from_rows([(0, 10, 1.0), (0, 20, 1.0)])
    fitted = ScipyCooccurrenceFitter().fit(alone, COSINE)
    model = CollaborativeModel(neighbours=fitted, likes=alone.likes(), users=alone.user_count)
    assert not model.usable()  # one user: their own movies are neighbours only of each other
    assert len(ScipyCooccurrenceFitter().fit(Interactions.from_rows([]), COSINE)) == 0


def test_contributions_say_which_liked_movie_vouches_for_which_candidate() -> None:
    fitted = ItemNeighbours.from_lists({10: [(20, 0.8), (30, 0.7)], 20: [(10, 0.8), (40, 0.5)]})
    matrix = contribution_matrix(fitted, [10, None, 20], [40, 30, 99, 20])
    assert matrix.tolist() == [[0.0, 0.0, 0.5], [0.7, 0.0, 0.0], [0.0, 0.0, 0.0], [0.8, 0.0, 0.0]]


def test_vouched_for_sums_over_liked_and_skips_liked_and_excluded() -> None:
    fitted = ItemNeighbours.from_lists({10: [(30, 0.5), (40, 0.4), (20, 0.9)], 20: [(40, 0.3), (50, 0.2)]})
    assert vouched_for(fitted, [10, 20], limit=5, exclude=set()) == [40, 30, 50]  # 40: 0.4 + 0.3
    assert vouched_for(fitted, [10, 20], limit=1, exclude={40}) == [30]
    # weighted as the signal scores them: film 20 (the latest, weight 1) outweighs film 10 (weight 0.1)
    assert vouched_for(fitted, [10, 20], limit=5, exclude=set(), weights=[0.1, 1.0]) == [40, 50, 30]
    # a film at weight 0 (rated under the dislike line) brings in nothing of its own (30 scores 0)
    assert vouched_for(fitted, [10, 20], limit=2, exclude=set(), weights=[0.0, 1.0]) == [40, 50]


def test_params_round_trip_and_likes_count_distinct_users() -> None:
    params = CooccurrenceParams(neighbours=7, user_weighting="none", shrink=2.5, weighted=True)
    assert CooccurrenceParams.from_json(params.to_json()) == params
    assert Interactions.from_rows(LIKES).likes() == {10: 2, 20: 3, 30: 1, 40: 1}


@pytest.mark.parametrize("movie", [5, 25, 45])
def test_unknown_movies_have_no_neighbours(movie: int) -> None:
    fitted = ItemNeighbours.from_lists({10: [(20, 0.8)], 40: [(20, 0.1)]})
    ids, scores = fitted.of(movie)
    assert ids.size == 0 and scores.size == 0


def test_contributions_match_a_plain_lookup_on_a_random_model() -> None:
    rng = np.random.default_rng(5)
    lists = {
        int(m): [(int(n), float(rng.random())) for n in rng.choice(60, size=rng.integers(1, 12), replace=False) if n != m]
        for m in rng.choice(60, size=30, replace=False)
    }
    fitted = ItemNeighbours.from_lists(lists)
    liked = [int(x) for x in rng.choice(70, size=15)] + [None]  # repeats, unknown ids and an unmatched row
    candidates = [int(x) for x in rng.permutation(60)[:40]]
    expected = np.zeros((len(candidates), len(liked)))
    for j, movie in enumerate(liked):
        vouches = dict(lists.get(movie, [])) if movie is not None else {}
        for i, c in enumerate(candidates):
            expected[i, j] = vouches.get(c, 0.0)
    assert np.allclose(contribution_matrix(fitted, liked, candidates), expected)
    known = [m for m in liked if m is not None]
    totals: dict[int, float] = {}
    for movie in known:
        for n, s in lists.get(movie, []):
            totals[n] = totals.get(n, 0.0) + s
    best = sorted((n for n in totals if n not in known), key=lambda n: (-totals[n], n))
    assert vouched_for(fitted, known, limit=10, exclude=set()) == best[:10]

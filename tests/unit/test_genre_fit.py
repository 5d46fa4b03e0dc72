"""The genre match: the share of a candidate's genres its taste clusters hold, and its place in the blend."""

from __future__ import annotations

import uuid

import numpy as np

from src.domain.genre_fit import cluster_genre_shares, cluster_softmax, genre_match
from src.domain.movie import Movie
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.domain.scoring.blend import ScoringParams, score_candidates


def _vec(*v: float) -> np.ndarray:
    out = np.zeros(4, dtype=np.float32)
    out[: len(v)] = v
    return out


def action_profile() -> TasteProfile:
    liked = [
        LikedMovie(title=t, year=1995, weight=1.0, embedding=_vec(1, 0.1 * i), cluster_id=0, genres=g)
        for i, (t, g) in enumerate([("Speed", ("Action", "Thriller")), ("Die Hard", ("Action", "Thriller")),
                                    ("Heat", ("Action", "Crime", "Drama")), ("Con Air", ("Action",))])
    ]  # fmt: skip
    cluster = TasteCluster(id=0, label="Action · Thriller", centroid=_vec(1, 0.15), weight=1.0, size=4)
    return TasteProfile(user_id=uuid.UUID(int=9), clusters=[cluster], algorithm="single", liked=liked)


def test_shares_are_the_clusters_liked_weight_per_genre() -> None:
    (shares,) = cluster_genre_shares(action_profile())
    assert shares == {"action": 1.0, "thriller": 0.5, "crime": 0.25, "drama": 0.25}


def test_a_film_of_the_clusters_kind_matches_better_than_one_with_off_taste_genres() -> None:
    profile = action_profile()
    movies = [Movie(title="Action only", genres=("Action",)),
              Movie(title="Crime drama", genres=("Crime", "Drama", "Mystery")),
              Movie(title="Action thriller", genres=("Action", "Thriller")),
              Movie(title="No genres")]  # fmt: skip
    fit = genre_match(profile, movies, np.ones((4, 1)))
    assert fit[0] == 1.0 and fit[2] == 0.75 and abs(fit[1] - 0.5 / 3) < 1e-9
    assert fit[3] == float(np.median(fit[:3]))  # unknown genres: the pool's median, neither helped nor hurt


def test_the_genre_match_reorders_equally_close_candidates_and_stays_off_at_zero() -> None:
    profile = action_profile()
    same = _vec(1, 0.15)
    movies = [Movie(id=1, title="Crime drama", genres=("Crime", "Drama"), embedding=same),
              Movie(id=2, title="Action thriller", genres=("Action", "Thriller"), embedding=same)]  # fmt: skip
    off = score_candidates(profile, movies, ScoringParams())
    assert [c.movie.id for c in off] == [1, 2] and off[0].score == off[1].score  # a tie: input order
    on = score_candidates(profile, movies, ScoringParams(genre_weight=0.4))
    assert [c.movie.id for c in on] == [2, 1] and 0.0 <= on[1].score < on[0].score <= 1.0


def test_cluster_softmax_rows_sum_to_one() -> None:
    w = cluster_softmax(np.array([[0.9, 0.1], [0.2, 0.2]]), 5.0)
    assert np.allclose(w.sum(axis=1), 1.0) and w[0, 0] > w[0, 1] and w[1, 0] == w[1, 1]

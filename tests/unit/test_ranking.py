"""The ranking core: watched removal (id, exact, fuzzy with year ±1), dedupe, scoring and penalties."""

from __future__ import annotations

import uuid

import numpy as np

from src.application.gather_candidates import remove_watched
from src.domain.movie import Movie
from src.domain.profile import TasteCluster, TasteProfile
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.scoring.watched import WatchedSet
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles


def movie(i: int, title: str, year: int, vec: list[float] | None = None, votes: int = 10) -> Movie:
    emb = np.asarray(vec, dtype=np.float32) if vec is not None else None
    return Movie(id=i, title=title, year=year, embedding=emb, vote_count=votes)


def test_watched_movies_are_removed_by_id_exact_key_and_fuzzy_title() -> None:
    candidates = [
        movie(1, "Alien", 1979), movie(2, "The Thing", 1982), movie(3, "Halloween", 1978),
        movie(4, "The Exorcist", 1973), movie(5, "The Exorcist", 1973),  # a duplicate row
        movie(6, "Exorcist II: The Heretic", 1977), movie(7, "Halloween", 2007),
    ]
    watched = WatchedSet(ids={1}, keys={("thing", 1982)}, unmatched=[("exorcst", 1974), ("haloween", 1978)])
    kept = remove_watched(candidates, watched, RapidfuzzTitles())
    # Alien by id, The Thing by key, The Exorcist fuzzily (year within 1), Halloween 1978 fuzzily;
    # the 2007 remake shares the title but not the year, the sequel is another film.
    assert [m.id for m in kept] == [6, 7]


def test_duplicates_are_dropped_without_a_fuzzy_matcher() -> None:
    kept = remove_watched([movie(1, "Heat", 1995), movie(2, "Heat", 1995), movie(3, "Heat", 1986)], WatchedSet(), None)
    assert [m.id for m in kept] == [1, 3]


def profile(*centroids: list[float]) -> TasteProfile:
    clusters = [
        TasteCluster(id=i, label=f"c{i}", centroid=np.asarray(c, dtype=np.float32), weight=1 / len(centroids), size=1)
        for i, c in enumerate(centroids)
    ]
    return TasteProfile(user_id=uuid.uuid4(), clusters=clusters, algorithm="kmeans")


def test_scores_follow_the_softmax_formula_and_name_the_closest_cluster() -> None:
    p = profile([1, 0], [0, 1])
    candidates = [movie(1, "a", 2000, [1, 0]), movie(2, "b", 2000, [0.6, 0.8]), movie(3, "c", 2000, [-1, 0])]
    scored = score_candidates(p, candidates, ScoringParams(alpha=5.0))
    by_id = {s.movie.id: s for s in scored}
    s = np.array([0.6, 0.8])
    w = np.exp(5 * s) / np.exp(5 * s).sum()
    assert abs(by_id[2].score - float((w * s).sum())) < 1e-6  # float32 embeddings
    assert [x.movie.id for x in scored] == [1, 2, 3]  # 0.993 > 0.746 > the opposite direction
    assert by_id[1].cluster_id == 0 and by_id[2].cluster_id == 1


def test_a_dislike_pushes_near_copies_down_but_not_the_rest() -> None:
    p = profile([1, 0, 0])
    near = movie(1, "near", 2000, [0.95, 0.31, 0])
    other = movie(2, "other", 2000, [0.9, 0, 0.44])
    plain = score_candidates(p, [near, other], ScoringParams())
    assert plain[0].movie.id == 1
    disliked = np.asarray([[0.94, 0.34, 0]], dtype=np.float32)
    pushed = score_candidates(p, [near, other], ScoringParams(), disliked)
    assert pushed[0].movie.id == 2


def test_the_popularity_prior_only_acts_when_asked() -> None:
    p = profile([1, 0])
    a, b = movie(1, "obscure", 2000, [1, 0.05], votes=3), movie(2, "famous", 2000, [1, 0.1], votes=400)
    assert score_candidates(p, [a, b], ScoringParams())[0].movie.id == 1
    assert score_candidates(p, [a, b], ScoringParams(popularity_weight=0.2))[0].movie.id == 2


def test_typographic_and_straight_apostrophes_normalise_alike() -> None:
    from src.domain.movie import normalize_title

    assert normalize_title("Monty Python’s Life of Brian") == normalize_title("Monty Python's Life of Brian")
    assert normalize_title("Schindler‘s List") == normalize_title("Schindler's List")

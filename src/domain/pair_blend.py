"""A blend for two: the films two people would both enjoy (least misery, with a fairness term so neither
person's taste dominates the list), the films both loved most, and the per-person wording.

Each person's scores are first turned into percentile ranks within the candidate pool (0 = the pool's
worst fit for them, 1 = the best, 0.5 = their median), so two people whose scores sit on different
scales weigh the same."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from src.domain.history import LIKE_THRESHOLD
from src.domain.movie import MovieId
from src.domain.scoring.similarity import normalize_rows

FAIRNESS = 0.25  # weight of the bonus for the person the picks so far have served less
NEAR_TITLES = 2  # liked films cited per person for a pick
FloatArray = npt.NDArray[np.float64]


def percentile_ranks(scores: npt.ArrayLike) -> FloatArray:
    """Each score's mid-rank in the pool, scaled to 0..1 (ties share their average rank); a pool of
    one is 0.5. Above 0.5 means above that person's median score in the pool."""
    s = np.asarray(scores, dtype=np.float64)
    n = s.shape[0]
    if n == 0:
        return np.zeros(0)
    if n == 1:
        return np.full(1, 0.5)
    ordered = np.sort(s)
    below = np.searchsorted(ordered, s, side="left")
    upto = np.searchsorted(ordered, s, side="right")
    return np.asarray((below + upto - 1) / 2.0 / (n - 1), dtype=np.float64)


@dataclass(frozen=True)
class BlendPick:
    index: int  # into the candidate pool
    utility: float  # what chose it: least misery plus the fairness bonus, when picked
    ranks: tuple[float, float]  # each person's percentile rank of it, 0..1


def pick_for_two(
    scores_a: npt.ArrayLike, scores_b: npt.ArrayLike, *, k: int, fairness: float = FAIRNESS
) -> list[BlendPick]:
    """Greedy: each step takes the candidate maximising min(r_a, r_b) + fairness · r_behind, r_behind
    being the rank for whichever person the picks so far gave less (summed ranks; both equal: the mean
    rank). Least misery keeps either person from hating a pick; the bonus keeps one person's taste
    from winning every near-tie, so the list is balanced. When at least k candidates sit above both
    medians, only those are eligible."""
    ra, rb = percentile_ranks(scores_a), percentile_ranks(scores_b)
    if ra.shape != rb.shape:
        raise ValueError("both people's scores must cover the same candidates")
    eligible = np.ones(ra.shape[0], dtype=bool)
    both = (ra > 0.5) & (rb > 0.5)
    if int(both.sum()) >= k:
        eligible = both
    least = np.minimum(ra, rb)
    given_a = given_b = 0.0
    picks: list[BlendPick] = []
    for _ in range(min(k, int(eligible.sum()))):
        behind = ra if given_a < given_b else rb if given_b < given_a else (ra + rb) / 2.0
        utility = np.where(eligible, least + fairness * behind, -np.inf)
        i = int(np.argmax(utility))
        picks.append(BlendPick(i, float(utility[i]), (float(ra[i]), float(rb[i]))))
        eligible[i] = False
        given_a, given_b = given_a + ra[i], given_b + rb[i]
    return picks


def average_of_two(scores_a: npt.ArrayLike, scores_b: npt.ArrayLike, *, k: int) -> list[int]:
    """The baseline a blend is measured against: the best k by the mean of the two raw scores."""
    mean = (np.asarray(scores_a, dtype=np.float64) + np.asarray(scores_b, dtype=np.float64)) / 2.0
    return [int(i) for i in np.argsort(-mean, kind="stable")[:k]]


def shared_favourites(
    liked_a: Mapping[MovieId, float | None], liked_b: Mapping[MovieId, float | None], *, k: int
) -> list[tuple[MovieId, float | None, float | None]]:
    """Films both liked, best first by the lower of the two ratings, then their sum (an unrated like
    counts as the like threshold). Each as (movie id, rating of the first, rating of the second)."""

    def value(r: float | None) -> float:
        return LIKE_THRESHOLD if r is None else r

    common = set(liked_a) & set(liked_b)
    ordered = sorted(
        common,
        key=lambda m: (-min(value(liked_a[m]), value(liked_b[m])), -(value(liked_a[m]) + value(liked_b[m])), m),
    )
    return [(m, liked_a[m], liked_b[m]) for m in ordered[:k]]


def nearest_titles(
    vector: npt.ArrayLike, liked: npt.ArrayLike, titles: Sequence[str], *, k: int = NEAR_TITLES
) -> list[str]:
    """The titles of the k liked films closest (cosine) to `vector`."""
    matrix = np.asarray(liked, dtype=np.float64)
    if matrix.size == 0:
        return []
    sims = (normalize_rows(matrix) @ normalize_rows(vector).T)[:, 0]
    return [titles[int(i)] for i in np.argsort(-sims, kind="stable")[:k]]


def reason_for(name: str, cluster_label: str, near: Sequence[str]) -> str:
    """One person's half of a pick's explanation: "for Ana: like Halloween and Alien (Horror · 1970s)"."""
    like = " and ".join(near) if near else "the rest of their taste"
    return f"for {name}: like {like} ({cluster_label})"


def explain_pick(reason_a: str, reason_b: str) -> str:
    return f"{reason_a}; {reason_b}"

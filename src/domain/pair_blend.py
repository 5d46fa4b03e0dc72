"""A blend for two: the films two people would both enjoy (least misery as a floor: above both people's
median first; then the best for both, with a fairness term so neither person's taste dominates the list),
the films both loved most, and the per-person wording.

Each person's scores are standardised within the candidate pool (and ranked: 0 = the pool's worst fit for
them, 1 = the best, 0.5 = their median), so two people whose scores sit on different scales weigh the same."""

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
    utility: float  # what chose it: the two standardised scores' mean plus the fairness bonus, when picked
    ranks: tuple[float, float]  # each person's percentile rank of it, 0..1


def standardised(scores: npt.ArrayLike) -> FloatArray:
    """z-scores within the pool (all zeros when every score is the same)."""
    s = np.asarray(scores, dtype=np.float64)
    spread = float(s.std()) if s.size else 0.0
    return np.zeros_like(s) if spread == 0.0 else np.asarray((s - s.mean()) / spread, dtype=np.float64)


def pick_for_two(
    scores_a: npt.ArrayLike, scores_b: npt.ArrayLike, *, k: int, fairness: float = FAIRNESS
) -> list[BlendPick]:
    """Least misery as a floor, then both tastes at once: films above both people's median in the pool come
    first (neither is left with a film they would rank in their bottom half while such films remain); among
    them, greedily, the best mean of the two standardised scores plus fairness · z_behind, z_behind being
    the standardised score of whichever person the picks so far gave less (summed percentile ranks; both
    equal: the mean), so one person's taste does not win every near-tie. Ordering by the lower of the two
    ranks instead served each person's next like less often (`cinemai eval blend`, README)."""
    a, b = np.asarray(scores_a, dtype=np.float64), np.asarray(scores_b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError("both people's scores must cover the same candidates")
    ra, rb = percentile_ranks(a), percentile_ranks(b)
    za, zb = standardised(a), standardised(b)
    floor = np.where((ra > 0.5) & (rb > 0.5), 0.0, -1e6)  # below either median: only once none above is left
    mean = (za + zb) / 2.0
    open_ = np.ones(a.shape[0], dtype=bool)
    given_a = given_b = 0.0
    picks: list[BlendPick] = []
    for _ in range(min(k, a.shape[0])):
        behind = za if given_a < given_b else zb if given_b < given_a else mean
        utility = mean + fairness * behind
        i = int(np.argmax(np.where(open_, utility + floor, -np.inf)))
        picks.append(BlendPick(i, float(utility[i]), (float(ra[i]), float(rb[i]))))
        open_[i] = False
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


def signal_reason(name: str, signal: str, vouched: Sequence[str]) -> str | None:
    """One person's half when a collaborative signal carried the film for them, citing the films of theirs
    that vouched (k-anonymous pairs only, as every collaborative wording): "for Ana: people who watched
    Heat went on to it". None for content, or when nothing may be cited."""
    if not vouched:
        return None
    titles = " and ".join(vouched[:NEAR_TITLES])
    if signal == "transitions":
        return f"for {name}: people who watched {titles} went on to it"
    if signal == "collaborative":
        return f"for {name}: people who watched {titles} also watched it"
    return None


def explain_pick(reason_a: str, reason_b: str) -> str:
    return f"{reason_a}; {reason_b}"

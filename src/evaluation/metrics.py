"""Offline ranking metrics and bootstrap intervals for the evaluation harness. Pure maths.

Every accuracy metric takes `ranks`: the 1-based positions, in one user's full ranking, of the relevant
(held-out) items that appear in it, and `n_relevant`: how many relevant items the user has (a relevant
item missing from the ranking simply has no rank).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


def ndcg_at_k(ranks: Sequence[int], n_relevant: int, k: int) -> float:
    """Binary-relevance NDCG@k: Σ_{r ≤ k} 1/log2(r+1) over the ideal Σ_{i=1..min(n_relevant,k)} 1/log2(i+1)."""
    if n_relevant <= 0:
        return 0.0
    dcg = sum(1.0 / math.log2(r + 1) for r in ranks if 1 <= r <= k)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_relevant, k) + 1))
    return dcg / ideal


def hit_at_k(ranks: Sequence[int], k: int) -> float:
    """1 when any relevant item is in the top k, else 0 (averaged over users: HitRate@k)."""
    return 1.0 if any(1 <= r <= k for r in ranks) else 0.0


def recall_at_k(ranks: Sequence[int], n_relevant: int, k: int) -> float:
    """Share of the relevant items found in the top k (equals hit_at_k with one relevant item)."""
    if n_relevant <= 0:
        return 0.0
    return sum(1 for r in ranks if 1 <= r <= k) / n_relevant


def reciprocal_rank(ranks: Sequence[int]) -> float:
    """1 / rank of the first relevant item in the full ranking (averaged over users: MRR); 0 if none."""
    found = [r for r in ranks if r >= 1]
    return 1.0 / min(found) if found else 0.0


def catalog_coverage(lists: Iterable[Iterable[int]], catalog_size: int) -> float:
    """Share of the catalog's items that appear in at least one recommendation list."""
    if catalog_size <= 0:
        return 0.0
    seen: set[int] = set()
    for items in lists:
        seen.update(items)
    return len(seen) / catalog_size


def popularity_ranks(counts: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Rank of each item by interaction count: 1 = most popular; ties broken by item index."""
    c = np.asarray(counts, dtype=np.float64)
    order = np.lexsort((np.arange(c.shape[0]), -c))
    ranks = np.empty(c.shape[0], dtype=np.int64)
    ranks[order] = np.arange(1, c.shape[0] + 1)
    return ranks


def mean_popularity_rank(items: Sequence[int], ranks: npt.NDArray[np.int64]) -> float:
    """Novelty of a list: the mean popularity rank of its items (higher = less popular = more novel)."""
    return float(np.mean(ranks[list(items)])) if len(items) else 0.0


@dataclass(frozen=True)
class Estimate:
    """A mean with its bootstrap interval."""

    mean: float
    low: float
    high: float

    def format(self, digits: int = 4) -> str:
        return f"{self.mean:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def _resample_index(n: int, resamples: int, seed: int) -> npt.NDArray[np.int64]:
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def bootstrap_mean(
    values: npt.ArrayLike, *, resamples: int = 1000, level: float = 0.95, seed: int = 0
) -> Estimate:
    """The mean and a percentile bootstrap interval over `resamples` resamples of the values (users).

    The same seed and length give the same resamples, so intervals of different variants over the same
    users are paired. An empty input gives NaNs."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return Estimate(math.nan, math.nan, math.nan)
    means = v[_resample_index(v.size, resamples, seed)].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Estimate(float(v.mean()), float(low), float(high))


def bootstrap_ratio(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    *,
    resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> Estimate:
    """mean(numerator) / mean(denominator) with a paired bootstrap interval (both resampled by the same
    users). Resamples whose denominator mean is 0 are dropped; NaNs when nothing is left."""
    a = np.asarray(numerator, dtype=np.float64)
    b = np.asarray(denominator, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"paired values differ in shape: {a.shape} vs {b.shape}")
    if a.size == 0 or b.mean() == 0:
        return Estimate(math.nan, math.nan, math.nan)
    idx = _resample_index(a.size, resamples, seed)
    den = b[idx].mean(axis=1)
    ok = den > 0
    if not ok.any():
        return Estimate(math.nan, math.nan, math.nan)
    ratios = a[idx].mean(axis=1)[ok] / den[ok]
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(ratios, [tail, 100 - tail])
    return Estimate(float(a.mean() / b.mean()), float(low), float(high))

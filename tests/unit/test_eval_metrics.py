from __future__ import annotations

import math

import numpy as np
import pytest

from src.evaluation.metrics import (
    bootstrap_mean,
    bootstrap_ratio,
    catalog_coverage,
    hit_at_k,
    mean_popularity_rank,
    ndcg_at_k,
    popularity_ranks,
    recall_at_k,
    reciprocal_rank,
)


def test_ndcg_of_one_held_out_item() -> None:
    assert ndcg_at_k([1], 1, 10) == 1.0
    assert ndcg_at_k([3], 1, 10) == pytest.approx(1 / math.log2(4))
    assert ndcg_at_k([10], 1, 10) == pytest.approx(1 / math.log2(11))
    assert ndcg_at_k([11], 1, 10) == 0.0
    assert ndcg_at_k([], 1, 10) == 0.0


def test_ndcg_with_several_relevant_items_uses_the_ideal_order() -> None:
    # relevant at ranks 1 and 3 of 2 relevant: (1 + 1/2) / (1 + 1/log2(3))
    assert ndcg_at_k([1, 3], 2, 10) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k([1, 2], 2, 10) == pytest.approx(1.0)


def test_hit_recall_and_reciprocal_rank() -> None:
    assert hit_at_k([3], 10) == 1.0 and hit_at_k([12], 10) == 0.0 and hit_at_k([], 10) == 0.0
    assert recall_at_k([2, 40], 2, 10) == 0.5
    assert recall_at_k([7], 1, 10) == hit_at_k([7], 10) == 1.0
    assert reciprocal_rank([4]) == 0.25
    assert reciprocal_rank([50, 5]) == 0.2  # the first relevant item counts
    assert reciprocal_rank([]) == 0.0


def test_catalog_coverage_counts_distinct_items_over_all_lists() -> None:
    assert catalog_coverage([[0, 1, 2], [2, 3]], 8) == 0.5
    assert catalog_coverage([], 8) == 0.0


def test_popularity_ranks_most_counted_first_ties_by_index() -> None:
    ranks = popularity_ranks([5, 9, 5, 1])
    assert ranks.tolist() == [2, 1, 3, 4]
    assert mean_popularity_rank([1, 3], ranks) == 2.5


def test_bootstrap_interval_contains_the_mean_and_is_seeded() -> None:
    values = np.random.default_rng(1).random(300)
    e = bootstrap_mean(values, resamples=500, seed=3)
    assert e.low <= e.mean <= e.high
    assert e.mean == pytest.approx(values.mean())
    assert e.high - e.low < 0.15
    assert bootstrap_mean(values, resamples=500, seed=3) == e
    constant = bootstrap_mean([0.5] * 20)
    assert (constant.low, constant.mean, constant.high) == (0.5, 0.5, 0.5)
    assert math.isnan(bootstrap_mean([]).mean)


def test_bootstrap_ratio_is_paired_and_handles_a_zero_baseline() -> None:
    base = np.array([0, 1, 0, 1] * 25, dtype=float)
    double = base * 2
    r = bootstrap_ratio(double, base, resamples=200)
    assert (r.low, r.mean, r.high) == pytest.approx((2.0, 2.0, 2.0))  # paired: exactly 2 in every resample
    assert math.isnan(bootstrap_ratio(base, np.zeros(100)).mean)
    with pytest.raises(ValueError):
        bootstrap_ratio([1.0], [1.0, 2.0])

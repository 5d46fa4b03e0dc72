from __future__ import annotations

import math

import numpy as np
import pytest

from src.domain.scoring import (
    best_clusters,
    cosine_matrix,
    intra_list_diversity,
    mmr_order,
    softmax_cluster_scores,
    weighted_cluster_scores,
)

# α·(0.8 − 0.2) = ln 3, so row 0's softmax weights are exactly 3/4 and 1/4.
ALPHA_LN3 = math.log(3) / 0.6
SIMS_2X2 = np.array([[0.8, 0.2], [0.5, 0.5]])
SIMS_2X3 = np.array([[0.9, 0.1, 0.3], [0.2, 0.6, 0.4]])


def test_softmax_scores_match_a_hand_computed_2x2_example() -> None:
    # row 0: 3/4·0.8 + 1/4·0.2 = 0.65; row 1: equal sims, so equal weights, 0.5
    assert softmax_cluster_scores(SIMS_2X2, ALPHA_LN3) == pytest.approx([0.65, 0.5])


def test_softmax_scores_at_the_default_alpha() -> None:
    w0 = math.exp(5 * 0.8) / (math.exp(5 * 0.8) + math.exp(5 * 0.2))  # 0.952574…
    expected = w0 * 0.8 + (1 - w0) * 0.2  # 0.771544…
    assert softmax_cluster_scores(SIMS_2X2, 5.0)[0] == pytest.approx(expected)
    assert expected == pytest.approx(0.7715446, abs=1e-6)


def test_large_alpha_approaches_the_max() -> None:
    assert softmax_cluster_scores(SIMS_2X3, 200.0) == pytest.approx([0.9, 0.6], abs=1e-6)


def test_tiny_alpha_approaches_the_mean() -> None:
    assert softmax_cluster_scores(SIMS_2X3, 1e-9) == pytest.approx([1.3 / 3, 0.4], abs=1e-6)


def test_softmax_scores_refuse_shapes_without_clusters() -> None:
    with pytest.raises(ValueError):
        softmax_cluster_scores(np.zeros((2, 0)), 5.0)
    with pytest.raises(ValueError):
        softmax_cluster_scores(np.zeros(3), 5.0)


@pytest.mark.parametrize("weights", [[1.0, 1.0, 1.0], [2.5, 2.5, 2.5], [0.0, 0.0, 0.0]])
def test_equal_cluster_weights_equal_plain_softmax(weights: list[float]) -> None:
    for alpha in (0.5, 5.0, 50.0):
        assert weighted_cluster_scores(SIMS_2X3, alpha, weights) == pytest.approx(
            softmax_cluster_scores(SIMS_2X3, alpha)
        )


def test_cluster_weight_enters_the_logit() -> None:
    # logits α·0.8 + ln(1/4) and α·0.2 + ln(3/4) are equal when α·0.6 = ln 3: weights 1/2, 1/2.
    assert weighted_cluster_scores(SIMS_2X2, ALPHA_LN3, [1.0, 3.0]) == pytest.approx([0.5, 0.5])
    # α → 0 leaves the prior weights: 1/4·0.8 + 3/4·0.2 = 0.35
    assert weighted_cluster_scores(SIMS_2X2, 1e-9, [1.0, 3.0])[0] == pytest.approx(0.35)


def test_cosine_matrix_and_best_clusters() -> None:
    sims = cosine_matrix([[1.0, 0.0], [3.0, 4.0], [0.0, 0.0]], [[2.0, 0.0], [0.0, 1.0]])
    assert sims == pytest.approx(np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 0.0]]))
    assert best_clusters(sims).tolist() == [0, 1, 0]


def test_mmr_without_diversity_is_the_relevance_order() -> None:
    rel = np.array([0.3, 0.9, 0.5, 0.9, 0.1])
    emb = np.eye(5)
    assert mmr_order(rel, emb, k=5, diversity=0.0) == [1, 3, 2, 0, 4]
    assert mmr_order(rel, emb, k=5, diversity=0.0) == np.argsort(-rel, kind="stable").tolist()
    assert mmr_order(rel, emb, k=2, diversity=0.0) == [1, 3]


def test_mmr_with_diversity_avoids_near_duplicates() -> None:
    rel = [0.90, 0.89, 0.50]
    emb = np.array([[1.0, 0.0], [1.0, 0.01], [0.0, 1.0]])
    # after 0: item 1 scores 0.5·0.89 − 0.5·~1 < 0, item 2 scores 0.5·0.5 − 0 = 0.25
    assert mmr_order(rel, emb, k=3, diversity=0.5) == [0, 2, 1]
    assert mmr_order(rel, emb, k=3, diversity=0.01) == [0, 1, 2]


def test_mmr_limits() -> None:
    emb = np.eye(3)
    assert mmr_order([0.1, 0.2, 0.3], emb, k=10, diversity=0.5) == [2, 1, 0]
    assert mmr_order([0.1, 0.2, 0.3], emb, k=0, diversity=0.5) == []
    assert mmr_order([], np.zeros((0, 3)), k=5, diversity=0.5) == []


def test_intra_list_diversity() -> None:
    assert intra_list_diversity(np.ones((4, 8))) == pytest.approx(0.0, abs=1e-12)
    assert intra_list_diversity(np.eye(3)) == pytest.approx(1.0)
    assert intra_list_diversity(np.array([[1.0, 0.0], [-1.0, 0.0]])) == pytest.approx(2.0)
    assert intra_list_diversity(np.ones((1, 8))) == 0.0


def test_intra_list_diversity_treats_a_zero_vector_as_unrelated() -> None:
    # Was 1.5 before the fix: the diagonal was assumed to be all ones.
    assert intra_list_diversity(np.array([[1.0, 0.0], [0.0, 0.0]])) == pytest.approx(1.0)

from __future__ import annotations

import numpy as np
import pytest

from src.domain.representatives import representative_members
from src.infrastructure.clustering.adaptive import AdaptiveClusterer

DIM = 384


def blobs(
    sizes: list[int], *, spread: float = 0.02, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Well-separated blobs around random unit centres: (points, true labels, centres)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), DIM))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    points = [c + rng.normal(scale=spread, size=(n, DIM)) for c, n in zip(centres, sizes, strict=True)]
    truth = np.repeat(np.arange(len(sizes)), sizes)
    return np.vstack(points).astype(np.float32), truth, centres


def same_partition(a: list[int], b: np.ndarray) -> bool:
    """True when the two labelings group the rows identically (up to renaming)."""
    pairs = set(zip(a, b.tolist(), strict=True))
    return len(pairs) == len(set(a)) == len(set(b.tolist()))


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def test_few_rows_make_one_weighted_cluster_pulled_by_weights() -> None:
    x, truth, centres = blobs([25, 25])
    weights = np.where(truth == 0, 10.0, 1.0)
    result = AdaptiveClusterer().cluster(x, weights.tolist())
    assert result.algorithm == "single"
    assert result.labels == [0] * 50
    assert result.centroids.shape == (1, DIM)
    assert np.linalg.norm(result.centroids[0]) == pytest.approx(1.0, abs=1e-5)
    assert cosine(result.centroids[0], centres[0]) > cosine(result.centroids[0], centres[1]) + 0.3


def test_mid_sized_history_uses_kmeans_and_finds_three_blobs() -> None:
    x, truth, _ = blobs([150, 100, 50])
    result = AdaptiveClusterer().cluster(x, [1.0] * 300)
    assert result.algorithm == "kmeans"
    assert result.centroids.shape == (3, DIM)
    assert same_partition(result.labels, truth)
    assert [result.labels.count(c) for c in range(3)] == [150, 100, 50]  # renumbered by weight


def test_labels_follow_total_weight_not_size() -> None:
    x, truth, _ = blobs([200, 100])
    weights = np.where(truth == 1, 5.0, 1.0)  # the smaller blob holds more weight
    result = AdaptiveClusterer().cluster(x, weights.tolist())
    assert result.labels[0] == 1 and result.labels[-1] == 0


def test_large_history_uses_hdbscan_and_attaches_noise() -> None:
    x, truth, centres = blobs([600, 400, 300, 160])
    rng = np.random.default_rng(7)
    # Strays in random directions leaning slightly towards one blob; HDBSCAN leaves about a third as noise.
    strays = 0.3 * centres[rng.integers(0, 4, size=40)] + rng.normal(size=(40, DIM)) / np.sqrt(DIM)
    result = AdaptiveClusterer().cluster(np.vstack([x, strays]).astype(np.float32), [1.0] * 1500)
    assert result.algorithm == "hdbscan"
    assert result.centroids.shape[0] == 4
    assert same_partition(result.labels[:1460], truth)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    blob_means = np.stack([unit[truth == t].mean(axis=0) for t in range(4)])
    label_of_blob = [result.labels[int(np.flatnonzero(truth == t)[0])] for t in range(4)]
    nearest_blob = np.argmax(strays @ blob_means.T / np.linalg.norm(strays, axis=1, keepdims=True), axis=1)
    assert result.labels[1460:] == [label_of_blob[t] for t in nearest_blob]


def test_hdbscan_without_structure_falls_back_to_kmeans() -> None:
    x, _, _ = blobs([30, 30])
    result = AdaptiveClusterer(small_max=10, large_min=20, hdbscan_min_cluster_size=40).cluster(x, [1.0] * 60)
    assert result.algorithm == "kmeans"
    assert result.centroids.shape[0] >= 2


def test_identical_rows_stay_one_cluster() -> None:
    x = np.ones((150, 8), dtype=np.float32)
    result = AdaptiveClusterer().cluster(x, [1.0] * 150)
    assert result.algorithm == "single"
    assert set(result.labels) == {0}


def test_clustering_is_deterministic() -> None:
    x, _, _ = blobs([120, 80, 60], spread=0.05)
    first = AdaptiveClusterer(seed=3).cluster(x, [1.0] * 260)
    second = AdaptiveClusterer(seed=3).cluster(x, [1.0] * 260)
    assert first.labels == second.labels
    assert np.array_equal(first.centroids, second.centroids)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        AdaptiveClusterer().cluster(np.zeros((0, 4), dtype=np.float32), [])
    with pytest.raises(ValueError):
        AdaptiveClusterer().cluster(np.ones((3, 4), dtype=np.float32), [1.0, 1.0])


def test_representative_members_rank_by_closeness_times_weight() -> None:
    emb = np.array([[1, 0], [0.8, 0.6], [1, 0.05], [0, 1], [0.1, 1]], dtype=np.float32)
    centroids = np.array([[1, 0], [0, 1]], dtype=np.float32)
    labels = [0, 0, 0, 1, 1]
    weights = [1.0, 5.0, 1.0, 1.0, 1.0]
    assert representative_members(emb, weights, labels, centroids, top=2) == [[1, 0], [3, 4]]
    assert representative_members(emb, weights, [0] * 5, centroids, top=5)[1] == []

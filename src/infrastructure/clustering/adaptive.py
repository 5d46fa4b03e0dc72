"""Adaptive taste clustering (DESIGN.md step 6) with scikit-learn k-means and HDBSCAN."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from src.application.ports.history import Clusterer, Clustering
from src.domain.movie import Vector
from src.domain.scoring import FloatArray, normalize_rows

IntArray = npt.NDArray[np.int64]
SILHOUETTE_SAMPLE = 2000  # silhouette is O(n²): above this many rows it is estimated on a seeded sample


class AdaptiveClusterer(Clusterer):
    """Groups weighted embeddings into taste clusters, choosing the algorithm by size:

    - fewer than `small_max` rows: one cluster, the weighted mean ("single");
    - `small_max`..`large_min` rows: k-means on L2-normalised vectors (weighted), k in `k_range` chosen
      by the best cosine silhouette, ties to the smaller k ("kmeans");
    - more than `large_min` rows: HDBSCAN (the `hdbscan` package, else sklearn's) with
      `hdbscan_min_cluster_size`, after PCA to `pca_dims` dims of the L2-normalised vectors; noise points
      join the cluster whose centroid is nearest by cosine ("hdbscan"). HDBSCAN ignores weights.
      When HDBSCAN finds fewer than 2 clusters, the k-means path runs instead and reports "kmeans".
      When k-means cannot find 2 distinct clusters (e.g. all vectors equal), the result is "single".

    Centroids are weighted means of the L2-normalised original (not PCA) member vectors, L2-normalised.
    Labels are renumbered 0..k-1 by descending total member weight. Negative weights count as 0; if
    every weight is 0, all rows weigh the same; rows that are all equal make one cluster. Deterministic
    for a given input and `seed`. Native thread pools are capped at `max_threads` while it runs: on a
    busy 2-core host OpenMP k-means with default threads ran ~50× slower than single-threaded.
    Raises ValueError on an empty input or when weights and rows differ in number."""

    def __init__(
        self,
        small_max: int = 100,
        large_min: int = 500,
        k_range: tuple[int, int] = (2, 10),
        hdbscan_min_cluster_size: int = 10,
        pca_dims: int = 32,
        seed: int = 0,
        max_threads: int = 1,
    ) -> None:
        if k_range[0] < 2 or k_range[1] < k_range[0]:
            raise ValueError(f"k_range must be (lo, hi) with 2 <= lo <= hi, got {k_range}")
        self.small_max = small_max
        self.large_min = large_min
        self.k_range = k_range
        self.hdbscan_min_cluster_size = hdbscan_min_cluster_size
        self.pca_dims = pca_dims
        self.seed = seed
        self.max_threads = max_threads

    def cluster(self, embeddings: Vector, weights: Sequence[float]) -> Clustering:
        x = normalize_rows(embeddings)
        w = _clean_weights(weights, x.shape[0])
        n = x.shape[0]
        if n < self.small_max or bool(np.all(np.ptp(x, axis=0) < 1e-9)):
            labels, algorithm = np.zeros(n, dtype=np.int64), "single"
        else:
            with threadpool_limits(limits=self.max_threads):
                labels, algorithm = self._kmeans(x, w) if n <= self.large_min else self._hdbscan(x, w)
        labels = _renumber_by_weight(labels, w)
        return Clustering(
            labels=[int(v) for v in labels], centroids=_centroids(x, w, labels), algorithm=algorithm
        )

    def _kmeans(self, x: FloatArray, w: FloatArray) -> tuple[IntArray, str]:
        n = x.shape[0]
        best: tuple[float, IntArray] | None = None
        for k in range(self.k_range[0], min(self.k_range[1], n - 1) + 1):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = KMeans(n_clusters=k, n_init="auto", random_state=self.seed).fit(x, sample_weight=w)
            labels = np.asarray(model.labels_, dtype=np.int64)
            score = self._silhouette(x, labels)
            if score is not None and (best is None or score > best[0]):
                best = (score, labels)
        if best is None:
            return np.zeros(n, dtype=np.int64), "single"
        return best[1], "kmeans"

    def _silhouette(self, x: FloatArray, labels: IntArray) -> float | None:
        """Cosine silhouette (unweighted), on a seeded sample above SILHOUETTE_SAMPLE rows; None when it
        is undefined (fewer than 2 distinct labels, in the data or in the sample)."""
        if np.unique(labels).size < 2:
            return None
        sample = SILHOUETTE_SAMPLE if x.shape[0] > SILHOUETTE_SAMPLE else None
        try:
            return float(
                silhouette_score(x, labels, metric="cosine", sample_size=sample, random_state=self.seed)
            )
        except ValueError:
            return None

    def _hdbscan(self, x: FloatArray, w: FloatArray) -> tuple[IntArray, str]:
        dims = min(self.pca_dims, x.shape[0], x.shape[1])
        reduced = PCA(n_components=dims, svd_solver="covariance_eigh", random_state=self.seed).fit_transform(
            x
        )
        labels = _run_hdbscan(reduced, self.hdbscan_min_cluster_size)
        found = np.unique(labels[labels >= 0])
        if found.size < 2:
            return self._kmeans(x, w)
        labels = np.searchsorted(found, labels).astype(np.int64) * (labels >= 0) - (labels < 0)
        return _attach_noise(x, w, labels), "hdbscan"


def _run_hdbscan(points: FloatArray, min_cluster_size: int) -> IntArray:
    """Cluster labels with -1 for noise, from the `hdbscan` package if it imports, else sklearn's."""
    try:
        import hdbscan

        model = hdbscan.HDBSCAN(min_cluster_size=min_cluster_size)
    except ImportError:  # pragma: no cover - depends on the environment
        from sklearn.cluster import HDBSCAN

        model = HDBSCAN(min_cluster_size=min_cluster_size, copy=True)
    return np.asarray(model.fit_predict(points), dtype=np.int64)


def _clean_weights(weights: Sequence[float], n: int) -> FloatArray:
    w = np.clip(np.asarray(weights, dtype=np.float64).reshape(-1), 0.0, None)
    if n == 0:
        raise ValueError("cannot cluster an empty set of embeddings")
    if w.shape[0] != n:
        raise ValueError(f"got {w.shape[0]} weights for {n} embeddings")
    return w if w.sum() > 0 else np.ones(n, dtype=np.float64)


def _centroids(x: FloatArray, w: FloatArray, labels: IntArray) -> Vector:
    """Weighted mean per label 0..k-1 (plain mean for a cluster whose weights are all 0), L2-normalised."""
    k = int(labels.max()) + 1
    rows = []
    for c in range(k):
        members, mw = x[labels == c], w[labels == c]
        rows.append(np.average(members, axis=0, weights=mw) if mw.sum() > 0 else members.mean(axis=0))
    return normalize_rows(np.stack(rows)).astype(np.float32)


def _attach_noise(x: FloatArray, w: FloatArray, labels: IntArray) -> IntArray:
    """Every -1 label becomes the label of the cluster centroid nearest by cosine."""
    noise = labels < 0
    if not noise.any():
        return labels
    centroids = _centroids(x[~noise], w[~noise], labels[~noise]).astype(np.float64)
    out = labels.copy()
    out[noise] = np.argmax(x[noise] @ centroids.T, axis=1)
    return out


def _renumber_by_weight(labels: IntArray, w: FloatArray) -> IntArray:
    """Labels 0..k-1 by descending total weight; ties by first appearance."""
    present = np.unique(labels)
    totals = [(-float(w[labels == c].sum()), int(np.flatnonzero(labels == c)[0]), int(c)) for c in present]
    mapping = {old: new for new, (_, _, old) in enumerate(sorted(totals))}
    return np.asarray([mapping[int(v)] for v in labels], dtype=np.int64)

"""Pure scoring maths: softmax-weighted cluster similarity and maximal marginal relevance."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from src.domain.movie import Vector

FloatArray = npt.NDArray[np.float64]


def normalize_rows(matrix: npt.ArrayLike) -> FloatArray:
    m = np.atleast_2d(np.asarray(matrix, dtype=np.float64))
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def cosine_matrix(candidates: npt.ArrayLike, centroids: npt.ArrayLike) -> FloatArray:
    """cos(candidate_i, centroid_c) for every pair: shape (n_candidates, n_clusters)."""
    return normalize_rows(candidates) @ normalize_rows(centroids).T


def softmax_cluster_scores(sims: FloatArray, alpha: float) -> FloatArray:
    """score_i = Σ_c softmax(α·s_i)_c · s_ic. α → ∞ gives max_c s_ic, α → 0 gives the mean."""
    if sims.ndim != 2 or sims.shape[1] == 0:
        raise ValueError("sims must be (n_candidates, n_clusters) with at least one cluster")
    logits = alpha * sims
    logits = logits - logits.max(axis=1, keepdims=True)
    w = np.exp(logits)
    w /= w.sum(axis=1, keepdims=True)
    return np.asarray((w * sims).sum(axis=1), dtype=np.float64)


def weighted_cluster_scores(sims: FloatArray, alpha: float, cluster_weights: npt.ArrayLike) -> FloatArray:
    """Softmax over clusters with each cluster's prior weight folded into its logit.

    With equal weights this is exactly softmax_cluster_scores; a cluster holding more of a person's
    taste gets a proportionally larger say without changing the α limits."""
    w = np.asarray(cluster_weights, dtype=np.float64)
    w = w / w.sum() if w.sum() > 0 else np.full_like(w, 1.0 / len(w))
    logits = alpha * sims + np.log(np.clip(w, 1e-9, None))[None, :]
    logits = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return np.asarray((p * sims).sum(axis=1), dtype=np.float64)


def best_clusters(sims: FloatArray) -> npt.NDArray[np.int64]:
    """Index of the cluster each candidate is closest to."""
    return np.asarray(sims.argmax(axis=1), dtype=np.int64)


def mmr_order(
    relevance: npt.ArrayLike, embeddings: Vector | FloatArray, *, k: int, diversity: float
) -> list[int]:
    """Maximal marginal relevance: pick k indices maximising (1-λ)·relevance − λ·max-sim-to-picked.

    diversity = 0 returns the plain relevance order."""
    rel = np.asarray(relevance, dtype=np.float64)
    n = rel.shape[0]
    k = min(k, n)
    if k <= 0:
        return []
    if diversity <= 0:
        return [int(i) for i in np.argsort(-rel, kind="stable")[:k]]
    emb = normalize_rows(embeddings)
    sim = emb @ emb.T
    chosen: list[int] = [int(np.argmax(rel))]
    max_sim = sim[chosen[0]].copy()
    available = np.ones(n, dtype=bool)
    available[chosen[0]] = False
    while len(chosen) < k:
        mmr = (1 - diversity) * rel - diversity * max_sim
        mmr[~available] = -np.inf
        nxt = int(np.argmax(mmr))
        chosen.append(nxt)
        available[nxt] = False
        max_sim = np.maximum(max_sim, sim[nxt])
    return chosen


def intra_list_diversity(embeddings: Vector | FloatArray) -> float:
    """Mean pairwise cosine distance of a list (0 = all identical). A zero vector is at distance 1 from
    everything (cosine 0), so the result stays within [0, 2]."""
    emb = normalize_rows(embeddings)
    n = emb.shape[0]
    if n < 2:
        return 0.0
    sim = emb @ emb.T
    return float(1.0 - (sim.sum() - np.trace(sim)) / (n * (n - 1)))

"""Which members best represent each taste cluster (pure numpy)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from src.domain.scoring import normalize_rows


def representative_members(
    embeddings: npt.ArrayLike,
    weights: Sequence[float],
    labels: Sequence[int],
    centroids: npt.ArrayLike,
    top: int = 5,
) -> list[list[int]]:
    """For each cluster c (row c of `centroids`), the indices of up to `top` members with labels[i] == c,
    best first by cosine(embedding_i, centroid_c) × weight_i (ties by index). A cluster without members
    gets an empty list; the result always has one list per centroid."""
    emb = normalize_rows(embeddings)
    cents = normalize_rows(centroids)
    lab = np.asarray(labels, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    if emb.shape[0] != lab.shape[0] or lab.shape[0] != w.shape[0]:
        raise ValueError("embeddings, weights and labels must have one entry per member")
    result: list[list[int]] = []
    for c in range(cents.shape[0]):
        idx = np.flatnonzero(lab == c)
        scores = (emb[idx] @ cents[c]) * w[idx]
        order = np.lexsort((idx, -scores))  # by score desc, then index asc
        result.append([int(i) for i in idx[order][: max(0, top)]])
    return result

"""Transitions with scipy.sparse: what people watched within `window` steps of each other in their
time-ordered histories (weight 1/gap, both directions), rows normalised, each movie's best kept with
the number of distinct people behind each pair."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from src.application.ports.collaborative import TransitionsFitter
from src.domain.collaborative import ItemNeighbours
from src.domain.collaborative_models import transition_pairs
from src.domain.movie import MovieId


class ScipyTransitionsFitter(TransitionsFitter):
    def fit(
        self, sequences: Sequence[Sequence[MovieId]], *, window: int, neighbours: int, min_support: int
    ) -> ItemNeighbours:
        per_user = [transition_pairs([seq], window) for seq in sequences if len(seq) > 1]
        if not per_user or neighbours < 1:
            return ItemNeighbours.empty()
        src = np.concatenate([p[0] for p in per_user])
        dst = np.concatenate([p[1] for p in per_user])
        weight = np.concatenate([p[2] for p in per_user])
        user = np.concatenate([np.full(p[0].shape[0], u) for u, p in enumerate(per_user)])
        movie_ids, index = np.unique(np.concatenate([src, dst]), return_inverse=True)
        a, b, n = index[: src.shape[0]], index[src.shape[0] :], movie_ids.shape[0]
        t = sp.csr_matrix((weight, (a, b)), shape=(n, n))
        t.sum_duplicates()
        # one (person, pair) counts once: a single int64 key per triple (a 1-D sort, not a column-wise one)
        key = np.unique((user.astype(np.int64) * n + a) * n + b)
        pair = key % (n * n)
        support = sp.csr_matrix((np.ones(key.shape[0]), (pair // n, pair % n)), shape=(n, n))
        support.sum_duplicates()
        support = support.tocsr()
        t.sort_indices()
        support.sort_indices()  # same pairs, same pattern: support.data lines up with t.data
        sums = np.asarray(t.sum(axis=1)).ravel()
        t.data = t.data / np.repeat(np.maximum(sums, 1e-12), np.diff(t.indptr))
        lists: dict[MovieId, list[tuple[MovieId, float, int]]] = {}
        for r in range(n):
            lo, hi = t.indptr[r], t.indptr[r + 1]
            cols, vals, counts = t.indices[lo:hi], t.data[lo:hi], support.data[lo:hi]
            ok = counts >= max(1, min_support)
            cols, vals, counts = cols[ok], vals[ok], counts[ok]
            best = np.lexsort((cols, -vals))[:neighbours]
            if best.size:
                lists[int(movie_ids[r])] = [
                    (int(movie_ids[c]), float(v), int(k))
                    for c, v, k in zip(cols[best], vals[best], counts[best], strict=True)
                ]
        return ItemNeighbours.from_lists(lists)

"""Item-to-item co-occurrence similarity with scipy.sparse: Xᵀ X over the users × movies like matrix,
normalised, top-K neighbours kept per movie. Computed in blocks of movies, so memory stays bounded by
block × catalog instead of catalog²."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from src.application.ports.collaborative import ItemSimilarityFitter
from src.domain.collaborative import CooccurrenceParams, Interactions, ItemNeighbours


class ScipyCooccurrenceFitter(ItemSimilarityFitter):
    """sim(a, b) = Σ_u x_ua·x_ub / (sqrt(n_a·n_b) + shrink), n = users who liked the movie; x is 1 (or
    the like weight), times 1/log2(2 + the user's likes) with user_weighting "log"."""

    def __init__(self, block: int = 2048) -> None:
        self._block = max(1, block)

    def fit(self, interactions: Interactions, params: CooccurrenceParams) -> ItemNeighbours:
        if not len(interactions) or params.neighbours < 1:
            return ItemNeighbours.empty()
        movie_ids, cols = np.unique(interactions.movies, return_inverse=True)
        _, rows = np.unique(interactions.users, return_inverse=True)
        values = interactions.weights if params.weighted else np.ones(len(interactions))
        x = sp.csr_matrix((values.astype(np.float64), (rows, cols)), shape=(rows.max() + 1, cols.max() + 1))
        binary = x.copy()
        binary.data[:] = 1.0
        if params.user_weighting == "log":
            per_user = np.asarray(binary.sum(axis=1)).ravel()
            x = sp.diags(1.0 / np.log2(2.0 + per_user)) @ x
        norms = np.sqrt(np.asarray(binary.sum(axis=0)).ravel())
        xt = x.T.tocsr()
        lists: list[tuple[np.ndarray, np.ndarray]] = []
        for start in range(0, xt.shape[0], self._block):
            lists += _block_neighbours(xt[start : start + self._block] @ x, start, norms, params)
        return _assemble(movie_ids, lists)


def _block_neighbours(
    co: sp.spmatrix, start: int, norms: np.ndarray, params: CooccurrenceParams
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each block row's top-K (column indices, similarities), best first, ties by column."""
    coo = sp.coo_matrix(co)
    own = coo.row + start
    keep = (coo.col != own) & (coo.data > 0)
    r, c = coo.row[keep], coo.col[keep]
    sim = coo.data[keep] / (norms[r + start] * norms[c] + params.shrink)
    matrix = sp.csr_matrix((sim, (r, c)), shape=coo.shape)
    out = []
    for i in range(matrix.shape[0]):
        a, b = matrix.indptr[i], matrix.indptr[i + 1]
        idx, val = matrix.indices[a:b], matrix.data[a:b]
        order = np.lexsort((idx, -val))[: params.neighbours]
        out.append((idx[order], val[order]))
    return out


def _assemble(movie_ids: np.ndarray, lists: list[tuple[np.ndarray, np.ndarray]]) -> ItemNeighbours:
    """movie_ids is sorted (np.unique), so rows come out in ascending movie id; empty rows are dropped."""
    present = [i for i, (idx, _) in enumerate(lists) if idx.size]
    if not present:
        return ItemNeighbours.empty()
    sizes = [lists[i][0].size for i in present]
    return ItemNeighbours(
        items=movie_ids[present].astype(np.int64),
        indptr=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        neighbour_ids=movie_ids[np.concatenate([lists[i][0] for i in present])].astype(np.int64),
        scores=np.concatenate([lists[i][1] for i in present]).astype(np.float64),
    )

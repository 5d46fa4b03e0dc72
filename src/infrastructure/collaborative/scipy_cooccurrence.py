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
    the like weight), times 1/log2(2 + the user's likes) with user_weighting "log". Only pairs liked by
    at least params.min_support = k distinct users are kept, each times support / (support + k − 1)
    (k = 1: plain co-occurrence)."""

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
        xt, bt = x.T.tocsr(), binary.T.tocsr()
        lists: list[Row] = []
        for start in range(0, xt.shape[0], self._block):
            end = start + self._block
            lists += _block_neighbours(xt[start:end] @ x, bt[start:end] @ binary, start, norms, params)
        return _assemble(movie_ids, lists)


Row = tuple[np.ndarray, np.ndarray, np.ndarray]  # column indices, similarities, supports


def _block_neighbours(
    co: sp.spmatrix, support: sp.spmatrix, start: int, norms: np.ndarray, params: CooccurrenceParams
) -> list[Row]:
    """Each block row's top-K (column indices, similarities, supports), best first, ties by column;
    pairs with fewer than min_support supporting users are dropped."""
    coo = sp.coo_matrix(co)
    # same sparsity pattern as co (both products of the same non-zeros), read at co's coordinates
    n = np.asarray(sp.csr_matrix(support)[coo.row, coo.col]).ravel()
    own = coo.row + start
    k = max(0, params.min_support)
    keep = (coo.col != own) & (coo.data > 0) & (n >= max(1, k))
    r, c, n = coo.row[keep], coo.col[keep], n[keep]
    sim = coo.data[keep] / (norms[r + start] * norms[c] + params.shrink) * (n / (n + max(0, k - 1)))
    matrix = sp.csr_matrix((sim, (r, c)), shape=coo.shape)
    counts = sp.csr_matrix((n.astype(np.float64), (r, c)), shape=coo.shape)
    out = []
    for i in range(matrix.shape[0]):
        a, b = matrix.indptr[i], matrix.indptr[i + 1]
        idx, val = matrix.indices[a:b], matrix.data[a:b]
        order = np.lexsort((idx, -val))[: params.neighbours]
        # counts was built from the same coordinates as matrix, so its data lines up entry for entry
        out.append((idx[order], val[order], counts.data[a:b][order].astype(np.int64)))
    return out


def _assemble(movie_ids: np.ndarray, lists: list[Row]) -> ItemNeighbours:
    """movie_ids is sorted (np.unique), so rows come out in ascending movie id; empty rows are dropped."""
    present = [i for i, (idx, _, _) in enumerate(lists) if idx.size]
    if not present:
        return ItemNeighbours.empty()
    sizes = [lists[i][0].size for i in present]
    return ItemNeighbours(
        items=movie_ids[present].astype(np.int64),
        indptr=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        neighbour_ids=movie_ids[np.concatenate([lists[i][0] for i in present])].astype(np.int64),
        scores=np.concatenate([lists[i][1] for i in present]).astype(np.float64),
        supports=np.concatenate([lists[i][2] for i in present]).astype(np.int64),
    )

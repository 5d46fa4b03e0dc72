"""EASE (Steck 2019) as the collaborative fitter: the closed-form item-item weights of a shallow
autoencoder over the users × movies matrix, each movie's best neighbours stored sparse. Dense in the
interacted movies (up to `max_movies`, the most interacted ones), so memory is 8·n² bytes: about 3 GB at
20k movies, 80 MB at 3k."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from src.application.ports.collaborative import ItemSimilarityFitter
from src.domain.collaborative import CooccurrenceParams, Interactions, ItemNeighbours
from src.domain.collaborative_models import ease_weights, top_neighbours

DEFAULT_LAMBDA = 200.0
DEFAULT_MAX_MOVIES = 20_000


class NumpyEaseFitter(ItemSimilarityFitter):
    """B = EASE(XᵀX, λ), X the interactions' weights (params.weighted) or 1s. A pair is kept only when
    at least params.min_support distinct users interacted with both movies (k-anonymity, as for
    co-occurrence); each movie keeps its params.neighbours weights largest in magnitude, negative ones
    included (a film EASE says a history speaks against scores lower for it)."""

    def __init__(self, lam: float = DEFAULT_LAMBDA, max_movies: int = DEFAULT_MAX_MOVIES) -> None:
        self._lam = lam
        self._max_movies = max(2, max_movies)

    def fit(self, interactions: Interactions, params: CooccurrenceParams) -> ItemNeighbours:
        if not len(interactions) or params.neighbours < 1:
            return ItemNeighbours.empty()
        movie_ids, cols = np.unique(interactions.movies, return_inverse=True)
        _, rows = np.unique(interactions.users, return_inverse=True)
        counts = np.bincount(cols)
        if movie_ids.shape[0] > self._max_movies:  # the most interacted movies, ties by id
            keep = np.sort(np.lexsort((movie_ids, -counts))[: self._max_movies])
            remap = np.full(movie_ids.shape[0], -1)
            remap[keep] = np.arange(keep.shape[0])
            ok = remap[cols] >= 0
            rows, cols, movie_ids = rows[ok], remap[cols[ok]], movie_ids[keep]
            weights = interactions.weights[ok]
        else:
            weights = interactions.weights
        values = weights if params.weighted else np.ones(rows.shape[0])
        shape = (int(rows.max()) + 1, movie_ids.shape[0])
        x = sp.csr_matrix((values.astype(np.float64), (rows, cols)), shape=shape)
        binary = sp.csr_matrix((np.ones(rows.shape[0]), (rows, cols)), shape=shape)
        binary.data[:] = 1.0  # duplicates summed above: back to 0/1
        supports = (binary.T @ binary).toarray()
        b = ease_weights((x.T @ x).toarray(), self._lam)
        local = top_neighbours(
            b, supports, neighbours=params.neighbours, min_support=params.min_support, signed=True
        )
        return ItemNeighbours(
            items=movie_ids[local.items],
            indptr=local.indptr,
            neighbour_ids=movie_ids[local.neighbour_ids],
            scores=local.scores,
            supports=local.supports,
        )

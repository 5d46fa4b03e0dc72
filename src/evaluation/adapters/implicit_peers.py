"""implicit's ALS and BPR as harness peers (every rated movie an interaction), single-threaded and
seeded so a run is repeatable."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from src.evaluation.peers import FloatArray, History, Params, PeerFamily, grid, interaction_matrix

SEED = 0


def fit_als(hs: Sequence[History], n: int, params: Params) -> FloatArray:
    from implicit.cpu.als import AlternatingLeastSquares

    x = interaction_matrix(hs, n) * float(params["alpha"])
    model = AlternatingLeastSquares(
        factors=int(params["factors"]),
        regularization=float(params["reg"]),
        alpha=1.0,
        iterations=15,
        random_state=SEED,
        num_threads=1,
        calculate_training_loss=False,
    )
    model.fit(x.tocsr().astype(np.float32), show_progress=False)
    return np.asarray(model.user_factors @ model.item_factors.T, dtype=np.float64)


def fit_bpr(hs: Sequence[History], n: int, params: Params) -> FloatArray:
    from implicit.cpu.bpr import BayesianPersonalizedRanking

    x = interaction_matrix(hs, n)
    model = BayesianPersonalizedRanking(
        factors=int(params["factors"]),
        learning_rate=float(params["lr"]),
        regularization=0.01,
        iterations=int(params["iterations"]),
        random_state=SEED,
        num_threads=1,
    )
    model.fit(x.tocsr().astype(np.float32), show_progress=False)
    return np.asarray(model.user_factors @ model.item_factors.T, dtype=np.float64)


IMPLICIT_FAMILIES = {
    "als": PeerFamily(
        name="als", grid=grid(factors=(32, 64), reg=(0.1, 1.0, 10.0), alpha=(1.0, 10.0)), fit=fit_als
    ),
    "bpr": PeerFamily(
        name="bpr", grid=grid(factors=(32, 64), lr=(0.01, 0.05), iterations=(100,)), fit=fit_bpr
    ),
}

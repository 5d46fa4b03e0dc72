"""Reference algorithms (peers) for the harness, fitted on exactly the product's training rows, each
with its hyperparameters chosen on a validation hold-out carved from training: every user's last liked
movie in training (the second-to-last liked overall), with training cut before it. The test item is
never looked at while choosing.

A peer family is a grid of parameter sets and a fit: histories → a users × items score matrix. The
chosen set is refitted on the full training histories and ranks each user's candidates."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import product

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from src.domain.collaborative_models import ease_weights, recency_weights, transition_pairs
from src.domain.movie import MovieId
from src.evaluation.profiles import UserCase
from src.evaluation.rankers import Ranker, RankerFactory, TrainingData
from src.evaluation.split import UserSplit, item_order
from src.evaluation.variants import Variant

FloatArray = npt.NDArray[np.float64]
Params = Mapping[str, float]
VALIDATION_K = 10


@dataclass(kw_only=True)
class History:
    """One user's distinct catalog movies in time order (a re-rated movie at its latest time) and their
    ratings (0-10)."""

    user: str
    movies: list[MovieId]
    ratings: list[float]

    def before(self, position: int) -> History:
        return History(user=self.user, movies=self.movies[:position], ratings=self.ratings[:position])


Fit = Callable[[Sequence[History], int, Params], FloatArray]  # histories, n_items, params → scores


@dataclass(frozen=True, kw_only=True)
class PeerFamily:
    name: str
    grid: Sequence[Params]
    fit: Fit


def histories(splits: Sequence[UserSplit], item_movie: Mapping[str, MovieId]) -> list[History]:
    out = []
    for s in splits:
        rows = sorted(s.train, key=lambda r: (r.timestamp, item_order(r.item)))
        latest: dict[MovieId, float] = {}
        for r in rows:
            movie = item_movie.get(r.item)
            if movie is not None:
                latest.pop(movie, None)  # re-insert: the movie moves to its latest time
                latest[movie] = r.rating
        out.append(History(user=s.user, movies=list(latest), ratings=list(latest.values())))
    return out


def validation_split(hs: Sequence[History], threshold: float) -> tuple[list[History], dict[int, MovieId]]:
    """Every history cut before its last liked movie, and that movie per user index (users with no
    liked movie in training keep their history and have no target)."""
    cut, targets = [], {}
    for u, h in enumerate(hs):
        liked = [i for i, r in enumerate(h.ratings) if r >= threshold]
        if liked:
            cut.append(h.before(liked[-1]))
            targets[u] = h.movies[liked[-1]]
        else:
            cut.append(h)
    return cut, targets


def ndcg_of(scores: FloatArray, hs: Sequence[History], targets: Mapping[int, MovieId], k: int) -> float:
    """Mean NDCG@k of one held-out movie per user over all unseen items (ties by item id)."""
    total = 0.0
    ids = np.arange(scores.shape[1])
    for u, target in targets.items():
        s = scores[u].copy()
        s[hs[u].movies] = -np.inf
        t = s[target]
        rank = 1 + int(np.sum(s > t)) + int(np.sum((s == t) & (ids < target)))
        total += 1.0 / math.log2(rank + 1) if rank <= k else 0.0
    return total / max(len(targets), 1)


def choose(family: PeerFamily, hs: Sequence[History], n: int, threshold: float) -> tuple[Params, float]:
    """The grid point with the best validation NDCG@10 (first listed on ties), and that NDCG."""
    cut, targets = validation_split(hs, threshold)
    best: tuple[Params, float] | None = None
    for params in family.grid:
        value = ndcg_of(family.fit(cut, n, params), cut, targets, VALIDATION_K)
        if best is None or value > best[1]:
            best = (params, value)
    assert best is not None
    return best


def interaction_matrix(hs: Sequence[History], n: int, *, liked_from: float | None = None) -> sp.csr_matrix:
    """Binary users × items: every rated movie, or only ratings ≥ liked_from."""
    rows, cols = [], []
    for u, h in enumerate(hs):
        for m, r in zip(h.movies, h.ratings, strict=True):
            if liked_from is None or r >= liked_from:
                rows.append(u)
                cols.append(m)
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(hs), n))


def _liked_from(params: Params) -> float | None:
    return None if params.get("all_rated", 1.0) else float(params.get("threshold", 7.0))


def fit_ease(hs: Sequence[History], n: int, params: Params) -> FloatArray:
    x = interaction_matrix(hs, n, liked_from=_liked_from(params))
    b = ease_weights((x.T @ x).toarray(), float(params["lambda"]))
    return np.asarray(x @ b)


def fit_item_knn(hs: Sequence[History], n: int, params: Params) -> FloatArray:
    """Cosine between item columns of the liked matrix, each item's `k` best neighbours; a user scores
    Σ over liked movies."""
    x = interaction_matrix(hs, n, liked_from=float(params.get("threshold", 7.0)))
    g = (x.T @ x).toarray()
    norms = np.sqrt(np.diag(g))
    sim = g / np.maximum(np.outer(norms, norms), 1e-12)
    np.fill_diagonal(sim, 0.0)
    k = int(params["k"])
    drop = np.argpartition(-sim, k, axis=1)[:, k:]
    np.put_along_axis(sim, drop, 0.0, axis=1)
    return np.asarray(x @ sim)


def transition_matrix(hs: Sequence[History], n: int, window: int) -> sp.csr_matrix:
    """T[a, b]: Σ 1/gap over every time a and b were watched within `window` steps (both directions),
    rows normalised to sum 1."""
    src, dst, w = transition_pairs([h.movies for h in hs], window)
    t = sp.csr_matrix((w, (src, dst)), shape=(n, n))
    t.sum_duplicates()
    sums = np.asarray(t.sum(axis=1)).ravel()
    return sp.csr_matrix(sp.diags(1.0 / np.maximum(sums, 1e-12)) @ t)


def fit_transitions(hs: Sequence[History], n: int, params: Params) -> FloatArray:
    """Σ_m decay^m · T[m-th most recent movie] over each user's `recent` latest movies."""
    t = transition_matrix(hs, n, int(params["window"]))
    recent, decay = int(params.get("recent", 10)), float(params["decay"])
    rows, cols, vals = [], [], []
    for u, h in enumerate(hs):
        last = h.movies[-recent:]
        for m, w in zip(last, recency_weights(len(last), decay), strict=True):
            rows.append(u)
            cols.append(m)
            vals.append(w)
    ctx = sp.csr_matrix((vals, (rows, cols)), shape=(len(hs), n))
    return np.asarray((ctx @ t).toarray())


def zscore_rows(scores: FloatArray) -> FloatArray:
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    return np.asarray((scores - mean) / np.maximum(std, 1e-12))


def fit_blend(
    hs: Sequence[History], n: int, params: Params, *, parts: Sequence[tuple[Fit, Params]]
) -> FloatArray:
    """Per-user z-scored parts, blended: part 0 at 1 − w, part 1 at w."""
    (fa, pa), (fb, pb) = parts
    w = float(params["w"])
    return (1.0 - w) * zscore_rows(fa(hs, n, pa)) + w * zscore_rows(fb(hs, n, pb))


def grid(**axes: Sequence[float]) -> list[Params]:
    names = list(axes)
    return [dict(zip(names, values, strict=True)) for values in product(*axes.values())]


PEER_FAMILIES: dict[str, PeerFamily] = {
    "itemknn": PeerFamily(name="itemknn", grid=grid(k=(10, 20, 50, 100)), fit=fit_item_knn),
    "ease": PeerFamily(
        name="ease", grid=grid(**{"lambda": (50, 100, 200, 500, 1000), "all_rated": (1, 0)}), fit=fit_ease
    ),
    "transitions": PeerFamily(
        name="transitions", grid=grid(window=(5, 10, 20), decay=(0.7, 0.8, 0.9)), fit=fit_transitions
    ),
}


@dataclass(kw_only=True)
class MatrixRanker(Ranker):
    """Ranks a user's candidates by a precomputed row of scores (ties by catalog id)."""

    scores: FloatArray
    users: Mapping[str, int]
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    async def rank(self, case: UserCase) -> list[MovieId]:
        ids = case.candidate_ids
        s = self.scores[self.users[case.split.user], ids]
        return [int(i) for i in ids[np.lexsort((ids, -s))]]


def describe(params: Params) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in params.items())


def tuned_ranker(variant: Variant, data: TrainingData, *, families: Mapping[str, PeerFamily]) -> Ranker:
    """Variant.params["family"] is not used: the kind's suffix names the family (`peer-<family>`);
    a blend (`peer-blend`) tunes its parts first, then the blend weight, all on validation."""
    hs = histories(data.splits, data.item_movie)
    n = len(data.movies)
    family_name = variant.kind.removeprefix("peer-")
    if family_name == "blend":
        a, b = families["ease"], families["transitions"]
        pa, _ = choose(a, hs, n, data.threshold)
        pb, _ = choose(b, hs, n, data.threshold)
        family = PeerFamily(
            name="blend",
            grid=grid(w=(0.3, 0.5, 0.7)),
            fit=partial(fit_blend, parts=((a.fit, pa), (b.fit, pb))),
        )
        chosen, value = choose(family, hs, n, data.threshold)
        note = f"EASE ({describe(pa)}) + transitions ({describe(pb)}), {describe(chosen)}"
    else:
        family = families[family_name]
        chosen, value = choose(family, hs, n, data.threshold)
        note = describe(chosen)
    scores = family.fit(hs, n, chosen)
    users = {h.user: u for u, h in enumerate(hs)}
    return MatrixRanker(scores=scores, users=users, note=f"{note}; validation NDCG@10 {value:.4f}")


def peer_rankers(families: Mapping[str, PeerFamily]) -> dict[str, RankerFactory]:
    kinds = [*families, "blend"] if {"ease", "transitions"} <= set(families) else list(families)
    return {f"peer-{name}": partial(tuned_ranker, families=families) for name in kinds}

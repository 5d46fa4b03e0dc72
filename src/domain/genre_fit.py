"""Genre match: how much of a candidate's genres a taste cluster holds.

One of the features the seeds' two-stage rankers score on beside similarity, community rating and log
popularity. Embedding similarity alone lets a film whose description reads close to a cluster but whose
genres are mostly not that cluster's (a crime drama for an action cluster) rank with the cluster's own
kind; the genre match says what share of the film is the cluster's kind. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from src.domain.labels import display_genres
from src.domain.movie import Movie
from src.domain.profile import TasteProfile


def cluster_genre_shares(profile: TasteProfile) -> list[dict[str, float]]:
    """Per profile cluster (in profile.clusters order): display genre → the share of the cluster's liked
    weight whose films have that genre (0–1). From profile.liked; a cluster without liked films (or
    without genres) gets {}."""
    shares: list[dict[str, float]] = []
    for cluster in profile.clusters:
        total = 0.0
        weight: dict[str, float] = {}
        for liked in profile.liked:
            if liked.cluster_id != cluster.id or not liked.genres:
                continue
            w = max(float(liked.weight), 0.0)
            total += w
            for genre in display_genres(liked.genres):
                weight[genre.casefold()] = weight.get(genre.casefold(), 0.0) + w
        shares.append({g: v / total for g, v in weight.items()} if total > 0 else {})
    return shares


def genre_match(
    profile: TasteProfile, movies: Sequence[Movie], cluster_weights: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Per movie, Σ_c cluster_weights[i, c] · fit_c(movie), where fit_c is the mean, over the movie's
    display genres, of the cluster's share of that genre (1 = every genre of the film is held by every
    film of the cluster; a film with off-taste genres scores lower). A movie without genres, or a profile
    whose clusters know no genres, gets the pool's median (neither helped nor hurt); an empty pool or no
    known fit at all gives 0.5 for every movie."""
    shares = cluster_genre_shares(profile)
    fits = np.full((len(movies), len(shares)), np.nan, dtype=np.float64)
    for i, movie in enumerate(movies):
        genres = [g.casefold() for g in display_genres(movie.genres)]
        if not genres:
            continue
        for c, share in enumerate(shares):
            if share:
                fits[i, c] = sum(share.get(g, 0.0) for g in genres) / len(genres)
    known = ~np.isnan(fits)
    weights = np.where(known, cluster_weights, 0.0)
    mass = weights.sum(axis=1)
    out = np.full(len(movies), np.nan, dtype=np.float64)
    has = mass > 0
    out[has] = (np.nan_to_num(fits) * weights).sum(axis=1)[has] / mass[has]
    fallback = float(np.median(out[has])) if has.any() else 0.5
    return np.where(np.isnan(out), fallback, out)


def cluster_softmax(sims: npt.NDArray[np.float64], alpha: float) -> npt.NDArray[np.float64]:
    """softmax(α·s_i) over clusters per candidate: the weights softmax_cluster_scores gives each cluster."""
    logits = alpha * np.asarray(sims, dtype=np.float64)
    logits = logits - logits.max(axis=1, keepdims=True)
    w = np.exp(logits)
    return np.asarray(w / w.sum(axis=1, keepdims=True), dtype=np.float64)

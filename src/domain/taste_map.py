"""The taste map's geometry: liked movies and cluster centres projected to 2-D by PCA.

One computation for every drawing of the map: the PNG renderer and the JSON points the web app draws as
SVG both come from `taste_map`, so the two pictures always agree."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from src.domain.profile import TasteProfile
from src.domain.scoring import normalize_rows

FAVOURITES = 10  # the most heavily weighted liked movies, marked on the map


@dataclass(frozen=True)
class MapPoint:
    title: str
    year: int | None
    movie_id: int | None
    cluster_id: int
    weight: float
    x: float
    y: float
    favourite: bool


@dataclass(frozen=True)
class MapCentre:
    cluster_id: int
    label: str
    weight: float
    x: float
    y: float


@dataclass(frozen=True)
class TasteMap:
    points: list[MapPoint]
    centres: list[MapCentre]


def project(profile: TasteProfile) -> tuple[np.ndarray, np.ndarray]:
    """PCA of liked movies and centroids together, so the centres sit among their members.
    Returns (liked coordinates n×2, centroid coordinates k×2), rows in profile order."""
    liked = normalize_rows(profile.liked_matrix()) if profile.liked else np.zeros((0, 1))
    cents = normalize_rows(profile.centroids())
    both = np.vstack([liked, cents]) if liked.size else cents
    centred = both - both.mean(axis=0)
    if centred.shape[0] < 2 or not np.any(centred):
        coords = np.zeros((both.shape[0], 2))
    else:
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        coords = centred @ vt[:2].T
        if coords.shape[1] < 2:
            coords = np.hstack([coords, np.zeros((coords.shape[0], 2 - coords.shape[1]))])
    n = liked.shape[0] if liked.size else 0
    return coords[:n], coords[n:]


def favourite_indices(profile: TasteProfile, count: int = FAVOURITES) -> set[int]:
    """Indices into profile.liked of the `count` heaviest liked movies (ties broken by list order)."""
    weights = np.array([m.weight for m in profile.liked], dtype=float)
    return {int(i) for i in np.argsort(-weights, kind="stable")[:count]}


def taste_map(profile: TasteProfile, favourites: int = FAVOURITES) -> TasteMap:
    points, centres = project(profile)
    fav = favourite_indices(profile, favourites)
    return TasteMap(
        points=[
            MapPoint(
                title=m.title,
                year=m.year,
                movie_id=m.movie_id,
                cluster_id=m.cluster_id,
                weight=round(float(m.weight), 4),
                x=round(float(points[i, 0]), 5),
                y=round(float(points[i, 1]), 5),
                favourite=i in fav,
            )
            for i, m in enumerate(profile.liked)
        ],
        centres=[
            MapCentre(
                cluster_id=c.id,
                label=c.label,
                weight=round(float(c.weight), 4),
                x=round(float(centres[k, 0]), 5),
                y=round(float(centres[k, 1]), 5),
            )
            for k, c in enumerate(profile.clusters)
        ],
    )

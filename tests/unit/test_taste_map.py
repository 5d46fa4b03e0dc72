"""The taste map's geometry: one projection for the PNG and the SVG, favourites the heaviest films."""

from __future__ import annotations

import uuid

import numpy as np

from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.domain.taste_map import project, taste_map


def profile(weights: list[float], clusters: int = 2, dim: int = 8) -> TasteProfile:
    rng = np.random.default_rng(7)
    liked = [
        LikedMovie(
            title=f"Film {i}",
            year=2000 + i,
            weight=w,
            embedding=rng.normal(size=dim).astype(np.float32),
            cluster_id=i % clusters,
            movie_id=i + 1,
        )
        for i, w in enumerate(weights)
    ]
    return TasteProfile(
        user_id=uuid.uuid4(),
        algorithm="kmeans",
        liked=liked,
        clusters=[
            TasteCluster(
                id=c,
                label=f"cluster {c}",
                centroid=rng.normal(size=dim).astype(np.float32),
                weight=1 / clusters,
                size=sum(1 for m in liked if m.cluster_id == c),
            )
            for c in range(clusters)
        ],
    )


def test_points_are_the_pngs_projection() -> None:
    p = profile([1.0, 0.5, 0.8, 0.2, 0.9])
    points, centres = project(p)
    m = taste_map(p)
    assert [(pt.x, pt.y) for pt in m.points] == [(round(x, 5), round(y, 5)) for x, y in points.tolist()]
    assert [(c.x, c.y) for c in m.centres] == [(round(x, 5), round(y, 5)) for x, y in centres.tolist()]
    assert [pt.title for pt in m.points] == [f"Film {i}" for i in range(5)]
    assert [c.label for c in m.centres] == ["cluster 0", "cluster 1"]


def test_favourites_are_the_heaviest_films() -> None:
    m = taste_map(profile([0.1, 0.9, 0.5, 0.9, 0.3]), favourites=3)
    assert [pt.title for pt in m.points if pt.favourite] == ["Film 1", "Film 2", "Film 3"]


def test_fewer_films_than_favourites_marks_them_all() -> None:
    m = taste_map(profile([0.4, 0.6]))
    assert all(pt.favourite for pt in m.points)


def test_a_single_film_sits_at_a_finite_spot() -> None:
    m = taste_map(profile([1.0], clusters=1))
    assert len(m.points) == 1 and len(m.centres) == 1
    assert all(np.isfinite([pt.x, pt.y]).all() for pt in m.points)

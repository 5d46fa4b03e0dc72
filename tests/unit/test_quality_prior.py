"""The quality prior: critic scores (or TMDB votes) on 0–1, shrunk toward the catalog mean by how many
reviews back them, mapped by every catalog source, and blended into the score by its weight."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import numpy as np
import pytest

from src.domain.movie import Movie
from src.domain.profile import TasteCluster, TasteProfile
from src.domain.quality import CriticScores, catalog_mean, shrunk_quality, vote_quality
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.scoring.priors import quality_prior
from src.infrastructure.catalog.offline import OfflineCatalogSource
from src.infrastructure.tmdb.mapping import movie_from_tmdb


def test_raw_score_is_the_mean_of_what_exists_on_0_to_1() -> None:
    assert CriticScores(rating=8.0, meter=90, metacritic=70).raw() == pytest.approx(0.8)
    assert CriticScores(rating=4.0).raw() == pytest.approx(0.4)
    assert CriticScores().raw() is None


def test_few_reviews_shrink_toward_the_mean_many_barely_do() -> None:
    few = shrunk_quality(0.95, 5, prior_mean=0.6, prior_weight=20)
    many = shrunk_quality(0.85, 300, prior_mean=0.6, prior_weight=20)
    assert few == pytest.approx((5 * 0.95 + 20 * 0.6) / 25)
    assert many > few  # 300 reviews at 8.5 beat 5 reviews at 9.5
    assert shrunk_quality(None, 100, prior_mean=0.6, prior_weight=20) == 0.6
    assert shrunk_quality(0.9, 0, prior_mean=0.6, prior_weight=20) == 0.6
    assert catalog_mean([CriticScores(rating=4.0), CriticScores(rating=8.0), CriticScores()]) == pytest.approx(0.6)


def test_tmdb_votes_map_to_a_shrunk_quality() -> None:
    rich = movie_from_tmdb({"id": 1, "title": "A", "vote_average": 8.5, "vote_count": 20000})
    thin = movie_from_tmdb({"id": 2, "title": "B", "vote_average": 9.5, "vote_count": 3})
    none = movie_from_tmdb({"id": 3, "title": "C"})
    assert rich.quality is not None and thin.quality is not None
    assert rich.quality > 0.84 and thin.quality < 0.65 and none.quality == vote_quality(None, None)


def _offline_db(path: Path) -> Path:
    db = path / "movies.db"
    con = sqlite3.connect(db)
    con.execute(
        'CREATE TABLE omdb (ID INTEGER, imdbID TEXT, Title TEXT, Year INTEGER, Runtime REAL, Genre TEXT, '
        'Director TEXT, "Cast" TEXT, Language TEXT, Country TEXT, Metacritic INTEGER)'
    )
    con.execute("CREATE TABLE tomatoes (ID INTEGER, Rating REAL, Meter INTEGER, Reviews INTEGER)")
    films = [  # id, title, rating, meter, reviews, metacritic
        (1, "Repulsion", 8.9, 95, 65, 91),
        (2, "Doom", 4.0, 18, 137, 34),
        (3, "Obscure Gem", 9.8, 100, 5, None),
        (4, "Unrated", None, None, None, None),
    ]
    for i, title, rating, meter, reviews, meta in films:
        con.execute(
            "INSERT INTO omdb VALUES (?, ?, ?, 1990, 90, 'Horror', 'X', 'Y', 'English', 'UK', ?)",
            (i, f"tt{i:07d}", title, meta),
        )
        con.execute("INSERT INTO tomatoes VALUES (?, ?, ?, ?)", (i, rating, meter, reviews))
    con.commit()
    con.close()
    return db


async def test_the_offline_catalog_maps_critic_scores_to_quality(tmp_path: Path) -> None:
    source = OfflineCatalogSource(_offline_db(tmp_path))
    by_title = {m.title: m for m in [m async for m in source.movies()]}
    q = {t: m.quality for t, m in by_title.items()}
    assert all(v is not None and 0 <= v <= 1 for v in q.values())
    assert q["Repulsion"] > q["Obscure Gem"] > q["Unrated"] > q["Doom"]  # 5 reviews: pulled to the mean
    limited = [m async for m in source.movies(limit=2)]  # the prior mean is the whole catalog's
    assert [m.quality for m in limited] == [q[m.title] for m in limited]


def _profile() -> TasteProfile:
    centroid = np.array([1.0, 0.0], dtype=np.float32)
    return TasteProfile(
        user_id=uuid.UUID(int=1),
        clusters=[TasteCluster(id=0, label="Horror", centroid=centroid, weight=1.0, size=1)],
        algorithm="single",
    )


def test_the_quality_weight_lifts_the_better_film_of_two_alike() -> None:
    weak = Movie(id=1, title="Weak", quality=0.3, embedding=np.array([1.0, 0.05], dtype=np.float32))
    good = Movie(id=2, title="Good", quality=0.85, embedding=np.array([1.0, 0.15], dtype=np.float32))
    plain = score_candidates(_profile(), [weak, good], ScoringParams())
    assert [s.movie.title for s in plain] == ["Weak", "Good"]  # a hair closer
    weighted = score_candidates(_profile(), [weak, good], ScoringParams(quality_weight=0.3))
    assert [s.movie.title for s in weighted] == ["Good", "Weak"]
    assert all(0 <= s.score <= 1 for s in weighted)


def test_a_film_without_quality_gets_the_pool_median() -> None:
    films = [Movie(title="a", quality=0.2), Movie(title="b", quality=0.8), Movie(title="c")]
    assert quality_prior(films).tolist() == [0.2, 0.8, 0.5]

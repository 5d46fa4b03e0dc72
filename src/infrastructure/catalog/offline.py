"""The offline catalog: `movies.db` (SQLite) from the PyPI package bokeh_sampledata==2026.1.

17,472 rows of CC0 Wikidata films (1940–2014) in table `omdb`, joined to `tomatoes` on ID. Mapping,
checked against the real data:

- imdbID → imdb_id. Two imdbIDs appear twice (Apocalypse Now / its 2001 Redux cut; Captain Mike Across
  America / its Slacker Uprising re-edit): the earliest release is kept, so 17,470 movies come out.
- Genre, Director, Cast, Country are ", "-separated ("" when missing) → tuples; "Ed Begley, Jr." stays one
  name. Cast is alphabetical, not in billing order. Language keeps the whole string ("English, French").
- Runtime is a REAL number of minutes (NULL for 1,299 films) → int. Year is an INTEGER.
- tomatoes.Reviews (critic review count, 5–388) → vote_count and popularity.
- tomatoes.Rating (mean critic score, 0.9–10, NULL for 342 films) → vote_average on the 0–10 scale.
  The Meter (% fresh reviews) is a different measure and is not substituted when Rating is NULL.
- The snapshot has no plot text: description stays None.
- quality (0–1): the mean of the critic rating /10, the Meter /100 and Metacritic /100 (whichever
  exist), shrunk toward the catalog mean by the review count (src/domain/quality.py). imdbRating and
  the tomatoes user scores are empty in this snapshot, so they are not used.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

from src.application.ports.catalog_source import CatalogSource
from src.domain.errors import InvalidInputError
from src.domain.movie import Movie
from src.domain.quality import OFFLINE_PRIOR_REVIEWS, CriticScores, catalog_mean, shrunk_quality
from src.infrastructure.catalog.fields import (
    clean_text,
    parse_float,
    parse_int,
    parse_runtime,
    split_names,
)

log = logging.getLogger(__name__)

PACKAGE = "bokeh_sampledata"
PINNED_VERSION = "2026.1"
INSTALL_HINT = f"pip install {PACKAGE}=={PINNED_VERSION}"

# One row per imdbID (earliest release first), titled rows only, in imdbID order.
_DEDUPLICATED = """
    SELECT * FROM (
        SELECT o.imdbID, o.Title, o.Year, o.Genre, o.Country, o.Runtime, o.Director, o."Cast",
               o.Language, t.Rating AS CriticRating, t.Reviews, t.Meter, o.Metacritic,
               ROW_NUMBER() OVER (PARTITION BY o.imdbID ORDER BY o.Year, o.ID) AS rank
        FROM omdb o LEFT JOIN tomatoes t ON t.ID = o.ID
        WHERE o.imdbID IS NOT NULL AND TRIM(o.imdbID) != '' AND TRIM(COALESCE(o.Title, '')) != ''
    ) WHERE rank = 1
"""


def default_movies_db() -> Path:
    """Where bokeh_sampledata keeps movies.db. Raises InvalidInputError when the package is missing."""
    try:
        from bokeh_sampledata.movies_data import movie_path
    except ImportError as exc:
        raise InvalidInputError(
            f"The offline catalog needs the {PACKAGE} package, which is not installed. "
            f"Install it with `{INSTALL_HINT}`."
        ) from exc
    version = importlib.metadata.version(PACKAGE)
    if version != PINNED_VERSION:
        log.warning(
            "%s %s is installed; the catalog expects %s (%s)", PACKAGE, version, PINNED_VERSION, INSTALL_HINT
        )
    return Path(movie_path)


class OfflineCatalogSource(CatalogSource):
    """Movies from movies.db, read-only, in imdbID order. `db_path` overrides the packaged file."""

    name = "offline"

    def __init__(self, db_path: Path | None = None) -> None:
        self._db_path = db_path

    @property
    def db_path(self) -> Path:
        """The SQLite file read; resolved from the package on first use."""
        if self._db_path is None:
            self._db_path = default_movies_db()
        return self._db_path

    async def count(self, limit: int | None = None) -> int | None:
        (total,) = await asyncio.to_thread(self._query_one, f"SELECT COUNT(*) FROM ({_DEDUPLICATED})")
        return total if limit is None else min(total, max(limit, 0))

    async def movies(self, limit: int | None = None) -> AsyncIterator[Movie]:
        if limit is not None and limit <= 0:
            return
        for movie in await asyncio.to_thread(self._load, limit):
            yield movie

    def _connect(self) -> sqlite3.Connection:
        path = self.db_path
        if not path.is_file():
            raise InvalidInputError(
                f"The offline catalog file {path} does not exist. Reinstall it with `{INSTALL_HINT}`."
            )
        try:
            return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise InvalidInputError(f"Cannot open the offline catalog {path}: {exc}") from exc

    def _query_one(self, sql: str) -> tuple[int]:
        with closing(self._connect()) as connection:
            try:
                row: tuple[int] = connection.execute(sql).fetchone()
            except sqlite3.Error as exc:
                raise InvalidInputError(f"The offline catalog {self.db_path} is unreadable: {exc}") from exc
        return row

    def _load(self, limit: int | None) -> list[Movie]:
        sql = f"{_DEDUPLICATED} ORDER BY imdbID" + (" LIMIT ?" if limit is not None else "")
        with closing(self._connect()) as connection:
            connection.row_factory = sqlite3.Row
            try:
                rows = connection.execute(sql, (limit,) if limit is not None else ()).fetchall()
                # the prior mean is the whole catalog's, also when only the first `limit` rows load
                everything = connection.execute(_DEDUPLICATED).fetchall() if limit is not None else rows
            except sqlite3.Error as exc:
                raise InvalidInputError(f"The offline catalog {self.db_path} is unreadable: {exc}") from exc
        prior = catalog_mean(_scores(row) for row in everything)
        return [_to_movie(row, prior) for row in rows]


def _scores(row: sqlite3.Row) -> CriticScores:
    return CriticScores(
        rating=parse_float(row["CriticRating"]),
        meter=parse_float(row["Meter"]),
        metacritic=parse_float(row["Metacritic"]),
        reviews=parse_int(row["Reviews"]),
    )


def _to_movie(row: sqlite3.Row, prior_mean: float) -> Movie:
    reviews = parse_int(row["Reviews"])
    scores = _scores(row)
    return Movie(
        title=str(row["Title"]).strip(),
        year=parse_int(row["Year"]),
        genres=split_names(row["Genre"]),
        countries=split_names(row["Country"]),
        runtime=parse_runtime(row["Runtime"]),
        directors=split_names(row["Director"]),
        cast=split_names(row["Cast"]),
        language=clean_text(row["Language"]),
        popularity=float(reviews) if reviews is not None else None,
        vote_average=parse_float(row["CriticRating"]),
        vote_count=reviews,
        quality=round(
            shrunk_quality(scores.raw(), reviews, prior_mean=prior_mean, prior_weight=OFFLINE_PRIOR_REVIEWS), 4
        ),
        imdb_id=str(row["imdbID"]).strip(),
        source="offline",
    )

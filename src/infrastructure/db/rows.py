"""Row ↔ domain mapping shared by the repositories."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, not_
from sqlalchemy.engine import RowMapping

from src.domain.filters import Filters
from src.domain.movie import Movie
from src.infrastructure.db.tables import movies

MOVIE_COLUMNS = [c for c in movies.c if c.name not in {"embedding", "content_hash", "norm_title", "ext_key"}]


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def movie_from_row(row: RowMapping, *, with_embedding: bool = False) -> Movie:
    embedding = None
    if with_embedding and row.get("embedding") is not None:
        embedding = np.asarray(row["embedding"], dtype=np.float32)
    return Movie(
        id=row["id"],
        title=row["title"],
        year=row["year"],
        genres=_tuple(row["genres"]),
        countries=_tuple(row["countries"]),
        runtime=row["runtime"],
        directors=_tuple(row["directors"]),
        cast=_tuple(row["cast_names"]),
        language=row["language"],
        description=row["description"],
        popularity=row["popularity"],
        vote_average=row["vote_average"],
        vote_count=row["vote_count"],
        quality=row["quality"],
        imdb_id=row["imdb_id"],
        tmdb_id=row["tmdb_id"],
        source=row["source"],
        embedding=embedding,
    )


def filter_clauses(filters: Filters | None) -> list[ColumnElement[bool]]:
    """The SQL form of Filters.matches(). Genre/country values must already be the catalog's own
    spelling (the Recommend use case canonicalises them), so the GIN indexes serve the overlaps."""
    if filters is None:
        return []
    clauses: list[ColumnElement[bool]] = []
    if filters.genres:
        clauses.append(movies.c.genres.overlap(list(filters.genres)))
    if filters.exclude_genres:
        clauses.append(not_(movies.c.genres.overlap(list(filters.exclude_genres))))
    if filters.countries:
        clauses.append(movies.c.countries.overlap(list(filters.countries)))
    if filters.exclude_countries:
        clauses.append(not_(movies.c.countries.overlap(list(filters.exclude_countries))))
    if filters.languages:
        # the original language is the first listed (Filters.matches / original_language)
        first = func.lower(func.trim(func.split_part(movies.c.language, ",", 1)))
        clauses.append(first.in_([v.lower() for v in filters.languages]))
    if filters.year_min is not None:
        clauses.append(movies.c.year >= filters.year_min)
    if filters.year_max is not None:
        clauses.append(movies.c.year <= filters.year_max)
    if filters.runtime_min is not None:
        clauses.append(movies.c.runtime >= filters.runtime_min)
    if filters.runtime_max is not None:
        clauses.append(movies.c.runtime <= filters.runtime_max)
    if filters.min_votes is not None:
        clauses.append(func.coalesce(movies.c.vote_count, 0) >= filters.min_votes)
    return clauses

"""Catalog movies from a CSV / JSON Lines / JSON file with TMDB-style fields.

Recognised fields (keys are case-insensitive; the first present alias wins):
title | name | original_title | original_name; year | release_year, else release_date | first_air_date |
released (YYYY-MM-DD); genres | genre (list, "A|B" / "A, B", or [{"id", "name"}], also as a JSON string in
a CSV cell); countries | production_countries | country | origin_country (names or {"iso_3166_1", "name"});
directors | director; cast | actors | stars; credits {"cast", "crew"} as TMDB returns it; overview |
description | plot | synopsis; runtime | duration; popularity; vote_average; vote_count; language |
spoken_languages | original_language; imdb_id | imdbid | tconst; tmdb_id | id.

Rows without a title are skipped and counted; repeated movies (same catalog key) are dropped and counted.
`stats` describes the last read.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from src.application.ports.catalog import catalog_key
from src.application.ports.catalog_source import CatalogSource
from src.domain.movie import Movie
from src.domain.quality import vote_quality
from src.infrastructure.catalog.fields import (
    clean_text,
    parse_float,
    parse_int,
    parse_runtime,
    parse_year,
    split_names,
)
from src.infrastructure.catalog.file_rows import Row, read_rows

_IMDB_ID = re.compile(r"tt\d{5,}")


@dataclass(frozen=True)
class FileCatalogStats:
    """What the last read of the file found. Line numbers as in read_rows()."""

    rows: int
    movies: int
    untitled_lines: tuple[int, ...]
    duplicate_lines: tuple[int, ...]


class FileCatalogSource(CatalogSource):
    """Movies from one file, in file order. Unreadable files raise InvalidInputError on count()/movies()."""

    name = "file"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.stats: FileCatalogStats | None = None

    async def count(self, limit: int | None = None) -> int | None:
        total = len(await asyncio.to_thread(self._load))
        return total if limit is None else min(total, max(limit, 0))

    async def movies(self, limit: int | None = None) -> AsyncIterator[Movie]:
        movies = await asyncio.to_thread(self._load)
        for movie in movies[: max(limit, 0) if limit is not None else None]:
            yield movie

    def _load(self) -> list[Movie]:
        rows = read_rows(self.path)
        movies: list[Movie] = []
        seen: set[str] = set()
        untitled: list[int] = []
        duplicates: list[int] = []
        for line, row in rows:
            movie = row_to_movie(row)
            if movie is None:
                untitled.append(line)
            elif catalog_key(movie) in seen:
                duplicates.append(line)
            else:
                seen.add(catalog_key(movie))
                movies.append(movie)
        self.stats = FileCatalogStats(len(rows), len(movies), tuple(untitled), tuple(duplicates))
        return movies


def row_to_movie(row: Row) -> Movie | None:
    """The movie a row describes, or None when it has no title."""
    title = clean_text(_first(row, "title", "name", "original_title", "original_name"))
    if title is None:
        return None
    credits = _object(row, "credits")
    year = parse_year(_first(row, "year", "release_year"))
    return Movie(
        title=title,
        year=year or parse_year(_first(row, "release_date", "first_air_date", "released")),
        genres=_names(_first(row, "genres", "genre")),
        countries=_names(
            _first(row, "countries", "production_countries", "country", "origin_country"),
            keys=("name", "english_name", "iso_3166_1"),
        ),
        runtime=parse_runtime(_first(row, "runtime", "duration")),
        directors=_names(_first(row, "directors", "director")) or _crew_directors(credits),
        cast=_names(_first(row, "cast", "actors", "stars")) or _names(credits.get("cast")),
        language=_language(row),
        description=clean_text(_first(row, "overview", "description", "plot", "synopsis")),
        popularity=parse_float(row.get("popularity")),
        vote_average=parse_float(row.get("vote_average")),
        vote_count=parse_int(row.get("vote_count")),
        quality=vote_quality(parse_float(row.get("vote_average")), parse_int(row.get("vote_count"))),
        imdb_id=_imdb_id(row),
        tmdb_id=parse_int(_first(row, "tmdb_id", "tmdbid", "id")),
        source="file",
    )


def _first(row: Row, *keys: str) -> Any:
    """The value of the first key present with a non-empty value."""
    for key in keys:
        value = row.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _object(row: Row, key: str) -> dict[str, Any]:
    """A nested JSON object (TMDB's "credits", "external_ids"), or {} when absent."""
    value = row.get(key)
    return value if isinstance(value, dict) else {}


def _names(value: object, *, keys: tuple[str, ...] = ("name",)) -> tuple[str, ...]:
    """split_names(), also for a JSON list stored as a string in a CSV cell."""
    if isinstance(value, str) and value.lstrip().startswith(("[", "{")):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, dict):
        value = [value]
    return split_names(value, keys=keys)


def _crew_directors(credits: dict[str, Any]) -> tuple[str, ...]:
    crew = credits.get("crew")
    if not isinstance(crew, list):
        return ()
    return _names([person for person in crew if isinstance(person, dict) and person.get("job") == "Director"])


def _language(row: Row) -> str | None:
    language = clean_text(row.get("language"))
    if language:
        return language
    spoken = _names(row.get("spoken_languages"), keys=("english_name", "name", "iso_639_1"))
    return ", ".join(spoken) if spoken else clean_text(row.get("original_language"))


def _imdb_id(row: Row) -> str | None:
    external = _object(row, "external_ids")
    text = clean_text(_first(row, "imdb_id", "imdbid", "tconst", "imdb")) or clean_text(
        external.get("imdb_id")
    )
    match = _IMDB_ID.search(text) if text else None
    return match.group() if match else None

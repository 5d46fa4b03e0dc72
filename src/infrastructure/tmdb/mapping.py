"""TMDB JSON -> Movie, and Filters -> /discover/movie query parameters."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from src.domain.filters import Filters
from src.domain.movie import Movie
from src.domain.quality import vote_quality
from src.infrastructure.tmdb.vocabulary import country_code, country_spellings, tmdb_genre_name

MAX_CAST = 6


def movie_from_tmdb(data: Mapping[str, Any], genre_names: Mapping[int, str] | None = None) -> Movie:
    """A TMDB movie (details, or a list item from discover/search/find/popular) as a Movie with
    source "tmdb". List items name genres by id (`genre_names` resolves them) and carry no
    countries, runtime or credits; details with append_to_response=credits carry everything."""
    if "genres" in data:
        genres = tuple(g["name"] for g in data.get("genres") or [] if g.get("name"))
    else:
        names = genre_names or {}
        genres = tuple(names[i] for i in data.get("genre_ids") or [] if i in names)
    credits = data.get("credits") or {}
    cast = sorted(credits.get("cast") or [], key=lambda c: c.get("order", 0))
    return Movie(
        title=str(data.get("title") or data.get("original_title") or ""),
        year=_year(data.get("release_date")),
        genres=genres,
        countries=tuple(c["name"] for c in data.get("production_countries") or [] if c.get("name")),
        runtime=data.get("runtime") or None,
        directors=tuple(c["name"] for c in credits.get("crew") or [] if c.get("job") == "Director"),
        cast=tuple(c["name"] for c in cast[:MAX_CAST] if c.get("name")),
        language=_language(data),
        description=(data.get("overview") or "").strip() or None,
        popularity=data.get("popularity"),
        vote_average=data.get("vote_average"),
        vote_count=data.get("vote_count"),
        quality=_quality(data.get("vote_average"), data.get("vote_count")),
        imdb_id=data.get("imdb_id") or None,
        tmdb_id=int(data["id"]),
        source="tmdb",
    )


def _quality(average: Any, count: Any) -> float:
    """TMDB's vote average (0–10) shrunk toward TMDB's global mean by the vote count."""
    number = (int, float)
    return vote_quality(
        float(average) if isinstance(average, number) else None,
        float(count) if isinstance(count, number) else None,
    )


def discover_params(filters: Filters, genre_ids: Mapping[str, int]) -> dict[str, str] | None:
    """Query parameters for /discover/movie (without page). `genre_ids` maps lower-cased TMDB genre
    names to ids. None when the filters ask for genres TMDB does not have (nothing can match).
    Countries go to with_origin_country only when every one maps to an ISO code; otherwise only the
    local re-check (matching_filters) applies them."""
    params = {"sort_by": "popularity.desc", "include_adult": "false", "include_video": "false"}
    if filters.genres:
        wanted = _genre_ids(filters.genres, genre_ids)
        if not wanted:
            return None
        params["with_genres"] = "|".join(wanted)
    excluded = _genre_ids(filters.exclude_genres, genre_ids)
    if excluded:
        params["without_genres"] = "|".join(excluded)
    codes = [country_code(c) for c in filters.countries]
    if codes and all(codes):
        params["with_origin_country"] = "|".join(sorted({c for c in codes if c}))
    if filters.year_min is not None:
        params["primary_release_date.gte"] = f"{filters.year_min:04d}-01-01"
    if filters.year_max is not None:
        params["primary_release_date.lte"] = f"{filters.year_max:04d}-12-31"
    if filters.runtime_min is not None:
        params["with_runtime.gte"] = str(filters.runtime_min)
    if filters.runtime_max is not None:
        params["with_runtime.lte"] = str(filters.runtime_max)
    if filters.min_votes is not None:
        params["vote_count.gte"] = str(filters.min_votes)
    return params


def matching_filters(filters: Filters) -> Filters:
    """The same filters, with countries and genres also spelled the way TMDB movies spell them, so
    Filters.matches() accepts a TMDB movie from "United States of America" for a filter "USA"."""
    countries = {s for c in filters.countries for s in country_spellings(c)}
    genres = {g for name in filters.genres for g in (name, tmdb_genre_name(name))}
    excluded = {g for name in filters.exclude_genres for g in (name, tmdb_genre_name(name))}
    return dataclasses.replace(
        filters,
        countries=tuple(sorted(countries)),
        genres=tuple(sorted(genres)),
        exclude_genres=tuple(sorted(excluded)),
    )


def _genre_ids(names: tuple[str, ...], genre_ids: Mapping[str, int]) -> list[str]:
    ids = {genre_ids.get(tmdb_genre_name(n).lower()) for n in names}
    return sorted(str(i) for i in ids if i is not None)


def _year(release_date: object) -> int | None:
    if isinstance(release_date, str) and len(release_date) >= 4 and release_date[:4].isdigit():
        return int(release_date[:4])
    return None


def _language(data: Mapping[str, Any]) -> str | None:
    code = data.get("original_language")
    for lang in data.get("spoken_languages") or []:
        if lang.get("iso_639_1") == code and lang.get("english_name"):
            return str(lang["english_name"])
    return None

"""Requested filter values → the catalog's own spelling ("horror", "Science Fiction" → "Horror", "Sci-Fi")."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from src.application.ports.catalog import CatalogFacets
from src.domain.errors import InvalidInputError, NextStep
from src.domain.filters import Filters
from src.domain.labels import label_genre

COUNTRY_ALIASES = {
    "usa": "united states",
    "us": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "gb": "united kingdom",
    "great britain": "united kingdom",
    "england": "united kingdom",
    "britain": "united kingdom",
    "south korea": "korea",
    "ussr": "soviet union",
}


def _fold(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def _genre_key(value: str) -> str:
    return _fold(label_genre(value))


def _country_key(value: str) -> str:
    folded = _fold(value)
    return COUNTRY_ALIASES.get(folded, folded)


def canonical_filters(filters: Filters, facets: CatalogFacets) -> Filters:
    """Unknown values are a 422 that names the close matches, rather than a silently empty page."""
    genres = [g for g, _ in facets.genres]
    countries = [c for c, _ in facets.countries]
    return replace(
        filters,
        genres=_resolve("genre", filters.genres, genres, _genre_key),
        exclude_genres=_resolve("genre", filters.exclude_genres, genres, _genre_key),
        countries=_resolve("country", filters.countries, countries, _country_key),
    )


def _resolve(kind: str, wanted: tuple[str, ...], known: list[str], key: object) -> tuple[str, ...]:
    assert callable(key)
    by_key: dict[str, list[str]] = {}
    for value in known:
        by_key.setdefault(key(value), []).append(value)
    out: list[str] = []
    for value in wanted:
        found = by_key.get(key(value))
        if not found:
            close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise InvalidInputError(
                f"unknown {kind} {value!r}{hint}",
                details={kind: value, "suggestions": close},
                next_step=NextStep.LIST_FILTERS,
            )
        out.extend(v for v in found if v not in out)
    return tuple(out)

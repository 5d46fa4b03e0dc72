"""Ports for understanding a natural-language query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from src.domain.movie import MovieId
from src.domain.query import ParsedQuery


@dataclass(frozen=True, kw_only=True)
class QueryVocabulary:
    """The catalog's own words: its genres, countries and original languages (as GET /api/v1/filters
    spells them), its year range, and its titles (normalize_title → ids, most reviewed first; id → year)."""

    genres: tuple[str, ...]
    countries: tuple[str, ...]
    year_max: int | None
    languages: tuple[str, ...] = ()
    year_min: int | None = None
    titles: Mapping[str, Sequence[MovieId]] = field(default_factory=dict)
    years: Mapping[MovieId, int | None] = field(default_factory=dict)


class TitleLookup(Protocol):
    """The catalog's titles for anchor resolution: normalize_title(title) → ids (most reviewed first),
    and each id's year. Cheap to call repeatedly (an in-memory index rebuilt when the catalog changes)."""

    async def titles(self) -> tuple[Mapping[str, Sequence[MovieId]], Mapping[MovieId, int | None]]: ...


class QueryParser(Protocol):
    """Reads a query into a ParsedQuery whose genres, countries and anchor ids all come from `vocab`
    (anything else is dropped and listed in `unknown`). `name` is reported in `interpreted.parser`.
    Raises ExternalServiceError when a remote parser fails (the caller then uses the local one)."""

    name: str

    async def parse(self, text: str, vocab: QueryVocabulary) -> ParsedQuery: ...

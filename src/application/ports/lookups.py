"""Looking movies up on an outside service (TMDB). Lookups never write: what they find is stored by the
application (CatalogWriter), in the catalog's terms (id, vector)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from src.domain.filters import Filters
from src.domain.history import MatchMethod, WatchEntry
from src.domain.movie import Movie


class CandidateLookup(Protocol):
    """discover() returns the service's movies with full details (no catalog id, no vector) that pass
    `filters` as the service understands them, most popular first, until `enough` or its last page; it
    raises ExternalServiceError when the service fails. check() is `filters` as a stored movie found this
    way must pass (the service's own spellings of countries and genres included)."""

    service: str

    async def discover(self, filters: Filters, *, enough: int) -> list[Movie]: ...

    def check(self, filters: Filters) -> Filters: ...


class MovieLookup(Protocol):
    """find() returns, per entry and in order: the service's movie for that row (full details, no catalog
    id, no vector), None when the service has none, or a short reason when it could not be asked (e.g.
    "TMDB unavailable"). Never raises for a remote failure. `match_method` marks the rows it matched."""

    service: str
    match_method: MatchMethod

    async def find(self, entries: Sequence[WatchEntry]) -> list[Movie | str | None]: ...

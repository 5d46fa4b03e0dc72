from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from src.domain.movie import Movie


class CatalogSource(Protocol):
    """Where catalog movies come from (the offline movies.db, a CSV/JSONL file, TMDB).

    movies() yields Movie objects (id None, no embedding) in a stable order, at most `limit` of them.
    count() says how many movies() will yield, or None when the source cannot tell cheaply; it is used
    for progress only. Unreadable input raises InvalidInputError naming the problem.
    """

    name: str

    async def count(self, limit: int | None = None) -> int | None: ...

    def movies(self, limit: int | None = None) -> AsyncIterator[Movie]: ...

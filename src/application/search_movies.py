"""Search the catalog by title and by meaning, in one list."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.catalog import CatalogReader
from src.application.ports.embedder import Embedder
from src.domain.errors import InvalidInputError
from src.domain.movie import Movie


@dataclass(frozen=True)
class SearchHit:
    movie: Movie
    match: str  # "title" | "semantic"
    score: float  # 1.0 for an exact title, lower for partial title matches; cosine for semantic ones


class SearchMovies:
    """Title matches first (exact, then prefix, then substring, popular first), then the movies whose
    embedding is nearest to the query text, without repeats. The query is embedded with the catalog's
    model, so "slow-burn 1970s paranoia thriller" finds films even when no title contains those words."""

    def __init__(self, reader: CatalogReader, embedder: Embedder) -> None:
        self._reader = reader
        self._embedder = embedder

    async def execute(self, query: str, *, limit: int = 20, semantic: bool = True) -> list[SearchHit]:
        query = query.strip()
        if not query:
            raise InvalidInputError("the search query is empty: pass ?q=<title or description>")
        if len(query) > 200:
            raise InvalidInputError("the search query is longer than 200 characters")
        hits = [
            SearchHit(m, "title", 1.0 if i == 0 and m.title.lower() == query.lower() else 0.9)
            for i, m in enumerate(await self._reader.search_titles(query, limit))
        ]
        if semantic and len(hits) < limit:
            seen = {h.movie.id for h in hits}
            vector = (await self._embedder.embed([query]))[0]
            neighbours = await self._reader.nearest(
                vector, model=self._embedder.model_name, limit=limit, exclude_ids=[i for i in seen if i]
            )
            hits += [SearchHit(n.movie, "semantic", round(n.similarity, 4)) for n in neighbours]
        return hits[:limit]

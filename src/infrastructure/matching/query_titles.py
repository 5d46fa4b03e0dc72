"""The title index as the query parser's TitleLookup (anchors like "similar to Heat")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from src.domain.movie import MovieId
from src.infrastructure.matching.catalog_index import CatalogIndexCache


class IndexTitleLookup:
    def __init__(self, index: CatalogIndexCache, model_name: str) -> None:
        self._index = index
        self._model = model_name

    async def titles(self) -> tuple[Mapping[str, Sequence[MovieId]], Mapping[MovieId, int | None]]:
        index = await self._index.get(self._model)
        return index.by_title, index.years

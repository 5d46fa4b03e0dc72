"""An in-memory index of catalog titles for matching: by external id, by exact normalised title+year,
and by year bucket for fuzzy matching. Built from one query and rebuilt when the catalog changes."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.infrastructure.db.tables import movies


@dataclass
class CatalogIndex:
    by_imdb: dict[str, int] = field(default_factory=dict)
    by_tmdb: dict[int, int] = field(default_factory=dict)
    by_title_year: dict[tuple[str, int | None], int] = field(default_factory=dict)
    by_title: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # most reviewed first
    by_year: dict[int, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    titles: list[tuple[str, int]] = field(default_factory=list)  # every (norm_title, id)
    years: dict[int, int | None] = field(default_factory=dict)
    signature: tuple[int, object] = (0, None)


class CatalogIndexCache:
    """One CatalogIndex per process and model, rebuilt when the count or the last update time of the
    catalog's embedded movies changes (checked with one cheap query per import)."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory
        self._indexes: dict[str, CatalogIndex] = {}
        self._lock = asyncio.Lock()

    async def get(self, model: str) -> CatalogIndex:
        async with self._lock:
            signature = await self._signature(model)
            index = self._indexes.get(model)
            if index is None or index.signature != signature:
                index = await self._build(model)
                index.signature = signature
                self._indexes[model] = index
            return index

    async def _signature(self, model: str) -> tuple[int, object]:
        stmt = select(func.count(), func.max(movies.c.updated_at)).where(movies.c.embedding_model == model)
        async with self._sessions() as session:
            count, latest = (await session.execute(stmt)).one()
        return int(count), latest

    async def _build(self, model: str) -> CatalogIndex:
        stmt = (
            select(movies.c.id, movies.c.norm_title, movies.c.year, movies.c.imdb_id, movies.c.tmdb_id)
            .where(movies.c.embedding_model == model)
            .order_by(func.coalesce(movies.c.vote_count, 0).desc(), movies.c.id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        index = CatalogIndex()
        for movie_id, title, year, imdb_id, tmdb_id in rows:
            if imdb_id:
                index.by_imdb.setdefault(imdb_id, movie_id)
            if tmdb_id is not None:
                index.by_tmdb.setdefault(tmdb_id, movie_id)
            index.by_title_year.setdefault((title, year), movie_id)
            index.by_title[title].append(movie_id)
            if year is not None:
                index.by_year[year].append((title, movie_id))
            index.titles.append((title, movie_id))
            index.years[movie_id] = year
        return index

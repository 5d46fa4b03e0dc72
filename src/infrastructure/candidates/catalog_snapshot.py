"""The catalog held in this process (CatalogArrays), reloaded when its version changes.

`catalog_state.version` (migration 0009_hot_path) is bumped by a trigger on every statement writing
`movies`, in commit order. It is read at most once per `recheck_seconds`; a change reloads the whole
catalog (one query) while requests keep using the old arrays. So a catalog import done by another
process (the CLI, a worker, another node) is seen here within `recheck_seconds`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.infrastructure.candidates.catalog_arrays import CatalogArrays
from src.infrastructure.db.rows import MOVIE_COLUMNS, movie_from_row
from src.infrastructure.db.tables import catalog_state, movies

log = logging.getLogger(__name__)


class CatalogSnapshots:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        recheck_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = session_factory
        self._recheck = recheck_seconds
        self._clock = clock
        self._arrays: CatalogArrays | None = None
        self._checked: float | None = None
        self._lock = asyncio.Lock()

    async def current(self) -> CatalogArrays:
        """The arrays of the latest catalog version seen (loading it the first time, waiting for that)."""
        if self._arrays is not None and (self._fresh() or self._lock.locked()):
            return self._arrays  # fresh enough, or another request is checking/reloading it now
        async with self._lock:
            if self._arrays is not None and self._fresh():
                return self._arrays
            checked = self._clock()
            version = await self.version()
            if self._arrays is None or self._arrays.version != version:
                self._arrays = await self._load(version)
            self._checked = checked
            return self._arrays

    def _fresh(self) -> bool:
        return self._checked is not None and self._clock() - self._checked < self._recheck

    async def version(self) -> int:
        async with self._sessions() as session:
            return int((await session.execute(select(catalog_state.c.version))).scalar_one())

    async def _load(self, version: int) -> CatalogArrays:
        started = time.perf_counter()
        stmt = (
            select(*MOVIE_COLUMNS, movies.c.embedding, movies.c.embedding_model)
            .where(movies.c.embedding.is_not(None), movies.c.embedding_model.is_not(None))
            .order_by(movies.c.id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).mappings().all()
        pairs = [(movie_from_row(r, with_embedding=True), str(r["embedding_model"])) for r in rows]
        arrays = await asyncio.to_thread(CatalogArrays.build, version, pairs)
        log.info(
            "catalog version %d in memory: %d movies, %.1f MB of vectors, %.2f s",
            version,
            len(pairs),
            arrays.nbytes / 1e6,
            time.perf_counter() - started,
        )
        return arrays

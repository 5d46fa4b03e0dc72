"""The collaborative model in PostgreSQL: item_neighbors (one row per liked movie: neighbour ids,
scores and supporting-user counts as arrays, like count) and the single collaborative_state row (table
cf_state); read back once per build into memory."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace as with_fields
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.ports.collaborative import CollaborativeSignal, CollaborativeState, CollaborativeStore
from src.domain.collaborative import CollaborativeModel, CooccurrenceParams, Interactions, ItemNeighbours
from src.domain.movie import MovieId
from src.infrastructure.db.tables import collaborative_state, item_neighbors, movies, watch_entries

REBUILD_LOCK = 0x43460001  # pg_advisory_xact_lock key: one model write at a time, across processes
INSERT_CHUNK = 2000
_LIKED = (watch_entries.c.liked.is_(True), watch_entries.c.movie_id.is_not(None))


class SqlAlchemyCollaborativeStore(CollaborativeStore, CollaborativeSignal):
    """current() keeps the loaded model in process and looks at collaborative_state.built_at at most
    every `recheck_seconds` (a newer build elsewhere is picked up within that time); replace() in this process
    is visible at once."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        recheck_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = session_factory
        self._recheck = recheck_seconds
        self._clock = clock
        self._model: CollaborativeModel | None = None
        self._checked: float | None = None
        self._lock = asyncio.Lock()

    async def interactions(self) -> Interactions:
        c = watch_entries.c
        stmt = (
            select(c.user_id, c.movie_id, func.max(c.weight))
            .where(*_LIKED)
            .group_by(c.user_id, c.movie_id)
            .order_by(c.user_id, c.movie_id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        index: dict[Any, int] = {}
        return Interactions.from_rows(
            [(index.setdefault(u, len(index)), int(m), float(w or 0.0)) for u, m, w in rows]
        )

    async def counts(self) -> tuple[int, int]:
        pairs = select(watch_entries.c.user_id, watch_entries.c.movie_id).where(*_LIKED).distinct().subquery()
        stmt = select(func.count(func.distinct(pairs.c.user_id)), func.count())
        async with self._sessions() as session:
            users, interactions = (await session.execute(stmt)).one()
        return int(users), int(interactions)

    async def state(self) -> CollaborativeState | None:
        async with self._sessions() as session:
            stmt = select(collaborative_state).where(collaborative_state.c.id == 1)
            row = (await session.execute(stmt)).mappings().first()
        if row is None:
            return None
        return CollaborativeState(
            built_at=row["built_at"],
            users=row["users"],
            interactions=row["interactions"],
            params=row["params"],
        )

    async def replace(self, model: CollaborativeModel) -> datetime:
        built_at = datetime.now(UTC)
        async with self._sessions() as session, session.begin():
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REBUILD_LOCK})
            await session.execute(delete(item_neighbors))
            rows = await _existing_rows(session, model)
            for start in range(0, len(rows), INSERT_CHUNK):
                await session.execute(insert(item_neighbors), rows[start : start + INSERT_CHUNK])
            await session.execute(delete(collaborative_state))
            await session.execute(
                insert(collaborative_state).values(
                    id=1,
                    built_at=built_at,
                    users=model.users,
                    interactions=model.interactions,
                    params=model.params.to_json(),
                )
            )
        self._model = with_fields(model, built_at=built_at)
        self._checked = self._clock()
        return built_at

    async def current(self) -> CollaborativeModel | None:
        now = self._clock()
        if self._checked is not None and now - self._checked < self._recheck:
            return self._model
        async with self._lock:
            if self._checked is not None and self._clock() - self._checked < self._recheck:
                return self._model
            state = await self.state()  # before the rows: a build landing in between reloads next time
            if state is None:
                self._model = None
            elif self._model is None or self._model.built_at != state.built_at:
                self._model = await self._load(state)
            self._checked = now
        return self._model

    async def _load(self, state: CollaborativeState) -> CollaborativeModel:
        stmt = select(item_neighbors).order_by(item_neighbors.c.movie_id)
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).mappings().all()
        likes = {int(r["movie_id"]): int(r["likes"]) for r in rows}
        with_neighbours = [r for r in rows if r["neighbor_ids"]]
        return CollaborativeModel(
            neighbours=_neighbours(with_neighbours),
            likes=likes,
            users=state.users,
            interactions=state.interactions,
            params=CooccurrenceParams.from_json(state.params),
            built_at=state.built_at,
        )


async def _existing_rows(session: AsyncSession, model: CollaborativeModel) -> list[dict[str, object]]:
    """One row per movie with likes or neighbours, for movies (and neighbours) still in the catalog."""
    wanted = set(model.likes) | {int(m) for m in model.neighbours.items}
    wanted |= {int(m) for m in np.unique(model.neighbours.neighbour_ids)}
    found = await session.execute(select(movies.c.id).where(movies.c.id.in_(sorted(wanted))))
    present = {int(i) for (i,) in found}
    rows: dict[MovieId, dict[str, object]] = {}
    for movie, ids, scores, supports in model.neighbours.rows():
        keep = [i for i, m in enumerate(ids.tolist()) if m in present]
        rows[movie] = {
            "movie_id": movie,
            "neighbor_ids": [int(ids[i]) for i in keep],
            "scores": [float(scores[i]) for i in keep],
            "supports": [int(supports[i]) for i in keep],
            "likes": model.likes.get(movie, 0),
        }
    for movie, n in model.likes.items():
        rows.setdefault(
            movie, {"movie_id": movie, "neighbor_ids": [], "scores": [], "supports": [], "likes": n}
        )
    return [r for m, r in sorted(rows.items()) if m in present]


def _neighbours(rows: Sequence[RowMapping]) -> ItemNeighbours:
    """Rows in ascending movie id, each list stored best first: the arrays are just concatenated."""
    if not rows:
        return ItemNeighbours.empty()
    sizes = [len(r["neighbor_ids"]) for r in rows]
    return ItemNeighbours(
        items=np.asarray([r["movie_id"] for r in rows], dtype=np.int64),
        indptr=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        neighbour_ids=np.concatenate([np.asarray(r["neighbor_ids"], dtype=np.int64) for r in rows]),
        scores=np.concatenate([np.asarray(r["scores"], dtype=np.float64) for r in rows]),
        # rows written before migration 0003 have no supports: the model's __post_init__ zero-fills them
        supports=np.concatenate([_supports(r) for r in rows]),
    )


def _supports(row: RowMapping) -> np.ndarray:
    values = row.get("supports") or []
    n = len(row["neighbor_ids"])
    return np.asarray(values if len(values) == n else [0] * n, dtype=np.int64)

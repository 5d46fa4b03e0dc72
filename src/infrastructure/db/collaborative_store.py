"""The collaborative model in PostgreSQL: item_neighbors (one row per liked movie: neighbour ids,
scores and supporting-user counts as arrays, the transitions lists the same way (migration
0008_transitions), like count) and the single cf_state row; read back once per build into memory."""

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
# A model write waits at most this long for the rebuild lock (another process writing its model) or a row
# lock, then gives up with an error: the caller logs it and keeps serving the previous model, never hangs.
LOCK_TIMEOUT = "120s"
_LIKED = (watch_entries.c.liked.is_(True), watch_entries.c.movie_id.is_not(None))
_MATCHED = (watch_entries.c.movie_id.is_not(None),)


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

    async def interactions(self, *, rated: bool = False) -> Interactions:
        c = watch_entries.c
        weight = func.max(c.weight) if not rated else func.count()
        stmt = (
            select(c.user_id, c.movie_id, weight)
            .where(*(_MATCHED if rated else _LIKED))
            .group_by(c.user_id, c.movie_id)
            .order_by(c.user_id, c.movie_id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        index: dict[Any, int] = {}
        return Interactions.from_rows(
            [
                (index.setdefault(u, len(index)), int(m), 1.0 if rated else float(w or 0.0))
                for u, m, w in rows
            ]
        )

    async def counts(self, *, rated: bool = False) -> tuple[int, int]:
        c = watch_entries.c
        pairs = select(c.user_id, c.movie_id).where(*(_MATCHED if rated else _LIKED)).distinct().subquery()
        stmt = select(func.count(func.distinct(pairs.c.user_id)), func.count())
        async with self._sessions() as session:
            users, interactions = (await session.execute(stmt)).one()
        return int(users), int(interactions)

    async def sequences(self) -> list[list[MovieId]]:
        c = watch_entries.c
        stmt = (
            select(c.user_id, c.movie_id)
            .where(c.movie_id.is_not(None), c.watched_at.is_not(None))
            .order_by(c.user_id, c.watched_at, c.line)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        by_user: dict[Any, dict[MovieId, None]] = {}
        for user, movie in rows:
            latest = by_user.setdefault(user, {})
            latest.pop(int(movie), None)  # re-inserted: the movie moves to its latest time
            latest[int(movie)] = None
        return [list(latest) for latest in by_user.values()]

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
            await session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
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
        with_transitions = [r for r in rows if r["transition_ids"]]
        return CollaborativeModel(
            neighbours=_neighbours(with_neighbours),
            transitions=_neighbours(with_transitions, TRANSITION_COLUMNS),
            likes=likes,
            users=state.users,
            interactions=state.interactions,
            params=CooccurrenceParams.from_json(state.params),
            built_at=state.built_at,
        )


async def _existing_rows(session: AsyncSession, model: CollaborativeModel) -> list[dict[str, object]]:
    """One row per movie with likes or neighbours, for movies (and neighbours) still in the catalog."""
    lists = (model.neighbours, model.transitions)
    wanted = set(model.likes) | {int(m) for n in lists for m in (*n.items, *np.unique(n.neighbour_ids))}
    found = await session.execute(select(movies.c.id).where(movies.c.id.in_(sorted(wanted))))
    present = {int(i) for (i,) in found}
    rows: dict[MovieId, dict[str, object]] = {}
    for neighbours, columns in ((model.neighbours, NEIGHBOUR_COLUMNS), (model.transitions, TRANSITION_COLUMNS)):
        for movie, ids, scores, supports in neighbours.rows():
            keep = [i for i, m in enumerate(ids.tolist()) if m in present]
            row = rows.setdefault(movie, _empty_row(movie, model.likes.get(movie, 0)))
            row[columns[0]] = [int(ids[i]) for i in keep]
            row[columns[1]] = [float(scores[i]) for i in keep]
            row[columns[2]] = [int(supports[i]) for i in keep]
    for movie, n in model.likes.items():
        rows.setdefault(movie, _empty_row(movie, n))
    return [r for m, r in sorted(rows.items()) if m in present]


NEIGHBOUR_COLUMNS = ("neighbor_ids", "scores", "supports")
TRANSITION_COLUMNS = ("transition_ids", "transition_scores", "transition_supports")


def _empty_row(movie: MovieId, likes: int) -> dict[str, object]:
    return {"movie_id": movie, "likes": likes, **{c: [] for c in (*NEIGHBOUR_COLUMNS, *TRANSITION_COLUMNS)}}


def _neighbours(rows: Sequence[RowMapping], columns: tuple[str, str, str] = NEIGHBOUR_COLUMNS) -> ItemNeighbours:
    """Rows in ascending movie id, each list stored best first: the arrays are just concatenated."""
    if not rows:
        return ItemNeighbours.empty()
    ids, scores, _ = columns
    sizes = [len(r[ids]) for r in rows]
    return ItemNeighbours(
        items=np.asarray([r["movie_id"] for r in rows], dtype=np.int64),
        indptr=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        neighbour_ids=np.concatenate([np.asarray(r[ids], dtype=np.int64) for r in rows]),
        scores=np.concatenate([np.asarray(r[scores], dtype=np.float64) for r in rows]),
        # rows written before migration 0003 have no supports: the model's __post_init__ zero-fills them
        supports=np.concatenate([_supports(r, columns) for r in rows]),
    )


def _supports(row: RowMapping, columns: tuple[str, str, str]) -> np.ndarray:
    values = row.get(columns[2]) or []
    n = len(row[columns[0]])
    return np.asarray(values if len(values) == n else [0] * n, dtype=np.int64)

"""The job store in PostgreSQL (table `jobs`): one short committed transaction per call."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.ports.jobs import JobStore
from src.domain.job import Job, JobKind, JobState
from src.infrastructure.db.tables import jobs

_COLUMNS = [c for c in jobs.c if c.name != "payload"]


def _uuid(job_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(job_id)
    except (ValueError, AttributeError, TypeError):
        return None


class SqlAlchemyJobStore(JobStore):
    """Commits every write itself (the JobStore contract): a job's record lives outside the job's work."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def create(
        self, kind: JobKind, *, owner: str | None, params: dict[str, object], payload: bytes | None
    ) -> Job:
        job_id = uuid.uuid4()
        values: dict[str, Any] = {
            "id": job_id,
            "kind": kind,
            "owner_id": uuid.UUID(owner) if owner else None,
            "state": "queued",
            "params": params,
            "payload": payload,
        }
        async with self._sessions() as session:
            row = (await session.execute(insert(jobs).values(**values).returning(*_COLUMNS))).mappings().one()
            await session.commit()
        return _job(row)

    async def get(self, job_id: str) -> Job | None:
        key = _uuid(job_id)
        if key is None:
            return None
        async with self._sessions() as session:
            row = (await session.execute(select(*_COLUMNS).where(jobs.c.id == key))).mappings().first()
        return _job(row) if row is not None else None

    async def start(self, job_id: str) -> tuple[Job, bytes | None] | None:
        key = _uuid(job_id)
        if key is None:
            return None
        stmt = (
            update(jobs)
            .where(jobs.c.id == key, jobs.c.state == "queued")
            .values(state="running", started_at=datetime.now(UTC))
            .returning(*_COLUMNS, jobs.c.payload)
        )
        async with self._sessions() as session:
            row = (await session.execute(stmt)).mappings().first()
            await session.commit()
        if row is None:
            return None
        return _job(row), row["payload"]

    async def progress(self, job_id: str, *, stage: str | None, done: int, total: int | None) -> None:
        await self._update(job_id, {"stage": stage, "done": done, "total": total}, only_running=True)

    async def succeed(self, job_id: str, result: dict[str, object]) -> None:
        await self._finish(job_id, "succeeded", {"result": result, "error": None})

    async def fail(self, job_id: str, error: str) -> None:
        await self._finish(job_id, "failed", {"error": error[:2000]})

    async def _finish(self, job_id: str, state: JobState, values: dict[str, Any]) -> None:
        await self._update(
            job_id, {**values, "state": state, "payload": None, "finished_at": datetime.now(UTC)}
        )

    async def _update(self, job_id: str, values: dict[str, Any], *, only_running: bool = False) -> None:
        key = _uuid(job_id)
        if key is None:
            return
        stmt = update(jobs).where(jobs.c.id == key)
        if only_running:
            stmt = stmt.where(jobs.c.state == "running")
        async with self._sessions() as session:
            await session.execute(stmt.values(**values))
            await session.commit()


def _job(row: RowMapping) -> Job:
    return Job(
        id=str(row["id"]),
        kind=cast(JobKind, row["kind"]),
        owner=str(row["owner_id"]) if row["owner_id"] is not None else None,
        state=cast(JobState, row["state"]),
        params=dict(row["params"] or {}),
        stage=row["stage"],
        done=int(row["done"]),
        total=row["total"],
        error=row["error"],
        result=row["result"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )

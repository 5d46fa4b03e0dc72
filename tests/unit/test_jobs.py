"""RunJob / SubmitJob / InProcessJobQueue / ShowJob against a stateful in-memory job store."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from datetime import UTC, datetime

import pytest

from src.application.run_job import JobInput, RunJob
from src.application.show_job import ShowJob
from src.application.submit_job import SubmitJob, SubmitJobCommand
from src.domain.errors import AuthenticationError, ForbiddenError, InvalidInputError, JobNotFoundError
from src.domain.job import Job, JobKind
from src.infrastructure.jobs.in_process import InProcessJobQueue


class MemoryJobStore:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}
        self.payloads: dict[str, bytes | None] = {}
        self.progress_writes: list[tuple[str | None, int, int | None]] = []

    async def create(
        self, kind: JobKind, *, owner: str | None, params: dict[str, object], payload: bytes | None
    ) -> Job:
        job = Job(id=str(uuid.uuid4()), kind=kind, owner=owner, state="queued", params=params,
                  created_at=datetime.now(UTC))
        self.jobs[job.id], self.payloads[job.id] = job, payload
        return job

    async def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    async def start(self, job_id: str) -> tuple[Job, bytes | None] | None:
        job = self.jobs.get(job_id)
        if job is None or job.state != "queued":
            return None
        self.jobs[job_id] = dataclasses.replace(job, state="running")
        return self.jobs[job_id], self.payloads[job_id]

    async def progress(self, job_id: str, *, stage: str | None, done: int, total: int | None) -> None:
        self.progress_writes.append((stage, done, total))
        self.jobs[job_id] = dataclasses.replace(self.jobs[job_id], stage=stage, done=done, total=total)

    async def succeed(self, job_id: str, result: dict[str, object]) -> None:
        self.jobs[job_id] = dataclasses.replace(self.jobs[job_id], state="succeeded", result=result)
        self.payloads[job_id] = None

    async def fail(self, job_id: str, error: str) -> None:
        self.jobs[job_id] = dataclasses.replace(self.jobs[job_id], state="failed", error=error)
        self.payloads[job_id] = None


async def count_rows(run: JobInput) -> dict[str, object]:
    assert run.payload is not None
    lines = run.payload.splitlines()
    run.progress.start("counting", len(lines))
    for _ in lines:
        run.progress.advance(1)
    run.progress.finish()
    return {"rows": len(lines)}


async def refuse(run: JobInput) -> dict[str, object]:
    run.progress.start("reading", 10)
    run.progress.advance(3)
    raise InvalidInputError("line 3 has no title")


async def crash(run: JobInput) -> dict[str, object]:
    raise RuntimeError("secret internals")


HANDLERS = {"watch_history_import": count_rows, "catalog_import": refuse, "collaborative_refit": crash}


async def test_a_job_runs_in_process_and_reports_its_result_and_progress() -> None:
    store = MemoryJobStore()
    runner = RunJob(store, HANDLERS, interval=0.01)
    queue = InProcessJobQueue(lambda: runner.execute)
    job = await SubmitJob(store, queue).execute(
        SubmitJobCommand(kind="watch_history_import", owner="u", payload=b"a\nb\nc")
    )
    await queue.aclose()
    done = store.jobs[job.id]
    assert done.state == "succeeded" and done.result == {"rows": 3}
    assert done.fraction == 1.0 and (done.stage, done.done, done.total) == ("counting", 3, 3)
    assert store.payloads[job.id] is None  # the upload is not kept after the job


async def test_a_refused_job_keeps_the_users_message_and_an_unexpected_one_hides_internals() -> None:
    store = MemoryJobStore()
    runner = RunJob(store, HANDLERS, interval=0.01)
    refused = await store.create("catalog_import", owner=None, params={}, payload=None)
    crashed = await store.create("collaborative_refit", owner=None, params={}, payload=None)
    await runner.execute(refused.id)
    await runner.execute(crashed.id)
    assert store.jobs[refused.id].state == "failed"
    assert store.jobs[refused.id].error == "line 3 has no title"
    assert store.jobs[refused.id].done == 3  # the progress reached before the failure is recorded
    assert store.jobs[crashed.id].state == "failed"
    assert "RuntimeError" in (store.jobs[crashed.id].error or "")
    assert "secret" not in (store.jobs[crashed.id].error or "")


async def test_a_job_runs_once_even_when_delivered_twice() -> None:
    store = MemoryJobStore()
    calls: list[str] = []

    async def once(run: JobInput) -> dict[str, object]:
        calls.append(run.job.id)
        await asyncio.sleep(0)
        return {}

    runner = RunJob(store, {"collaborative_refit": once}, interval=0.01)
    job = await store.create("collaborative_refit", owner=None, params={}, payload=None)
    first, second = await asyncio.gather(runner.execute(job.id), runner.execute(job.id))
    assert calls == [job.id]
    assert {first is None, second is None} == {True, False}


class BrokenQueue:
    name = "broken"

    async def enqueue(self, job_id: str) -> None:
        raise ConnectionError("redis down")

    async def aclose(self) -> None:
        pass


async def test_a_job_that_cannot_be_queued_is_marked_failed_not_left_queued() -> None:
    store = MemoryJobStore()
    with pytest.raises(ConnectionError):
        await SubmitJob(store, BrokenQueue()).execute(SubmitJobCommand(kind="catalog_import"))
    (job,) = store.jobs.values()
    assert job.state == "failed" and "could not be queued" in (job.error or "")


class KeyCheck:
    """AuthenticateUser's contract: key 'k-<user>' is that user's key."""

    async def execute(self, user_id: uuid.UUID, api_key: str | None) -> object:
        if not api_key:
            raise AuthenticationError("missing API key")
        if api_key == f"k-{user_id}":
            return user_id
        if api_key.startswith("k-"):
            raise ForbiddenError("another user's key")
        raise AuthenticationError("invalid key")


async def test_a_user_sees_only_their_own_jobs() -> None:
    store = MemoryJobStore()
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
    job = await store.create("watch_history_import", owner=alice, params={}, payload=b"x")
    operator_job = await store.create("catalog_import", owner=None, params={}, payload=None)
    show = ShowJob(store, KeyCheck())  # type: ignore[arg-type]
    assert (await show.execute(job.id, f"k-{alice}")).id == job.id
    with pytest.raises(JobNotFoundError):
        await show.execute(job.id, f"k-{bob}")
    with pytest.raises(JobNotFoundError):
        await show.execute(operator_job.id, f"k-{alice}")
    with pytest.raises(JobNotFoundError):
        await show.execute(str(uuid.uuid4()), f"k-{alice}")
    with pytest.raises(AuthenticationError):
        await show.execute(job.id, None)
    with pytest.raises(AuthenticationError):
        await show.execute(str(uuid.uuid4()), None)

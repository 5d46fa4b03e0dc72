"""Background jobs: where their state is kept (JobStore) and how they reach a worker (JobQueue)."""

from __future__ import annotations

from typing import Protocol

from src.domain.job import Job, JobKind


class JobStore(Protocol):
    """The durable record of every job, shared by all API nodes and workers (PostgreSQL).

    Every method is its own short transaction and commits it: a job's state must survive the job's own
    work being rolled back, and progress must be visible to other nodes while the job runs. Methods on
    an unknown id return None / do nothing; they never raise for it. A database outage raises the
    driver's connection error (the API maps it to 503)."""

    async def create(
        self, kind: JobKind, *, owner: str | None, params: dict[str, object], payload: bytes | None
    ) -> Job:
        """Record a new job in state `queued`, with its input `payload` (an upload's bytes) kept until
        the job finishes."""
        ...

    async def get(self, job_id: str) -> Job | None: ...

    async def start(self, job_id: str) -> tuple[Job, bytes | None] | None:
        """Move a `queued` job to `running` and return it with its payload; None when the job is
        unknown or not queued (already taken by another worker, or finished): the caller must not run it."""
        ...

    async def progress(self, job_id: str, *, stage: str | None, done: int, total: int | None) -> None:
        """Record how far a running job is."""
        ...

    async def succeed(self, job_id: str, result: dict[str, object]) -> None:
        """Mark the job `succeeded` with its JSON-able result; the payload is dropped."""
        ...

    async def fail(self, job_id: str, error: str) -> None:
        """Mark the job `failed` with a message for the person who asked; the payload is dropped."""
        ...


class JobQueue(Protocol):
    """Hands a recorded job to whatever runs jobs.

    `enqueue` returns once the job id is durably queued (Redis) or scheduled in this process (the
    embedded single-machine mode); it does not wait for the job. Delivery is at least once: runners
    call `JobStore.start`, which lets only one of them run a job. An unreachable queue raises
    ServiceUnavailableError. `name` says which queue this is (for logs, `/health` and reports)."""

    name: str

    async def enqueue(self, job_id: str) -> None: ...

    async def aclose(self) -> None:
        """Release connections; in-process queues wait for the jobs they started."""
        ...

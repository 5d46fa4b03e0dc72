"""Record a background job and hand it to the queue (the API answers 202 with its id)."""

from __future__ import annotations

from dataclasses import dataclass, field

from src.application.ports.jobs import JobQueue, JobStore
from src.domain.job import Job, JobKind


@dataclass(frozen=True, kw_only=True)
class SubmitJobCommand:
    kind: JobKind
    owner: str | None = None  # the user the job belongs to; None for operator jobs
    params: dict[str, object] = field(default_factory=dict)
    payload: bytes | None = None


class SubmitJob:
    """The job is recorded first (so its id can be polled at once), then queued. When queueing fails
    the record is marked failed with the reason, and the error is raised: no job waits forever."""

    def __init__(self, store: JobStore, queue: JobQueue) -> None:
        self._store = store
        self._queue = queue

    async def execute(self, cmd: SubmitJobCommand) -> Job:
        job = await self._store.create(cmd.kind, owner=cmd.owner, params=cmd.params, payload=cmd.payload)
        try:
            await self._queue.enqueue(job.id)
        except Exception as exc:
            await self._store.fail(job.id, f"the job could not be queued: {exc}")
            raise
        return job

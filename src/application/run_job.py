"""Run one recorded job: claim it, run its handler with progress reporting, record the outcome."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from src.application.ports.jobs import JobStore
from src.application.ports.progress import Progress
from src.domain.errors import CinemAIError
from src.domain.job import Job

log = logging.getLogger(__name__)


class JobProgress(Progress):
    """The Progress a handler reports to; RunJob writes it to the store every `interval` seconds (and
    once at the end), so a fast loop of advance() calls costs no database writes."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.done = 0
        self.total: int | None = None
        self.changed = False

    def start(self, task: str, total: int | None) -> None:
        self.stage, self.done, self.total, self.changed = task, 0, total, True

    def advance(self, n: int) -> None:
        self.done += n
        self.changed = True

    def finish(self) -> None:
        if self.total is not None:
            self.done = self.total
        self.changed = True


@dataclass(frozen=True)
class JobInput:
    job: Job
    payload: bytes | None
    progress: JobProgress


# A handler does the job's work (one use case) and returns its JSON-able result. It raises a
# CinemAIError for a problem the person who asked can fix; its message becomes the job's error.
JobHandler = Callable[[JobInput], Awaitable[dict[str, object]]]


class RunJob:
    """execute(job_id) runs the job once: a job another runner already took, or a finished one, is
    skipped (returns None). The handler's own use case owns its transaction, so a failure leaves
    nothing half-written; the job is then `failed` with the error's message (an unexpected error is
    logged with its traceback and reported without internals)."""

    def __init__(self, store: JobStore, handlers: Mapping[str, JobHandler], *, interval: float = 0.5) -> None:
        self._store = store
        self._handlers = handlers
        self._interval = interval

    async def execute(self, job_id: str) -> Job | None:
        claimed = await self._store.start(job_id)
        if claimed is None:
            return None
        job, payload = claimed
        handler = self._handlers.get(job.kind)
        if handler is None:
            await self._store.fail(job_id, f"this worker cannot run {job.kind} jobs")
            return await self._store.get(job_id)
        progress = JobProgress()
        reporter = asyncio.create_task(self._report(job_id, progress))
        try:
            result = await handler(JobInput(job, payload, progress))
        except CinemAIError as exc:
            await self._stop(reporter, job_id, progress)
            await self._store.fail(job_id, exc.message)
        except Exception as exc:
            log.exception("job %s (%s) failed", job_id, job.kind)
            await self._stop(reporter, job_id, progress)
            await self._store.fail(job_id, f"the job failed unexpectedly ({type(exc).__name__})")
        else:
            await self._stop(reporter, job_id, progress)
            await self._store.succeed(job_id, result)
        return await self._store.get(job_id)

    async def _report(self, job_id: str, progress: JobProgress) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self._flush(job_id, progress)

    async def _stop(self, reporter: asyncio.Task[None], job_id: str, progress: JobProgress) -> None:
        reporter.cancel()
        try:
            await reporter
        except asyncio.CancelledError:
            pass
        except Exception:  # a failed progress write must not hide the job's own outcome
            log.exception("progress report for job %s failed", job_id)
        await self._flush(job_id, progress)

    async def _flush(self, job_id: str, progress: JobProgress) -> None:
        if progress.changed:
            progress.changed = False
            await self._store.progress(job_id, stage=progress.stage, done=progress.done, total=progress.total)

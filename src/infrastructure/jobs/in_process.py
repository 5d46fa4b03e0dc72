"""The embedded single-machine mode: a submitted job runs as a task in the process that submitted it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from src.application.ports.jobs import JobQueue

log = logging.getLogger(__name__)


class InProcessJobQueue(JobQueue):
    """enqueue() starts `run(job_id)` as an asyncio task in this process and returns at once. State is
    in the shared job store, so any API worker of the machine can report it. A job still running when
    the process stops is awaited by aclose() (the server's shutdown), so it is not cut half-way."""

    name = "in-process"

    def __init__(self, run: Callable[[], Callable[[str], Awaitable[object]]]) -> None:
        self._run = run  # resolved per job: the runner's use cases are built when a job starts
        self._tasks: set[asyncio.Task[object]] = set()

    async def enqueue(self, job_id: str) -> None:
        task = asyncio.create_task(self._guarded(job_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guarded(self, job_id: str) -> object:
        try:
            return await self._run()(job_id)
        except Exception:  # RunJob records failures itself; this is a store outage
            log.exception("in-process job %s could not be run", job_id)
            return None

    async def aclose(self) -> None:
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

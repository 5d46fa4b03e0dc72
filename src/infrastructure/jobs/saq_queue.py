"""The job queue on Redis with SAQ (`saq`, asyncio): the API enqueues job ids, `cinemai worker` runs them.

SAQ carries only the job id; the job's state, progress, payload and result live in the PostgreSQL job
store, so Redis can lose a queue entry only under memory pressure (docs/production.md: the eviction
policy) and never holds anyone's history.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from saq import Queue, Worker
from saq.types import Context

from src.application.ports.jobs import JobQueue
from src.domain.errors import ServiceUnavailableError
from src.infrastructure.cache.redis import redact_url

log = logging.getLogger(__name__)
QUEUE_NAME = "cinemai-jobs"
RUN_JOB = "run_job"


def _queue(url: str) -> Queue:
    """Any URL redis-py takes (redis://, rediss://, unix://); SAQ's own from_url knows only the first."""
    import redis.asyncio as aioredis
    from saq.queue.redis import RedisQueue

    return RedisQueue(aioredis.from_url(url), name=QUEUE_NAME)


class SaqJobQueue(JobQueue):
    """enqueue() puts the id on the SAQ queue `cinemai-jobs` (the SAQ key is the job id, so a repeated
    enqueue is a no-op) and returns; a worker picks it up. SAQ's own timeout is `timeout_s` per job,
    with no SAQ retry: a failed job is recorded failed, and running it again is the user's choice."""

    name = "redis"

    def __init__(self, url: str, *, timeout_s: int = 3600) -> None:
        self._url = url
        self._timeout = timeout_s
        self._queue: Queue | None = None

    async def enqueue(self, job_id: str) -> None:
        try:
            if self._queue is None:
                queue = _queue(self._url)
                await queue.connect()
                self._queue = queue
            await self._queue.enqueue(
                RUN_JOB, key=job_id, job_id=job_id, timeout=self._timeout, retries=1, ttl=86_400
            )
        except (OSError, TimeoutError, ConnectionError) as exc:
            raise ServiceUnavailableError(
                f"the job queue (Redis at {redact_url(self._url)}) is unreachable; try again shortly"
            ) from exc
        except Exception as exc:
            if type(exc).__module__.startswith("redis"):
                raise ServiceUnavailableError(
                    f"the job queue (Redis at {redact_url(self._url)}) is unreachable; try again shortly"
                ) from exc
            raise

    async def aclose(self) -> None:
        if self._queue is not None:
            await self._queue.disconnect()
            self._queue = None


def saq_worker(
    url: str,
    run: Callable[[str], Awaitable[object]],
    *,
    concurrency: int,
    on_start: Callable[[], Awaitable[None]] | None = None,
    on_stop: Callable[[], Awaitable[None]] | None = None,
) -> Worker:
    """A SAQ worker on the same queue that runs `run(job_id)` for each id, `concurrency` at a time."""

    async def run_job(ctx: Context, *, job_id: str) -> None:
        await run(job_id)

    async def startup(ctx: Context) -> None:
        if on_start is not None:
            await on_start()

    async def shutdown(ctx: Context) -> None:
        if on_stop is not None:
            await on_stop()

    functions: Any = [(RUN_JOB, run_job)]
    return Worker(
        _queue(url),
        functions=functions,
        concurrency=concurrency,
        startup=startup,
        shutdown=shutdown,
    )

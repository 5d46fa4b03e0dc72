"""Background jobs: state in PostgreSQL; the queue is SAQ on Redis, or this process (embedded mode).
The handlers (one per job kind) are installed by the presentation layer (src/presentation/jobs.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.ports.jobs import JobQueue, JobStore
from src.application.run_job import RunJob
from src.application.submit_job import SubmitJob
from src.composition.kinds import job_queue_kind
from src.domain.errors import InvalidInputError
from src.infrastructure.jobs.in_process import InProcessJobQueue
from src.infrastructure.jobs.postgres_store import SqlAlchemyJobStore
from src.infrastructure.settings import Settings


def _saq_queue(settings: Settings) -> JobQueue:
    from src.infrastructure.jobs.saq_queue import SaqJobQueue

    if not settings.redis_url:
        raise InvalidInputError("CINEMAI_JOBS=redis needs REDIS_URL")
    return SaqJobQueue(settings.redis_url, timeout_s=settings.job_timeout_seconds)


def _in_process_queue(run_job: Callable[[], RunJob]) -> JobQueue:
    return InProcessJobQueue(lambda: run_job().execute)


def job_worker(settings: Settings, execute: Callable[[str], Awaitable[object]], *, concurrency: int) -> Any:
    """The queue's worker (SAQ on REDIS_URL) running `execute(job_id)` for each job; start()/stop() it."""
    from src.infrastructure.jobs.saq_queue import saq_worker

    return saq_worker(settings.redis_url or "", execute, concurrency=concurrency)


def redis_display_url(settings: Settings) -> str:
    """REDIS_URL with any password replaced by ***, for messages."""
    from src.infrastructure.cache.redis import redact_url

    return redact_url(settings.redis_url or "")


class Jobs(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    session_factory: providers.Dependency[async_sessionmaker[AsyncSession]] = providers.Dependency()

    job_store: providers.Provider[JobStore] = providers.Singleton(SqlAlchemyJobStore, session_factory)
    job_handlers: providers.Provider[dict[str, object]] = providers.Dependency(instance_of=dict)
    run_job = providers.Factory(RunJob, store=job_store, handlers=job_handlers)
    job_queue: providers.Provider[JobQueue] = providers.Selector(
        providers.Callable(lambda s: job_queue_kind(s).replace("-", "_"), settings),
        in_process=providers.Singleton(_in_process_queue, run_job.provider),
        redis=providers.Singleton(_saq_queue, settings),
    )
    submit_job = providers.Factory(SubmitJob, store=job_store, queue=job_queue)

"""`cinemai worker`: runs background jobs from the Redis queue (SAQ) until stopped (Ctrl-C / SIGTERM)."""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import signal

from rich.console import Console

from src.container import Container, database, job_queue_kind, job_worker, redis_display_url
from src.presentation.jobs import install_job_handlers


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = sub.add_parser("worker", help="run background jobs (uploads, catalog imports, refits) from Redis")
    worker.add_argument(
        "--concurrency", type=int, default=None, help="jobs at a time (default: CINEMAI_WORKER_CONCURRENCY or 2)"
    )
    worker.set_defaults(handler=run)


async def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    settings = container.settings()
    if not settings.redis_url or job_queue_kind(settings) != "redis":
        console.print(
            "[red]cinemai worker needs REDIS_URL[/] (and CINEMAI_JOBS auto or redis): without Redis, jobs run "
            "inside the API process and no worker is needed"
        )
        return 2
    concurrency = args.concurrency or settings.worker_concurrency
    if concurrency < 1:
        console.print("[red]--concurrency must be at least 1[/]")
        return 2
    install_job_handlers(container)
    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 <pid>` prints every thread's stack: what a stuck job is doing
        faulthandler.register(signal.SIGUSR1, all_threads=True)

    async def execute(job_id: str) -> object:
        return await container.run_job().execute(job_id)

    async with database(container):
        worker = job_worker(settings, execute, concurrency=concurrency)
        console.print(f"CinemAI worker on {redis_display_url(settings)}, {concurrency} job(s) at a time")
        try:
            await worker.start()
        except asyncio.CancelledError:
            pass
        finally:
            await worker.stop()
    return 0

"""`cinemai serve`: the HTTP API under uvicorn, in one process or several workers."""

from __future__ import annotations

import argparse
import asyncio
import os

from rich.console import Console

from src.container import Container, database, embedded_database_uri


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="start the HTTP API (OpenAPI docs at /docs)")
    serve.add_argument("--host", default=None, help="default: CINEMAI_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: CINEMAI_PORT or 8000")
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes (default: CINEMAI_WORKERS or 1; one per core is a good start)")
    serve.set_defaults(handler=run, sync=True)


def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    import uvicorn

    from src.presentation.api.app import create_app

    settings = container.settings()
    host, port = args.host or settings.host, args.port or settings.port
    workers = args.workers or settings.workers
    if workers < 1:
        console.print("[red]--workers must be at least 1[/]")
        return 2
    console.print(f"CinemAI API on http://{host}:{port} (docs at /docs), {workers} worker(s)")
    proxy_headers, forwarded_allow_ips = proxy_options(settings.forwarded_allow_ips)
    if workers == 1:
        uvicorn.run(create_app(container), host=host, port=port, log_level=settings.log_level,
                    proxy_headers=proxy_headers, forwarded_allow_ips=forwarded_allow_ips)
        return 0
    # Migrate once here (and keep the embedded server referenced by this supervisor process), so the
    # workers do not race to migrate a fresh database. The workers connect to the server this process
    # owns through its URL and never register with pgserver themselves: uvicorn's workers end without
    # running atexit handlers, which would leave them registered and the server running for ever.
    asyncio.run(_prepare(container))
    os.environ["CINEMAI_AUTO_MIGRATE"] = "false"
    uri = embedded_database_uri(container)
    if uri is not None:
        os.environ["DATABASE_URL"] = uri
    for name, value in worker_thread_limits(workers, os.cpu_count() or 1).items():
        os.environ.setdefault(name, value)  # the operator's own setting wins
    # a worker imports the whole app before it answers uvicorn's health check: on a loaded machine that
    # takes longer than uvicorn's 5 s default, and workers were killed and respawned for ever
    uvicorn.run("src.presentation.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level=settings.log_level, proxy_headers=proxy_headers,
                forwarded_allow_ips=forwarded_allow_ips, timeout_worker_healthcheck=WORKER_HEALTHCHECK_S)
    return 0


# Thread pools of numpy's BLAS (and OpenMP, used by scikit-learn) each start one thread per core: with N
# workers on C cores, N × C threads fight over C cores during every request's matrix products. Measured with
# the load benchmark (2 workers, 8 connections, 2 cores, collaborative model on): uncached 37.7–45.2 req/s,
# p95 330–410 ms with the default pools; 76.8 req/s, p95 140 ms with one thread each.
THREAD_POOL_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def worker_thread_limits(workers: int, cores: int) -> dict[str, str]:
    """The thread-pool sizes a worker inherits: the cores shared out, at least one each."""
    per_worker = str(max(1, cores // max(1, workers)))
    return {name: per_worker for name in THREAD_POOL_VARIABLES}


# How long uvicorn's supervisor waits for a worker to answer its health ping before killing it. uvicorn's
# own 5 s is shorter than a worker's start (spawn, then importing numpy/scikit-learn and building the
# container) on a busy machine: the worker is killed before it can answer, restarted, killed again, and the
# API never comes up. A worker that really hangs is still replaced, a minute later.
WORKER_HEALTHCHECK_S = 60


def proxy_options(forwarded_allow_ips: str) -> tuple[bool, str | None]:
    """uvicorn's proxy settings from CINEMAI_FORWARDED_ALLOW_IPS. Empty: proxy headers off, so the
    client IP (what the per-IP rate limits key on) is always the TCP peer's and a forged X-Forwarded-For
    changes nothing (uvicorn's own default would trust it from 127.0.0.1). Otherwise uvicorn believes
    X-Forwarded-For/-Proto only from the listed addresses ("10.0.0.1,10.0.0.0/8", or "*")."""
    allowed = ",".join(part.strip() for part in forwarded_allow_ips.split(",") if part.strip())
    return (True, allowed) if allowed else (False, None)


async def _prepare(container: Container) -> None:
    async with database(container):
        pass

"""`cinemai jobs show ID [--follow]`: a background job's state and progress (operators see every job)."""

from __future__ import annotations

import argparse
import asyncio
import json

from rich.console import Console

from src.application.submit_job import SubmitJobCommand
from src.container import Container, database
from src.domain.errors import JobNotFoundError
from src.domain.job import Job, JobKind
from src.presentation.cli.progress import RichProgress
from src.presentation.jobs import install_job_handlers

POLL_SECONDS = 0.5


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    jobs = sub.add_parser("jobs", help="background jobs: state and progress")
    jsub = jobs.add_subparsers(dest="jobs_command", required=True)
    show = jsub.add_parser("show", help="a job's state, progress and result or error")
    show.add_argument("job_id")
    show.add_argument("--follow", action="store_true", help="show progress until the job ends")
    show.set_defaults(handler=run_show)


async def run_show(args: argparse.Namespace, container: Container, console: Console) -> int:
    async with database(container):
        job = await container.job_store().get(args.job_id)
        if job is None:
            raise JobNotFoundError(f"no job {args.job_id}")
        if args.follow:
            job = await follow(container, job, console)
    print_job(console, job)
    return 0 if job.state != "failed" else 1


async def submit_and_follow(
    container: Container, console: Console, kind: JobKind, params: dict[str, object]
) -> Job:
    """Submit an operator job (`--background` of `catalog import` and `cf rebuild`) and follow it."""
    install_job_handlers(container)
    job = await container.submit_job().execute(SubmitJobCommand(kind=kind, params=params))
    console.print(f"job {job.id} queued on {container.job_queue().name} (`cinemai jobs show {job.id}`)")
    job = await follow(container, job, console)
    await container.job_queue().aclose()
    return job


async def follow(container: Container, job: Job, console: Console) -> Job:
    """Poll the job store, drawing each stage's progress, until the job has finished."""
    store = container.job_store()
    bar: RichProgress | None = None
    stage: str | None = None
    shown = 0
    while not job.finished:
        await asyncio.sleep(POLL_SECONDS)
        latest = await store.get(job.id)
        if latest is None:
            raise JobNotFoundError(f"job {job.id} is gone")
        job = latest
        if job.stage != stage and job.stage is not None:
            if bar is not None:
                bar.finish()
            bar, stage, shown = RichProgress(console), job.stage, 0
            bar.start(job.stage, job.total)
        if bar is not None and job.done > shown:
            bar.advance(job.done - shown)
            shown = job.done
    if bar is not None:
        bar.finish()
    return job


def print_job(console: Console, job: Job) -> None:
    share = f" ({job.fraction:.0%})" if job.fraction is not None else ""
    console.print(f"job {job.id} · {job.kind} · [bold]{job.state}[/]{share}", highlight=False)
    if job.stage and not job.finished:
        console.print(f"stage: {job.stage} {job.done}/{job.total if job.total is not None else '?'}")
    if job.error:
        console.print(f"[red]error:[/] {job.error}", markup=True, highlight=False)
    if job.result is not None:
        console.print(json.dumps(job.result, indent=2, default=str), markup=False, highlight=False)

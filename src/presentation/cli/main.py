"""The `cinemai` command line. Every command's errors end in a one-line message and a non-zero exit."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import warnings
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from src.container import DATABASE_ERROR_TYPES, Container, database_unavailable, exit_on_termination_signals
from src.domain.errors import CinemAIError
from src.evaluation import commands as evaluate  # the one hook into src/evaluation: `cinemai eval`
from src.presentation.cli import (
    backup,
    blend,
    catalog,
    collaborative,
    history,
    jobs,
    recommend,
    serve,
    worker,
)
from src.presentation.jobs import install_job_handlers
from src.presentation.next_steps import CLI, with_next_step

EXIT_USAGE = 2
EXIT_ERROR = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cinemai", description="CinemAI: movie recommendations from your watch history."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (recommend, blend, catalog, history, serve, evaluate, collaborative, backup, jobs, worker):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    warnings.filterwarnings("ignore", category=FutureWarning, module="sentence_transformers")
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    # SIGTERM/SIGHUP end the command through SystemExit, so the embedded PostgreSQL stops with it
    exit_on_termination_signals()
    console = Console(stderr=False)
    if getattr(args, "sync", False):
        try:
            return int(args.handler(args, Container(), console))
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
            return 130
    return asyncio.run(_run(args, console))


async def _run(args: argparse.Namespace, console: Console) -> int:
    container = Container()
    install_job_handlers(container)  # a job this command queues in process (e.g. a refit) can run
    try:
        return int(await args.handler(args, container, console))
    except CinemAIError as exc:
        message = with_next_step(exc.message, exc.next_step, CLI)  # the message may quote a file's text
        Console(stderr=True).print(f"[red]error:[/] {escape(message)}")
        return EXIT_ERROR
    except DATABASE_ERROR_TYPES as exc:
        unavailable = database_unavailable(exc)
        if unavailable is None:
            raise
        Console(stderr=True).print(f"[red]error:[/] {unavailable.message}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        Console(stderr=True).print("[yellow]interrupted[/]: work committed so far is kept")
        return 130


if __name__ == "__main__":
    sys.exit(main())

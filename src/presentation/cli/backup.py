"""`cinemai backup FILE` and `cinemai restore FILE`: the whole database (embedded, or DATABASE_URL's) to one
pg_dump archive and back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from src.container import BackupSummary, Container, database
from src.domain.errors import InvalidInputError


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="save the whole database to FILE (a pg_dump custom archive)")
    backup.add_argument("file", type=Path)
    backup.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    backup.set_defaults(handler=run_backup)
    restore = sub.add_parser(
        "restore", help="replace the database's content with FILE's (made by `cinemai backup`), in one transaction"
    )
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=run_restore)


async def run_backup(args: argparse.Namespace, container: Container, console: Console) -> int:
    async with database(container):
        summary = await container.backups().backup(args.file, force=args.force)
    console.print(f"[bold green]backup written[/]: {escape(str(summary.path))}, {describe(summary)}")
    return 0


async def run_restore(args: argparse.Namespace, container: Container, console: Console) -> int:
    backups = container.backups()
    try:
        entries = await backups.check_archive(args.file)
        if not args.yes:
            question = (
                f"Replace everything in the {backups.target} with {args.file} ({entries} archive entries)?"
            )
            if not sys.stdin.isatty():
                raise InvalidInputError(f"{question} Nothing restored: stdin is not a terminal; pass --yes")
            if console.input(f"{escape(question)} Type 'yes' to go on: ").strip().lower() != "yes":
                console.print("nothing restored")
                return 1
        summary = await backups.restore(args.file)
    finally:
        await container.engine().dispose()
    held = ", ".join(f"{n} {label}" for label, n in summary.counts.items()) or "no CinemAI tables"
    console.print(f"[bold green]restored[/] {escape(str(summary.path))}: the database now holds {held}")
    return 0


def describe(summary: BackupSummary) -> str:
    size = f"{summary.size_bytes / 1e6:.1f} MB" if summary.size_bytes >= 100_000 else f"{summary.size_bytes} bytes"
    held = ", ".join(f"{n} {label}" for label, n in summary.counts.items())
    return f"{size}" + (f"; {held}" if held else "")

"""`cinemai blend A B`: films for two people to watch together, from their two export files, offline."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from src.application.blend_for_two import BlendCommand, BlendResult
from src.application.import_watch_history import ImportWatchHistoryCommand
from src.container import Container, database
from src.presentation.cli.history import read_history
from src.presentation.cli.recommend import ensure_catalog


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser(
        "blend", help="films two people would both enjoy, from their two watch-history files"
    )
    cmd.add_argument("first", type=Path, help="the first person's export (Letterboxd, IMDb, ... or any CSV)")
    cmd.add_argument("second", type=Path, help="the second person's export")
    cmd.add_argument("--names", nargs=2, default=None, metavar=("A", "B"), help="what to call them")
    cmd.add_argument("-n", "--limit", type=int, default=10)
    cmd.set_defaults(handler=run)


async def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    BlendCommand(first=uuid.UUID(int=1), second=uuid.UUID(int=2), limit=args.limit)  # a bad limit fails before any work
    limit = container.settings().max_upload_bytes
    files = [(args.first, read_history(args.first, limit)), (args.second, read_history(args.second, limit))]
    names = args.names or [p.stem for p, _ in files]
    async with database(container):
        await ensure_catalog(container, console)
        users = []
        try:
            for (path, data), name in zip(files, names, strict=True):
                user = (await container.create_user().execute(name)).user
                users.append(user)
                # throwaway profiles never join the shared collaborative model (deleted below)
                await container.import_watch_history(collaborative=None).execute(
                    ImportWatchHistoryCommand(user_id=user.id, data=data, filename=path.name)
                )
            result = await container.blend_for_two().execute(
                BlendCommand(first=users[0].id, second=users[1].id, limit=args.limit)
            )
        finally:
            for user in users:
                await container.delete_user(collaborative=None).execute(user.id)
    print_blend(console, result)
    return 0


def print_blend(console: Console, r: BlendResult) -> None:
    a, b = (escape(n) for n in r.names)
    if r.message:
        console.print(f"[yellow]{escape(r.message)}[/]")
    if r.items:
        table = Table(title=f"For {a} and {b}, together", show_lines=True, expand=True)
        table.add_column("#", justify="right", width=3)
        table.add_column("movie", ratio=2)
        table.add_column(a, justify="right", width=6)
        table.add_column(b, justify="right", width=6)
        table.add_column("why", ratio=5)
        for i, item in enumerate(r.items, 1):
            m = item.movie
            table.add_row(
                str(i),
                f"[bold]{escape(m.title)}[/] ({m.year or '?'})\n[dim]{escape(', '.join(m.genres[:3]))}[/]",
                f"{item.scores[0]:.2f}",
                f"{item.scores[1]:.2f}",
                escape(item.justification),
            )
        console.print(table)
    if r.both_loved:
        loved = ", ".join(f"{escape(x.movie.title)} ({x.movie.year or '?'})" for x in r.both_loved)
        console.print(f"[bold]Both loved:[/] {loved}")

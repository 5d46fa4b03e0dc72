"""`cinemai users create`, `cinemai import-history FILE --user ID`."""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from src.application.import_watch_history import HistoryImportReport, ImportWatchHistoryCommand
from src.container import Container, database
from src.domain.errors import InvalidInputError
from src.domain.profile_window import ProfileWindow


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("users", help="manage users")
    usub = users.add_subparsers(dest="users_command", required=True)
    create = usub.add_parser("create", help="create a user and print its id and API key (shown once)")
    create.add_argument("--name", default=None)
    create.set_defaults(handler=run_create)
    imp = sub.add_parser("import-history", help="import a watch-history export for a user")
    imp.add_argument("file", type=Path)
    imp.add_argument("--user", required=True, help="the user id (from `cinemai users create`)")
    imp.add_argument("--mode", choices=["replace", "append"], default="replace")
    imp.add_argument(
        "--format", default=None, help="skip detection (letterboxd_ratings, imdb_ratings, netflix, ...)"
    )
    add_window_options(imp)
    imp.set_defaults(handler=run_import)


def add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since", default=None, help="build the profile from films watched on or after this date (YYYY-MM-DD)"
    )
    parser.add_argument("--until", default=None, help="... and on or before this date (YYYY-MM-DD)")


def window_of(args: argparse.Namespace) -> ProfileWindow | None:
    """The --since/--until window, or None when neither is given (the stored window stays)."""
    if args.since is None and args.until is None:
        return None
    return ProfileWindow(_date(args.since, "since"), _date(args.until, "until"))


def _date(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"--{what} must be a date like 2024-01-31 (got {text!r})") from None


async def run_create(args: argparse.Namespace, container: Container, console: Console) -> int:
    async with database(container):
        created = await container.create_user().execute(args.name)
    console.print(f"user id: {created.user.id}\napi key: {created.api_key}  (shown once: keep it)")
    return 0


def read_history(path: Path, limit: int) -> bytes:
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    if path.stat().st_size > limit:
        raise InvalidInputError(
            f"{path} is {path.stat().st_size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB"
        )
    return path.read_bytes()


async def run_import(args: argparse.Namespace, container: Container, console: Console) -> int:
    try:
        user_id = uuid.UUID(args.user)
    except ValueError as exc:
        raise InvalidInputError(f"--user must be a user id (a UUID), got {args.user!r}") from exc
    data = read_history(args.file, container.settings().max_upload_bytes)
    window_of(args)  # a bad date is refused before the database starts
    async with database(container):
        report = await container.import_watch_history().execute(
            ImportWatchHistoryCommand(
                user_id=user_id,
                data=data,
                filename=args.file.name,
                format=args.format,
                mode=args.mode,
                window=window_of(args),
            )
        )
    print_report(console, report)
    return 0


def print_report(console: Console, r: HistoryImportReport) -> None:
    m = r.match
    # titles, labels and reasons come from the uploaded file: escape them, or "[red]" would be markup
    console.print(
        f"[bold]{m.format}[/] ({r.rating_scale or 'no ratings'}): {m.rows_read} rows, {m.accepted} accepted, "
        f"{m.matched} matched (id {m.matched_by_id}, exact {m.matched_exact}, fuzzy {m.matched_fuzzy}"
        f"{f', other {m.matched_other}' if m.matched_other else ''}), "
        f"{len(m.unmatched)} unmatched, {len(m.rejected)} rejected, {len(m.skipped)} skipped; "
        f"{r.liked_count} liked → {r.profile.algorithm}, {len(r.profile.clusters)} cluster(s)"
    )
    for row in m.rejected[:5]:
        console.print(f"  [yellow]line {row.line}[/]: {escape(row.reason)}")
    table = Table(title="Your taste clusters", show_lines=False)
    for col in ("cluster", "weight", "size", "for example"):
        table.add_column(col)
    for c in r.profile.clusters[:8]:
        examples = ", ".join(m.title for m in c.members[:3])
        table.add_row(escape(c.label), f"{c.weight:.0%}", str(c.size), escape(examples))
    console.print(table)

"""`cinemai recommend FILE`: the main job in one command, on a throwaway profile."""

from __future__ import annotations

import argparse
import re
import uuid
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from src.application.import_catalog import ImportCatalogCommand
from src.application.import_list import ImportListCommand
from src.application.import_watch_history import ImportWatchHistoryCommand
from src.application.recommend import RecommendCommand
from src.container import Container, catalog_source, database
from src.domain.errors import InvalidInputError
from src.domain.filters import Filters
from src.domain.recommendation import RecommendationList
from src.presentation.cli.catalog import print_summary
from src.presentation.cli.history import add_window_options, print_report, read_history, window_of
from src.presentation.cli.progress import RichProgress
from src.presentation.next_steps import CLI, with_next_step


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rec = sub.add_parser(
        "recommend", help="recommend movies from a watch-history file (imports the catalog if empty)"
    )
    rec.add_argument(
        "file", type=Path, help="a Letterboxd/IMDb/TMDB/Trakt/Netflix export or any CSV with titles"
    )
    rec.add_argument("--genre", action="append", default=[], help="any of these genres (repeatable)")
    rec.add_argument("--exclude-genre", action="append", default=[], help="none of these genres (repeatable)")
    rec.add_argument("--country", action="append", default=[], help="any of these countries (repeatable)")
    rec.add_argument("--years", default=None, help="a range like 1990-2010, or 1990- / -2010")
    rec.add_argument("--runtime", default=None, help="minutes, a range like 80-120")
    rec.add_argument("--min-votes", type=int, default=None, help="at least this many reviews")
    rec.add_argument("-n", "--limit", type=int, default=10)
    rec.add_argument("--alpha", type=float, default=None, help="softmax sharpness (default from settings)")
    rec.add_argument("--diversity", type=float, default=None, help="0–1, maximal marginal relevance")
    rec.add_argument(
        "--query", default=None, help='in your own words, e.g. "a funny 80s film like Airplane!"'
    )
    rec.add_argument(
        "--from-list", type=Path, default=None, help="rank only this list's films (a watchlist or any list file)"
    )
    rec.add_argument("--quiet", action="store_true", help="print only the recommendations")
    add_window_options(rec)
    rec.set_defaults(handler=run)


def parse_range(text: str | None, what: str) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    m = re.fullmatch(r"\s*(\d+)?\s*(?:-\s*(\d+)?)?\s*", text)
    if not m or not (m.group(1) or m.group(2)):
        raise InvalidInputError(f"--{what} must look like 1990-2010, 1990- or -2010 (got {text!r})")
    low = int(m.group(1)) if m.group(1) else None
    high = int(m.group(2)) if m.group(2) else (low if "-" not in text else None)
    return low, high


async def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    settings = container.settings()
    year_min, year_max = parse_range(args.years, "years")
    runtime_min, runtime_max = parse_range(args.runtime, "runtime")
    filters = Filters(
        genres=tuple(args.genre),
        exclude_genres=tuple(args.exclude_genre),
        countries=tuple(args.country),
        year_min=year_min,
        year_max=year_max,
        runtime_min=runtime_min,
        runtime_max=runtime_max,
        min_votes=args.min_votes,
    )
    alpha = settings.alpha if args.alpha is None else args.alpha
    diversity = settings.diversity if args.diversity is None else args.diversity
    RecommendCommand(
        user_id=uuid.uuid4(), filters=filters, limit=args.limit, alpha=alpha, diversity=diversity
    )
    data = read_history(args.file, settings.max_upload_bytes)
    window = window_of(args)
    list_data = read_history(args.from_list, settings.max_upload_bytes) if args.from_list else None
    async with database(container):
        await ensure_catalog(container, console)
        user = (await container.create_user().execute("cinemai recommend (throwaway)")).user
        try:
            # a throwaway profile never joins the shared collaborative model (it is deleted below)
            report = await container.import_watch_history(collaborative=None).execute(
                ImportWatchHistoryCommand(user_id=user.id, data=data, filename=args.file.name, window=window)
            )
            if not args.quiet:
                print_report(console, report)
            from_list = None
            if list_data is not None:
                listed = await container.import_list().execute(ImportListCommand(user_id=user.id, data=list_data))
                from_list = listed.saved.id
                if not args.quiet:
                    console.print(
                        f"List {escape(listed.saved.name)}: {listed.match.rows_read} rows, "
                        f"{len(listed.saved.movie_ids)} films in the catalog"
                    )
            result = await container.recommend().execute(
                RecommendCommand(
                    user_id=user.id,
                    filters=filters,
                    limit=args.limit,
                    alpha=alpha,
                    diversity=diversity,
                    query=args.query,
                    from_list=from_list,
                )
            )
        finally:
            await container.delete_user().execute(user.id)
    print_recommendations(console, result)
    return 0


async def ensure_catalog(container: Container, console: Console) -> None:
    model = container.embedder().model_name
    if await container.catalog_reader().count(embedded_with=model) > 0:
        return
    console.print(
        "The catalog is empty: importing the offline catalog once (17k films; a few minutes on 2 cores)."
    )
    result = await container.import_catalog().execute(
        ImportCatalogCommand(source=catalog_source(container, "offline")), RichProgress(console)
    )
    print_summary(console, result)


def print_recommendations(console: Console, r: RecommendationList) -> None:
    # every text here can quote the user's own titles or filters: escaped, never read as rich markup
    console.print(f"\n[bold]{escape(r.taste_summary)}[/]")
    if r.interpreted is not None:
        q = r.interpreted
        console.print(f"Query understood ({escape(q.parser)}): {escape(q.describe())}")
        for line in (*q.notes, *(f"not understood: {u}" for u in q.unknown)):
            console.print(f"[yellow]{escape(line)}[/]")
    if r.message:
        console.print(f"[yellow]{escape(with_next_step(r.message, r.next_step, CLI))}[/]")
        return
    table = Table(
        title=f"Recommended for you ({r.strategy}, reranked by {r.reranker})", show_lines=True, expand=True
    )
    table.add_column("#", justify="right", width=3)
    table.add_column("movie", ratio=2)
    table.add_column("score", justify="right", width=5)
    table.add_column("why", ratio=5)
    for i, item in enumerate(r.items, 1):
        m = item.movie
        # every director: the catalog lists co-directors alphabetically, so the first may not be the known one
        details = " · ".join(x for x in (", ".join(m.genres[:3]), ", ".join(m.directors)) if x)
        table.add_row(
            str(i),
            f"[bold]{escape(m.title)}[/] ({m.year or '?'})\n[dim]{escape(details)}[/]",
            f"{max(0.0, min(1.0, item.score)):.2f}",
            escape(item.justification),
        )
    console.print(table)

"""`cinemai catalog import` and `cinemai catalog status`."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from src.application.import_catalog import ImportCatalogCommand, ImportCatalogResult
from src.container import Container, catalog_source, database
from src.presentation.cli.progress import RichProgress


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    catalog = sub.add_parser("catalog", help="manage the movie catalog")
    csub = catalog.add_subparsers(dest="catalog_command", required=True)
    imp = csub.add_parser("import", help="import and embed movies (only new or changed ones are embedded)")
    imp.add_argument(
        "--source",
        choices=["offline", "file", "tmdb"],
        default="offline",
        help="offline: the bundled CC0 catalog of 17k films (default); file: a CSV/JSONL; tmdb: TMDB sync",
    )
    imp.add_argument("path", nargs="?", type=Path, help="the CSV/JSONL file, with --source file")
    imp.add_argument("--limit", type=int, default=None, help="import at most N movies")
    imp.add_argument(
        "--pages", type=int, default=None, help="TMDB pages of popular/top-rated movies (--source tmdb)"
    )
    imp.add_argument(
        "--background",
        action="store_true",
        help="run it as a background job (on `cinemai worker` with REDIS_URL) and follow its progress",
    )
    imp.set_defaults(handler=run_import)
    status = csub.add_parser("status", help="how many movies are stored and embedded")
    status.set_defaults(handler=run_status)


async def run_import(args: argparse.Namespace, container: Container, console: Console) -> int:
    if args.source == "file" and args.path is None:
        console.print("[red]--source file needs a path:[/] cinemai catalog import --source file movies.csv")
        return 2
    if args.limit is not None and args.limit < 1:
        console.print("[red]--limit must be at least 1[/]")
        return 2
    if args.background:
        if args.source == "file":
            console.print("[red]--background takes --source offline or tmdb[/] (a worker cannot read your file)")
            return 2
        from src.presentation.cli.jobs import print_job, submit_and_follow

        async with database(container):
            job = await submit_and_follow(
                container,
                console,
                "catalog_import",
                {"source": args.source, "limit": args.limit, "pages": args.pages},
            )
        print_job(console, job)
        return 0 if job.state == "succeeded" else 1
    source = catalog_source(container, args.source, path=args.path, pages=args.pages)
    async with database(container):
        result = await container.import_catalog().execute(
            ImportCatalogCommand(source=source, limit=args.limit), RichProgress(console)
        )
    print_summary(console, result)
    return 0


def print_summary(console: Console, r: ImportCatalogResult) -> None:
    rate = r.embedded / r.embed_seconds if r.embed_seconds > 0 else 0.0
    console.print(
        f"[bold green]Catalog import done[/] ({r.source}, model {r.embedding_model}) in {r.seconds:.1f} s: "
        f"{r.read} read, {r.inserted} new, {r.re_embedded} re-embedded, {r.metadata_updated} metadata updated, "
        f"{r.unchanged} unchanged. Embedded {r.embedded} movies in {r.embed_seconds:.1f} s ({rate:.0f}/s)."
    )


async def run_status(args: argparse.Namespace, container: Container, console: Console) -> int:
    async with database(container):
        facets = await container.catalog_reader().facets()
    console.print(
        f"{facets.movies} movies, {facets.embedded} embedded, years {facets.year_min}–{facets.year_max}, "
        f"{len(facets.genres)} genres, {len(facets.countries)} countries"
    )
    return 0

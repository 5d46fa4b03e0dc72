"""`cinemai eval`: the offline quality harness on MovieLens 100k (see README, "Evaluation")."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from rich.console import Console

from src.application.evaluation.harness import EvaluateCommand
from src.application.evaluation.report import markdown_report, markdown_table, verdict
from src.application.evaluation.variants import DEFAULT_VARIANTS, select_variants
from src.application.query_evaluation import evaluate_queries, read_query_set
from src.container import Container, database, evaluation_query_parser
from src.domain.errors import CinemAIError, InvalidInputError
from src.domain.history import LIKE_THRESHOLD
from src.infrastructure.evaluation.files import write_report_files
from src.infrastructure.evaluation.wiring import (
    DEFAULT_CACHE_DIR,
    build_evaluation,
    evaluation_embedder,
    single_threaded_blas,
)
from src.infrastructure.openai.scripted_query import plant_for
from src.presentation.cli import eval_explanations, eval_panel
from src.presentation.cli.progress import RichProgress

QUERY_SET = Path("evaluation/queries.jsonl")


def read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror}") from exc


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("eval", help="measure recommendation quality on MovieLens 100k (offline)")
    p.add_argument("--users", type=int, default=None, help="evaluate a seeded random sample of N users")
    p.add_argument("--seed", type=int, default=0, help="seed for the user sample and the bootstrap")
    p.add_argument(
        "--threshold",
        type=float,
        default=LIKE_THRESHOLD,
        help="rating (0-10; MovieLens stars x2) from which a held-out movie counts as liked",
    )
    p.add_argument("--holdout", type=int, default=1, help="last liked movies held out per user")
    p.add_argument("--variants", default=None, help="comma-separated variant names (default: all)")
    p.add_argument("--list-variants", action="store_true", help="list the variants and exit")
    p.add_argument("--embedder", choices=["local", "hashing"], default="local", help="local = MiniLM")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    p.add_argument("--k", type=int, default=10, help="list length for @k metrics")
    p.add_argument(
        "--strict-titles",
        action="store_true",
        help="map MovieLens titles by exact normalised title + year only (no alias/fuzzy stages)",
    )
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help="MovieLens + vector cache")
    p.add_argument("--out", type=Path, default=Path("reports"), help="where the .md and .png go")
    p.set_defaults(handler=run_eval)
    tools = p.add_subparsers(
        dest="eval_tool", metavar="{panel,explanations,queries}", help="other measures (default: the harness)"
    )
    eval_panel.register(tools)
    eval_explanations.register(tools)
    q = tools.add_parser("queries", help="how well natural-language queries are understood")
    q.add_argument("--file", type=Path, default=QUERY_SET, help="a JSONL query set")
    q.add_argument("--films", type=int, default=20, help="films checked per query for constraint precision")
    q.add_argument("--verbose-failures", action="store_true", help="list every query parsed differently")
    q.add_argument(
        "--parser",
        choices=["local", "llm", "scripted"],
        default="local",
        help="local = the deterministic parser; llm = the OpenAI parser (OPENAI_API_KEY, OPENAI_BASE_URL); "
        "scripted = the OpenAI parser over scripted answers with planted invalid values (no network)",
    )
    q.set_defaults(handler=run_query_eval)


async def run_query_eval(args: argparse.Namespace, container: Container, console: Console) -> int:
    rows = read_query_set(read_text_file(args.file))
    parser = evaluation_query_parser(container, args.parser)
    async with database(container):
        result = await evaluate_queries(
            rows, container.query_understanding(parser=parser), container.catalog_reader(), films=args.films
        )
    validation = []
    if args.parser != "local":
        validation = [
            f"values the LLM proposed that validation dropped (not in the catalog, out of range): "
            f"{result.rejected} (in {result.answers_with_rejections} of {result.queries} answers)",
            f"fallbacks to the local parser (remote failure): {result.fallbacks}",
        ]
    if args.parser == "scripted":
        planted = sum(plant_for(row["query"]) is not None for row in rows)
        validation.append(f"planted invalid values in the scripted answers: {planted}")
    for line in (
        f"query set: {args.file} ({result.queries} queries), parser: {result.parser}"
        + (" (scripted answers, no network)" if args.parser == "scripted" else ""),
        f"parse accuracy (parsed == expected): {result.parse_accuracy:.3f} "
        f"({result.parsed_ok}/{result.queries}; target ≥ 0.9)",
        f"constraint precision of returned films: {result.constraint_precision:.3f} "
        f"({result.films_ok}/{result.films_checked}; target 1.0)",
        f"anchor resolution accuracy: {result.anchor_accuracy:.3f} "
        f"({result.anchors_ok}/{result.anchor_queries}; target ≥ 0.95)",
        f"values dropped as unknown or contradictory: {result.unknown}",
        *validation,
        *result.failures[: None if args.verbose_failures else 10],
    ):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    return 0


async def run_eval(args: argparse.Namespace, container: Container, console: Console) -> int:
    if args.list_variants:
        for v in DEFAULT_VARIANTS:
            console.print(f"{v.name:16} {v.label}", markup=False)
        return 0
    command = EvaluateCommand(
        variants=select_variants(args.variants),
        users=args.users,
        seed=args.seed,
        threshold=args.threshold,
        holdout=args.holdout,
        k=args.k,
        resamples=args.resamples,
    )
    started = time.perf_counter()
    embedder = evaluation_embedder(args.embedder, args.cache_dir)
    harness = build_evaluation(
        embedder, args.cache_dir, RichProgress(console), strict_titles=args.strict_titles
    )
    with single_threaded_blas():
        result = await harness.execute(command)
    wall = time.perf_counter() - started
    command_line = _command_line(args)
    stem = args.out / f"eval-{args.embedder}-{datetime.now():%Y%m%d-%H%M%S}"
    paths = write_report_files(
        result, stem, markdown_report(result, command_line, wall), command=command_line, wall_seconds=wall
    )
    console.print(markdown_table(result), markup=False, highlight=False, soft_wrap=True)
    for line in verdict(result):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print(
        f"{result.users_evaluated} users, {result.catalog_size} movies, {embedder.embedded} texts embedded "
        f"(rest from {embedder.path}); {wall:.0f} s. Written: {', '.join(str(p) for p in paths)}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return 0


def _command_line(args: argparse.Namespace) -> str:
    parts = ["cinemai eval", f"--embedder {args.embedder}", f"--seed {args.seed}"]
    if args.users is not None:
        parts.append(f"--users {args.users}")
    if args.variants:
        parts.append(f"--variants {args.variants}")
    if args.threshold != LIKE_THRESHOLD:
        parts.append(f"--threshold {args.threshold:g}")
    if args.strict_titles:
        parts.append("--strict-titles")
    if args.holdout != 1:
        parts.append(f"--holdout {args.holdout}")
    if args.k != 10 or args.resamples != 1000:
        parts.append(f"--k {args.k} --resamples {args.resamples}")
    return " ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m src.presentation.cli.evaluate [options]`: the same as `cinemai eval [options]`."""
    for name, value in (
        ("HF_HUB_OFFLINE", "1"),
        ("TRANSFORMERS_OFFLINE", "1"),
        ("TOKENIZERS_PARALLELISM", "false"),
    ):
        os.environ.setdefault(name, value)
    parser = argparse.ArgumentParser(prog="cinemai")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["eval", *(sys.argv[1:] if argv is None else argv)])
    try:
        return asyncio.run(run_eval(args, Container(), Console()))
    except CinemAIError as exc:
        Console(stderr=True).print(f"[red]error:[/] {exc.message}")
        return 1


if __name__ == "__main__":
    sys.exit(main())

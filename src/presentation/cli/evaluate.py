"""`cinemai eval`: dispatch to the offline harness (src/evaluation) and the other measures (see README)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from src.application.query_evaluation import evaluate_queries, read_query_set
from src.container import Container, database, evaluation_query_parser
from src.domain.errors import CinemAIError, InvalidInputError
from src.evaluation.cli import add_harness_arguments, run_harness
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
    add_harness_arguments(p)
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
    """The MovieLens harness: it lives in its own room (src/evaluation) with its own composition root."""
    return await run_harness(args, console, RichProgress(console))


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

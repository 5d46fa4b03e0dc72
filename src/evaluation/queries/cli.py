"""`cinemai eval queries`: a JSONL query set through the query understanding, parse accuracy, constraint
precision of the returned films, anchor resolution (src/evaluation/queries/evaluation.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from src.container import Container, database
from src.domain.errors import InvalidInputError
from src.evaluation.queries.evaluation import evaluate_queries, read_query_set
from src.evaluation.queries.parsers import evaluation_query_parser
from src.infrastructure.openai.scripted_query import plant_for

QUERY_SET = Path("evaluation/queries.jsonl")


def read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror}") from exc


def register(tools: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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

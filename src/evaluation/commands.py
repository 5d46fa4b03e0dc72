"""`cinemai eval`: dispatch to the offline harness (src/evaluation/cli.py) and the other measures (the taste
panel, explanations, queries; see README). The product's CLI registers it with `add_parser` (its one hook
into src/evaluation)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from src.container import Container
from src.domain.errors import CinemAIError
from src.evaluation import blend_pairs as eval_blend
from src.evaluation import explanations as eval_explanations
from src.evaluation.cli import add_harness_arguments, run_harness
from src.evaluation.panel import cli as eval_panel
from src.evaluation.queries import cli as eval_queries
from src.presentation.cli.progress import RichProgress


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("eval", help="measure recommendation quality on MovieLens 100k (offline)")
    add_harness_arguments(p)
    p.set_defaults(handler=run_eval)
    tools = p.add_subparsers(
        dest="eval_tool", metavar="{panel,explanations,queries,blend}", help="other measures (default: the harness)"
    )
    eval_panel.register(tools)
    eval_explanations.register(tools)
    eval_queries.register(tools)
    eval_blend.register(tools)


async def run_eval(args: argparse.Namespace, container: Container, console: Console) -> int:
    """The MovieLens harness: it lives in its own room (src/evaluation) with its own composition root."""
    return await run_harness(args, console, RichProgress(console))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m src.evaluation.commands [options]`: the same as `cinemai eval [options]`."""
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

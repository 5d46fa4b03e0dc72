"""The harness's command-line half: its options and the run (`cinemai eval` dispatches here). Builds the
harness from `src.evaluation.wiring`, runs it and writes the report files."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path

from rich.console import Console

from src.application.ports.progress import Progress
from src.domain.history import LIKE_THRESHOLD
from src.evaluation.adapters.files import write_report_files
from src.evaluation.harness import EvaluateCommand
from src.evaluation.report import markdown_report, markdown_table, verdict
from src.evaluation.variants import DEFAULT_VARIANTS, select_variants
from src.evaluation.wiring import (
    DEFAULT_CACHE_DIR,
    build_evaluation,
    evaluation_embedder,
    single_threaded_blas,
)


def add_harness_arguments(p: argparse.ArgumentParser) -> None:
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
    p.add_argument(
        "--protocol",
        choices=["temporal", "all-but-held-out"],
        default="temporal",
        help="temporal: train only on what each user did before the held-out like (the honest split); "
        "all-but-held-out: every other rating, later ones too (the pre-2026-12 harness)",
    )
    p.add_argument("--report", type=Path, default=None, help="also write the markdown page here")


async def run_harness(args: argparse.Namespace, console: Console, progress: Progress) -> int:
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
        temporal=args.protocol == "temporal",
    )
    started = time.perf_counter()
    embedder = evaluation_embedder(args.embedder, args.cache_dir)
    harness = build_evaluation(embedder, args.cache_dir, progress, strict_titles=args.strict_titles)
    with single_threaded_blas():
        result = await harness.execute(command)
    wall = time.perf_counter() - started
    command_line = command_line_of(args)
    stem = args.out / f"eval-{args.embedder}-{datetime.now():%Y%m%d-%H%M%S}"
    paths = write_report_files(
        result, stem, markdown_report(result, command_line, wall), command=command_line, wall_seconds=wall
    )
    if args.report is not None:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(markdown_report(result, command_line, wall), encoding="utf-8")
        paths.append(args.report)
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


def command_line_of(args: argparse.Namespace) -> str:
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
    if args.protocol != "temporal":
        parts.append(f"--protocol {args.protocol}")
    if args.report is not None:
        parts.append(f"--report {args.report}")
    return " ".join(parts)

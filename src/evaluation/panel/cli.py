"""`cinemai eval panel`: the taste panel — 8 persona exports through the real API on databases with 1, 3
and 30 users; prints each persona's top 10, its figures and whether the panel's goals hold."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console

from src.container import Container
from src.evaluation.panel.members import DEFAULT_PANEL_DIR, SCENARIOS, load_personas
from src.evaluation.panel.runner import PanelRunner
from src.evaluation.panel.taste_panel import (
    LOWEST_QUARTILE,
    MAX_FROM_OTHER_TASTE,
    MIN_GENRE_FIT,
    MIN_QUALITY_PERCENTILE,
    REPLAY,
    PanelRow,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("panel", help="the taste panel: persona exports through the real API (1, 3, 30 users)")
    p.add_argument("--panel-dir", type=Path, default=DEFAULT_PANEL_DIR, help="personas.json and the exports")
    p.add_argument("--personas", default=None, help="comma-separated persona names (default: all)")
    p.add_argument(
        "--users", default=",".join(map(str, SCENARIOS)), help="comma-separated database sizes (users)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed for the generated variant users")
    p.add_argument("--quiet", action="store_true", help="print the summary table only, not every top 10")
    p.set_defaults(handler=run_panel)


async def run_panel(args: argparse.Namespace, container: Container, console: Console) -> int:
    started = time.perf_counter()
    personas = load_personas(args.panel_dir)
    if args.personas:
        wanted = {n.strip() for n in args.personas.split(",") if n.strip()}
        unknown = wanted - {p.name for p, _ in personas}
        if unknown:
            Console(stderr=True).print(f"[red]error:[/] unknown persona(s): {', '.join(sorted(unknown))}")
            return 2
    sizes = tuple(int(s) for s in args.users.split(",") if s.strip())
    runner = PanelRunner(
        container.settings(), seed=args.seed, progress=lambda m: console.print(f"… {m}", markup=False)
    )
    rows = await runner.run(personas, sizes)
    if args.personas:
        rows = [r for r in rows if r.persona in wanted]
    if not args.quiet:
        for row in rows:
            _print_picks(console, row)
    _print_table(console, rows)
    failed = [r for r in rows if not r.ok]
    console.print(
        f"Goals: mean quality percentile ≥ {MIN_QUALITY_PERCENTILE}; none below {LOWEST_QUARTILE} (lowest "
        f"quartile); genre fit ≥ {MIN_GENRE_FIT}; 0 false statements; at 3+ users ≤ {MAX_FROM_OTHER_TASTE} of 10 "
        f"from one user of another taste and < {REPLAY} from any one user.",
        markup=False, highlight=False, soft_wrap=True,
    )  # fmt: skip
    console.print(
        f"{len(rows) - len(failed)}/{len(rows)} persona runs meet every goal; {time.perf_counter() - started:.0f} s.",
        markup=False, highlight=False, soft_wrap=True,
    )  # fmt: skip
    return 0 if not failed else 1


def _print_picks(console: Console, row: PanelRow) -> None:
    console.print(f"\n{row.persona} ({row.users} users)", markup=False, highlight=False)
    for i, p in enumerate(row.picks, 1):
        console.print(f"  {i:2}. {p.title} ({p.year}) {p.score:.2f}  {p.justification}", markup=False,
                      highlight=False, soft_wrap=True)  # fmt: skip
        for f in p.false_statements:
            console.print(f"      FALSE {f}", markup=False, highlight=False, soft_wrap=True)


def _print_table(console: Console, rows: list[PanelRow]) -> None:
    console.print("")
    header = "| persona | users | quality pct | lowest quartile | genre fit | false | max overlap (user) | other taste | goals |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---|---:|---|"]
    for r in rows:
        lines.append(
            f"| {r.persona} | {r.users} | {r.quality:.2f} | {r.lowest_quartile} | {r.genre_fit:.2f} | "
            f"{r.false_statements} | {r.max_overlap} ({r.max_overlap_user or '-'}) | {r.max_overlap_other_taste} | "
            f"{'ok' if r.ok else '; '.join(r.failures)} |"
        )
    console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)

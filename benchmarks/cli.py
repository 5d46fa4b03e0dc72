"""`python benchmarks/run.py`: start `cinemai serve` on loopback, create users from examples/, drive every
scenario from a separate load-generator process, profile the cold path, write a markdown report.

The server is always stopped at the end, also on Ctrl-C or an error."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.procstat import loadavg
from benchmarks.report import RunInfo, render
from benchmarks.server import REPO, ServerProcess, server_env
from benchmarks.session import SessionResult, run_session

SCENARIO_KEYS = ("health", "cold", "cold1", "warm", "warm1", "filtered", "similar", "import")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python benchmarks/run.py", description=__doc__)
    p.add_argument("--duration", type=float, default=20.0, help="seconds measured per scenario (default 20)")
    p.add_argument("--warmup", type=float, default=2.0, help="unrecorded seconds before each scenario")
    p.add_argument("--concurrency", type=int, default=8, help="connections of the load generator (default 8)")
    p.add_argument("--max-requests", type=int, default=1_000_000, help="request budget per scenario")
    p.add_argument("--data-dir", type=Path, default=None, help="CINEMAI_DATA_DIR (default: the app's own)")
    p.add_argument("--catalog-limit", type=int, default=None, help="if the catalog is empty, import N movies")
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results", help="where reports go")
    p.add_argument("--client", choices=["raw", "httpx"], default="raw", help="the generator's HTTP client")
    p.add_argument(
        "--scenarios", default=",".join(SCENARIO_KEYS), help="comma-separated subset, run in order"
    )
    p.add_argument("--import-runs", type=int, default=5, help="uploads of the 1,000-row file (default 5)")
    p.add_argument("--server-log-level", default="warning", help="CINEMAI_LOG_LEVEL of the server")
    p.add_argument(
        "--server-env", action="append", default=[], metavar="KEY=VALUE", help="extra server env (repeatable)"
    )
    p.add_argument(
        "--profile",
        default="cold,warm",
        help="scenarios to run once more under py-spy (default cold,warm; '' for none)",
    )
    args = p.parse_args(argv)
    unknown = (set(args.scenarios.split(",")) | set(filter(None, args.profile.split(",")))) - set(
        SCENARIO_KEYS
    )
    if unknown:
        p.error(f"unknown scenarios {sorted(unknown)}; known: {', '.join(SCENARIO_KEYS)}")
    if any("=" not in kv for kv in args.server_env):
        p.error("--server-env takes KEY=VALUE")
    if args.duration <= 0 or args.concurrency < 1 or args.max_requests < 1 or args.import_runs < 1:
        p.error("--duration, --concurrency, --max-requests and --import-runs must be positive")
    return args


def default_data_dir() -> Path:
    from src.infrastructure.settings import Settings

    return Path(os.environ.get("CINEMAI_DATA_DIR") or Settings().data_dir)


def commit() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "src"], cwd=REPO, capture_output=True, text=True
        )
        return rev.stdout.strip() + (" (src/ has uncommitted changes)" if dirty.stdout.strip() else "")
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = (args.data_dir or default_data_dir()).resolve()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    run_dir = args.out.resolve() / stamp
    run_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(data_dir, args.server_log_level, dict(kv.split("=", 1) for kv in args.server_env))
    info = dict(
        command="python benchmarks/run.py " + shlex.join(sys.argv[1:] if argv is None else argv),
        started=time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        commit=commit(),
        machine=f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}",
        loadavg_start=loadavg(),
    )
    print(f"Data dir {data_dir}; results in {run_dir}; load average {info['loadavg_start']}", flush=True)
    try:
        with ServerProcess(env, run_dir / "server.log") as server:
            result = run_session(args, server, env, run_dir)
    except KeyboardInterrupt:
        print("\ninterrupted: the server was stopped and the benchmark users deleted", file=sys.stderr)
        return 130
    report = render(
        RunInfo(**info, setup=setup_line(args, result), loadavg_end=loadavg()),
        result.runs,
        result.total,
        result.profiles,
    )
    path = args.out.resolve() / f"{stamp}.md"
    path.write_text(report)
    (run_dir / "raw.json").write_text(json.dumps([r.raw for r in result.runs]))
    print("\n" + report + f"\nWritten to {path}", flush=True)
    return 0


def setup_line(args: argparse.Namespace, result: SessionResult) -> str:
    return (
        f"Setup: one `cinemai serve` process (uvicorn, 1 worker, log level {args.server_log_level}, rate limits "
        f"off{''.join(', ' + kv for kv in args.server_env)}) on 127.0.0.1, "
        f"{result.catalog_movies} catalog movies; {len(result.users)} users from examples/ "
        f"({', '.join(result.users)}); load generator: a separate process, `{args.client}` client, "
        f"{args.concurrency} connections, {args.duration:g} s per scenario after {args.warmup:g} s of warm-up."
    )

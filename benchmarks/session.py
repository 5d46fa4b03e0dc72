"""One benchmark session against a running server: catalog check, users, every scenario, the profile.
Benchmark users are deleted at the end, whatever happens."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from benchmarks.history_file import letterboxd_ratings_csv, offline_catalog_movies
from benchmarks.loadspec import LoadSpec
from benchmarks.procstat import postmaster_pid
from benchmarks.profiling import parse_collapsed, profile_markdown, start_py_spy, summarise_profile
from benchmarks.promtext import Samples, delta
from benchmarks.scenarios import Scenario, ScenarioRun, build_scenarios, run_scenario, scrape
from benchmarks.server import ServerProcess, import_catalog
from benchmarks.stats import RESULT_HEADERS, markdown_table, result_rows
from benchmarks.users import BenchUser, create_user, delete_users, recommended_ids, users_from_examples


@dataclass
class SessionResult:
    runs: list[ScenarioRun]
    total: Samples
    profiles: dict[str, str]  # scenario name → profile summary markdown
    users: list[str]
    catalog_movies: int


def ensure_catalog(server: ServerProcess, env: dict[str, str], limit: int | None) -> dict[str, Any]:
    """/ready's answer once the catalog holds movies, importing it first when it is empty."""
    ready = server.wait_ready()
    if ready.get("ready"):
        return ready
    print("The catalog is empty: importing it first (the server keeps running).", flush=True)
    import_catalog(env, limit)
    return server.wait_ready()


def write_import_file(run_dir: Path, catalog_movies: int) -> Path:
    """The 1,000-row ratings.csv, sampled from the movies an offline import of this size holds."""
    movies = asyncio.run(offline_catalog_movies(catalog_movies))
    path = run_dir / "ratings_1000.csv"
    path.write_text(letterboxd_ratings_csv(movies, 1000, seed=7))
    return path


def profile_pass(scenario: Scenario, server: ServerProcess, client: httpx.Client, run_dir: Path) -> str:
    """The scenario once more (with a new seed, so cold stays cold) with py-spy attached to the server;
    returns the summary markdown."""
    raw_path = run_dir / f"profile_{scenario.key}.txt"
    spec = replace(scenario.spec, seed=scenario.spec.seed + 1)
    seconds = spec.warmup_s + spec.duration_s
    spy = start_py_spy(server.pid, seconds, raw_path, run_dir / f"py-spy_{scenario.key}.log")
    try:
        run_scenario(Scenario(f"profile_{scenario.key}", spec, None), client, run_dir / "specs")
        spy.wait(timeout=seconds + 30)
    finally:
        if spy.poll() is None:
            spy.terminate()
            spy.wait(timeout=10)
    if not raw_path.is_file():
        return f"py-spy wrote nothing; see {run_dir / f'py-spy_{scenario.key}.log'}"
    summary = profile_markdown(summarise_profile(parse_collapsed(raw_path.read_text())))
    return f"Collapsed stacks: `{raw_path}` (flamegraph.pl or speedscope draw them).\n\n{summary}"


def base_spec(args: argparse.Namespace, server: ServerProcess, data_dir: Path) -> LoadSpec:
    pm = postmaster_pid(data_dir / "pgdata")
    return LoadSpec(
        name="",
        base_url=server.base_url,
        requests=[],
        concurrency=args.concurrency,
        duration_s=args.duration,
        max_requests=args.max_requests,
        warmup_s=args.warmup,
        client=args.client,
        watch_pids={"server": server.pid},
        watch_trees={"postgres": pm} if pm else {},
    )


def run_session(
    args: argparse.Namespace, server: ServerProcess, env: dict[str, str], run_dir: Path
) -> SessionResult:
    ready = ensure_catalog(server, env, args.catalog_limit)
    wanted = args.scenarios.split(",")
    created: list[BenchUser] = []
    with httpx.Client(base_url=server.base_url, timeout=300) as client:
        try:
            print(
                f"Server on {server.base_url}: {ready['catalog_movies']} movies. Users from examples/:",
                flush=True,
            )
            users = users_from_examples(client)
            created += users
            import_user, import_file = None, None
            if "import" in wanted:
                import_file = write_import_file(run_dir, int(ready["catalog_movies"]))
                import_user = create_user(client, "1,000-row import")
                created.append(import_user)
            ids = recommended_ids(client, users)
            base = base_spec(args, server, Path(env["CINEMAI_DATA_DIR"]))
            scenarios = build_scenarios(base, users, ids, import_user, import_file, args.import_runs)
            start = scrape(client)
            runs = [_run_one(s, client, run_dir) for key in wanted for s in scenarios if s.key == key]
            total = delta(scrape(client), start)
            profiles: dict[str, str] = {}
            for sc in [s for key in args.profile.split(",") if key for s in scenarios if s.key == key]:
                print(
                    f"→ profiling the server with py-spy during a second pass of: {sc.spec.name}", flush=True
                )
                try:
                    profiles[sc.spec.name] = profile_pass(sc, server, client, run_dir)
                except RuntimeError as exc:  # py-spy missing or failing: the measurements still stand
                    profiles[sc.spec.name] = f"not profiled: {exc}"
            return SessionResult(
                runs, total, profiles, [u.source for u in users], int(ready["catalog_movies"])
            )
        finally:
            delete_users(client, created)


def _run_one(scenario: Scenario, client: httpx.Client, run_dir: Path) -> ScenarioRun:
    spec = scenario.spec
    print(f"→ {spec.name} ({spec.duration_s:g} s, {spec.concurrency} connection(s))", flush=True)
    run = run_scenario(scenario, client, run_dir / "specs")
    print(markdown_table(RESULT_HEADERS, result_rows([run.summary])).splitlines()[-1], flush=True)
    return run

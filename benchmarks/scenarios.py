"""The benchmark's scenarios (what each one sends, and the issue's target for it) and the runner that
drives one scenario through the load generator in a separate process, with /metrics read around it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from benchmarks.loadspec import LoadSpec, RequestSpec
from benchmarks.procstat import loadavg
from benchmarks.promtext import Samples, delta, parse_samples
from benchmarks.server import REPO
from benchmarks.stats import ScenarioSummary, Target, summarise
from benchmarks.users import BenchUser

COLD_ALPHA = (1.0, 9.0)  # a fresh random alpha per request: every page-cache lookup misses
WARM = Target(p50_ms=15, p95_ms=40, min_rps=2000)
WARM_LATENCY = Target(p50_ms=15, p95_ms=40)
UNCACHED = Target(min_rps=300)
IMPORT = Target(max_ms=3000)
SELECTIVE_FILTER = {"genres": ["Western"], "year_min": 1950, "year_max": 1970}


@dataclass(frozen=True)
class Scenario:
    key: str
    spec: LoadSpec
    target: Target | None = None


@dataclass
class ScenarioRun:
    scenario: Scenario
    summary: ScenarioSummary
    raw: dict[str, Any]
    metrics: Samples = field(default_factory=dict)  # the /metrics difference over the scenario
    loadavg: str = ""


def build_scenarios(
    base: LoadSpec,
    users: list[BenchUser],
    movie_ids: list[int],
    import_user: BenchUser | None = None,
    import_file: Path | None = None,
    import_runs: int = 5,
) -> list[Scenario]:
    """Every scenario, in run order. `base` carries the URL, concurrency, duration, warm-up and client.
    The import runs one upload at a time, `import_runs` times (or until max(duration, 10 s) has passed)."""

    def recs(body: dict[str, Any]) -> list[RequestSpec]:
        return [
            RequestSpec(method="POST", path=u.path("recommendations"), headers=u.headers, json=body)
            for u in users
        ]

    def scenario(
        key: str, name: str, requests: list[RequestSpec], target: Target | None = None, **kw: Any
    ) -> Scenario:
        return Scenario(key, replace(base, name=name, requests=requests, **kw), target)

    rec = recs({"limit": 10})
    out = [
        scenario(
            "health", "GET /health (generator and HTTP ceiling)", [RequestSpec(method="GET", path="/health")]
        ),
        scenario("cold", "recommendations, cold cache", rec, UNCACHED, vary_alpha=COLD_ALPHA),
        scenario(
            "cold1", "recommendations, cold cache, 1 connection", rec, vary_alpha=COLD_ALPHA, concurrency=1
        ),
        scenario("warm", "recommendations, warm cache", rec, WARM),
        scenario("warm1", "recommendations, warm cache, 1 connection", rec, WARM_LATENCY, concurrency=1),
        scenario(
            "filtered",
            "recommendations, Western 1950–1970, cold",
            recs({"limit": 10, **SELECTIVE_FILTER}),
            UNCACHED,
            vary_alpha=COLD_ALPHA,
        ),
        scenario(
            "similar",
            "GET /movies/{id}/similar",
            [RequestSpec(method="GET", path=f"/api/v1/movies/{i}/similar?limit=10") for i in movie_ids],
        ),
    ]
    if import_user is not None and import_file is not None:
        upload = RequestSpec(
            method="POST",
            path=import_user.path("watch-history"),
            headers=import_user.headers,
            upload_file=str(import_file),
            form={"mode": "replace"},
        )
        name = "import a 1,000-row ratings.csv"
        out.append(
            Scenario(
                "import",
                replace(
                    base,
                    name=name,
                    requests=[upload],
                    concurrency=1,
                    warmup_s=0.0,
                    duration_s=max(base.duration_s, 10.0),
                    max_requests=import_runs,
                    keep_last_body=True,
                ),
                IMPORT,
            )
        )
    return out


def scrape(client: httpx.Client) -> Samples:
    r = client.get("/metrics")
    r.raise_for_status()
    return parse_samples(r.text)


def run_scenario(scenario: Scenario, client: httpx.Client, spec_dir: Path) -> ScenarioRun:
    """Writes the spec, runs `python -m benchmarks.loadgen` (bounded by a timeout) and summarises.
    Raises RuntimeError when the generator fails."""
    spec = scenario.spec
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec_path = spec_dir / f"{scenario.key}.json"
    spec_path.write_text(json.dumps(spec.to_json(), indent=1))
    before = scrape(client)
    timeout = spec.warmup_s + spec.duration_s + spec.timeout_s + 60
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.loadgen", str(spec_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the load generator failed on {scenario.key}:\n{proc.stderr[-3000:]}")
    raw: dict[str, Any] = json.loads(proc.stdout)
    summary = summarise(
        spec.name,
        raw["latencies_s"],
        failed=raw["failed"],
        elapsed_s=raw["elapsed_s"],
        concurrency=spec.concurrency,
        target=scenario.target,
    )
    return ScenarioRun(scenario, summary, raw, delta(scrape(client), before), loadavg())

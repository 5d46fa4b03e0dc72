"""The benchmark's markdown report: results, per-scenario context, pipeline stage means, import
timings, the profile summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.promtext import Samples, route_means, stage_means, value
from benchmarks.scenarios import ScenarioRun
from benchmarks.stats import RESULT_HEADERS, fmt_ms, markdown_table, result_rows

CONTEXT_HEADERS = [
    "scenario",
    "server mean ms",
    "server CPU",
    "server CPU ms/req",
    "postgres CPU",
    "postgres CPU ms/req",
    "generator CPU",
    "cache hits",
    "load avg",
]


@dataclass(frozen=True, kw_only=True)
class RunInfo:
    command: str
    started: str
    commit: str
    machine: str
    setup: str
    loadavg_start: str
    loadavg_end: str


def cpu_share(raw: dict[str, object], key: str) -> str:
    """CPU seconds over the measured phase / its wall time, as % of one core ('–' when unknown)."""
    seconds, elapsed = raw.get(key), raw.get("elapsed_s")
    if not isinstance(seconds, float | int) or not isinstance(elapsed, float | int) or elapsed <= 0:
        return "–"
    return f"{100 * seconds / elapsed:.0f}%"


def cpu_per_request(raw: dict[str, object], key: str) -> str:
    """CPU milliseconds per 2xx answer: the cost of a request, which CPU contention barely changes."""
    seconds, latencies = raw.get(key), raw.get("latencies_s")
    if not isinstance(seconds, float | int) or not isinstance(latencies, list) or not latencies:
        return "–"
    return fmt_ms(1000 * seconds / len(latencies))


def cache_hit_ratio(metrics: Samples) -> str:
    hits = value(metrics, "cinemai_cache_lookups_total", result="hit") or 0.0
    misses = value(metrics, "cinemai_cache_lookups_total", result="miss") or 0.0
    return f"{hits / (hits + misses):.0%}" if hits + misses else "–"


def server_mean(metrics: Samples) -> str:
    """Mean server-side latency of 2xx answers over the scenario (all routes it touched)."""
    means = [m for status in ("200", "201") for m in route_means(metrics, status) if m.key != "/metrics"]
    count = sum(m.count for m in means)
    return fmt_ms(sum(m.mean_ms * m.count for m in means) / count) if count else "–"


def context_rows(runs: Sequence[ScenarioRun]) -> list[list[str]]:
    return [
        [
            r.summary.name,
            server_mean(r.metrics),
            cpu_share(r.raw, "cpu_s.server"),
            cpu_per_request(r.raw, "cpu_s.server"),
            cpu_share(r.raw, "cpu_s.postgres"),
            cpu_per_request(r.raw, "cpu_s.postgres"),
            cpu_share(r.raw, "cpu_s"),
            cache_hit_ratio(r.metrics),
            r.loadavg,
        ]
        for r in runs
    ]


def stage_table(runs: Sequence[ScenarioRun]) -> str:
    """Rows: scenarios that ran pipeline stages; cells: mean ms (count) per stage."""
    per_run = {r.summary.name: {m.key: m for m in stage_means(r.metrics)} for r in runs}
    stages = sorted({stage for means in per_run.values() for stage in means})
    rows = [
        [name, *(f"{fmt_ms(m.mean_ms)} ({m.count})" if (m := means.get(s)) else "–" for s in stages)]
        for name, means in per_run.items()
        if means
    ]
    return markdown_table(["scenario", *stages], rows) if rows else "(no pipeline stage ran)"


def totals_table(total: Samples) -> str:
    rows = [[m.key, str(m.count), fmt_ms(m.mean_ms)] for m in stage_means(total)]
    return markdown_table(["stage", "count", "mean ms"], rows) if rows else "(no pipeline stage ran)"


def import_timings(runs: Sequence[ScenarioRun]) -> str:
    for r in runs:
        body = r.raw.get("last_body")
        if r.scenario.key == "import" and isinstance(body, dict):
            timings = body.get("timings_s") or {}
            rows = [[k, f"{1000 * float(v):.0f}"] for k, v in timings.items()]
            head = (
                f"Last import: {body.get('rows_read')} rows, {body.get('matched', {}).get('total')} matched, "
                f"{body.get('liked_count')} liked → {body.get('algorithm')}, {len(body.get('clusters', []))} clusters."
            )
            return head + "\n\n" + markdown_table(["import stage", "ms"], rows)
    return ""


def failures(runs: Sequence[ScenarioRun]) -> list[str]:
    return [
        f"- {r.summary.name}: {r.summary.failed} failed (statuses {r.raw['statuses']}, errors {r.raw['errors']}); "
        f"first: `{r.raw.get('first_failure')}`"
        for r in runs
        if r.summary.failed
    ]


def render(info: RunInfo, runs: Sequence[ScenarioRun], total: Samples, profiles: dict[str, str]) -> str:
    parts = [
        f"# CinemAI load benchmark, {info.started}",
        f"Command: `{info.command}`  \nCommit: {info.commit}  \nMachine: {info.machine}  \n"
        f"Load average (1/5/15 min): {info.loadavg_start} at the start, {info.loadavg_end} at the end  \n"
        f"{info.setup}",
        "## Results (client side: latency of 2xx answers, requests/s = 2xx answers / wall time)",
        markdown_table(RESULT_HEADERS, result_rows([r.summary for r in runs])),
        "## Context per scenario",
        "Server mean: from the server's own latency histogram. CPU: % of one core over the measured phase "
        "(server = the uvicorn process; postgres = the embedded server and its backends; generator = the "
        "load generator's process). CPU ms/req: CPU time per 2xx answer, the figure that other load on the "
        "machine changes least; one process on one free core tops out near 1000 / (server CPU ms/req) req/s. "
        "Cache hits: page-cache hit ratio from /metrics.",
        markdown_table(CONTEXT_HEADERS, context_rows(runs)),
        "## Pipeline stage means per scenario (cinemai_pipeline_stage_seconds sum/count, ms, with count)",
        stage_table(runs),
        "## Pipeline stage means over the whole run",
        totals_table(total),
    ]
    if timings := import_timings(runs):
        parts += ["## Import of the 1,000-row file", timings]
    for name, profile in profiles.items():
        parts += [f"## Profile of the server during: {name} (py-spy)", profile]
    if problems := failures(runs):
        parts += ["## Failures", "\n".join(problems)]
    return "\n\n".join(parts) + "\n"

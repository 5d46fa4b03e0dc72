"""The benchmark report: per-request CPU, cache hit ratio, per-scenario stage means, failures."""

from __future__ import annotations

from benchmarks.loadspec import LoadSpec
from benchmarks.promtext import parse_samples
from benchmarks.report import RunInfo, cache_hit_ratio, context_rows, cpu_per_request, cpu_share, render
from benchmarks.scenarios import WARM, Scenario, ScenarioRun
from benchmarks.stats import summarise

METRICS = parse_samples(
    """
cinemai_cache_lookups_total{result="hit"} 90.0
cinemai_cache_lookups_total{result="miss"} 10.0
cinemai_pipeline_stage_seconds_sum{stage="candidates"} 0.3
cinemai_pipeline_stage_seconds_count{stage="candidates"} 10.0
cinemai_http_request_duration_seconds_sum{method="POST",route="/r",status="200"} 0.5
cinemai_http_request_duration_seconds_count{method="POST",route="/r",status="200"} 100.0
"""
)


def run(failed: int = 0) -> ScenarioRun:
    latencies = [0.004] * 100
    raw: dict[str, object] = {
        "latencies_s": latencies,
        "elapsed_s": 2.0,
        "cpu_s": 0.5,
        "cpu_s.server": 0.3,
        "statuses": {"200": 100, "429": failed},
        "errors": {},
        "first_failure": "429: slow down" if failed else None,
    }
    spec = LoadSpec(name="warm", base_url="http://127.0.0.1:1", requests=[])
    summary = summarise("warm", latencies, failed=failed, elapsed_s=2.0, concurrency=8, target=WARM)
    return ScenarioRun(Scenario("warm", spec, WARM), summary, raw, METRICS, "0.50 0.40 0.30")


def test_cpu_figures_per_core_and_per_request() -> None:
    raw = run().raw
    assert cpu_share(raw, "cpu_s.server") == "15%"
    assert cpu_per_request(raw, "cpu_s.server") == "3.00"
    assert cpu_share(raw, "cpu_s.postgres") == "–" and cpu_per_request(raw, "cpu_s.postgres") == "–"


def test_context_row_reads_metrics_difference() -> None:
    [row] = context_rows([run()])
    assert row == ["warm", "5.00", "15%", "3.00", "–", "–", "25%", "90%", "0.50 0.40 0.30"]
    assert cache_hit_ratio({}) == "–"


def test_render_has_every_section_and_lists_failures() -> None:
    info = RunInfo(
        command="python benchmarks/run.py --duration 5",
        started="now",
        commit="abc",
        machine="2 CPUs",
        setup="Setup: test",
        loadavg_start="1 1 1",
        loadavg_end="2 2 2",
    )
    text = render(info, [run(failed=3)], METRICS, {"warm": "PROFILE"})
    assert "Command: `python benchmarks/run.py --duration 5`" in text
    assert "| warm     | 8     | 100 | 3      | 4.00" in text
    assert "MISSED (req/s)" in text  # 50 req/s against 2,000
    assert "| warm     | 30.0 (10)  |" in text  # candidates: 0.3 s / 10
    assert "## Profile of the server during: warm (py-spy)\n\nPROFILE" in text
    assert "first: `429: slow down`" in text

"""The benchmark's pure parts: percentiles, summaries against targets, markdown tables, /metrics text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks.promtext import delta, parse_samples, route_means, stage_means
from benchmarks.stats import Target, fmt_ms, markdown_table, percentile, result_rows, summarise


@pytest.mark.parametrize("p", [0, 1, 25, 50, 90, 95, 99, 99.9, 100])
def test_percentile_matches_numpys_linear_method(p: float) -> None:
    samples = [0.012, 0.003, 0.5, 0.041, 0.007, 0.019, 0.002, 0.3, 0.011, 0.025, 0.08]
    assert percentile(samples, p) == pytest.approx(float(np.percentile(samples, p)))


def test_percentile_hand_computed_values() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0  # rank 1.5: halfway between 20 and 30
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)  # rank 2.85
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) is None


def test_percentile_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 101)


def test_summary_converts_to_ms_and_counts_requests_per_second() -> None:
    s = summarise("warm", [0.010] * 90 + [0.050] * 10, failed=3, elapsed_s=0.05, concurrency=8)
    assert (s.ok, s.failed, s.concurrency) == (100, 3, 8)
    assert s.p50_ms == pytest.approx(10.0)
    assert s.p99_ms == pytest.approx(50.0)
    assert s.max_ms == pytest.approx(50.0)
    assert s.rps == pytest.approx(2000.0)


def test_verdict_names_every_missed_figure() -> None:
    target = Target(p50_ms=15, p95_ms=40, min_rps=2000)
    fast = summarise("a", [0.005] * 100, failed=0, elapsed_s=0.04, concurrency=8, target=target)
    slow = summarise("b", [0.030] * 100, failed=0, elapsed_s=1.0, concurrency=8, target=target)
    assert fast.verdict() == "met"
    assert slow.verdict() == "MISSED (p50, req/s)"
    assert summarise("c", [], failed=5, elapsed_s=1.0, concurrency=1, target=target).verdict() == "no data"
    assert summarise("d", [0.1], failed=0, elapsed_s=1.0, concurrency=1).verdict() == ""


def test_import_target_is_on_the_slowest_upload() -> None:
    target = Target(max_ms=3000)
    assert target.describe() == "each ≤ 3 s"
    s = summarise("import", [1.2, 2.9, 3.4], failed=0, elapsed_s=7.5, concurrency=1, target=target)
    assert s.verdict() == "MISSED (max)"


def test_target_description() -> None:
    assert Target(p50_ms=15, p95_ms=40, min_rps=2000).describe() == "p50 ≤ 15 ms, p95 ≤ 40 ms, ≥ 2,000 req/s"


def test_markdown_table_pads_columns_and_escapes_pipes() -> None:
    table = markdown_table(["name", "ms"], [["a|b", "1.5"], ["long name", "12"]])
    assert table.splitlines() == [
        "| name      | ms  |",
        "|-----------|-----|",
        "| a\\|b      | 1.5 |",
        "| long name | 12  |",
    ]


def test_markdown_table_refuses_ragged_rows() -> None:
    with pytest.raises(ValueError, match="row has 1 cells"):
        markdown_table(["a", "b"], [["only one"]])


def test_result_rows_format_one_scenario() -> None:
    # p95: rank 1.9 → 12.3 + 0.9 × (1500 − 12.3); p99: rank 1.98 → 12.3 + 0.98 × 1487.7
    s = summarise(
        "cold", [0.0042, 0.0123, 1.5], failed=2, elapsed_s=1.5, concurrency=8, target=Target(min_rps=300)
    )
    assert result_rows([s]) == [
        ["cold", "8", "3", "2", "12.3", "1351", "1470", "2.0", "≥ 300 req/s", "MISSED (req/s)"]
    ]


def test_fmt_ms_precision_follows_size() -> None:
    assert [fmt_ms(x) for x in (0.8412, 12.34, 2710.4, None)] == ["0.84", "12.3", "2710", "–"]


METRICS_BEFORE = """
# HELP cinemai_pipeline_stage_seconds Time spent per recommendation pipeline stage.
# TYPE cinemai_pipeline_stage_seconds histogram
cinemai_pipeline_stage_seconds_bucket{le="0.005",stage="score"} 3.0
cinemai_pipeline_stage_seconds_sum{stage="score"} 0.006
cinemai_pipeline_stage_seconds_count{stage="score"} 3.0
cinemai_http_request_duration_seconds_sum{method="POST",route="/api/v1/users/{user_id}/recommendations",status="200"} 1.0
cinemai_http_request_duration_seconds_count{method="POST",route="/api/v1/users/{user_id}/recommendations",status="200"} 100.0
"""
METRICS_AFTER = """
cinemai_pipeline_stage_seconds_sum{stage="score"} 0.026
cinemai_pipeline_stage_seconds_count{stage="score"} 13.0
cinemai_pipeline_stage_seconds_sum{stage="candidates"} 0.5
cinemai_pipeline_stage_seconds_count{stage="candidates"} 10.0
cinemai_pipeline_stage_seconds_sum{stage="rerank"} 0.0
cinemai_pipeline_stage_seconds_count{stage="rerank"} 0.0
cinemai_http_request_duration_seconds_sum{method="POST",route="/api/v1/users/{user_id}/recommendations",status="200"} 1.5
cinemai_http_request_duration_seconds_count{method="POST",route="/api/v1/users/{user_id}/recommendations",status="200"} 150.0
cinemai_http_request_duration_seconds_sum{method="POST",route="/api/v1/users/{user_id}/recommendations",status="429"} 9.0
cinemai_http_request_duration_seconds_count{method="POST",route="/api/v1/users/{user_id}/recommendations",status="429"} 9.0
cinemai_cache_hit_ratio NaN
"""


def test_stage_means_from_the_difference_of_two_scrapes() -> None:
    diff = delta(parse_samples(METRICS_AFTER), parse_samples(METRICS_BEFORE))
    means = {m.key: (m.count, m.mean_ms) for m in stage_means(diff)}
    assert means == {"candidates": (10, pytest.approx(50.0)), "score": (10, pytest.approx(2.0))}


def test_route_means_keep_one_status() -> None:
    diff = delta(parse_samples(METRICS_AFTER), parse_samples(METRICS_BEFORE))
    [rec] = route_means(diff, "200")
    assert (rec.key, rec.count, rec.mean_ms) == (
        "/api/v1/users/{user_id}/recommendations",
        50,
        pytest.approx(10.0),
    )


def test_parse_samples_reads_labels_and_special_values() -> None:
    samples = parse_samples(METRICS_AFTER + 'weird{path="a \\"quoted\\" value"} 1\nnot a sample line\n')
    assert math.isnan(samples[("cinemai_cache_hit_ratio", ())])
    assert samples[("weird", (("path", 'a \\"quoted\\" value'),))] == 1.0

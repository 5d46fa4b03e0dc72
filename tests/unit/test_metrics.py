"""The /metrics endpoint: latency by route template and status, stage histogram, cache hit ratio."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from fastapi import FastAPI, HTTPException

from src.application.ports.metrics import CacheStats, NullStageTimer, stage_timer
from src.infrastructure.metrics import PrometheusStageTimer
from src.presentation.api.metrics import REGISTRY, install_metrics

ROUTE = "/api/v1/users/{user_id}/recommendations"


def build_app(stats: CacheStats | None, timer: PrometheusStageTimer) -> FastAPI:
    app = FastAPI()

    @app.get(ROUTE)
    async def recommendations(user_id: str) -> dict[str, str]:
        if user_id == "missing":
            raise HTTPException(status_code=404, detail="no profile")
        with stage_timer(timer, "score"):
            return {"user": user_id}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("unhandled")

    install_metrics(app, cache_stats=lambda: stats, collectors=[timer])
    return app


async def scrape(app: FastAPI) -> str:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def request_count(route: str, method: str, status: str) -> float:
    labels = {"route": route, "method": method, "status": status}
    return REGISTRY.get_sample_value("cinemai_http_request_duration_seconds_count", labels) or 0.0


async def test_latency_is_labelled_by_route_template_method_and_status() -> None:
    app = build_app(CacheStats(hits=3, misses=1), PrometheusStageTimer())
    ok_before = request_count(ROUTE, "GET", "200")
    missing_before = request_count(ROUTE, "GET", "404")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/api/v1/users/u-12345/recommendations")).status_code == 200
        assert (await client.get("/api/v1/users/u-67890/recommendations")).status_code == 200
        assert (await client.get("/api/v1/users/missing/recommendations")).status_code == 404
        assert (await client.get("/boom")).status_code == 500
        assert (await client.get("/no/such/page/42")).status_code == 404
    text = await scrape(app)
    assert request_count(ROUTE, "GET", "200") == ok_before + 2
    assert request_count(ROUTE, "GET", "404") == missing_before + 1
    assert request_count("/boom", "GET", "500") >= 1
    assert request_count("unmatched", "GET", "404") >= 1
    assert f'route="{ROUTE}"' in text
    assert "u-12345" not in text and "/no/such/page" not in text


async def test_stage_histogram_and_cache_hit_ratio_are_exposed() -> None:
    timer = PrometheusStageTimer()
    app = build_app(CacheStats(hits=3, misses=1, errors=2), timer)
    timer.observe("candidates", 0.003)
    timer.observe("candidates", 0.007)
    text = await scrape(app)
    assert 'cinemai_pipeline_stage_seconds_count{stage="candidates"} 2.0' in text
    assert 'cinemai_pipeline_stage_seconds_bucket{le="0.005",stage="candidates"} 1.0' in text
    assert "cinemai_cache_hit_ratio 0.75" in text
    assert 'cinemai_cache_lookups_total{result="hit"} 3.0' in text
    assert "cinemai_cache_errors_total 2.0" in text


async def test_stage_timer_context_manager_records_the_block_even_when_it_raises() -> None:
    timer = PrometheusStageTimer()
    app = build_app(None, timer)
    with pytest.raises(ValueError), stage_timer(timer, "rerank"):
        await asyncio.sleep(0.002)
        raise ValueError("reranker failed")
    text = await scrape(app)
    assert 'cinemai_pipeline_stage_seconds_count{stage="rerank"} 1.0' in text
    assert 'cinemai_pipeline_stage_seconds_bucket{le="0.001",stage="rerank"} 0.0' in text
    assert "cinemai_cache_hit_ratio" not in text  # no cache statistics → no cache metrics


async def test_many_apps_in_one_process_each_serve_their_own_stage_and_cache_metrics() -> None:
    first, second = PrometheusStageTimer(), PrometheusStageTimer()
    app_one = build_app(CacheStats(hits=1, misses=0), first)
    app_two = build_app(CacheStats(hits=0, misses=4), second)
    first.observe("load_profile", 0.001)
    assert "cinemai_cache_hit_ratio 1.0" in await scrape(app_one)
    text_two = await scrape(app_two)
    assert "cinemai_cache_hit_ratio 0.0" in text_two
    assert 'stage="load_profile"' not in text_two


def test_stage_timer_reports_the_stage_and_its_duration() -> None:
    class RecordingTimer(NullStageTimer):
        def __init__(self) -> None:
            self.seen: list[tuple[str, float]] = []

        def observe(self, stage: str, seconds: float) -> None:
            self.seen.append((stage, seconds))

    timer = RecordingTimer()
    with stage_timer(timer, "score"):
        time.sleep(0.002)
    [(stage, seconds)] = timer.seen
    assert stage == "score" and 0.002 <= seconds < 1.0


def test_middleware_and_stage_overhead_stay_in_microseconds() -> None:
    """observe() on a warm label set: well under the 50 µs per-request budget."""
    from src.presentation.api.metrics import observe_request

    timer = PrometheusStageTimer()
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        observe_request(ROUTE, "GET", 200, 0.004)
        timer.observe("score", 0.0005)
    per_round = (time.perf_counter() - start) / rounds
    assert per_round < 50e-6

"""Prometheus metrics for the HTTP API: request latency per route template, cache hit rate, and
whatever other collectors (the pipeline stage timer) the caller hands over, served at GET /metrics.

Request latency lives in this module's own registry (not prometheus_client's global one), created
once per process, so any number of apps can be built in one process (tests do).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from fastapi import FastAPI
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.application.ports.metrics import CacheStats

# 1 ms – 10 s, dense around the targets (p50 ≤ 15 ms, p95 ≤ 40 ms).
HTTP_BUCKETS = (
    0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
)  # fmt: skip
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "unmatched"

REGISTRY = CollectorRegistry(auto_describe=True)
HTTP_REQUEST_SECONDS = Histogram(
    "cinemai_http_request_duration_seconds",
    "HTTP request latency by route template, method and status code.",
    ["route", "method", "status"],
    buckets=HTTP_BUCKETS,
    registry=REGISTRY,
)
_children: dict[tuple[str, str, int], Histogram] = {}


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    """Records one request. Labels are bounded: route templates, known methods, status codes."""
    labels = (route, method if method in _METHODS else "OTHER", status)
    child = _children.get(labels)
    if child is None:
        child = _children.setdefault(labels, HTTP_REQUEST_SECONDS.labels(*labels[:2], str(status)))
    child.observe(seconds)


class PrometheusAsgiMiddleware:
    """Pure ASGI middleware timing each HTTP request until the app returns (the body sent).

    The route label is the matched route's template (scope["route"].path, set by the router), or
    "unmatched" for 404s, so ids in paths never become labels. An exception escaping the app is
    recorded as status 500 (unless a response had already started) and re-raised."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or UNMATCHED_ROUTE
            observe_request(route, scope["method"], status, time.perf_counter() - start)


class CacheStatsCollector(Collector):
    """Reads the cache's counters at scrape time: the hit ratio, lookups by result, backend errors.
    Exposes nothing while `cache_stats` returns None."""

    def __init__(self, cache_stats: Callable[[], CacheStats | None]) -> None:
        self._cache_stats = cache_stats

    def collect(self) -> Iterable[Metric]:
        stats = self._cache_stats()
        if stats is None:
            return []
        ratio = GaugeMetricFamily(
            "cinemai_cache_hit_ratio",
            "Cache hits / lookups since this process started.",
            value=stats.hit_rate,
        )
        lookups = CounterMetricFamily("cinemai_cache_lookups", "Cache lookups by result.", labels=["result"])
        lookups.add_metric(["hit"], stats.hits)
        lookups.add_metric(["miss"], stats.misses)
        errors = CounterMetricFamily("cinemai_cache_errors", "Cache backend failures.", value=stats.errors)
        return [ratio, lookups, errors]


def install_metrics(
    app: FastAPI,
    cache_stats: Callable[[], CacheStats | None] | None = None,
    *,
    collectors: Sequence[Collector] = (),
) -> None:
    """Adds the latency middleware and `GET /metrics` (Prometheus text format) to `app`.

    /metrics serves the module registry plus, per app, the cache statistics (read at scrape time from
    `cache_stats`) and `collectors` (e.g. the PrometheusStageTimer). Call once per app, before it starts.
    /metrics has no authentication: restrict it at the proxy in production."""
    app_registry = CollectorRegistry(auto_describe=True)
    if cache_stats is not None:
        app_registry.register(CacheStatsCollector(cache_stats))
    for collector in collectors:
        app_registry.register(collector)

    async def metrics() -> Response:
        body = generate_latest(REGISTRY) + generate_latest(app_registry)
        return Response(content=body, media_type=CONTENT_TYPE_LATEST)

    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
    app.add_middleware(PrometheusAsgiMiddleware)

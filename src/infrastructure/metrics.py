"""The Prometheus adapter of the StageTimer port: time spent per pipeline stage."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Histogram
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from src.application.ports.metrics import StageTimer

# 100 µs – 10 s: scoring a candidate pool takes well under a millisecond, a remote rerank seconds.
STAGE_BUCKETS = (
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
)  # fmt: skip


class PrometheusStageTimer(StageTimer, Collector):
    """Observations go to the histogram `cinemai_pipeline_stage_seconds{stage}`.

    The histogram belongs to this instance and to no registry, so any number of containers and apps
    can each own one. The timer is itself a Prometheus collector: register it in the registry that
    /metrics serves (install_metrics(app, collectors=[timer]) does). observe() costs about a microsecond.
    """

    def __init__(self, buckets: Iterable[float] = STAGE_BUCKETS) -> None:
        self._histogram = Histogram(
            "cinemai_pipeline_stage_seconds",
            "Time spent per recommendation pipeline stage.",
            ["stage"],
            buckets=tuple(buckets),
            registry=None,
        )
        self._children: dict[str, Histogram] = {}

    def observe(self, stage: str, seconds: float) -> None:
        child = self._children.get(stage)
        if child is None:
            child = self._children.setdefault(stage, self._histogram.labels(stage=stage))
        child.observe(seconds)

    def collect(self) -> Iterable[Metric]:
        return self._histogram.collect()

    def describe(self) -> Iterable[Metric]:
        return self._histogram.describe()

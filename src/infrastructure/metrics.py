"""The Prometheus adapters of the metrics ports: time spent per pipeline stage, and what the rerank
validator checked and the LLM cost."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Histogram
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from src.application.ports.metrics import AnswerCheck, RerankMetrics, StageTimer

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


# per-request cost: from a fraction of a cent (gpt-4o-mini) to a few cents (gpt-4o, 50 candidates)
COST_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25)
TOKEN_BUCKETS = (250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000)


class PrometheusRerankMetrics(RerankMetrics, Collector):
    """The rerank validator's counts and the LLM's tokens and estimated cost, for /metrics:

    - cinemai_rerank_answers_checked_total{reranker}: answers that reached the validator or failed;
    - cinemai_rerank_answers_replaced_total{reranker}: answers served with a repaired order and/or some
      justifications replaced by the local wording;
    - cinemai_rerank_answers_failed_total{reranker}: answers unusable (or calls that failed): fallback;
    - cinemai_rerank_justifications_replaced_total{reranker}, cinemai_rerank_order_repairs_total{reranker},
      cinemai_rerank_false_statements_total{kind};
    - cinemai_llm_tokens_total{model,kind}, cinemai_llm_request_tokens{model} (histogram, per call),
      cinemai_llm_cost_usd_total{model}, cinemai_llm_request_cost_usd{model} (histogram, per call);
    - cinemai_rerank_answer_cache_lookups_total{result}: the answer cache's hits and misses.
    No registry of its own: register the instance where /metrics reads (like PrometheusStageTimer).
    """

    def __init__(self) -> None:
        self._checked = Counter(
            "cinemai_rerank_answers_checked", "Rerank answers checked.", ["reranker"], registry=None
        )
        self._replaced = Counter(
            "cinemai_rerank_answers_replaced",
            "Rerank answers served with a repaired order or replaced justifications.",
            ["reranker"],
            registry=None,
        )
        self._failed = Counter(
            "cinemai_rerank_answers_failed", "Rerank answers unusable: fallback.", ["reranker"], registry=None
        )
        self._justifications = Counter(
            "cinemai_rerank_justifications_replaced",
            "Justifications replaced by the local evidence wording.",
            ["reranker"],
            registry=None,
        )
        self._repairs = Counter(
            "cinemai_rerank_order_repairs",
            "Ids dropped or appended to repair an order.",
            ["reranker"],
            registry=None,
        )
        self._false = Counter(
            "cinemai_rerank_false_statements", "False statements found, by kind.", ["kind"], registry=None
        )
        self._tokens = Counter(
            "cinemai_llm_tokens", "LLM tokens by model and kind.", ["model", "kind"], registry=None
        )
        self._request_tokens = Histogram(
            "cinemai_llm_request_tokens",
            "LLM tokens per call.",
            ["model"],
            buckets=TOKEN_BUCKETS,
            registry=None,
        )
        self._cost = Counter("cinemai_llm_cost_usd", "Estimated LLM cost in USD.", ["model"], registry=None)
        self._request_cost = Histogram(
            "cinemai_llm_request_cost_usd", "Estimated LLM cost per call, USD.", ["model"],
            buckets=COST_BUCKETS, registry=None,
        )  # fmt: skip
        self._cache = Counter(
            "cinemai_rerank_answer_cache_lookups", "Rerank answer cache lookups.", ["result"], registry=None
        )
        self._all = (
            self._checked, self._replaced, self._failed, self._justifications, self._repairs, self._false,
            self._tokens, self._request_tokens, self._cost, self._request_cost, self._cache,
        )  # fmt: skip

    def checked(self, check: AnswerCheck) -> None:
        self._checked.labels(reranker=check.reranker).inc()
        if check.outcome == "failed":
            self._failed.labels(reranker=check.reranker).inc()
        elif check.outcome == "repaired":
            self._replaced.labels(reranker=check.reranker).inc()
        if check.replaced:
            self._justifications.labels(reranker=check.reranker).inc(check.replaced)
        if check.order_repairs:
            self._repairs.labels(reranker=check.reranker).inc(check.order_repairs)
        for kind, count in check.false_statements:
            self._false.labels(kind=kind).inc(count)

    def usage(
        self, model: str, *, prompt_tokens: int, completion_tokens: int, cost_usd: float | None
    ) -> None:
        self._tokens.labels(model=model, kind="prompt").inc(prompt_tokens)
        self._tokens.labels(model=model, kind="completion").inc(completion_tokens)
        self._request_tokens.labels(model=model).observe(prompt_tokens + completion_tokens)
        if cost_usd is not None:
            self._cost.labels(model=model).inc(cost_usd)
            self._request_cost.labels(model=model).observe(cost_usd)

    def cache_lookup(self, *, hit: bool) -> None:
        self._cache.labels(result="hit" if hit else "miss").inc()

    def collect(self) -> Iterable[Metric]:
        for metric in self._all:
            yield from metric.collect()

    def describe(self) -> Iterable[Metric]:
        for metric in self._all:
            yield from metric.describe()

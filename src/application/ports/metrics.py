"""Ports for measuring the service without importing a metrics library.

The application layer times its pipeline stages through `StageTimer`; the Prometheus adapter lives in
src/infrastructure/metrics.py. `CacheStats` is what a cache adapter reports for the hit-rate metric.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol


class StageTimer(Protocol):
    """Records how long one pipeline stage took. observe() is cheap (microseconds), never raises and
    never blocks; `stage` is a short, fixed name ("load_profile", "candidates", "score", "rerank"),
    never a per-request value (it becomes a metric label)."""

    def observe(self, stage: str, seconds: float) -> None: ...


class NullStageTimer(StageTimer):
    """Discards every observation: the default when nothing measures."""

    def observe(self, stage: str, seconds: float) -> None:
        return None


@contextmanager
def stage_timer(timer: StageTimer, stage: str) -> Iterator[None]:
    """Times the `with` block and reports it to `timer`, also when the block raises.

    >>> with stage_timer(NullStageTimer(), "score"):
    ...     pass
    """
    start = time.perf_counter()
    try:
        yield
    finally:
        timer.observe(stage, time.perf_counter() - start)


@dataclass(frozen=True, kw_only=True)
class CacheStats:
    """Lookup counts of one cache adapter since it was created (per process). A get() that found a
    live value is a hit; every other get() (absent, expired, backend down) is a miss. `errors` counts
    backend failures (always 0 for an in-process cache)."""

    hits: int = 0
    misses: int = 0
    errors: int = 0

    @property
    def lookups(self) -> int:
        return self.hits + self.misses

    @property
    def hit_rate(self) -> float:
        """hits / lookups, 0.0 before the first lookup."""
        return self.hits / self.lookups if self.lookups else 0.0


@dataclass(frozen=True, kw_only=True)
class AnswerCheck:
    """What the rerank validator found in one answer. `outcome`: "clean" (kept as given), "repaired"
    (order repaired and/or some justifications replaced by the local wording), "failed" (unusable or
    the call failed: the whole answer came from the fallback). `false_statements` counts by kind."""

    reranker: str
    outcome: str
    justifications: int = 0
    replaced: int = 0
    order_repairs: int = 0
    false_statements: tuple[tuple[str, int], ...] = ()


class RerankMetrics(Protocol):
    """Counts what the rerank validator checked and what a remote model cost. Never raises; labels are
    fixed names (reranker/model names from settings, statement kinds), never per-request values."""

    def checked(self, check: AnswerCheck) -> None: ...

    def usage(
        self, model: str, *, prompt_tokens: int, completion_tokens: int, cost_usd: float | None
    ) -> None: ...

    def cache_lookup(self, *, hit: bool) -> None: ...


class NullRerankMetrics(RerankMetrics):
    """Discards everything: the default when nothing measures."""

    def checked(self, check: AnswerCheck) -> None:
        return None

    def usage(
        self, model: str, *, prompt_tokens: int, completion_tokens: int, cost_usd: float | None
    ) -> None:
        return None

    def cache_lookup(self, *, hit: bool) -> None:
        return None

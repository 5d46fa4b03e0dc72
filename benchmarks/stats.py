"""Pure maths and text for the benchmark: percentiles, per-scenario summaries, targets, markdown tables."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(samples: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0–100) with linear interpolation between closest ranks (numpy's default
    "linear" method). None for no samples; raises ValueError for p outside 0–100."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {p}")
    if not samples:
        return None
    ordered = sorted(samples)
    rank = p / 100 * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True, kw_only=True)
class Target:
    """What the issue asks of a scenario; None means no requirement on that figure."""

    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    min_rps: float | None = None

    def describe(self) -> str:
        parts = []
        if self.p50_ms is not None:
            parts.append(f"p50 ≤ {_num(self.p50_ms)} ms")
        if self.p95_ms is not None:
            parts.append(f"p95 ≤ {_num(self.p95_ms)} ms")
        if self.max_ms is not None:
            parts.append(f"each ≤ {_num(self.max_ms / 1000)} s")
        if self.min_rps is not None:
            parts.append(f"≥ {_num(self.min_rps)} req/s")
        return ", ".join(parts)


@dataclass(kw_only=True)
class ScenarioSummary:
    """One scenario's client-side figures (latencies of 2xx responses only) plus server-side context."""

    name: str
    ok: int
    failed: int
    elapsed_s: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    concurrency: int
    target: Target | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.ok / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def verdict(self) -> str:
        """'met', 'MISSED (...)' naming the missed figures, 'no data', or '' without a target."""
        if self.target is None:
            return ""
        if self.ok == 0:
            return "no data"
        t, missed = self.target, []
        if t.p50_ms is not None and (self.p50_ms or 0) > t.p50_ms:
            missed.append("p50")
        if t.p95_ms is not None and (self.p95_ms or 0) > t.p95_ms:
            missed.append("p95")
        if t.max_ms is not None and (self.max_ms or 0) > t.max_ms:
            missed.append("max")
        if t.min_rps is not None and self.rps < t.min_rps:
            missed.append("req/s")
        return f"MISSED ({', '.join(missed)})" if missed else "met"


def summarise(
    name: str,
    latencies_s: Sequence[float],
    *,
    failed: int,
    elapsed_s: float,
    concurrency: int,
    target: Target | None = None,
) -> ScenarioSummary:
    """Turns raw latencies (seconds) into a summary in milliseconds."""
    ms = [x * 1000 for x in latencies_s]
    return ScenarioSummary(
        name=name,
        ok=len(ms),
        failed=failed,
        elapsed_s=elapsed_s,
        p50_ms=percentile(ms, 50),
        p95_ms=percentile(ms, 95),
        p99_ms=percentile(ms, 99),
        max_ms=max(ms) if ms else None,
        concurrency=concurrency,
        target=target,
    )


RESULT_HEADERS = [
    "scenario",
    "conc.",
    "ok",
    "failed",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "req/s",
    "target",
    "verdict",
]


def result_rows(summaries: Sequence[ScenarioSummary]) -> list[list[str]]:
    return [
        [
            s.name,
            str(s.concurrency),
            str(s.ok),
            str(s.failed),
            fmt_ms(s.p50_ms),
            fmt_ms(s.p95_ms),
            fmt_ms(s.p99_ms),
            f"{s.rps:.1f}",
            s.target.describe() if s.target else "",
            s.verdict(),
        ]
        for s in summaries
    ]


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub markdown table, columns padded to equal width; a cell's '|' is escaped.
    Raises ValueError when a row's length differs from the headers'."""
    cells = [[str(h) for h in headers]] + [[str(c).replace("|", "\\|") for c in row] for row in rows]
    for row in cells:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, headers have {len(headers)}: {row}")
    widths = [max(3, *(len(row[i]) for row in cells)) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def fmt_ms(value: float | None) -> str:
    """Milliseconds with precision that suits the size: 0.84, 12.3, 2710."""
    if value is None:
        return "–"
    if value < 10:
        return f"{value:.2f}"
    if value < 1000:
        return f"{value:.1f}"
    return f"{value:.0f}"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"

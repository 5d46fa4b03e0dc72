"""Reading the server's /metrics (Prometheus text format): samples, differences between two scrapes,
and mean time per pipeline stage / per route from the histograms' _sum and _count."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

Labels = tuple[tuple[str, str], ...]
Samples = dict[tuple[str, Labels], float]

_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+\d+)?$")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
STAGE_METRIC = "cinemai_pipeline_stage_seconds"
ROUTE_METRIC = "cinemai_http_request_duration_seconds"


def parse_samples(text: str) -> Samples:
    """Every sample line → {(metric name, sorted label pairs): value}. Comments and unparsable lines
    are skipped; NaN/Inf values are kept as floats."""
    out: Samples = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        labels = tuple(sorted(_LABEL.findall(m.group(2) or "")))
        try:
            out[(m.group(1), labels)] = float(m.group(3))
        except ValueError:
            continue
    return out


def delta(after: Samples, before: Samples) -> Samples:
    """after − before per sample (a sample absent before counts from 0)."""
    return {k: v - before.get(k, 0.0) for k, v in after.items()}


@dataclass(frozen=True)
class MeanTime:
    key: str
    count: int
    mean_ms: float


def histogram_means(samples: Samples, metric: str, label: str, **where: str) -> list[MeanTime]:
    """Mean per value of `label` from `<metric>_sum` / `<metric>_count`, summed over the other labels
    (those in `where` must match). Entries with a zero count are left out; sorted by key."""
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for (name, labels), value in samples.items():
        if name not in (f"{metric}_sum", f"{metric}_count"):
            continue
        d = dict(labels)
        if label not in d or any(d.get(k) != v for k, v in where.items()):
            continue
        target = sums if name.endswith("_sum") else counts
        target[d[label]] = target.get(d[label], 0.0) + value
    return [
        MeanTime(key, round(counts[key]), 1000 * sums.get(key, 0.0) / counts[key])
        for key in sorted(counts)
        if counts[key] > 0
    ]


def stage_means(samples: Samples) -> list[MeanTime]:
    """cinemai_pipeline_stage_seconds sum/count per stage, in ms."""
    return histogram_means(samples, STAGE_METRIC, "stage")


def route_means(samples: Samples, status: str = "200") -> list[MeanTime]:
    """Server-side request latency per route template for one status code, in ms."""
    return histogram_means(samples, ROUTE_METRIC, "route", status=status)


def value(samples: Mapping[tuple[str, Labels], float], name: str, **labels: str) -> float | None:
    return samples.get((name, tuple(sorted(labels.items()))))

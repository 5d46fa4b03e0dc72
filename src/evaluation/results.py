"""Per-variant metric accumulation and the results of one run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from src.domain.movie import Movie, MovieId
from src.domain.scoring import intra_list_diversity
from src.evaluation.metrics import (
    Estimate,
    bootstrap_mean,
    bootstrap_ratio,
    catalog_coverage,
    hit_at_k,
    mean_popularity_rank,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
)
from src.evaluation.variants import Variant

# per-user metrics, in table order; catalog coverage is a whole-run figure
USER_METRICS = ("ndcg", "hit", "mrr", "recall", "ild", "novelty")


@dataclass(kw_only=True)
class VariantResult:
    variant: Variant
    values: dict[str, npt.NDArray[np.float64]]  # metric → one value per evaluated user, in user order
    estimates: dict[str, Estimate]  # metric → mean and bootstrap interval
    coverage: float
    seconds: float
    note: str = ""  # what the ranker chose, e.g. a peer's validation-chosen hyperparameters


@dataclass(kw_only=True)
class EvaluationResult:
    dataset: str
    rating_scale: str
    embedding_model: str
    mapping: str  # how dataset items were matched to catalog movies
    items_total: int
    items_mapped: int
    catalog_size: int  # distinct catalog movies the mapped items became: the candidate universe
    users_total: int
    users_eligible: int  # users with enough liked catalog movies to hold out
    users_evaluated: int
    threshold: float
    holdout: int
    k: int
    resamples: int
    seed: int
    variants: list[VariantResult]
    temporal: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    # "like ≥ 7, adaptive" → {"single": 700, "kmeans": 242}: how the users' profiles were clustered
    profile_algorithms: dict[str, dict[str, int]] = field(default_factory=dict)

    def variant(self, name: str) -> VariantResult | None:
        return next((v for v in self.variants if v.variant.name == name), None)

    def summary(self) -> dict[str, object]:
        """Everything but the per-user values, as JSON-ready data."""
        return {
            "dataset": self.dataset,
            "embedding_model": self.embedding_model,
            "mapping": self.mapping,
            "items_total": self.items_total,
            "items_mapped": self.items_mapped,
            "catalog_size": self.catalog_size,
            "users": {
                "total": self.users_total,
                "eligible": self.users_eligible,
                "evaluated": self.users_evaluated,
            },
            "protocol": {
                "threshold": self.threshold,
                "holdout": self.holdout,
                "k": self.k,
                "temporal": self.temporal,
            },
            "bootstrap": {"resamples": self.resamples, "seed": self.seed},
            "profile_algorithms": self.profile_algorithms,
            "timings": self.timings,
            "variants": [
                {
                    "name": v.variant.name,
                    "label": v.variant.label,
                    "kind": v.variant.kind,
                    "coverage": v.coverage,
                    "seconds": round(v.seconds, 2),
                    "note": v.note,
                    **{m: [e.mean, e.low, e.high] for m, e in v.estimates.items()},
                }
                for v in self.variants
            ],
        }

    def ratio(self, name: str, baseline: str, metric: str) -> Estimate | None:
        """mean(metric of `name`) / mean(metric of `baseline`), paired bootstrap over the same users."""
        a, b = self.variant(name), self.variant(baseline)
        if a is None or b is None:
            return None
        return bootstrap_ratio(a.values[metric], b.values[metric], resamples=self.resamples, seed=self.seed)


class MetricAccumulator:
    """Collects one variant's top-k lists and held-out ranks user by user."""

    def __init__(self, variant: Variant, movies: Sequence[Movie], pop_ranks: npt.NDArray[np.int64], k: int):
        self.variant = variant
        self._movies = movies
        self._pop_ranks = pop_ranks
        self._k = k
        self._rows: list[tuple[float, ...]] = []
        self._lists: list[list[MovieId]] = []
        self.seconds = 0.0
        self.note = ""

    def add(self, order: Sequence[MovieId], held_out: Sequence[MovieId]) -> None:
        """`order` ranks every candidate of the user, best first; `held_out` are the relevant ids."""
        top = list(order[: self._k])
        relevant = set(held_out)
        position = {m: r for r, m in enumerate(order, 1) if m in relevant}
        ranks = [position[h] for h in held_out if h in position]
        vectors = [v for v in (self._movies[m].embedding for m in top) if v is not None]
        ild = intra_list_diversity(np.stack(vectors)) if vectors else 0.0
        n, k = len(held_out), self._k
        self._rows.append(
            (
                ndcg_at_k(ranks, n, k),
                hit_at_k(ranks, k),
                reciprocal_rank(ranks),
                recall_at_k(ranks, n, k),
                ild,
                mean_popularity_rank(top, self._pop_ranks),
            )
        )
        self._lists.append(top)

    def result(self, *, resamples: int, seed: int) -> VariantResult:
        table = np.asarray(self._rows, dtype=np.float64).reshape(-1, len(USER_METRICS))
        values = {m: table[:, i] for i, m in enumerate(USER_METRICS)}
        return VariantResult(
            variant=self.variant,
            values=values,
            estimates={m: bootstrap_mean(v, resamples=resamples, seed=seed) for m, v in values.items()},
            coverage=catalog_coverage(self._lists, len(self._movies)),
            seconds=self.seconds,
            note=self.note,
        )


class ResultsChart(Protocol):
    """Draws a run's variants side by side (accuracy with intervals, coverage, diversity). PNG bytes."""

    def render(self, result: EvaluationResult) -> bytes: ...

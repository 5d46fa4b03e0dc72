"""EvaluateRecommendations: leave-last-liked-out on a ratings dataset, through the product's profile
building and ranking code, in memory (no database), every variant on the same users."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from src.application.ports.catalog_source import CatalogSource
from src.application.ports.embedder import Embedder
from src.application.ports.history import Clusterer
from src.application.ports.progress import NoProgress, Progress
from src.domain.errors import InvalidInputError
from src.domain.history import LIKE_THRESHOLD
from src.domain.movie import Movie
from src.domain.scoring.watched import WatchedSet, drop_seen
from src.evaluation.dataset import CatalogMapper, RatingsSource
from src.evaluation.metrics import popularity_ranks
from src.evaluation.prepare import embed_catalog, map_catalog, training_data, unmatched_items
from src.evaluation.profiles import ProfileFactory, UserCase
from src.evaluation.rankers import BUILTIN_RANKERS, Ranker, RankerFactory, TrainingData
from src.evaluation.results import EvaluationResult, MetricAccumulator
from src.evaluation.split import UserSplit
from src.evaluation.variants import Variant


@dataclass(frozen=True, kw_only=True)
class EvaluateCommand:
    """`threshold` (0–10) decides which ratings are liked for the hold-out (each variant has its own
    profile threshold); `users` evaluates a seeded random sample of the eligible users."""

    variants: Sequence[Variant]
    users: int | None = None
    seed: int = 0
    threshold: float = LIKE_THRESHOLD
    holdout: int = 1
    k: int = 10
    resamples: int = 1000
    temporal: bool = False  # train only on what each user did before the held-out like

    def __post_init__(self) -> None:
        if not self.variants:
            raise InvalidInputError("choose at least one variant")
        if self.users is not None and self.users < 1:
            raise InvalidInputError(f"--users must be at least 1 (got {self.users})")
        if self.k < 1 or self.holdout < 1 or self.resamples < 1:
            raise InvalidInputError("k, holdout and resamples must be at least 1")


class EvaluateRecommendations:
    """Loads the dataset and the catalog, maps and embeds, splits, then ranks each evaluated user's
    unseen catalog movies with every variant. `clusterers` maps Variant.clustering names ("adaptive",
    "single") to Clusterers; `rankers` maps Variant.kind to a factory (BUILTIN_RANKERS by default).
    `embedder` is used as given: the wiring's is the on-disk vector cache (NpzCachedEmbedder, which also
    keeps every vector in memory for the run), so no second cache sits in front of it."""

    def __init__(
        self,
        source: RatingsSource,
        catalog: CatalogSource,
        mapper: CatalogMapper,
        embedder: Embedder,
        clusterers: Mapping[str, Clusterer],
        *,
        progress: Progress | None = None,
        rankers: Mapping[str, RankerFactory] | None = None,
    ) -> None:
        self._source = source
        self._catalog = catalog
        self._mapper = mapper
        self._embedder = embedder
        self._clusterers = clusterers
        self._progress = progress or NoProgress()
        self._rankers = rankers or BUILTIN_RANKERS

    async def execute(self, cmd: EvaluateCommand) -> EvaluationResult:
        self._check(cmd.variants)
        clock, timings = time.perf_counter(), {}
        dataset = await asyncio.to_thread(self._source.load)
        catalog = [m async for m in self._catalog.movies()]
        evaluation = map_catalog(dataset, catalog, self._mapper)
        timings["load_and_map"], clock = time.perf_counter() - clock, time.perf_counter()
        unmatched = unmatched_items(dataset, evaluation.item_movie)
        await embed_catalog(evaluation, unmatched, self._embedder, self._progress)
        timings["embed"], clock = time.perf_counter() - clock, time.perf_counter()
        data = training_data(
            dataset, evaluation, threshold=cmd.threshold, holdout=cmd.holdout, k=cmd.k, temporal=cmd.temporal
        )
        users = _sample(data.splits, cmd.users, cmd.seed)
        factory = ProfileFactory(self._embedder, self._clusterers, dataset.items, _movies_by_item(data))
        accumulators, algorithms = await self._evaluate(cmd, data, users, factory)
        timings["evaluate"] = time.perf_counter() - clock
        return EvaluationResult(
            dataset=dataset.name,
            rating_scale=dataset.rating_scale,
            embedding_model=self._embedder.model_name,
            mapping=self._mapper.name,
            items_total=len(dataset.items),
            items_mapped=evaluation.items_mapped,
            catalog_size=len(data.movies),
            users_total=len({r.user for r in dataset.ratings}),
            users_eligible=len(data.splits),
            users_evaluated=len(users),
            threshold=cmd.threshold,
            holdout=cmd.holdout,
            k=cmd.k,
            resamples=cmd.resamples,
            seed=cmd.seed,
            temporal=cmd.temporal,
            variants=[a.result(resamples=cmd.resamples, seed=cmd.seed) for a in accumulators],
            timings={k: round(v, 2) for k, v in timings.items()},
            profile_algorithms=algorithms,
        )

    def _check(self, variants: Sequence[Variant]) -> None:
        for v in variants:
            if v.kind not in self._rankers:
                raise InvalidInputError(f"variant {v.name}: no ranker for kind {v.kind!r}")
            if v.kind == "content" and v.clustering not in self._clusterers:
                raise InvalidInputError(f"variant {v.name}: no clusterer named {v.clustering!r}")

    async def _evaluate(
        self, cmd: EvaluateCommand, data: TrainingData, users: list[UserSplit], factory: ProfileFactory
    ) -> tuple[list[MetricAccumulator], dict[str, dict[str, int]]]:
        rankers: list[tuple[Ranker, MetricAccumulator]] = []
        algorithms: dict[str, Counter[str]] = defaultdict(Counter)
        pop = popularity_ranks(data.train_counts)
        for v in cmd.variants:
            self._progress.start(f"fitting {v.name}", 1)
            started = time.perf_counter()
            ranker, acc = self._rankers[v.kind](v, data), MetricAccumulator(v, data.movies, pop, cmd.k)
            acc.seconds, acc.note = time.perf_counter() - started, str(getattr(ranker, "note", ""))
            self._progress.finish()
            rankers.append((ranker, acc))
        self._progress.start(f"evaluating {len(cmd.variants)} variants", len(users))
        try:
            for split in users:
                case = _case(split, data, factory)
                for ranker, acc in rankers:
                    started = time.perf_counter()
                    order = await ranker.rank(case)
                    acc.seconds += time.perf_counter() - started
                    acc.add(order, split.held_out)
                for (threshold, clustering), profile in case.built.items():
                    algorithms[f"like ≥ {threshold:g}, {clustering}"][profile.algorithm] += 1
                self._progress.advance(1)
        finally:
            self._progress.finish()
        for ranker, acc in rankers:  # a ranker may add to its note while ranking (a tuner's choice)
            acc.note = str(getattr(ranker, "note", ""))
        return [acc for _, acc in rankers], {key: dict(c) for key, c in sorted(algorithms.items())}


def _case(split: UserSplit, data: TrainingData, factory: ProfileFactory) -> UserCase:
    """The user's unseen candidates go through the product's watched rule (domain.scoring.watched.drop_seen: ids, then title+year)."""
    seen = {data.item_movie[r.item] for r in split.train if r.item in data.item_movie}
    candidates = drop_seen(data.movies, WatchedSet(ids=seen))
    ids = np.array([m.id for m in candidates], dtype=np.int64)
    watched, today = factory.watched(split)
    return UserCase(
        split=split, candidates=candidates, candidate_ids=ids, factory=factory, watched=watched, today=today
    )


def _movies_by_item(data: TrainingData) -> dict[str, Movie]:
    return {item: data.movies[m] for item, m in data.item_movie.items()}


def _sample(splits: list[UserSplit], n: int | None, seed: int) -> list[UserSplit]:
    """A seeded random sample of n users, kept in their original order (all of them when n is None)."""
    if n is None or n >= len(splits):
        return list(splits)
    chosen = set(random.Random(seed).sample(range(len(splits)), n))
    return [s for i, s in enumerate(splits) if i in chosen]

"""`cinemai eval blend`: a blend for two, measured on MovieLens 100k. For random pairs of users, each
person's last like is held out (temporal split, as the harness does); the blend's top 10 (the product's
pair_blend.pick_for_two over a pool like the product's) is checked against each person's own held-out
like (HR@10 for each person), beside the average of the two people's scores and popularity.

Each person's score is the one POST /api/v1/blends uses: the recommendation's own scoring with the
service's defaults (content, priors, and the learned EASE + transitions signals fitted on every user's
training rows, src/evaluation/product.py's `default`). The row "content only" scores without the
collaborative signals (the blend before it had them)."""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console

from src.application.ports.progress import Progress
from src.container import Container
from src.domain.history import LIKE_THRESHOLD
from src.domain.movie import Movie
from src.domain.pair_blend import average_of_two, percentile_ranks, pick_for_two
from src.domain.profile import TasteProfile
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.evaluation.adapters.catalog_mapping import MovieLensCatalogMapper
from src.evaluation.adapters.movielens import RecBoleMovieLensSource
from src.evaluation.metrics import Estimate, bootstrap_mean
from src.evaluation.prepare import embed_catalog, map_catalog, training_data, unmatched_items
from src.evaluation.product import ProductRanker
from src.evaluation.product_variants import PRODUCT_DEFAULTS
from src.evaluation.profiles import ProfileFactory
from src.evaluation.rankers import TrainingData
from src.evaluation.split import UserSplit
from src.evaluation.variant import PRODUCT_GENRE, PRODUCT_POPULARITY, PRODUCT_QUALITY
from src.evaluation.wiring import (
    DEFAULT_CACHE_DIR,
    NpzCachedEmbedder,
    evaluation_embedder,
    single_threaded_blas,
)
from src.infrastructure.catalog.offline import OfflineCatalogSource
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.presentation.cli.progress import RichProgress

K = 10
POOL_EACH = 300  # the product gathers each person's content candidates and collaborative additions (~600 each)
METHODS = ("blend", "average", "content", "popularity")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("blend", help="a blend for two on MovieLens pairs: HR@10 for each person")
    p.add_argument("--pairs", type=int, default=200, help="random pairs of users")
    p.add_argument("--seed", type=int, default=0, help="seed for the pairs and the bootstrap")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    p.add_argument("--embedder", choices=["local", "hashing"], default="local")
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    p.add_argument("--report", type=Path, default=None, help="also write the markdown table here")
    p.set_defaults(handler=run)


@dataclass(frozen=True)
class PairOutcome:
    hits: dict[str, tuple[bool, bool]]  # method → (first person's held-out like in the top 10, second's)
    lower_rank: dict[str, float]  # method → mean over the top 10 of the lower of the two percentile ranks


async def run(args: argparse.Namespace, container: Container, console: Console) -> int:
    started = time.perf_counter()
    embedder = evaluation_embedder(args.embedder, args.cache_dir)
    with single_threaded_blas():
        data, factory = await _prepare(embedder, args.cache_dir, RichProgress(console))
        product = _product(data)
        pairs = sample_pairs(len(data.splits), args.pairs, args.seed)
        outcomes = [await _pair(data, factory, product, data.splits[i], data.splits[j]) for i, j in pairs]
    table = markdown(outcomes, args.seed, args.resamples)
    command = f"cinemai eval blend --pairs {args.pairs} --seed {args.seed} --embedder {args.embedder}"
    text = f"{table}\n\n{len(outcomes)} pairs of {len(data.splits)} eligible users, {len(data.movies)} films; " \
        f"{time.perf_counter() - started:.0f} s. `{command}`\n"
    console.print(text, markup=False, highlight=False, soft_wrap=True)
    if args.report is not None:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text, encoding="utf-8")
    return 0


def sample_pairs(users: int, pairs: int, seed: int) -> list[tuple[int, int]]:
    """`pairs` distinct unordered pairs of distinct users, seeded."""
    rng = random.Random(seed)
    chosen: set[tuple[int, int]] = set()
    limit = users * (users - 1) // 2
    while len(chosen) < min(pairs, limit):
        i, j = rng.sample(range(users), 2)
        chosen.add((min(i, j), max(i, j)))
    return sorted(chosen, key=lambda p: rng.random())


async def _prepare(embedder: NpzCachedEmbedder, cache_dir: Path, progress: Progress) -> tuple[TrainingData, ProfileFactory]:
    dataset = await asyncio.to_thread(RecBoleMovieLensSource(cache_dir).load)
    catalog = [m async for m in OfflineCatalogSource().movies()]
    evaluation = map_catalog(dataset, catalog, MovieLensCatalogMapper(RapidfuzzTitles()))
    await embed_catalog(evaluation, unmatched_items(dataset, evaluation.item_movie), embedder, progress)
    data = training_data(dataset, evaluation, threshold=LIKE_THRESHOLD, holdout=1, k=K, temporal=True)
    by_item = {item: data.movies[m] for item, m in data.item_movie.items()}
    factory = ProfileFactory(embedder, {"adaptive": AdaptiveClusterer()}, dataset.items, by_item)
    return data, factory


async def _profile(factory: ProfileFactory, split: UserSplit) -> tuple[TasteProfile, int]:
    """The person's taste profile and the year of their latest training row (the scoring's 'today')."""
    watched, today = factory.watched(split)
    return await factory.build(split, watched, today, LIKE_THRESHOLD, "adaptive"), today.year


def _product(data: TrainingData) -> ProductRanker:
    """The service's default scoring, its EASE and transitions fitted on every user's training rows."""
    default = next(v for v in PRODUCT_DEFAULTS if v.name == "default")
    return ProductRanker(default, data, ease=lambda lam: NumpyEaseFitter(lam=lam), transitions=ScipyTransitionsFitter())


# the product's scoring defaults (CINEMAI_ALPHA and the prior weights), as POST /api/v1/blends scores
PRODUCT_SCORING = ScoringParams(
    popularity_weight=PRODUCT_POPULARITY, quality_weight=PRODUCT_QUALITY, genre_weight=PRODUCT_GENRE
)


def _content_scores(profile: TasteProfile, movies: list[Movie]) -> np.ndarray:
    scored = {s.movie.id: s.score for s in score_candidates(profile, movies, PRODUCT_SCORING)}
    return np.array([scored[m.id] for m in movies], dtype=np.float64)


def _scores(product: ProductRanker, profile: TasteProfile, year: int, user: str, movies: list[Movie]) -> np.ndarray:
    """The person's score for each film as the service scores it (content, priors, learned signals)."""
    fitted = product.fitted
    scored = score_candidates(
        profile,
        movies,
        product.scoring_params(PRODUCT_POPULARITY),
        popularity=product.likes(fitted),
        signals=product.signals(fitted, user),
        reference_year=year,
    )
    by_id = {s.movie.id: s.score for s in scored}
    return np.array([by_id[m.id] for m in movies], dtype=np.float64)


def _blend(sa: np.ndarray, sb: np.ndarray) -> list[int]:
    """The product's pool (near each taste and between them: here each person's best and the best for
    both), then pick_for_two over it; indices into the scored films."""
    ra, rb = percentile_ranks(sa), percentile_ranks(sb)
    pool = np.unique(np.concatenate([np.argsort(-x, kind="stable")[:POOL_EACH] for x in (sa, sb, ra + rb)]))
    return [int(pool[p.index]) for p in pick_for_two(sa[pool], sb[pool], k=K)]


async def _pair(
    data: TrainingData, factory: ProfileFactory, product: ProductRanker, a: UserSplit, b: UserSplit
) -> PairOutcome:
    (pa, ya), (pb, yb) = await _profile(factory, a), await _profile(factory, b)
    seen = {data.item_movie[r.item] for s in (a, b) for r in s.train if r.item in data.item_movie}
    movies = [m for m in data.movies if m.id not in seen and m.embedding is not None]
    ids = np.array([m.id for m in movies], dtype=np.int64)
    sa, sb = _scores(product, pa, ya, a.user, movies), _scores(product, pb, yb, b.user, movies)
    ra, rb = percentile_ranks(sa), percentile_ranks(sb)
    tops = {
        "blend": _blend(sa, sb),
        "average": average_of_two(sa, sb, k=K),
        "content": _blend(_content_scores(pa, movies), _content_scores(pb, movies)),
        "popularity": [int(i) for i in np.argsort(-data.train_counts[ids], kind="stable")[:K]],
    }
    hits, lower = {}, {}
    for name, top in tops.items():
        picked = {movies[i].id for i in top}
        hits[name] = (a.held_out[0] in picked, b.held_out[0] in picked)
        lower[name] = float(np.mean(np.minimum(ra[top], rb[top])))
    return PairOutcome(hits=hits, lower_rank=lower)


def estimates(outcomes: list[PairOutcome], seed: int, resamples: int) -> dict[str, dict[str, Estimate]]:
    """Per method: HR@10 for each person (a pair's value: the mean of its two people, so the interval
    resamples pairs), both hit, and the lower of the two percentile ranks of the picks."""
    out = {}
    for name in METHODS:
        each = [(float(h[0]) + float(h[1])) / 2 for h in (o.hits[name] for o in outcomes)]
        both = [float(h[0] and h[1]) for h in (o.hits[name] for o in outcomes)]
        lower = [o.lower_rank[name] for o in outcomes]
        out[name] = {
            "hr_each": bootstrap_mean(each, resamples=resamples, seed=seed),
            "hr_first": bootstrap_mean([float(o.hits[name][0]) for o in outcomes], resamples=resamples, seed=seed),
            "hr_second": bootstrap_mean([float(o.hits[name][1]) for o in outcomes], resamples=resamples, seed=seed),
            "both": bootstrap_mean(both, resamples=resamples, seed=seed),
            "lower": bootstrap_mean(lower, resamples=resamples, seed=seed),
        }
    return out


def markdown(outcomes: list[PairOutcome], seed: int, resamples: int) -> str:
    rows = [
        "| method | HR@10 each person | HR@10 first | HR@10 second | both hit | lower percentile of the picks |",
        "|---|---|---|---|---|---|",
    ]
    labels = {"blend": "blend (least misery floor + fairness)", "average": "average of the two people's scores",
              "content": "blend, content scores only (no collaborative signals)", "popularity": "popularity"}
    for name, e in estimates(outcomes, seed, resamples).items():
        cells = " | ".join(e[k].format(3) for k in ("hr_each", "hr_first", "hr_second", "both", "lower"))
        rows.append(f"| {labels[name]} | {cells} |")
    return "\n".join(rows) + "\n\n95% bootstrap intervals over pairs."

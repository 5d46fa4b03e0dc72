"""The harness's collaborative rankers on a synthetic dataset where co-occurrence is the right answer:
films come in pairs that people like together, and metadata cannot tell the pairs apart. Each user's
held-out film is the partner of one they liked, so item co-occurrence and the hybrid must find it."""

from __future__ import annotations

import random
from functools import partial

from src.domain.movie import Movie
from src.evaluation.adapters.catalog_mapping import MovieLensCatalogMapper
from src.evaluation.collaborative import HybridRanker, collaborative_rankers, liked_movies
from src.evaluation.dataset import DatasetItem, RatingEvent, RatingsDataset
from src.evaluation.harness import EvaluateCommand, EvaluateRecommendations
from src.evaluation.rankers import BUILTIN_RANKERS
from src.evaluation.report import markdown_report
from src.evaluation.split import UserSplit
from src.evaluation.variants import select_variants
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter
from tests.unit.test_eval_harness import InMemoryRatings, ListCatalog, PlantedEmbedder

PAIRS = 8


def _paired() -> tuple[RatingsDataset, list[Movie]]:
    items = {
        f"{k}{side}": DatasetItem(item=f"{k}{side}", title=f"Drama {k}{side}", year=1990, genres=("Drama",))
        for k in range(PAIRS)
        for side in "xy"
    }
    catalog = [Movie(title=i.title, year=1990, genres=("Drama",), vote_count=10) for i in items.values()]
    rng, ratings = random.Random(3), []
    for u in range(80):  # enough people that every pair has the default 5 supporting users
        a, c = rng.sample(range(PAIRS), 2)
        liked = [f"{a}x", f"{a}y", f"{c}x", f"{c}y"]  # the last (c's partner) is held out
        for t, item in enumerate(liked):
            ratings.append(RatingEvent(user=f"u{u}", item=item, rating=9.0, timestamp=1000 + t))
    return RatingsDataset(name="paired", rating_scale="0-10", ratings=ratings, items=items), catalog


def _harness() -> EvaluateRecommendations:
    dataset, catalog = _paired()
    return EvaluateRecommendations(
        source=InMemoryRatings(dataset),
        catalog=ListCatalog(catalog),
        mapper=MovieLensCatalogMapper(strict=True),
        embedder=PlantedEmbedder(),
        clusterers={"adaptive": AdaptiveClusterer()},
        rankers={
            **BUILTIN_RANKERS,
            **collaborative_rankers(ScipyCooccurrenceFitter()),
            "hybrid-ease": partial(HybridRanker, fitter=NumpyEaseFitter()),  # the product default's model
        },
    )


async def test_co_occurrence_and_the_hybrid_find_the_partner_content_cannot() -> None:
    variants = select_variants("pop-train,alpha5,cooc-issue,cooc,cooc-log,hybrid0.8,default-cooccurrence,default-hybrid")
    result = await _harness().execute(EvaluateCommand(variants=variants, resamples=100))
    assert result.users_evaluated == 80
    hit = {v.variant.name: v.estimates["hit"].mean for v in result.variants}
    mrr = {v.variant.name: v.estimates["mrr"].mean for v in result.variants}
    for name in ("cooc-issue", "cooc", "cooc-log", "hybrid0.8", "default-cooccurrence", "default-hybrid"):
        # the partner comes first for most users (pairs also co-occur with each other, more weakly)
        assert hit[name] == 1.0 and mrr[name] > 0.75, name
    assert mrr["alpha5"] < 0.5  # one genre, jittered vectors: content ranks the partner by chance
    ratio = result.ratio("default-hybrid", "pop-train", "ndcg")
    assert ratio is not None and ratio.mean > 1
    text = markdown_report(result, "pytest", 1.0)
    assert "(`cooc-issue`)" in text and "(`default-hybrid`)" in text


def test_liked_movies_follow_the_products_liked_rule() -> None:
    ratings = [9, 8, 4, 7, 10, 2, 9, 6]
    rows = [RatingEvent(user="u", item=str(i), rating=r, timestamp=i) for i, r in enumerate(ratings)]
    rows.append(RatingEvent(user="u", item="unmapped", rating=10, timestamp=9))  # counts, but has no id
    split = UserSplit(user="u", train=rows, held_out=[])
    mapping = {str(i): i for i in range(8)}
    assert set(liked_movies(split, mapping, 7.0)) == {0, 1, 3, 4, 6}  # rated ≥ 7 of 10
    # fewer than 5 liked: every rated movie except the disliked one (2 of 10, under DISLIKE_THRESHOLD)
    assert set(liked_movies(split, mapping, 9.5)) == set(range(8)) - {5}
    assert set(liked_movies(split, mapping, 7.0, all_rated=True)) == set(range(8))

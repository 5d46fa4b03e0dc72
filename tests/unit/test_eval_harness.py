"""The harness end to end on a synthetic dataset with a known answer: every fan's held-out movie sits in
the one planted genre cluster they like, so the content pipeline must find it and popularity must not."""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from src.domain.movie import Movie, MovieId, Vector
from src.evaluation.adapters.catalog_mapping import MovieLensCatalogMapper
from src.evaluation.adapters.files import write_report_files
from src.evaluation.dataset import DatasetItem, RatingEvent, RatingsDataset
from src.evaluation.harness import EvaluateCommand, EvaluateRecommendations
from src.evaluation.profiles import UserCase
from src.evaluation.rankers import BUILTIN_RANKERS, Ranker, RankerFactory, TrainingData
from src.evaluation.report import markdown_report
from src.evaluation.variants import Variant, select_variants
from src.infrastructure.clustering.adaptive import AdaptiveClusterer

GENRES = ("Horror", "Comedy", "Western")
PER_GENRE = 8


class PlantedEmbedder:
    """One axis per genre plus a small fixed per-text jitter: same-genre movies are near-duplicates."""

    model_name = "planted"
    dimension = 8

    async def embed(self, texts: Sequence[str]) -> Vector:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for axis, genre in enumerate(GENRES):
                if genre in text:
                    out[row, axis] = 1.0
            rng = np.random.default_rng(zlib.crc32(text.encode()))
            out[row, 3:] = rng.normal(0, 0.05, self.dimension - 3)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


class ListCatalog:
    name = "list"

    def __init__(self, movies: list[Movie]) -> None:
        self._movies = movies

    async def count(self, limit: int | None = None) -> int | None:
        return len(self._movies)

    async def movies(self, limit: int | None = None) -> AsyncIterator[Movie]:
        for m in self._movies:
            yield m


class InMemoryRatings:
    name = "synthetic"

    def __init__(self, dataset: RatingsDataset) -> None:
        self._dataset = dataset

    def load(self) -> RatingsDataset:
        return self._dataset


def _synthetic() -> tuple[RatingsDataset, list[Movie]]:
    items: dict[str, DatasetItem] = {}
    catalog: list[Movie] = []
    for g, name in enumerate(GENRES):
        for i in range(PER_GENRE):
            key = str(g * 100 + i)
            items[key] = DatasetItem(item=key, title=f"{name} Night {i}", year=1990, genres=(name,))
            catalog.append(Movie(title=f"{name} Night {i}", year=1990, genres=(name,), vote_count=10 + i))
    items["999"] = DatasetItem(item="999", title="Lost Tape", year=1991, genres=("Horror",))  # not in catalog
    ratings: list[RatingEvent] = []
    for u in range(24):
        genre = u % 2  # horror fans and comedy fans
        liked = [str(genre * 100 + (u + j) % PER_GENRE) for j in range(6)]  # a different last one each
        for t, item in enumerate(liked):
            ratings.append(RatingEvent(user=f"fan{u}", item=item, rating=10.0, timestamp=1000 + 10 * t))
        other = str((1 - genre) * 100 + u % PER_GENRE)
        ratings.append(RatingEvent(user=f"fan{u}", item=other, rating=2.0, timestamp=500))
        ratings.append(
            RatingEvent(user=f"fan{u}", item="999", rating=10.0 if genre == 0 else 4.0, timestamp=600)
        )
    for u in range(30):  # westerns are watched by many but liked by nobody: the popular miss
        for i in range(PER_GENRE):
            ratings.append(RatingEvent(user=f"casual{u}", item=str(200 + i), rating=4.0, timestamp=100 + i))
    return RatingsDataset(name="synthetic", rating_scale="0-10", ratings=ratings, items=items), catalog


Shown = dict[str, tuple[set[MovieId], set[MovieId]]]


class CandidateSpy(Ranker):
    """A ranker of a kind the harness does not know: records what it was shown, ranks in catalog order."""

    def __init__(self, data: TrainingData, shown: Shown) -> None:
        self._item_movie = data.item_movie
        self._shown = shown

    async def rank(self, case: UserCase) -> list[MovieId]:
        seen = {self._item_movie[r.item] for r in case.split.train if r.item in self._item_movie}
        self._shown[case.split.user] = ({int(i) for i in case.candidate_ids}, seen)
        return [int(i) for i in case.candidate_ids]


def _spy(shown: Shown) -> RankerFactory:
    return lambda _, data: CandidateSpy(data, shown)


def _harness(rankers: Mapping[str, RankerFactory] | None = None) -> EvaluateRecommendations:
    dataset, catalog = _synthetic()
    return EvaluateRecommendations(
        source=InMemoryRatings(dataset),
        catalog=ListCatalog(catalog),
        mapper=MovieLensCatalogMapper(strict=True),
        embedder=PlantedEmbedder(),
        clusterers={"adaptive": AdaptiveClusterer(small_max=4), "single": AdaptiveClusterer(small_max=10**9)},
        rankers=rankers,
    )


async def test_content_variants_find_the_planted_held_out_movie_and_popularity_does_not() -> None:
    names = "pop-train,pop-catalog,single,alpha1,alpha5,max,alpha5-mmr0.3,like6,alpha5-pop0.2"
    heavy_prior = Variant(name="ipop", label="ipop", kind="content-interactions", params={"weight": 100.0})
    variants = [*select_variants(names), heavy_prior]
    result = await _harness().execute(EvaluateCommand(variants=variants, resamples=200))
    assert (result.items_total, result.items_mapped, result.catalog_size) == (25, 24, 24)
    assert (result.users_total, result.users_eligible, result.users_evaluated) == (54, 24, 24)
    assert result.profile_algorithms["like ≥ 7, single"] == {"single": 24}
    assert sum(result.profile_algorithms["like ≥ 7, adaptive"].values()) == 24
    by_name = {v.variant.name: v for v in result.variants}
    for name in ["single", "alpha1", "alpha5", "max", "alpha5-mmr0.3", "like6"]:
        e = by_name[name].estimates
        assert e["hit"].mean == 1.0, name
        assert e["recall"].mean == 1.0, name
        assert e["ndcg"].mean >= 1 / math.log2(4) - 1e-9, name  # held-out among the 3 unseen fan movies
        assert e["mrr"].mean >= 1 / 3, name
        assert e["ndcg"].low <= e["ndcg"].mean <= e["ndcg"].high
    popular = by_name["pop-train"]
    assert popular.estimates["hit"].mean < 1.0
    assert popular.estimates["ndcg"].mean < by_name["alpha5"].estimates["ndcg"].mean
    assert popular.estimates["novelty"].mean < by_name["alpha5"].estimates["novelty"].mean
    assert popular.coverage < by_name["alpha5"].coverage
    prior = by_name["ipop"].estimates  # a dominant interaction prior turns content into popularity
    assert prior["hit"].mean < 1.0 and prior["novelty"].mean < by_name["alpha5"].estimates["novelty"].mean
    ratio = result.ratio("alpha5", "pop-train", "ndcg")
    assert ratio is not None and ratio.mean > 1
    text = markdown_report(result, "pytest", 1.0)
    assert "| clustered softmax α=5 (`alpha5`) | " in text and "Best on NDCG@10" in text


async def test_rankers_see_unseen_candidates_with_the_held_out_movie_and_sampling_is_seeded() -> None:
    spy, shown = Variant(name="spy", label="spy", kind="spy"), Shown()
    command = EvaluateCommand(variants=[spy], users=10, seed=4, resamples=50)
    result = await _harness({**BUILTIN_RANKERS, "spy": _spy(shown)}).execute(command)
    assert result.users_evaluated == 10 and len(shown) == 10
    for candidates, seen in shown.values():
        assert not candidates & seen and len(candidates) + len(seen) == 24
    again = await _harness({**BUILTIN_RANKERS, "spy": _spy(Shown())}).execute(command)
    assert np.array_equal(again.variants[0].values["ndcg"], result.variants[0].values["ndcg"])


async def test_unknown_variant_kinds_are_refused_before_any_work() -> None:
    from src.domain.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="no ranker"):
        await _harness().execute(EvaluateCommand(variants=[Variant(name="x", label="x", kind="nope")]))


async def test_a_run_leaves_markdown_chart_json_and_per_user_values(tmp_path: Path) -> None:
    result = await _harness().execute(
        EvaluateCommand(variants=select_variants("pop-train,alpha5"), resamples=50)
    )
    paths = write_report_files(result, tmp_path / "run", "# report\n", command="pytest", wall_seconds=2.0)
    assert [p.suffix for p in paths] == [".md", ".png", ".json", ".npz"]
    assert paths[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = json.loads(paths[2].read_text())
    assert summary["command"] == "pytest" and [v["name"] for v in summary["variants"]] == [
        "pop-train",
        "alpha5",
    ]
    assert summary["variants"][1]["hit"][0] == 1.0
    with np.load(paths[3]) as per_user:
        assert per_user["alpha5.hit"].shape == (24,) and per_user["pop-train.ndcg"].shape == (24,)

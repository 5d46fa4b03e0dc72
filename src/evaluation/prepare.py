"""Dataset + catalog → the evaluation catalog (mapped movies with ids and embeddings) and the split."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from src.application.ports.embedder import Embedder
from src.application.ports.progress import Progress
from src.domain.history import WatchEntry
from src.domain.movie import Movie, MovieId
from src.evaluation.dataset import CatalogMapper, DatasetItem, RatingsDataset
from src.evaluation.rankers import TrainingData
from src.evaluation.split import group_by_user, leave_last_liked_out

EMBED_BATCH = 256


@dataclass(kw_only=True)
class EvaluationCatalog:
    """The candidate universe: distinct mapped catalog movies, movie.id == index, in catalog order."""

    movies: list[Movie]
    item_movie: dict[str, MovieId]  # dataset item → movie id
    items_mapped: int


def map_catalog(
    dataset: RatingsDataset, catalog: Sequence[Movie], mapper: CatalogMapper
) -> EvaluationCatalog:
    """Maps the dataset's items to catalog movies; movies that share a normalised title+year collapse
    into the first one (the product deduplicates candidates on that key too)."""
    found = mapper.map(list(dataset.items.values()), catalog)
    wanted = {id(m) for m in found.values()}
    movies: list[Movie] = []
    by_object: dict[int, MovieId] = {}
    by_key: dict[tuple[str, int | None], MovieId] = {}
    for movie in catalog:
        if id(movie) not in wanted:
            continue
        if movie.key not in by_key:
            by_key[movie.key] = len(movies)
            movies.append(replace(movie, id=len(movies), embedding=None))
        by_object[id(movie)] = by_key[movie.key]
    item_movie = {item: by_object[id(m)] for item, m in found.items()}
    return EvaluationCatalog(movies=movies, item_movie=item_movie, items_mapped=len(found))


def unmatched_text(item: DatasetItem) -> str:
    """The text an unmatched history row is embedded from (its own title, year and genres)."""
    return WatchEntry(line=0, title=item.title, year=item.year, genres=item.genres).as_movie().text()


async def embed_catalog(
    evaluation: EvaluationCatalog,
    unmatched: Sequence[DatasetItem],
    embedder: Embedder,
    progress: Progress,
) -> None:
    """Sets every evaluation movie's embedding (movie_text, the product's template) and warms `embedder`
    with the unmatched items' texts, in batches, reporting progress."""
    texts = [m.text() for m in evaluation.movies] + [unmatched_text(i) for i in unmatched]
    progress.start("embedding catalog + unmatched items", len(texts))
    vectors = []
    for start in range(0, len(texts), EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        vectors.append(await embedder.embed(batch))
        progress.advance(len(batch))
    progress.finish()
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, embedder.dimension), dtype=np.float32)
    for movie, vector in zip(evaluation.movies, matrix, strict=False):
        movie.embedding = vector.astype(np.float32)


def training_data(
    dataset: RatingsDataset,
    evaluation: EvaluationCatalog,
    *,
    threshold: float,
    holdout: int,
    k: int,
    temporal: bool = False,
) -> TrainingData:
    """Leave-last-liked-out over every user, and the training rating count of each movie (every rating
    of a mapped item except the held-out ones; with `temporal`, only the split users' training rows and
    every row of the users who have no split)."""
    by_user = group_by_user(dataset.ratings)
    splits = leave_last_liked_out(
        by_user, evaluation.item_movie, threshold=threshold, holdout=holdout, temporal=temporal
    )
    held = {(s.user, m) for s in splits for m in s.held_out}
    counts = np.zeros(len(evaluation.movies), dtype=np.float64)
    if temporal:
        split_users = {s.user for s in splits}
        rows = [r for s in splits for r in s.train]
        rows += [r for r in dataset.ratings if r.user not in split_users]
    else:
        rows = dataset.ratings
    for r in rows:
        movie = evaluation.item_movie.get(r.item)
        if movie is not None and (r.user, movie) not in held:
            counts[movie] += 1
    return TrainingData(
        movies=evaluation.movies,
        splits=splits,
        item_movie=evaluation.item_movie,
        train_counts=counts,
        k=k,
        threshold=threshold,
    )


def unmatched_items(dataset: RatingsDataset, item_movie: Mapping[str, MovieId]) -> list[DatasetItem]:
    return [i for key, i in dataset.items.items() if key not in item_movie]

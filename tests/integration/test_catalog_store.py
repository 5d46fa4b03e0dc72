"""The catalog against real PostgreSQL + pgvector: upserts, re-import, nearest neighbours with filters."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import numpy as np
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.import_catalog import ImportCatalog, ImportCatalogCommand
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.infrastructure.db.catalog_reader import PgvectorCatalogReader
from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from src.infrastructure.embedding.hashing import HashingEmbedder

pytestmark = pytest.mark.integration

GENRES = ["Horror", "Comedy", "Drama", "Science Fiction", "Western"]


def make_movies(n: int) -> list[Movie]:
    return [
        Movie(
            title=f"Film {i}",
            year=1950 + i % 60,
            genres=(GENRES[i % 5],) + ((GENRES[(i + 1) % 5],) if i % 3 == 0 else ()),
            countries=("France",) if i % 7 == 0 else ("United States of America",),
            runtime=80 + i % 70,
            directors=(f"Director {i % 40}",),
            vote_count=i * 3,
            imdb_id=f"tt{1000000 + i}",
            source="test",
        )
        for i in range(n)
    ]


class ListSource:
    name = "list"

    def __init__(self, movies: list[Movie]) -> None:
        self._movies = movies

    async def count(self, limit: int | None = None) -> int:
        return len(self._movies[:limit])

    async def movies(self, limit: int | None = None) -> AsyncIterator[Movie]:
        for m in self._movies[:limit]:
            yield m


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.texts_embedded = 0

    async def embed(self, texts: list[str]) -> np.ndarray:  # type: ignore[override]
        self.texts_embedded += len(texts)
        return await super().embed(texts)


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
async def loaded(session_factory: async_sessionmaker[AsyncSession], embedder: CountingEmbedder) -> PgvectorCatalogReader:
    use_case = ImportCatalog(lambda: SqlAlchemyUnitOfWork(session_factory), embedder)
    await use_case.execute(ImportCatalogCommand(source=ListSource(make_movies(300)), batch_size=64))
    return PgvectorCatalogReader(session_factory)


async def test_reimport_embeds_only_new_or_changed_movies(
    session_factory: async_sessionmaker[AsyncSession], embedder: CountingEmbedder, loaded: PgvectorCatalogReader
) -> None:
    assert embedder.texts_embedded == 300
    movies = make_movies(310)
    movies[5].genres = ("Musical",)  # text changed → re-embedded
    movies[6].vote_count = 99_999  # metadata only → updated, not re-embedded
    use_case = ImportCatalog(lambda: SqlAlchemyUnitOfWork(session_factory), embedder)
    result = await use_case.execute(ImportCatalogCommand(source=ListSource(movies), batch_size=64))
    assert (result.inserted, result.re_embedded, result.metadata_updated, result.unchanged) == (10, 1, 1, 298)
    assert embedder.texts_embedded == 300 + 11
    assert await loaded.count() == 310
    stored = {m.title: m for m in await loaded.search_titles("Film", 400)}
    assert stored["Film 6"].vote_count == 99_999
    assert stored["Film 5"].genres == ("Musical",)


async def test_changing_the_model_re_embeds_everything(
    session_factory: async_sessionmaker[AsyncSession], loaded: PgvectorCatalogReader
) -> None:
    class OtherModel(CountingEmbedder):
        @property
        def model_name(self) -> str:
            return "other-model"

    other = OtherModel()
    result = await ImportCatalog(lambda: SqlAlchemyUnitOfWork(session_factory), other).execute(
        ImportCatalogCommand(source=ListSource(make_movies(300)))
    )
    assert result.re_embedded == 300 and other.texts_embedded == 300
    assert await loaded.count(embedded_with="other-model") == 300


async def test_nearest_returns_the_closest_movie_first_and_never_excluded_ones(
    loaded: PgvectorCatalogReader, embedder: CountingEmbedder
) -> None:
    target = (await loaded.search_titles("Film 42", 1))[0]
    full = await loaded.get(target.id or 0)
    assert full is not None and full.embedding is not None
    found = await loaded.nearest(full.embedding, model=embedder.model_name, limit=5)
    assert found[0].movie.id == target.id and found[0].similarity == pytest.approx(1.0, abs=1e-4)
    assert all(a.similarity >= b.similarity for a, b in itertools.pairwise(found))
    without = await loaded.nearest(full.embedding, model=embedder.model_name, limit=5, exclude_ids=[target.id or 0])
    assert target.id not in {n.movie.id for n in without} and len(without) == 5


@pytest.mark.parametrize(
    "filters",
    [
        Filters(genres=("Western",)),
        Filters(exclude_genres=("Horror", "Comedy")),
        Filters(countries=("France",)),
        Filters(year_min=1990, year_max=1995),
        Filters(runtime_min=140),
        Filters(min_votes=800),
        Filters(genres=("Western",), countries=("France",), year_min=1960, runtime_max=120),
    ],
)
async def test_filters_hold_and_still_fill_the_page(
    loaded: PgvectorCatalogReader, embedder: CountingEmbedder, filters: Filters
) -> None:
    everything = [m for m in make_movies(300) if filters.matches(m)]
    query = (await embedder.embed(["Genres: Horror. Directed by Director 3"]))[0]
    found = await loaded.nearest(query, model=embedder.model_name, limit=10, filters=filters)
    assert all(filters.matches(n.movie) for n in found)
    assert len(found) == min(10, len(everything))


async def test_an_impossible_filter_returns_nothing(loaded: PgvectorCatalogReader, embedder: CountingEmbedder) -> None:
    query = (await embedder.embed(["anything"]))[0]
    found = await loaded.nearest(
        query, model=embedder.model_name, limit=10, filters=Filters(genres=("Western",), year_min=2030)
    )
    assert found == []


async def test_facets_list_the_real_values(loaded: PgvectorCatalogReader) -> None:
    facets = await loaded.facets()
    assert {g for g, _ in facets.genres} == set(GENRES)
    assert (facets.year_min, facets.year_max, facets.movies, facets.embedded) == (1950, 2009, 300, 300)

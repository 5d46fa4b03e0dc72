"""The numpy candidate source (the catalog held in process) against the pgvector one, on the same rows:
the same movies in the same order, for profiles of one and several clusters, with filters and exclusions;
and a catalog change is picked up through the catalog version."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

import numpy as np
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.import_catalog import ImportCatalog, ImportCatalogCommand
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.domain.profile import TasteCluster, TasteProfile
from src.infrastructure.candidates.catalog_snapshot import CatalogSnapshots
from src.infrastructure.candidates.numpy_source import NumpyCandidateSource
from src.infrastructure.candidates.pgvector_source import PgvectorCandidateSource
from src.infrastructure.db.catalog_reader import PgvectorCatalogReader
from src.infrastructure.db.tables import movies
from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from tests.integration.test_catalog_store import ListSource

pytestmark = pytest.mark.integration

DIM = 48  # no HNSW index at this dimension: pgvector scans exactly, so both sources must agree row for row
GENRES = ["Horror", "Comedy", "Drama", "Science Fiction", "Western"]
COUNTRIES = ["France", "United States of America", "Japan", "Italy"]


class DenseEmbedder:
    """Seeded dense vectors (no ties, unlike the hashing model's sparse ones)."""

    model_name = "dense-test"
    dimension = DIM

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for t in texts:
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.vstack(rows)


def catalog(n: int) -> list[Movie]:
    return [
        Movie(
            title=f"Film {i}",
            year=None if i % 11 == 0 else 1950 + i % 60,
            genres=(GENRES[i % 5],) + ((GENRES[(i + 2) % 5],) if i % 3 == 0 else ()),
            countries=(COUNTRIES[i % 4],) + (("France",) if i % 9 == 0 else ()),
            runtime=None if i % 13 == 0 else 80 + i % 70,
            language=[None, "English", "French, English", " japanese", "Italian"][i % 5],
            vote_count=None if i % 17 == 0 else i * 3,
            description=f"Plot number {i}.",
            imdb_id=f"tt{2000000 + i}",
            source="test",
        )
        for i in range(n)
    ]


def profile(seed: int, clusters: int) -> TasteProfile:
    rng = np.random.default_rng(seed)
    return TasteProfile(
        user_id=uuid.uuid4(),
        clusters=[
            TasteCluster(
                id=i,
                label=f"c{i}",
                centroid=rng.standard_normal(DIM).astype(np.float32),
                weight=float(rng.uniform(0.5, 3)),
                size=3,
                members=[],
            )
            for i in range(clusters)
        ],
        algorithm="kmeans",
        embedding_model=DenseEmbedder.model_name,
    )


@pytest.fixture
async def sources(
    session_factory: async_sessionmaker[AsyncSession],
) -> tuple[PgvectorCandidateSource, NumpyCandidateSource, CatalogSnapshots]:
    await ImportCatalog(lambda: SqlAlchemyUnitOfWork(session_factory), DenseEmbedder()).execute(
        ImportCatalogCommand(source=ListSource(catalog(400)), batch_size=100)
    )
    snapshots = CatalogSnapshots(session_factory, recheck_seconds=0)
    return PgvectorCandidateSource(PgvectorCatalogReader(session_factory)), NumpyCandidateSource(snapshots), snapshots


FILTERS = [
    Filters(),
    Filters(genres=("Western",)),
    Filters(genres=("Horror", "Drama"), exclude_genres=("Comedy",)),
    Filters(countries=("France",)),
    Filters(exclude_countries=("Japan", "Italy")),
    Filters(languages=("english", "Japanese")),
    Filters(year_min=1990, year_max=1995),
    Filters(runtime_min=100, runtime_max=130),
    Filters(min_votes=600),
    Filters(genres=("Western",), countries=("France",), year_min=1960, runtime_max=140, min_votes=10),
    Filters(genres=("Musical",)),  # matches nothing
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
@pytest.mark.parametrize("clusters", [1, 4])
async def test_numpy_source_returns_what_pgvector_returns(
    sources: tuple[PgvectorCandidateSource, NumpyCandidateSource, CatalogSnapshots], filters: Filters, clusters: int
) -> None:
    pg, numpy_source, _ = sources
    for seed in range(3):
        p = profile(seed * 10 + clusters, clusters)
        exclude = list(range(1, 400, 7))  # catalog ids start at 1 in a fresh transaction or not: some hit
        want = await pg.candidates(p, filters=filters, limit=60, exclude_ids=exclude)
        got = await numpy_source.candidates(p, filters=filters, limit=60, exclude_ids=exclude)
        assert [m.id for m in got] == [m.id for m in want]
        assert all(filters.matches(m) and m.id not in exclude for m in got)
        for a, b in zip(got, want, strict=True):
            assert (a.title, a.year, a.genres, a.countries, a.language, a.vote_count) == (
                b.title, b.year, b.genres, b.countries, b.language, b.vote_count
            )
            assert a.embedding is not None and b.embedding is not None
            np.testing.assert_array_equal(a.embedding, b.embedding)


async def test_other_models_are_not_candidates(
    sources: tuple[PgvectorCandidateSource, NumpyCandidateSource, CatalogSnapshots],
) -> None:
    _, numpy_source, _ = sources
    p = profile(1, 2)
    p.embedding_model = "another-model"
    assert await numpy_source.candidates(p, filters=Filters(), limit=20, exclude_ids=[]) == []


async def test_a_catalog_change_is_reloaded(
    session_factory: async_sessionmaker[AsyncSession],
    sources: tuple[PgvectorCandidateSource, NumpyCandidateSource, CatalogSnapshots],
) -> None:
    pg, numpy_source, snapshots = sources
    before = (await snapshots.current()).version
    async with session_factory() as session:
        await session.execute(update(movies).where(movies.c.title == "Film 5").values(genres=["Musical"]))
        await session.commit()
    assert await snapshots.version() > before
    musicals = Filters(genres=("Musical",))
    got = await numpy_source.candidates(profile(3, 1), filters=musicals, limit=10, exclude_ids=[])
    assert [m.title for m in got] == ["Film 5"]
    want = await pg.candidates(profile(3, 1), filters=musicals, limit=10, exclude_ids=[])
    assert [m.id for m in got] == [m.id for m in want]

"""Catalog routes through the real app, container and database."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.import_catalog import ImportCatalog, ImportCatalogCommand
from src.domain.movie import Movie
from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from src.infrastructure.embedding.hashing import HashingEmbedder
from tests.integration.test_catalog_store import ListSource

pytestmark = pytest.mark.integration

MOVIES = [
    Movie(title="Alien", year=1979, genres=("Science Fiction", "Horror"), directors=("Ridley Scott",),
          countries=("United Kingdom",), runtime=117, vote_count=900, imdb_id="tt0078748", source="test"),
    Movie(title="Aliens", year=1986, genres=("Science Fiction", "Action", "Horror"), directors=("James Cameron",),
          countries=("United States of America",), runtime=137, vote_count=800, imdb_id="tt0090605", source="test"),
    Movie(title="Blade Runner", year=1982, genres=("Science Fiction", "Thriller"), directors=("Ridley Scott",),
          countries=("United States of America",), runtime=117, vote_count=850, imdb_id="tt0083658", source="test"),
    Movie(title="The Thing", year=1982, genres=("Science Fiction", "Horror"), directors=("John Carpenter",),
          countries=("United States of America",), runtime=109, vote_count=700, imdb_id="tt0084787", source="test"),
    Movie(title="Notting Hill", year=1999, genres=("Romance", "Comedy"), directors=("Roger Michell",),
          countries=("United Kingdom",), runtime=124, vote_count=500, imdb_id="tt0125439", source="test"),
    Movie(title="When Harry Met Sally...", year=1989, genres=("Romance", "Comedy"), directors=("Rob Reiner",),
          countries=("United States of America",), runtime=96, vote_count=600, imdb_id="tt0098635", source="test"),
]


@pytest.fixture
async def catalog(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    use_case = ImportCatalog(lambda: SqlAlchemyUnitOfWork(session_factory), HashingEmbedder())
    await use_case.execute(ImportCatalogCommand(source=ListSource([*MOVIES])))
    return {m.title: m.id or 0 for m in MOVIES}


async def test_similar_to_alien_starts_with_science_fiction_horror(api: httpx.AsyncClient, catalog: dict[str, int]) -> None:
    r = await api.get(f"/api/v1/movies/{catalog['Alien']}/similar", params={"limit": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["movie"]["title"] == "Alien"
    titles = [s["movie"]["title"] for s in body["similar"]]
    assert "Alien" not in titles and len(titles) == 3
    assert set(titles) <= {"Aliens", "The Thing", "Blade Runner"}  # science fiction, never the romcoms


async def test_search_finds_titles_first_then_meaning(api: httpx.AsyncClient, catalog: dict[str, int]) -> None:
    r = await api.get("/api/v1/movies/search", params={"q": "alien", "limit": 4})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["movie"]["title"] for x in results[:2]] == ["Alien", "Aliens"]
    assert [x["match"] for x in results] == ["title", "title", "semantic", "semantic"]


async def test_get_movie_and_filters(api: httpx.AsyncClient, catalog: dict[str, int]) -> None:
    movie = (await api.get(f"/api/v1/movies/{catalog['Blade Runner']}")).json()
    assert movie["directors"] == ["Ridley Scott"] and movie["year"] == 1982
    f = (await api.get("/api/v1/filters")).json()
    assert {"value": "Science Fiction", "movies": 4} in f["genres"]
    assert f["years"] == {"min": 1979, "max": 1999} and f["movies"] == 6


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/movies/999999", 404, "movie_not_found"),
        ("/api/v1/movies/999999/similar", 404, "movie_not_found"),
        ("/api/v1/movies/abc", 422, "invalid_request"),
        ("/api/v1/movies/0", 422, "invalid_request"),
        ("/api/v1/movies/99999999999999999999", 422, "invalid_request"),
        ("/api/v1/movies/search?q=", 422, "invalid_request"),
        ("/api/v1/movies/search", 422, "invalid_request"),
        ("/api/v1/movies/search?q=%20%20", 422, "invalid_request"),  # blank: the schema's pattern refuses it
        ("/api/v1/movies/1/similar?limit=0", 422, "invalid_request"),
        ("/api/v1/movies/1/similar?limit=101", 422, "invalid_request"),
        ("/api/v1/nope", 404, "not_found"),
    ],
)
async def test_bad_requests_get_a_json_4xx(
    api: httpx.AsyncClient, catalog: dict[str, int], path: str, status: int, code: str
) -> None:
    r = await api.get(path)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]


async def test_ready_only_when_the_catalog_is_loaded(api: httpx.AsyncClient) -> None:
    r = await api.get("/ready")
    assert r.status_code == 503 and r.json()["ready"] is False and "catalog import" in r.json()["reason"]
    assert (await api.get("/health")).json() == {"status": "ok"}

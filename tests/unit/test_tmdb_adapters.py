"""TMDB client, candidate source, matcher and catalog source over real httpx against a loopback stub."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import numpy as np
import pytest

from src.application.catalog_writer import CatalogWriter
from src.application.looked_up_candidates import LookedUpCandidates
from src.application.looked_up_matches import LookedUpMatcher
from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.domain.history import WatchEntry
from src.domain.movie import Movie
from src.domain.profile import TasteCluster, TasteProfile
from src.infrastructure.tmdb.candidates import TmdbCandidateLookup
from src.infrastructure.tmdb.catalog_source import TmdbCatalogSource
from src.infrastructure.tmdb.client import TmdbClient
from src.infrastructure.tmdb.matcher import TmdbMovieLookup
from tests.stubs.catalog_fakes import (
    FakeCatalog,
    FakeCatalogReader,
    FakeEmbedder,
    FakeLocalMatcher,
    FakeUnitOfWork,
)
from tests.stubs.openai_tmdb import FakeTmdb, StubMovie, StubResponse, StubServer, tmdb_error

KEY = "v3-secret-key"
MOVIES = [
    StubMovie(949, "Heat", "1995-12-15", ["Action", "Crime", "Drama"], "tt0113277", countries=["US"], runtime=170,
              director="Michael Mann", overview="A thief and a detective.", vote_count=7000),
    StubMovie(194, "Amélie", "2001-04-25", ["Comedy", "Romance"], "tt0211915", countries=["FR"], runtime=122,
              director="Jean-Pierre Jeunet"),
    StubMovie(496243, "Parasite", "2019-05-30", ["Comedy", "Thriller", "Drama"], "tt6751668", countries=["KR"],
              runtime=133, director="Bong Joon Ho"),
    StubMovie(11524, "Thief", "1981-03-27", ["Crime", "Drama", "Action"], "tt0083190", countries=["US"],
              runtime=123, director="Michael Mann", vote_count=800),
    StubMovie(777, "Crime Short", "2010-01-01", ["Crime"], "tt0000777", countries=["US"], runtime=20),
    StubMovie(10549, "Hamlet", "1996-12-25", ["Drama"], "tt0116477", countries=["GB"], runtime=242,
              director="Kenneth Branagh", vote_count=900),
    StubMovie(23383, "Hamlet", "1948-05-04", ["Drama"], "tt0040416", countries=["GB"], runtime=154,
              director="Laurence Olivier", vote_count=300),
]
CRIME_USA = Filters(genres=("Crime",), countries=("USA",), runtime_min=60)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture
def tmdb(stub: StubServer) -> FakeTmdb:
    return FakeTmdb(stub, MOVIES).install()


@pytest.fixture
async def client(stub: StubServer) -> AsyncIterator[TmdbClient]:
    c = TmdbClient(KEY, base_url=f"{stub.url}/3", timeout_s=0.3, max_retries=2, backoff_s=0.01)
    yield c
    await c.aclose()


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog()


def profile(model: str = "fake:hash-4") -> TasteProfile:
    cluster = TasteCluster(id=0, label="Crime", centroid=np.ones(4, dtype=np.float32), weight=1.0, size=1)
    return TasteProfile(user_id=uuid.uuid4(), clusters=[cluster], algorithm="single", embedding_model=model)


def writer(catalog: FakeCatalog, embedder: FakeEmbedder) -> CatalogWriter:
    return CatalogWriter(lambda: FakeUnitOfWork(catalog), embedder, FakeCatalogReader(catalog))


def source(client: TmdbClient, catalog: FakeCatalog, embedder: FakeEmbedder, pages: int = 3) -> LookedUpCandidates:
    """The TMDB lookup (never writes) behind the application's storing candidate source, as wired."""
    return LookedUpCandidates(TmdbCandidateLookup(client, pages=pages), writer(catalog, embedder))


# ---------------------------------------------------------------- client


async def test_movie_details_map_to_a_movie(tmdb: FakeTmdb, client: TmdbClient) -> None:
    movie = await client.movie_details(949)
    assert movie is not None
    assert (movie.source, movie.tmdb_id, movie.imdb_id, movie.title, movie.year) == ("tmdb", 949, "tt0113277", "Heat", 1995)
    assert movie.genres == ("Action", "Crime", "Drama") and movie.countries == ("United States of America",)
    assert (movie.runtime, movie.directors, movie.description) == (170, ("Michael Mann",), "A thief and a detective.")
    assert (movie.popularity, movie.vote_average, movie.vote_count) == (10.0, 7.1, 7000)
    assert movie.cast == ("Lead Actor", "Second Actor") and movie.language == "English"
    assert await client.movie_details(404404) is None
    assert await client.find_by_imdb("../movie/949?x=") is None  # not an IMDb id: never put in a URL


async def test_discover_sends_the_filters_as_tmdb_parameters(
    tmdb: FakeTmdb, client: TmdbClient, stub: StubServer
) -> None:
    filters = Filters(genres=("Crime", "Thriller"), exclude_genres=("Horror",), countries=("USA", "United Kingdom"),
                      year_min=1980, year_max=1999, runtime_min=90, runtime_max=180, min_votes=500)
    page = await client.discover(filters, page=2)
    assert stub.requests_to("/3/discover/movie")[0].query == {
        "with_genres": "53|80", "without_genres": "27", "with_origin_country": "GB|US",
        "primary_release_date.gte": "1980-01-01", "primary_release_date.lte": "1999-12-31",
        "with_runtime.gte": "90", "with_runtime.lte": "180", "vote_count.gte": "500",
        "sort_by": "popularity.desc", "include_adult": "false", "include_video": "false", "page": "2",
        "api_key": KEY,
    }
    assert page.page == 2


async def test_discover_with_a_genre_tmdb_lacks_asks_nothing(
    tmdb: FakeTmdb, client: TmdbClient, stub: StubServer
) -> None:
    page = await client.discover(Filters(genres=("Film-Noir",)))
    assert page.movies == [] and stub.requests_to("/3/discover/movie") == []


async def test_v4_token_goes_in_a_bearer_header(tmdb: FakeTmdb, stub: StubServer) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"
    c = TmdbClient(token, base_url=f"{stub.url}/3")
    try:
        await c.genres()
    finally:
        await c.aclose()
    request = stub.requests_to("/3/genre/movie/list")[0]
    assert request.headers["authorization"] == f"Bearer {token}" and "api_key" not in request.query


async def test_429_honours_retry_after_then_succeeds(tmdb: FakeTmdb, client: TmdbClient, stub: StubServer) -> None:
    stub.queue("/3/movie/949", tmdb_error(429, 25, "Your request count (41) is over the allowed limit of (40)."))
    stub.queue("/3/movie/949", StubResponse(429, headers={"Retry-After": "0.3"}))
    started = time.monotonic()
    movie = await client.movie_details(949)
    assert movie is not None and movie.title == "Heat"
    assert time.monotonic() - started >= 0.3
    assert len(stub.requests_to("/3/movie/949")) == 3


async def test_retry_after_is_capped(tmdb: FakeTmdb, stub: StubServer) -> None:
    stub.queue("/3/movie/949", StubResponse(429, headers={"Retry-After": "3600"}))
    c = TmdbClient(KEY, base_url=f"{stub.url}/3", retry_after_cap_s=0.05)
    started = time.monotonic()
    try:
        assert await c.movie_details(949) is not None
    finally:
        await c.aclose()
    assert time.monotonic() - started < 1.0


async def test_timeouts_raise_external_service_error(tmdb: FakeTmdb, client: TmdbClient, stub: StubServer) -> None:
    stub.queue("/3/movie/949", *[StubResponse(json={}, delay_s=1.0) for _ in range(3)])
    started = time.monotonic()
    with pytest.raises(ExternalServiceError) as caught:
        await client.movie_details(949)
    assert caught.value.details["reason"] == "timeout"
    assert time.monotonic() - started < 1.5


async def test_5xx_is_retried_then_raises_with_status(tmdb: FakeTmdb, client: TmdbClient, stub: StubServer) -> None:
    stub.queue("/3/movie/194", StubResponse(502))
    assert (await client.movie_details(194)) is not None
    stub.queue("/3/movie/949", *[tmdb_error(503, 11, "Internal error.") for _ in range(3)])
    with pytest.raises(ExternalServiceError) as caught:
        await client.movie_details(949)
    assert caught.value.details["status"] == 503


async def test_other_4xx_fails_at_once_and_never_leaks_the_key(
    tmdb: FakeTmdb, client: TmdbClient, stub: StubServer, caplog: pytest.LogCaptureFixture
) -> None:
    stub.queue("/3/movie/949", tmdb_error(401, 7, "Invalid API key: You must be granted a valid key."))
    with caplog.at_level(logging.DEBUG), pytest.raises(ExternalServiceError) as caught:
        await client.movie_details(949)
    assert caught.value.details["status"] == 401 and len(stub.requests_to("/3/movie/949")) == 1
    assert KEY not in caught.value.message and KEY not in str(caught.value.details)
    assert "api_key=***" in caplog.text and KEY not in caplog.text


# ---------------------------------------------------------------- candidate source


async def test_candidates_pass_the_filters_and_are_embedded_once(
    tmdb: FakeTmdb, client: TmdbClient, catalog: FakeCatalog
) -> None:
    embedder = FakeEmbedder()
    first = await source(client, catalog, embedder).candidates(profile(), filters=CRIME_USA, limit=10, exclude_ids=[])
    assert [m.title for m in first] == ["Heat", "Thief"]  # the 20-minute short and non-US films are dropped
    assert all(m.id is not None and m.embedding is not None and m.directors == ("Michael Mann",) for m in first)
    assert {r.model for r in catalog.rows.values()} == {"fake:hash-4"} and len(catalog.rows) == 2
    again = await source(client, catalog, embedder).candidates(profile(), filters=CRIME_USA, limit=10, exclude_ids=[])
    assert len(embedder.embedded) == 2  # nothing embedded the second time
    assert [m.id for m in again] == [m.id for m in first]
    np.testing.assert_array_equal(again[0].embedding, first[0].embedding)


async def test_candidates_reuse_catalog_movies_and_drop_exclusions(
    tmdb: FakeTmdb, client: TmdbClient, catalog: FakeCatalog
) -> None:
    vector = np.array([1, 0, 0, 0], dtype=np.float32)
    heat = catalog.add(Movie(title="Heat", year=1995, imdb_id="tt0113277", genres=("Crime",),
                             countries=("United States of America",), runtime=170, embedding=vector), model="fake:hash-4")
    embedder = FakeEmbedder()
    found = await source(client, catalog, embedder).candidates(profile(), filters=CRIME_USA, limit=10, exclude_ids=[])
    assert found[0].id == heat.id and found[0].embedding is not None
    np.testing.assert_array_equal(found[0].embedding, vector)
    assert len(embedder.embedded) == 1  # Thief only
    without = await source(client, catalog, embedder).candidates(
        profile(), filters=CRIME_USA, limit=10, exclude_ids=[heat.id or 0])
    assert [m.title for m in without] == ["Thief"]


async def test_candidates_read_several_pages_up_to_the_limit(
    stub: StubServer, client: TmdbClient, catalog: FakeCatalog
) -> None:
    FakeTmdb(stub, MOVIES, per_page=2).install()
    found = await source(client, catalog, FakeEmbedder(), pages=2).candidates(
        profile(), filters=Filters(), limit=3, exclude_ids=[])
    assert [r.query["page"] for r in stub.requests_to("/3/discover/movie")] == ["1", "2"]
    assert [m.title for m in found] == ["Heat", "Amélie", "Parasite"]


async def test_candidates_raise_when_tmdb_fails_and_leave_the_catalog_alone(
    tmdb: FakeTmdb, client: TmdbClient, catalog: FakeCatalog, stub: StubServer
) -> None:
    stub.queue("/3/discover/movie", *[StubResponse(500) for _ in range(3)])
    with pytest.raises(ExternalServiceError):
        await source(client, catalog, FakeEmbedder()).candidates(profile(), filters=CRIME_USA, limit=5, exclude_ids=[])
    assert catalog.rows == {}


async def test_candidates_refuse_a_profile_from_another_embedding_model(
    tmdb: FakeTmdb, client: TmdbClient, catalog: FakeCatalog
) -> None:
    with pytest.raises(ExternalServiceError, match="embedded with"):
        await source(client, catalog, FakeEmbedder()).candidates(
            profile("local:minilm"), filters=CRIME_USA, limit=5, exclude_ids=[])


# ---------------------------------------------------------------- matcher


def matcher(client: TmdbClient, catalog: FakeCatalog, embedder: FakeEmbedder, **kwargs: int) -> LookedUpMatcher:
    """The TMDB lookup (never writes) behind the application's storing matcher, as wired."""
    local = FakeLocalMatcher({"Local Film": Movie(id=99, title="Local Film")})
    return LookedUpMatcher(local, TmdbMovieLookup(client), writer(catalog, embedder), **kwargs)


ROWS = [
    WatchEntry(line=2, title="Local Film"),
    WatchEntry(line=3, title="Heat (director's cut)", imdb_id="tt0113277"),
    WatchEntry(line=4, title="Hamlet", year=1997),
    WatchEntry(line=5, title="A Film Nobody Made", year=2003),
]


async def test_matcher_adds_tmdb_matches_to_the_catalog(
    tmdb: FakeTmdb, client: TmdbClient, catalog: FakeCatalog
) -> None:
    embedder = FakeEmbedder()
    results = await matcher(client, catalog, embedder).match(ROWS, model=embedder.model_name)
    assert [r.method for r in results] == ["exact", "tmdb", "tmdb", None]
    heat, hamlet = results[1].movie, results[2].movie
    assert heat is not None and heat.title == "Heat" and heat.id is not None and heat.embedding is not None
    assert hamlet is not None and hamlet.imdb_id == "tt0116477"  # 1996 (year ±1), not Olivier's 1948
    assert results[3].reason == "not in the catalog, not found on TMDB"
    assert set(catalog.rows) == {"tt0113277", "tt0116477"} and catalog.commits == 1


async def test_matcher_never_fails_the_import_when_tmdb_is_down(stub: StubServer, catalog: FakeCatalog) -> None:
    stub.route(r"/3/.*", lambda r: StubResponse(503))
    c = TmdbClient(KEY, base_url=f"{stub.url}/3", max_retries=0)
    try:
        results = await matcher(c, catalog, FakeEmbedder()).match(ROWS, model="fake:hash-4")
    finally:
        await c.aclose()
    assert results[0].method == "exact"
    assert [r.reason for r in results[1:]] == ["TMDB unavailable"] * 3
    assert catalog.rows == {}


async def test_matcher_bounds_the_lookups(tmdb: FakeTmdb, client: TmdbClient, catalog: FakeCatalog) -> None:
    results = await matcher(client, catalog, FakeEmbedder(), max_lookups=1).match(ROWS, model="fake:hash-4")
    assert [r.method for r in results] == ["exact", "tmdb", None, None]
    assert results[2].reason == "no catalog match"


# ---------------------------------------------------------------- catalog source


async def test_catalog_source_yields_popular_and_top_rated_once_each(
    stub: StubServer, client: TmdbClient
) -> None:
    FakeTmdb(stub, MOVIES, per_page=3).install()
    movies = [m async for m in TmdbCatalogSource(client, pages=2).movies()]
    assert len(movies) == 6 and len({m.tmdb_id for m in movies}) == 6  # top_rated repeats popular: deduped
    assert movies[0].directors == ("Michael Mann",) and movies[0].id is None and movies[0].embedding is None
    limited = [m async for m in TmdbCatalogSource(client, pages=3).movies(limit=4)]
    assert [m.title for m in limited] == ["Heat", "Amélie", "Parasite", "Thief"]

"""TMDB answers shared through the Cache port: a repeated request never reaches TMDB; failures are not kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from src.domain.errors import ExternalServiceError
from src.domain.filters import Filters
from src.infrastructure.cache.memory import InProcessLruCache
from src.infrastructure.tmdb.client import TmdbClient
from tests.stubs.openai_tmdb import FakeTmdb, StubMovie, StubResponse, StubServer


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        FakeTmdb(server, [StubMovie(1, "Heat", "1995-12-15", ["Crime", "Thriller"])]).install()
        yield server


async def test_a_repeated_request_is_answered_from_the_cache(stub: StubServer) -> None:
    cache = InProcessLruCache()
    first = TmdbClient("k", base_url=stub.url + "/3", max_retries=0, cache=cache)
    second = TmdbClient("k", base_url=stub.url + "/3", max_retries=0, cache=cache)  # another worker, same Redis
    page = await first.discover(Filters(genres=("Crime",)))
    again = await second.discover(Filters(genres=("Crime",)))
    assert [m.title for m in again.movies] == [m.title for m in page.movies] == ["Heat"]
    assert len(stub.requests_to("/3/discover/movie")) == 1
    await first.aclose()
    await second.aclose()


async def test_failures_are_not_cached(stub: StubServer) -> None:
    cache = InProcessLruCache()
    client = TmdbClient("k", base_url=stub.url + "/3", max_retries=0, cache=cache)
    stub.queue("/3/search/movie", StubResponse(503, {"status_code": 11, "status_message": "down"}))
    with pytest.raises(ExternalServiceError):
        await client.search_movie("Heat", 1995)
    assert [m.title for m in await client.search_movie("Heat", 1995)] == ["Heat"]
    await client.aclose()

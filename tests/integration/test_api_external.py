"""With OpenAI and TMDB keys set (pointing at a loopback stub with the real APIs' shapes), the same
recommendation endpoint uses GPT reranking and TMDB candidates; when they fail, it answers on the local
adapters. No code changes between the modes: only settings."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.container import Container
from src.infrastructure.settings import Settings
from tests.conftest import client_for
from tests.integration.test_api_history import example
from tests.stubs.openai_tmdb import (
    FakeTmdb,
    RecordedRequest,
    StubMovie,
    StubResponse,
    StubServer,
    chat_completion,
)

pytestmark = pytest.mark.integration

TMDB_MOVIES = [
    StubMovie(900001 + i, title, f"{year}-06-01", genres, imdb_id=f"tt99{i:05d}", director=director)
    for i, (title, year, genres, director) in enumerate([
        ("Midnight Harvest", 2011, ["Horror", "Thriller"], "Ann Dark"),
        ("The Hollow Farm", 2012, ["Horror"], "Ann Dark"),
        ("Static Screams", 2013, ["Horror", "Science Fiction"], "Bo Knife"),
        ("Cellar Door", 2010, ["Horror", "Mystery"], "Cy Shade"),
        ("Night Ferry", 2009, ["Thriller"], "Dee Fog"),
        ("Summer Picnic", 2012, ["Comedy", "Romance"], "Eve Sun"),
    ])
]


def gpt_answer(request: RecordedRequest) -> StubResponse:
    """Answers like GPT-4o with structured output: every candidate once, reversed, with its own reason."""
    user = request.json()["messages"][1]["content"]
    data = json.loads(user.split("<catalog_data>\n", 1)[1].split("\n</catalog_data>", 1)[0])
    items = [{"id": c["id"], "justification": f"{c['title']}: picked by the model."} for c in data["candidates"]]
    return StubResponse(json=chat_completion(json.dumps({"items": items[::-1]})))


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        FakeTmdb(server, TMDB_MOVIES).install()
        server.route(r"/v1/chat/completions", gpt_answer)
        yield server


@pytest.fixture
async def keyed_api(stub: StubServer, catalog_sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[httpx.AsyncClient]:
    container = Container()
    container.settings.override(Settings(
        database_url="postgresql://unused@localhost/unused", auto_migrate=False, embedder="hashing",
        openai_api_key="sk-test", openai_base_url=stub.url + "/v1", openai_timeout_s=2.0,
        tmdb_api_key="tmdb-test", tmdb_base_url=stub.url + "/3", tmdb_timeout_s=1.0, tmdb_pages=1,
    ))
    container.session_factory.override(catalog_sessions)
    async for client in client_for(container):
        yield client


async def _user_with_history(api: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    created = (await api.post("/api/v1/users")).json()
    headers = {"Authorization": f"Bearer {created['api_key']}"}
    r = await api.post(f"/api/v1/users/{created['id']}/watch-history", headers=headers,
                       files={"file": ("h.csv", example("horror_fan.csv"))})
    assert r.status_code == 200, r.text
    return created["id"], headers


async def test_keys_switch_on_gpt_rerank_and_tmdb_candidates(keyed_api: httpx.AsyncClient, stub: StubServer) -> None:
    uid, headers = await _user_with_history(keyed_api)
    r = await keyed_api.post(f"/api/v1/users/{uid}/recommendations", headers=headers, json={"limit": 4, "genres": ["Horror"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reranker"] == "gpt-4o"
    titles = [i["movie"]["title"] for i in body["items"]]
    assert set(titles) <= {m.title for m in TMDB_MOVIES if "Horror" in m.genres} and len(titles) == 4
    for item in body["items"]:  # each reason stays with its own movie
        assert item["justification"] == f"{item['movie']['title']}: picked by the model."
    assert stub.requests_to("/3/discover/movie") and stub.requests_to("/v1/chat/completions")


async def test_failing_openai_and_tmdb_fall_back_to_local_adapters(keyed_api: httpx.AsyncClient, stub: StubServer) -> None:
    uid, headers = await _user_with_history(keyed_api)
    server_error = StubResponse(500, {"error": {"message": "boom", "type": "server_error"}})
    stub.route(r"/v1/chat/completions", lambda _: server_error)
    stub.route(r"/3/discover/movie", lambda _: StubResponse(503, {"status_code": 11, "status_message": "down"}))
    r = await keyed_api.post(f"/api/v1/users/{uid}/recommendations", headers=headers, json={"limit": 5})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reranker"].startswith("local (fallback:")
    assert len(body["items"]) == 5
    assert not {i["movie"]["title"] for i in body["items"]} & {m.title for m in TMDB_MOVIES}  # local catalog

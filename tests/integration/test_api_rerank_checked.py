"""Through the real API on the real embedded PostgreSQL: with OPENAI_API_KEY set (pointing at the loopback
stub, scripted to answer like GPT with planted errors) and OPENAI_RERANK_MODEL chosen, every planted error
is replaced before the response, /metrics counts it, and an identical request makes no second call."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.container import Container
from src.infrastructure.openai.scripted import INVENTED_DIRECTOR, planted_ids, prompt_data, scripted_answer
from src.infrastructure.settings import Settings
from tests.conftest import client_for
from tests.integration.test_api_history import example
from tests.stubs.openai_tmdb import StubServer, scripted_rerank_route

pytestmark = pytest.mark.integration

CHAT = "/v1/chat/completions"
PLANTED = ("wrong_year", "invented_director", "unrated_film", "wrong_rating", "swapped", "missing_id")


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        scripted_rerank_route(server, PLANTED)
        yield server


@pytest.fixture
async def api(stub: StubServer, catalog_sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[httpx.AsyncClient]:
    container = Container()
    container.settings.override(Settings(
        database_url="postgresql://unused@localhost/unused", auto_migrate=False, embedder="hashing",
        openai_api_key="sk-test", openai_base_url=stub.url + "/v1", openai_timeout_s=2.0,
        openai_rerank_model="gpt-4o-mini",
    ))
    container.session_factory.override(catalog_sessions)
    async for client in client_for(container):
        yield client


async def test_planted_errors_never_reach_the_response_and_metrics_count_them(
    api: httpx.AsyncClient, stub: StubServer
) -> None:
    created = (await api.post("/api/v1/users")).json()
    headers = {"Authorization": f"Bearer {created['api_key']}"}
    r = await api.post(f"/api/v1/users/{created['id']}/watch-history", headers=headers,
                       files={"file": ("h.csv", example("horror_fan.csv"))})
    assert r.status_code == 200, r.text
    url = f"/api/v1/users/{created['id']}/recommendations"
    r = await api.post(url, headers=headers, json={"limit": 10})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reranker"] == "gpt-4o-mini" and len(body["items"]) == 10
    request = stub.requests_to(CHAT)[0].json()
    assert request["model"] == "gpt-4o-mini"  # the setting reaches the reranker
    faithful = {i["id"]: i["justification"] for i in scripted_answer(request)["items"]}
    planted = {i for ids in planted_ids(request, PLANTED).values() for i in ids}
    texts = {item["movie"]["id"]: item["justification"] for item in body["items"]}
    assert all(texts.values())
    assert INVENTED_DIRECTOR not in " ".join(texts.values())
    for movie_id, text in texts.items():  # planted items carry the local wording, the others the model's
        assert (text == faithful[movie_id]) is (movie_id not in planted), text
    assert planted & set(texts)
    # the prompt carries the user's own ratings (stored with the profile: 5 stars = 10/10) and the
    # planted wrong rating (one point above the stored one) is what replaced that item
    rated = {e["title"]: e["your_rating"] for c in prompt_data(request)["candidates"] for e in c["evidence"]}
    assert rated.get("Halloween", 10.0) == 10.0 and set(rated.values()) <= {7.0, 8.0, 9.0, 10.0}
    assert None not in rated.values()
    wrong = planted_ids(request, ["wrong_rating"])["wrong_rating"][0]
    planted_text = next(i["justification"] for i in scripted_answer(request, ["wrong_rating"])["items"]
                        if i["id"] == wrong)  # fmt: skip
    assert "/10" in planted_text and texts[wrong] != planted_text

    again = await api.post(url, headers=headers, json={"limit": 10})
    assert again.json()["items"] == body["items"] and len(stub.requests_to(CHAT)) == 1

    metrics = (await api.get("/metrics")).text
    assert 'cinemai_rerank_answers_checked_total{reranker="gpt-4o-mini"} 1.0' in metrics
    assert 'cinemai_rerank_answers_replaced_total{reranker="gpt-4o-mini"} 1.0' in metrics
    assert 'cinemai_rerank_justifications_replaced_total{reranker="gpt-4o-mini"}' in metrics
    assert 'cinemai_llm_tokens_total{kind="prompt",model="gpt-4o-mini"} 812.0' in metrics
    assert 'cinemai_llm_request_cost_usd_count{model="gpt-4o-mini"} 1.0' in metrics

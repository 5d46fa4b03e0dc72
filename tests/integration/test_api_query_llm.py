"""The LLM query parser through the API on the real offline catalog, OpenAI being a loopback stub:
its answers are validated against the catalog (invented values dropped and reported), and any failure
falls back to the local parser."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator

import httpx
import openai
import pytest
from dependency_injector import providers
from rich.console import Console

from src.container import Container
from src.evaluation.queries.cli import QUERY_SET, run_query_eval
from src.infrastructure.openai.query_parser import OpenAIQueryParser
from src.infrastructure.openai.scripted_query import plant_for
from src.infrastructure.settings import Settings
from tests.integration.test_api_history import User
from tests.integration.test_api_recommend import horror_fan, recommend
from tests.stubs.openai_query import answer, scripted_query_route
from tests.stubs.openai_tmdb import StubResponse, StubServer, chat_completion, openai_error

pytestmark = pytest.mark.integration
__all__ = ["horror_fan"]


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


def use_llm(container: Container, stub: StubServer, *, timeout_s: float = 5.0) -> None:
    client = openai.AsyncOpenAI(base_url=stub.url + "/v1", api_key="test", max_retries=0)
    container.query_parser.override(providers.Object(OpenAIQueryParser(client, timeout_s=timeout_s)))


async def test_invented_values_are_dropped_and_reported(
    full_api: httpx.AsyncClient, full_container: Container, stub: StubServer, horror_fan: User
) -> None:
    use_llm(full_container, stub)
    stub.queue(
        "/v1/chat/completions",
        answer(
            genres=["Comedy", "Neo-Noir"], countries=["Scandinavia"], exclude_countries=["United States"],
            languages=["Elvish"], year_min=1980, year_max=1989, remaining_text="",
            anchors=[{"title": "The Midnight Courier", "year": 1994}],
        ),
    )  # fmt: skip
    r = await recommend(full_api, horror_fan, limit=8, query="a funny 80s film, not American", rerank="none")
    assert r.status_code == 200, r.text
    body = r.json()
    got = body["interpreted"]
    assert got["parser"] == "openai:gpt-4o-mini"
    assert got["filters"]["genres"] == ["Comedy"] and got["filters"]["countries"] == []
    assert got["filters"]["exclude_countries"] == ["United States"] and got["filters"]["languages"] == []
    assert got["anchors"] == []
    assert len(got["rejected"]) == 4, got["rejected"]
    for invented in ("Neo-Noir", "Scandinavia", "Elvish", "The Midnight Courier"):
        assert any(invented in r for r in got["rejected"]) and any(invented in u for u in got["unknown"])
    assert body["items"]
    for item in body["items"]:
        movie = item["movie"]
        assert "Comedy" in movie["genres"] and 1980 <= movie["year"] <= 1989
        assert "United States" not in movie["countries"]
    # the prompt carried the catalog's own vocabulary and the request as data
    prompt = stub.requests[-1].json()
    assert prompt["response_format"]["json_schema"]["strict"] is True
    assert "<request>\na funny 80s film, not American\n</request>" in prompt["messages"][1]["content"]


async def test_scripted_answers_resolve_anchors_through_the_title_index(
    full_api: httpx.AsyncClient, full_container: Container, stub: StubServer, horror_fan: User
) -> None:
    use_llm(full_container, stub)
    scripted_query_route(stub)
    r = await recommend(full_api, horror_fan, limit=5, query="a crime thriller like Heat (1995) but shorter")
    assert r.status_code == 200, r.text
    got = r.json()["interpreted"]
    assert got["parser"] == "openai:gpt-4o-mini"
    assert [(a["title"], a["year"]) for a in got["anchors"]] == [("Heat", 1995)]
    heat = (await full_api.get(f"/api/v1/movies/{got['anchors'][0]['movie_id']}")).json()
    assert got["filters"]["runtime_max"] == heat["runtime"] - 1
    assert all(i["movie"]["runtime"] < heat["runtime"] for i in r.json()["items"])


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (StubResponse(500, openai_error("The server had an error")), "api error 500"),
        (StubResponse(json=chat_completion("{not json")), "answer is not JSON"),
        (StubResponse(json=chat_completion(None, refusal="I can't help with that.")), "refused"),
        (StubResponse(json=chat_completion('{"genres": ["Com', finish_reason="length")), "truncated"),
        (StubResponse(body=b"<html>bad gateway</html>", headers={"content-type": "text/html"}), ""),
        (StubResponse(json=chat_completion("{}"), delay_s=3.0), "timeout"),
    ],
)
async def test_any_failure_falls_back_to_the_local_parser(
    full_api: httpx.AsyncClient,
    full_container: Container,
    stub: StubServer,
    horror_fan: User,
    failure: StubResponse,
    reason: str,
) -> None:
    use_llm(full_container, stub, timeout_s=0.5)
    stub.queue("/v1/chat/completions", failure)
    r = await recommend(full_api, horror_fan, limit=5, query="a funny 80s film", rerank="none")
    assert r.status_code == 200, r.text
    got = r.json()["interpreted"]
    assert got["parser"].startswith("local (fallback: OpenAI query parsing failed"), got["parser"]
    assert reason in got["parser"]
    assert got["filters"]["genres"] == ["Comedy"] and got["filters"]["year_min"] == 1980
    assert r.json()["items"]


async def test_eval_queries_with_the_llm_parser_against_the_stub(
    full_container: Container, stub: StubServer
) -> None:
    scripted_query_route(stub)
    full_container.settings.override(
        Settings(
            database_url="postgresql://unused@localhost/unused",
            auto_migrate=False,
            openai_api_key="test",
            openai_base_url=stub.url + "/v1",
        )
    )
    out = io.StringIO()
    args = argparse.Namespace(file=QUERY_SET, films=5, verbose_failures=True, parser="llm")
    assert await run_query_eval(args, full_container, Console(file=out, width=400)) == 0
    text = out.getvalue()
    rows = [line for line in QUERY_SET.read_text().splitlines() if line.strip()]
    planted = sum(plant_for(json.loads(line)["query"]) is not None for line in rows)
    assert planted > 0
    assert "parser: openai:gpt-4o-mini" in text
    assert f"validation dropped (not in the catalog, out of range): {planted} " in text, text
    assert "fallbacks to the local parser (remote failure): 0" in text
    assert "constraint precision of returned films: 1.000" in text
    accuracy = float(text.split("parse accuracy (parsed == expected): ")[1].split()[0])
    assert accuracy >= 0.9, text
    assert len(stub.requests) == len(rows)


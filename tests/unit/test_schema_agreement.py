"""The served OpenAPI schema says what the server accepts (issue 13, B8): `format` and `rerank` are enums of
the values this server takes, integers in bodies are JSON integers, and `q` has a pattern the server keeps.

The real app and use cases with fakes swapped in through the container (no database): each case reads the
rule from /openapi.json and checks the server against it, both ways."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from src.application.ports.catalog import Neighbour
from src.application.user_state import UowSnapshotReader
from src.container import HISTORY_FORMATS, Container
from src.domain.filters import Filters
from src.domain.movie import MovieId, Vector
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.settings import Settings
from src.presentation.api.app import create_app
from tests.fakes import FakeStore, FakeUnitOfWork, NoMatches
from tests.stubs.catalog_fakes import FakeCatalog, FakeCatalogReader
from tests.stubs.collaborative_fakes import FakeCollaborativeStore
from tests.unit.test_import_watch_history import history_csv

Client = tuple[httpx.AsyncClient, dict[str, Any]]


class EmptyCatalogReader(FakeCatalogReader):
    """An empty catalog: every lookup answers, with nothing found."""

    async def nearest_many(self, vectors: Sequence[Vector], *, model: str, limits: Sequence[int],
                           filters: Filters | None = None, exclude_ids: Sequence[MovieId] = ()) -> list[list[Neighbour]]:
        return [[] for _ in vectors]


def _container(store: FakeStore, **overrides: Any) -> Container:
    container = Container()
    container.settings.override(
        Settings(database_url="postgresql://unused@localhost/unused", auto_migrate=False, candidate_index="pgvector", **overrides)
    )
    container.uow.override(providers.Factory(FakeUnitOfWork, store))
    container.snapshot_reader.override(providers.Factory(UowSnapshotReader, container.uow.provider))
    container.matcher.override(NoMatches())
    container.collaborative_store.override(FakeCollaborativeStore(store))
    container.catalog_reader.override(EmptyCatalogReader(FakeCatalog()))
    container.embedder.override(HashingEmbedder())
    return container


@pytest.fixture
async def api() -> AsyncIterator[Client]:
    """A client on a server without OpenAI, and its served schema."""
    container = _container(FakeStore(), openai_api_key=None)
    app = create_app(container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client, (await client.get("/openapi.json")).json()
    container.unwire()


async def _user(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    created = (await client.post("/api/v1/users")).json()
    return created["id"], {"Authorization": f"Bearer {created['api_key']}"}


def _body_schema(spec: dict[str, Any], path: str, content: str = "application/json") -> dict[str, Any]:
    ref = spec["paths"][path]["post"]["requestBody"]["content"][content]["schema"]["$ref"]
    schema: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def _problem_fields(response: httpx.Response) -> list[str]:
    return [p["field"] for p in response.json()["error"]["details"].get("problems", [])]


# --- format: an enum of the parser's formats plus "auto" -------------------------------------------------

async def test_format_is_an_enum_of_what_the_parser_reads(api: Client) -> None:
    client, spec = api
    schema = _body_schema(spec, "/api/v1/users/{user_id}/watch-history", "multipart/form-data")
    field = schema["properties"]["format"]
    assert field["enum"] == ["auto", *HISTORY_FORMATS] and field["default"] == "auto"
    assert "anyOf" not in field  # not nullable: a multipart form has no null to send
    user_id, headers = await _user(client)
    url = f"/api/v1/users/{user_id}/watch-history"
    for accepted in ("auto", "generic_csv"):
        r = await client.post(url, headers=headers, files={"file": ("h.csv", history_csv(20))}, data={"format": accepted})
        assert r.status_code == 200, (accepted, r.text)
        assert r.json()["format"] == "generic_csv"


async def test_an_unknown_format_is_a_422_naming_the_allowed_ones(api: Client) -> None:
    client, _ = api
    user_id, headers = await _user(client)
    r = await client.post(
        f"/api/v1/users/{user_id}/watch-history",
        headers=headers,
        files={"file": ("h.csv", history_csv(20))},
        data={"format": "letterboxd"},
    )
    assert r.status_code == 422 and _problem_fields(r) == ["format"]
    assert all(f"'{name}'" in r.json()["error"]["message"] for name in ("auto", *HISTORY_FORMATS))


# --- rerank: "llm" only where the server has an LLM reranker ----------------------------------------------

async def test_without_openai_the_schema_leaves_llm_out_and_the_server_refuses_it(api: Client) -> None:
    client, spec = api
    rerank = spec["components"]["schemas"]["RecommendIn"]["properties"]["rerank"]
    assert rerank["enum"] == ["auto", "local", "none"] and "OPENAI_API_KEY" in rerank["description"]
    user_id, headers = await _user(client)  # no history yet: the refusal comes first, before any work
    r = await client.post(f"/api/v1/users/{user_id}/recommendations", headers=headers, json={"rerank": "llm"})
    assert r.status_code == 422 and "OPENAI_API_KEY" in r.json()["error"]["message"]
    upload = await client.post(
        f"/api/v1/users/{user_id}/watch-history", headers=headers, files={"file": ("h.csv", history_csv(20))}
    )
    assert upload.status_code == 200
    for mode in rerank["enum"]:
        r = await client.post(f"/api/v1/users/{user_id}/recommendations", headers=headers, json={"rerank": mode})
        assert r.status_code == 200, (mode, r.text)


async def test_with_openai_configured_the_schema_lists_llm() -> None:
    container = _container(FakeStore(), openai_api_key="sk-test-not-used")
    app = create_app(container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        spec = (await client.get("/openapi.json")).json()
    container.unwire()
    assert spec["components"]["schemas"]["RecommendIn"]["properties"]["rerank"]["enum"] == [
        "auto", "llm", "local", "none"
    ]


# --- strict integers in bodies ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("feedback", {"movie_id": 8766.0, "signal": "like"}, "movie_id"),
        ("recommendations", {"from_list": 3.0}, "from_list"),
        ("recommendations", {"exclude_lists": [3.0]}, "exclude_lists.0"),
        ("recommendations", {"limit": 10.0}, "limit"),
    ],
)
async def test_an_integer_written_with_a_fraction_is_a_422_naming_the_field(
    api: Client, path: str, body: dict[str, Any], field: str
) -> None:
    client, _ = api
    user_id, headers = await _user(client)
    r = await client.post(f"/api/v1/users/{user_id}/{path}", headers=headers, json=body)
    assert r.status_code == 422 and _problem_fields(r) == [field]
    assert f"{field}: must be a JSON integer written without a fraction" in r.json()["error"]["message"]


async def test_the_schema_says_integer_fields_take_json_integers_only(api: Client) -> None:
    _, spec = api
    movie_id = _body_schema(spec, "/api/v1/users/{user_id}/feedback")["properties"]["movie_id"]
    assert movie_id["type"] == "integer" and "8766.0" in movie_id["description"]
    recommend = spec["components"]["schemas"]["RecommendIn"]["properties"]
    assert "8766.0" in recommend["from_list"]["description"]
    assert "8766.0" in recommend["exclude_lists"]["items"]["description"]
    assert "8766.0" in spec["components"]["schemas"]["RecommendIn"]["description"]  # year_min, limit, …


async def test_a_whole_integer_movie_id_passes_validation(api: Client) -> None:
    client, _ = api
    user_id, headers = await _user(client)
    r = await client.post(f"/api/v1/users/{user_id}/feedback", headers=headers, json={"movie_id": 8766, "signal": "like"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "movie_not_found"  # the fake catalog is empty


# --- q on /movies/search: the schema's pattern is the server's rule -------------------------------------

def _q_schema(spec: dict[str, Any]) -> dict[str, Any]:
    parameters = spec["paths"]["/api/v1/movies/search"]["get"]["parameters"]
    schema: dict[str, Any] = next(p["schema"] for p in parameters if p["name"] == "q")
    return schema


def _schema_admits(schema: dict[str, Any]) -> Callable[[str], bool]:
    # ECMA-262 and Python agree on escapes and classes; not on `$`, which Python also matches before a final
    # newline ("0\n") and ECMA-262 (like the server's Rust regex) only at the very end: Python's \Z
    source = schema["pattern"]
    pattern = re.compile(source[:-1] + r"\Z" if source.endswith("$") else source)
    return lambda q: schema["minLength"] <= len(q) <= schema["maxLength"] and pattern.search(q) is not None


async def test_a_c1_control_character_is_refused_by_the_schema_and_the_server(api: Client) -> None:
    client, spec = api
    admits = _schema_admits(_q_schema(spec))
    for q in ("\x85", "a\x85b", "\x9f", " ", "\u3000"):
        assert not admits(q), repr(q)
    r = await client.get("/api/v1/movies/search?q=%C2%85")
    assert r.status_code == 422 and _problem_fields(r) == ["query.q"]
    assert "control characters" in r.json()["error"]["message"]
    assert (await client.get("/api/v1/movies/search", params={"q": "Amélie\u00a0Poulain"})).status_code == 200


@pytest.fixture
def search_app() -> Any:
    container = _container(FakeStore(), openai_api_key=None, search_rate_per_minute=0, anonymous_rate_per_minute=0)
    yield create_app(container, prepare=False)
    container.unwire()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(q=st.text(st.characters(codec="utf-8"), max_size=8) | st.sampled_from(["\x85", "\xa0", " a ", "\u2028", "0\n"]))
def test_the_server_refuses_q_exactly_when_the_schema_does(search_app: Any, q: str) -> None:
    """Any text, as a client would send it: a 422 if and only if the served schema refuses it."""

    async def status() -> tuple[bool, int]:
        transport = httpx.ASGITransport(app=search_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            admits = _schema_admits(_q_schema((await client.get("/openapi.json")).json()))
            r = await client.get("/api/v1/movies/search", params={"q": q, "semantic": "false"})
        return admits(q), r.status_code

    admitted, code = asyncio.run(status())
    assert code in (200, 422), (q, code)
    assert admitted == (code == 200), (q, code)

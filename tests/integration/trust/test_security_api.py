"""Security through the real app: every user route refuses another user's key and leaks nothing of the
victim; CORS is closed unless configured; errors carry no traceback or SQL; keys never reach the logs
(including uvicorn's access log); uploaded text comes back as inert JSON strings."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import uvicorn
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.container import Container
from src.presentation.api.app import create_app
from tests.integration.test_api_history import example
from tests.integration.trust.conftest import User, new_user, upload

pytestmark = pytest.mark.integration
VICTIM_NAME = "victim-7c1e"
USER_PREFIX = "/api/v1/users/{user_id}"


async def victim_with_data(api: httpx.AsyncClient) -> User:
    victim = await new_user(api, VICTIM_NAME)
    assert (await upload(api, victim, "h.csv", example("horror_fan.csv"))).status_code == 200
    movie = (await api.get("/api/v1/movies/search", params={"q": "Alien"})).json()["results"][0]["movie"][
        "id"
    ]
    r = await api.post(
        f"/api/v1/users/{victim[0]}/feedback", headers=victim[1], json={"movie_id": movie, "signal": "like"}
    )
    assert r.status_code == 200, r.text
    return victim


def request_for(method: str, path: str, operation: dict[str, Any]) -> dict[str, Any]:
    """A valid request for the operation, so that only the key decides the answer."""
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return {"files": {"file": ("h.csv", example("scifi_fan.csv"))}}
    if "application/json" in content:
        return {"json": {"movie_id": 1, "signal": "dislike"} if path.endswith("/feedback") else {}}
    return {}


def user_operations(api: httpx.AsyncClient) -> list[tuple[str, str, dict[str, Any]]]:
    schema = api._transport.app.openapi()  # type: ignore[attr-defined]
    return [
        (method.upper(), path, op)
        for path, ops in schema["paths"].items()
        if path.startswith(USER_PREFIX)
        for method, op in ops.items()
    ]


async def test_every_user_route_refuses_another_users_key_and_leaks_nothing(
    full_api: httpx.AsyncClient,
) -> None:
    victim = await victim_with_data(full_api)
    before = (await full_api.get(f"/api/v1/users/{victim[0]}/export", headers=victim[1])).json()
    private = [VICTIM_NAME, *(row["title"] for row in before["history"])]
    attacker = await new_user(full_api, "attacker")
    operations = user_operations(full_api)
    assert len(operations) >= 7  # delete, upload, profile, map, recommendations, feedback, export
    for method, path, op in operations:
        url = path.replace("{user_id}", victim[0])
        for headers, status in ((attacker[1], 403), ({}, 401), ({"Authorization": "Bearer cin_forged"}, 401)):
            r = await full_api.request(method, url, headers=headers, **request_for(method, path, op))
            assert r.status_code == status, (method, path, r.status_code, r.text)
            assert r.headers["content-type"].startswith("application/json")
            assert not any(secret in r.text for secret in private), (method, path, r.text)
    after = (await full_api.get(f"/api/v1/users/{victim[0]}/export", headers=victim[1])).json()
    assert {**after, "exported_at": None} == {**before, "exported_at": None}  # nothing changed


async def test_the_export_and_every_response_omit_the_key_and_its_hash(full_api: httpx.AsyncClient) -> None:
    uid, headers = await victim_with_data(full_api)
    key = headers["Authorization"].removeprefix("Bearer ")
    from src.domain.user import hash_api_key

    for path in ("export", "profile"):
        r = await full_api.get(f"/api/v1/users/{uid}/{path}", headers=headers)
        assert r.status_code == 200 and key not in r.text and hash_api_key(key) not in r.text
    assert "api_key" not in r.text


async def test_cors_is_closed_by_default(full_api: httpx.AsyncClient) -> None:
    preflight = await full_api.options(
        "/api/v1/movies/search",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    simple = await full_api.get("/api/v1/filters", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in simple.headers


async def test_cors_allows_only_the_configured_origins(
    catalog_sessions: async_sessionmaker[AsyncSession], make_settings: Callable[..., Any]
) -> None:
    container = Container()
    container.settings.override(make_settings(cors_origins=["https://app.example"]))
    container.session_factory.override(catalog_sessions)
    app = create_app(container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as api:
        ok = await api.options(
            "/api/v1/movies/search",
            headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
        )
        evil = await api.get("/api/v1/filters", headers={"Origin": "https://evil.example"})
    container.unwire()
    assert ok.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in evil.headers


class FailingSearch:
    """Fails like a bug with SQL in its message."""

    async def execute(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("SELECT api_key_hash FROM users WHERE id = '42' -- boom")


class SqlErrorReader:
    """A catalog reader whose query PostgreSQL itself rejects (a ProgrammingError quoting the SQL)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def get(self, movie_id: int) -> None:
        async with self._sessions() as session:
            await session.execute(text("SELECT secret_column FROM secret_table_xyz"))


@pytest.fixture
async def fragile_api(
    full_container: Container, catalog_sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    full_container.search_movies.override(providers.Object(FailingSearch()))
    full_container.catalog_reader.override(providers.Object(SqlErrorReader(catalog_sessions)))
    app = create_app(full_container, prepare=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.mark.parametrize("path", ["/api/v1/movies/search?q=alien", "/api/v1/movies/7"])
async def test_internal_errors_carry_no_traceback_or_sql(
    fragile_api: httpx.AsyncClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    r = await fragile_api.get(path)
    assert r.status_code == 500
    assert r.json() == {
        "error": {
            "code": "internal_error",
            "message": "something went wrong on our side; it has been logged",
            "details": {},
        }
    }
    for leak in ("SELECT", "secret", "Traceback", "Error", "users", ".py"):
        assert leak not in r.text
    assert "unhandled error" in caplog.text  # the operator still gets the details


HOSTILE_TITLES = [
    "<script>alert('x')</script>",
    "[red]Blood[/red] [/]",
    "$\\undefinedcommand$ and $x^2$",
    "Robert'); DROP TABLE users;--",
    '=HYPERLINK("http://evil.example","click")',
    "{{7*7}} ${7*7}",
]


async def test_uploaded_text_comes_back_as_inert_json_strings(full_api: httpx.AsyncClient) -> None:
    user = await new_user(full_api)
    csv = "Title,Year,Rating,Genres\n" + "".join(
        f'"{t.replace(chr(34), chr(34) * 2)}",2001,9,"{t.replace(chr(34), chr(34) * 2)}"\n'
        for t in HOSTILE_TITLES
    )
    report = await upload(full_api, user, "evil.csv", csv.encode())
    assert report.status_code == 200, report.text
    assert report.headers["x-content-type-options"] == "nosniff"
    exported = await full_api.get(f"/api/v1/users/{user[0]}/export", headers=user[1])
    assert exported.headers["content-type"] == "application/json"  # never text/html
    assert sorted(row["title"] for row in exported.json()["history"]) == sorted(HOSTILE_TITLES)  # verbatim
    for (
        title
    ) in HOSTILE_TITLES:  # each inside a JSON string literal, quotes escaped: data, not markup or code
        assert json.dumps(title, ensure_ascii=False) in exported.text
    png = await full_api.get(f"/api/v1/users/{user[0]}/profile/map.png", headers=user[1])
    assert png.status_code == 200 and png.content.startswith(
        b"\x89PNG"
    )  # "$\\undefinedcommand$" drawn as text
    assert (await full_api.post("/api/v1/users")).status_code == 201  # the users table is still there


async def test_responses_about_a_person_are_never_cached(full_api: httpx.AsyncClient) -> None:
    uid, headers = await new_user(full_api)
    personal = await full_api.get(f"/api/v1/users/{uid}/export", headers=headers)
    public = await full_api.get("/api/v1/filters")
    assert personal.headers["cache-control"] == "no-store" and personal.headers["x-frame-options"] == "DENY"
    assert "no-store" not in public.headers.get("cache-control", "")


async def test_api_keys_never_reach_the_logs_not_even_uvicorns_access_log(
    full_container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = create_app(full_container, prepare=False)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=True, lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    try:
        port = await _port_once_started(server)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            created = (await http.post("/api/v1/users", json={"name": "logged"})).json()
            key, uid = created["api_key"], created["id"]
            other = (await http.post("/api/v1/users")).json()
            calls = [
                (uid, key),  # 404: no profile yet
                (uid, other["api_key"]),  # 403
                (uid, key + "x"),  # 401
                ("not-a-uuid", key),  # 422
            ]
            statuses = [
                (
                    await http.get(f"/api/v1/users/{u}/profile", headers={"Authorization": f"Bearer {k}"})
                ).status_code
                for u, k in calls
            ]
            await http.get(f"/api/v1/users/{uid}/export", headers={"Authorization": f"Bearer {key}"})
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert statuses == [404, 403, 401, 422]
    access = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert len(access) >= 7 and all("/api/v1/users" in line for line in access)
    everything = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    for secret in (key, other["api_key"], key[4:20]):
        assert secret not in everything


async def _port_once_started(server: uvicorn.Server) -> int:
    for _ in range(500):
        if server.started:
            port: int = server.servers[0].sockets[0].getsockname()[1]
            return port
        await asyncio.sleep(0.02)
    raise AssertionError("uvicorn did not start within 10 s")


async def test_nul_characters_never_reach_the_database(full_api: httpx.AsyncClient) -> None:
    """Found by fuzzing: "\\u0000" in a JSON export or a user name used to fail with a 500."""
    user = await new_user(full_api)
    history = b'[{"title": "Al\\u0000ien", "year": 1979, "genres": ["Horror\\u0000"]}, {"title": "\\u0000", "year": 1999}]'
    r = await upload(full_api, user, "h.json", history)
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 1
    assert [p["reason"] for p in r.json()["rejected"]] == ["the title has no printable characters"]
    stored = (await full_api.get(f"/api/v1/users/{user[0]}/export", headers=user[1])).json()["history"]
    assert [(row["title"], row["genres"]) for row in stored] == [("Alien", ["Horror"])]
    named = await full_api.post(
        "/api/v1/users", content=b'{"name": "a\\u0000b"}', headers={"Content-Type": "application/json"}
    )
    assert named.status_code == 422 and named.json()["error"]["code"] == "invalid_request"

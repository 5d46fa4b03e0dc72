"""Failures: a database that goes away answers 503 (JSON, no driver text) and /ready false, and the same
app recovers by itself when the database is back; a dead or a live Redis never changes the answers."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pgserver
import pytest
from dependency_injector import providers

from src.container import Container
from src.infrastructure.cache.redis import RedisCache
from src.infrastructure.db.embedded import to_asyncpg_url
from src.infrastructure.db.migrate import upgrade
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.settings import Settings
from src.presentation.api.app import create_app
from tests.integration.test_api_history import example
from tests.integration.test_redis_cache import RedisServer
from tests.integration.trust.conftest import new_user, upload

pytestmark = pytest.mark.integration
pg_ctl: Callable[..., str] = pgserver.pg_ctl  # type: ignore[attr-defined]  # made at import by pgserver


class OwnPostgres:
    """A PostgreSQL (pgserver) of this test's own, which the test can stop and start again."""

    def __init__(self, directory: Path) -> None:
        self.data = directory / "data"
        self.server = pgserver.get_server(self.data, cleanup_mode="delete")
        self.url = to_asyncpg_url(self.server.get_uri())
        self.socket_dir = parse_qs(urlsplit(self.server.get_uri()).query)["host"][0]

    def stop(self) -> None:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data, user=self.server.system_user, timeout=30)

    def start(self) -> None:
        args = ["-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.data / "log"), "start"]
        pg_ctl(args, pgdata=self.data, user=self.server.system_user, timeout=30)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    directory = Path(tempfile.mkdtemp(prefix="cinemai-outage-"))
    directory.chmod(0o755)  # pgserver runs PostgreSQL as its own user when we are root
    server = OwnPostgres(directory)
    try:
        yield server
    finally:
        server.server.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


def _api(container: Container) -> httpx.AsyncClient:
    app = create_app(container, prepare=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _container(database_url: str) -> Container:
    container = Container()
    container.settings.override(Settings(database_url=database_url, auto_migrate=False, embedder="hashing"))
    container.embedder.override(HashingEmbedder())
    return container


def assert_unavailable(r: httpx.Response) -> None:
    assert r.status_code == 503, r.text
    error = r.json()["error"]
    assert error["code"] == "service_unavailable" and error["details"] == {"service": "database"}
    for leak in ("asyncpg", "sqlalchemy", "Errno", "SELECT", "socket", "/tmp"):
        assert leak not in r.text


async def test_a_stopped_database_is_503_and_the_app_recovers_when_it_returns(
    own_postgres: OwnPostgres,
) -> None:
    container = _container(own_postgres.url)
    await upgrade(container.engine())
    async with _api(container) as api:
        uid, headers = await new_user(api)
        assert (await api.get("/ready")).json()["database"] is True

        own_postgres.stop()
        try:
            assert_unavailable(await api.post("/api/v1/users"))
            assert_unavailable(await api.get(f"/api/v1/users/{uid}/profile", headers=headers))
            assert_unavailable(await api.get("/api/v1/movies/1"))
            ready = await api.get("/ready")
            assert (
                ready.status_code == 503
                and ready.json()["ready"] is False
                and ready.json()["database"] is False
            )
            assert (await api.get("/health")).status_code == 200  # the process itself is fine
        finally:
            own_postgres.start()

        assert (await api.post("/api/v1/users")).status_code == 201  # same app, same pool: recovered
        assert (
            await api.get(f"/api/v1/users/{uid}/profile", headers=headers)
        ).status_code == 404  # no profile yet
        assert (await api.get("/ready")).json()["database"] is True
    await container.engine().dispose()


async def test_an_unreachable_database_url_is_503_everywhere_it_is_needed() -> None:
    container = _container("postgresql://postgres@127.0.0.1:1/postgres")  # nothing listens on port 1
    async with _api(container) as api:
        assert_unavailable(await api.post("/api/v1/users"))
        assert_unavailable(await api.get("/api/v1/movies/search", params={"q": "alien"}))
        assert_unavailable(
            await api.get(
                "/api/v1/users/00000000-0000-4000-8000-000000000000/profile",
                headers={"Authorization": "Bearer x"},
            )
        )
        ready = await api.get("/ready")
        assert ready.status_code == 503 and ready.json()["database"] is False
    await container.engine().dispose()


async def _recommend_twice(full_container: Container) -> tuple[httpx.Response, httpx.Response]:
    async with _api(full_container) as api:
        user = await new_user(api)
        assert (await upload(api, user, "h.csv", example("horror_fan.csv"))).status_code == 200
        url = f"/api/v1/users/{user[0]}/recommendations"
        first = await api.post(url, headers=user[1], json={"limit": 5})
        second = await api.post(url, headers=user[1], json={"limit": 5})
    return first, second


async def test_a_dead_redis_changes_nothing_but_speed(full_container: Container) -> None:
    dead = RedisCache("redis://127.0.0.1:1/0", socket_timeout_s=0.2)
    full_container.cache.override(providers.Object(dead))
    first, second = await _recommend_twice(full_container)
    await dead.aclose()
    assert first.status_code == second.status_code == 200, first.text
    assert len(first.json()["items"]) == 5 and first.json() == second.json()
    assert dead.stats().errors >= 1 and dead.stats().hits == 0


@pytest.fixture
def live_redis() -> Iterator[RedisServer]:
    directory = Path(tempfile.mkdtemp(prefix="cinemai-trust-redis-"))
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        if server.client is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
async def redis_cache(live_redis: RedisServer) -> AsyncIterator[RedisCache]:
    cache = RedisCache(live_redis.url, prefix="trust:")
    yield cache
    await cache.aclose()


async def test_a_live_redis_serves_the_second_page_from_cache(
    full_container: Container, redis_cache: RedisCache, live_redis: RedisServer
) -> None:
    full_container.cache.override(providers.Object(redis_cache))
    first, second = await _recommend_twice(full_container)
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    assert redis_cache.stats().hits >= 1 and redis_cache.stats().errors == 0
    assert live_redis.client is not None and live_redis.client.keys("trust:rec*")

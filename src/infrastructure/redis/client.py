"""The one place a redis.asyncio client is built from REDIS_URL (rate limits, revocations; reusable by
the response cache and the job queue), so timeouts and retries are the same everywhere."""

from __future__ import annotations

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

# What a Redis call may raise when the server is down, slow or restarting.
REDIS_FAILURES: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)


def redis_client(url: str, *, socket_timeout_s: float = 0.25) -> aioredis.Redis:
    """A client that waits at most `socket_timeout_s` to connect and to read, retried once at once (which
    also replaces a pooled connection left stale by a Redis restart). Connects lazily: building it never
    touches the network. Values are bytes (no decode_responses)."""
    return aioredis.Redis.from_url(
        url,
        socket_timeout=socket_timeout_s,
        socket_connect_timeout=socket_timeout_s,
        retry=Retry(NoBackoff(), retries=1),
    )

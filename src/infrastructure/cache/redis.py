"""A `Cache` on Redis (redis.asyncio) that degrades to "no cache" while Redis is down.

A failure opens a simple circuit breaker: for `retry_after_failure_s` every get() is a miss and every
set() a no-op without touching the network, so a dead Redis costs nothing per request. Then one
request probes Redis again; success closes the breaker. One warning is logged per outage (and one
info line when Redis is back), never per request, and the URL is logged with its password masked.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from src.application.ports.metrics import CacheStats
from src.application.ports.recommend import Cache

log = logging.getLogger(__name__)

_FAILURES = (RedisError, OSError, TimeoutError)
_USERINFO_PASSWORD = re.compile(r"(?<=://)([^:@/]*):([^@/]*)@")
_QUERY_PASSWORD = re.compile(r"(?i)(password=)[^&]*")


def redact_url(url: str) -> str:
    """The URL with any password (userinfo or `password=` query parameter) replaced by ***."""
    return _QUERY_PASSWORD.sub(r"\1***", _USERINFO_PASSWORD.sub(r"\1:***@", url))


class RedisCache(Cache):
    """Bytes by key under `prefix` in Redis, with Redis-side TTLs (SET ... EX).

    get()/set() never raise: a Redis failure is logged (once per outage) and behaves as a miss / no-op.
    Each command waits at most `socket_timeout_s` to connect and to read, retried once at once (which
    also replaces a pooled connection left stale by a Redis restart). A non-positive TTL stores
    nothing and deletes any previous value. Hits, misses and failures are counted per process.
    """

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "cinemai:",
        socket_timeout_s: float = 0.25,
        retry_after_failure_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = aioredis.Redis.from_url(
            url,
            socket_timeout=socket_timeout_s,
            socket_connect_timeout=socket_timeout_s,
            retry=Retry(NoBackoff(), retries=1),
        )
        self._where = redact_url(url)
        self._prefix = prefix
        self._retry_after = retry_after_failure_s
        self._clock = clock
        self._down = False
        self._skip_until = 0.0
        self._hits = 0
        self._misses = 0
        self._errors = 0

    async def get(self, key: str) -> bytes | None:
        value: bytes | None = None
        if self._may_try():
            try:
                raw = await self._client.get(self._prefix + key)
            except _FAILURES as error:
                self._failed(error)
            else:
                self._succeeded()
                value = raw if isinstance(raw, bytes) else None  # str only if the URL set decode_responses
        if value is None:
            self._misses += 1
        else:
            self._hits += 1
        return value

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        if not self._may_try():
            return
        try:
            if ttl_seconds > 0:
                await self._client.set(self._prefix + key, value, ex=ttl_seconds)
            else:
                await self._client.delete(self._prefix + key)
        except _FAILURES as error:
            self._failed(error)
        else:
            self._succeeded()

    async def ping(self) -> bool:
        """True when Redis answers now. Bypasses the breaker (for readiness checks); never raises."""
        try:
            await self._client.ping()
        except _FAILURES as error:
            self._failed(error)
            return False
        self._succeeded()
        return True

    async def aclose(self) -> None:
        """Closes the connection pool. The cache is not usable afterwards."""
        await self._client.aclose()

    def stats(self) -> CacheStats:
        return CacheStats(hits=self._hits, misses=self._misses, errors=self._errors)

    @property
    def available(self) -> bool:
        """False from a failure until the next successful command."""
        return not self._down

    def _may_try(self) -> bool:
        """Whether this call may use Redis. While down, one caller per window probes; others skip."""
        now = self._clock()
        if now < self._skip_until:
            return False
        if self._down:
            self._skip_until = now + self._retry_after
        return True

    def _failed(self, error: BaseException) -> None:
        self._errors += 1
        self._skip_until = self._clock() + self._retry_after
        if not self._down:
            self._down = True
            log.warning(
                "Redis cache at %s unavailable (%s: %s); serving without cache, retrying every %g s",
                self._where,
                type(error).__name__,
                redact_url(str(error)),
                self._retry_after,
            )

    def _succeeded(self) -> None:
        if self._down:
            self._down = False
            self._skip_until = 0.0
            log.info("Redis cache at %s is reachable again", self._where)

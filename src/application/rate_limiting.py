"""In-process token buckets: how many requests one caller (an API key's hash, a client IP) may make."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from src.application.ports.rate_limit import AuthRevocations, RateLimiter


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucketRateLimiter(RateLimiter):
    """`per_minute` requests a minute per key, refilled continuously, with bursts of up to `burst`
    (default: a minute's worth). `per_minute <= 0` disables the limiter.

    Keys are opaque strings chosen by the caller: pass a hash, never a secret. The table holds at most
    `max_keys` buckets; beyond that, buckets that have refilled completely (they carry no state worth
    keeping) are dropped, then the oldest ones. One process only: each worker counts for itself (with
    REDIS_URL the container uses a shared Redis bucket instead, src/infrastructure/redis/)."""

    def __init__(
        self,
        per_minute: int,
        *,
        burst: int | None = None,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_minute = per_minute
        self._rate = per_minute / 60.0
        self._capacity = float(burst if burst is not None else per_minute)
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def per_minute(self) -> int:
        return self._per_minute

    @property
    def enabled(self) -> bool:
        return self._per_minute > 0

    async def take(self, key: str) -> float:
        return self.acquire(key)

    def acquire(self, key: str) -> float:
        """Takes one token for `key`. Returns 0.0 when the request may go ahead, otherwise the seconds
        until a token will be available (nothing is taken then)."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = _Bucket(tokens=self._capacity, updated=now)
            else:
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(self._capacity, bucket.tokens + elapsed * self._rate)
                bucket.updated = now
            if len(self._buckets) >= self._max_keys:
                self._evict(now)
            self._buckets[key] = bucket  # (re)inserted last: the dict keeps least recently used first
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self._rate

    def _evict(self, now: float) -> None:
        full = [
            k for k, b in self._buckets.items() if b.tokens + (now - b.updated) * self._rate >= self._capacity
        ]
        for k in full:
            del self._buckets[k]
        while self._buckets and len(self._buckets) >= self._max_keys:
            del self._buckets[next(iter(self._buckets))]

    def __len__(self) -> int:
        return len(self._buckets)


class ProcessLocalRevocations(AuthRevocations):
    """Without a shared store: nothing to ask. DeleteUser forgets the user in this process's AuthCache;
    other worker processes trust their cached entry until it expires (CINEMAI_AUTH_CACHE_SECONDS)."""

    async def revoke(self, user_id: uuid.UUID) -> None:
        return None

    async def is_revoked(self, user_id: uuid.UUID) -> bool:
        return False


def retry_after_seconds(wait: float) -> int:
    """A Retry-After header value: whole seconds, at least 1."""
    return max(1, math.ceil(wait))

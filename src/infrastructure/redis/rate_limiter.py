"""A `RateLimiter` whose token buckets live in Redis, so every worker and node draws from the same bucket."""

from __future__ import annotations

import redis.asyncio as aioredis

from src.application.ports.rate_limit import RateLimiter
from src.application.rate_limiting import TokenBucketRateLimiter
from src.infrastructure.redis.breaker import Breaker
from src.infrastructure.redis.client import REDIS_FAILURES

# One atomic step per request: refill by the time elapsed on Redis' own clock (the same clock for every
# node), take a token if there is one, store the bucket with an expiry of one full refill.
# Returns the wait in seconds as a string (a Lua number reply would be truncated to an integer).
_TAKE = """
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(b[1])
local updated = tonumber(b[2])
if tokens == nil or updated == nil then
  tokens = capacity
  updated = now
end
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisTokenBucketRateLimiter(RateLimiter):
    """The same token bucket as TokenBucketRateLimiter (per_minute a minute, burst = a minute's worth),
    kept in Redis under `prefix` + key as a hash {tokens, updated} that expires once it has refilled.

    While Redis is unreachable (first failure opens a breaker for `retry_after_failure_s`), requests are
    counted by an in-process bucket with the same parameters: the limit is then per process, never off,
    and a dead Redis costs no network wait per request."""

    def __init__(
        self,
        client: aioredis.Redis,
        per_minute: int,
        *,
        prefix: str,
        url: str = "",
        retry_after_failure_s: float = 5.0,
    ) -> None:
        self._client = client
        self._per_minute = per_minute
        self._prefix = prefix
        self._script = client.register_script(_TAKE)
        self._fallback = TokenBucketRateLimiter(per_minute)
        self._breaker = Breaker(f"rate limiter {prefix!r}", url, retry_after_s=retry_after_failure_s)

    @property
    def per_minute(self) -> int:
        return self._per_minute

    async def take(self, key: str) -> float:
        if self._per_minute <= 0:
            return 0.0
        if self._breaker.may_try():
            try:
                raw = await self._script(keys=[self._prefix + key], args=[self._per_minute / 60.0, self._per_minute])
            except REDIS_FAILURES as error:
                self._breaker.failed(error)
            else:
                self._breaker.succeeded()
                return float(raw.decode() if isinstance(raw, bytes) else raw)
        return self._fallback.acquire(key)

"""`PageStamps` in Redis: one integer per user beside the shared page cache, so every node finds a cached
page without reading the database and no node serves a page from before a write made through another.

start() is SET NX of a random integer (two starts race harmlessly: the first wins, both read it back);
bump() is INCRBY of a random amount, atomic and order-free, so two writers' bumps never undo each other
and a stamp never returns to an earlier value (a page cached under it is not found again). Each
command refreshes the key's expiry; an expired stamp only costs a miss. While Redis is unreachable
get()/start() answer None (the caller reads the version from the database) and a failed bump() is
logged: pages cached before it may then be served until they expire (CINEMAI_CACHE_TTL_SECONDS)."""

from __future__ import annotations

import logging
import secrets

import redis.asyncio as aioredis

from src.application.ports.recommend import PageStamps
from src.domain.profile import UserId
from src.infrastructure.redis.breaker import Breaker
from src.infrastructure.redis.client import REDIS_FAILURES

log = logging.getLogger(__name__)


def _token() -> int:
    return secrets.randbits(48) + 1


class RedisPageStamps(PageStamps):
    def __init__(
        self, client: aioredis.Redis, *, ttl_seconds: int, prefix: str = "cinemai:stamp:", url: str = ""
    ) -> None:
        self._client = client
        self._ttl = max(1, ttl_seconds)
        self._prefix = prefix
        self._breaker = Breaker("page stamps", url)

    async def get(self, user_id: UserId) -> str | None:
        if not self._breaker.may_try():
            return None
        try:
            raw = await self._client.get(self._prefix + str(user_id))
        except REDIS_FAILURES as error:
            self._breaker.failed(error)
            return None
        self._breaker.succeeded()
        return None if raw is None else raw.decode() if isinstance(raw, bytes) else str(raw)

    async def start(self, user_id: UserId) -> str | None:
        if not self._breaker.may_try():
            return None
        key = self._prefix + str(user_id)
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.set(key, _token(), nx=True, ex=self._ttl)
                pipe.get(key)
                _, raw = await pipe.execute()
        except REDIS_FAILURES as error:
            self._breaker.failed(error)
            return None
        self._breaker.succeeded()
        return None if raw is None else raw.decode() if isinstance(raw, bytes) else str(raw)

    async def bump(self, user_id: UserId) -> None:
        key = self._prefix + str(user_id)
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.incrby(key, _token())
                pipe.expire(key, self._ttl)
                await pipe.execute()
        except REDIS_FAILURES as error:
            self._breaker.failed(error)
            log.warning("could not bump the page stamp of user %s: its cached pages expire on their own", user_id)
        else:
            self._breaker.succeeded()

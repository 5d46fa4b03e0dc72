"""`AuthRevocations` in Redis: a deleted user's marker, checked by every worker on each auth-cache hit."""

from __future__ import annotations

import logging
import uuid

import redis.asyncio as aioredis

from src.application.ports.rate_limit import AuthRevocations
from src.infrastructure.redis.breaker import Breaker
from src.infrastructure.redis.client import REDIS_FAILURES

log = logging.getLogger(__name__)


class RedisAuthRevocations(AuthRevocations):
    """revoke() sets `prefix` + user id with an expiry of `ttl_seconds` (longer than any worker caches a
    user); is_revoked() is one EXISTS. Chosen over pub/sub because it is synchronous: once DELETE has
    answered, the very next request on any worker sees the marker (a pub/sub message may still be in
    flight, and is lost by a worker whose subscription is reconnecting).

    Fail closed: while Redis is unreachable is_revoked() answers True, so cached entries are not trusted
    and every request asks the database (slower, never wrong). A failed revoke() is logged."""

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        ttl_seconds: int,
        prefix: str = "cinemai:auth:revoked:",
        url: str = "",
    ) -> None:
        self._client = client
        self._ttl = max(1, ttl_seconds)
        self._prefix = prefix
        self._breaker = Breaker("auth revocations", url)

    async def revoke(self, user_id: uuid.UUID) -> None:
        try:
            await self._client.set(self._prefix + str(user_id), b"1", ex=self._ttl)
        except REDIS_FAILURES as error:
            self._breaker.failed(error)
            log.warning("could not publish the revocation of user %s; other workers' caches expire it", user_id)
        else:
            self._breaker.succeeded()

    async def is_revoked(self, user_id: uuid.UUID) -> bool:
        if not self._breaker.may_try():
            return True
        try:
            found = await self._client.exists(self._prefix + str(user_id))
        except REDIS_FAILURES as error:
            self._breaker.failed(error)
            return True
        self._breaker.succeeded()
        return bool(found)

"""State shared between workers: the cache, rate limits and revoked keys — in Redis with REDIS_URL, else in
this process (one LRU, one bucket table, one revocation set)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from src.application.ports.rate_limit import AuthRevocations, RateLimiter
from src.application.ports.recommend import Cache, PageStamps
from src.application.rate_limiting import ProcessLocalRevocations, TokenBucketRateLimiter
from src.composition.kinds import shared_state_kind
from src.infrastructure.cache.memory import InProcessLruCache
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    import redis.asyncio as aioredis

# the grace after which a revocation marker may expire: longer than a worker caches a user, with room for a
# request that was reading the user meanwhile
REVOCATION_GRACE_SECONDS = 300


def _redis_client(settings: Settings) -> aioredis.Redis:
    from src.infrastructure.redis.client import redis_client

    return redis_client(settings.redis_url or "")


def _redis_cache(url: str) -> Cache:
    from src.infrastructure.cache.redis import RedisCache

    return RedisCache(url)


def _redis_rate_limiter(
    client: aioredis.Redis, settings: Settings, name: str, per_minute: int
) -> RateLimiter:
    from src.infrastructure.redis.rate_limiter import RedisTokenBucketRateLimiter

    return RedisTokenBucketRateLimiter(
        client, per_minute, prefix=f"cinemai:rl:{name}:", url=settings.redis_url or ""
    )


def _redis_revocations(client: aioredis.Redis, settings: Settings) -> AuthRevocations:
    from src.infrastructure.redis.auth_revocations import RedisAuthRevocations

    ttl = int(settings.auth_cache_seconds) + REVOCATION_GRACE_SECONDS
    return RedisAuthRevocations(client, ttl_seconds=ttl, url=settings.redis_url or "")


def _redis_page_stamps(client: aioredis.Redis, settings: Settings) -> PageStamps:
    from src.infrastructure.redis.page_stamps import RedisPageStamps

    return RedisPageStamps(client, ttl_seconds=settings.cache_ttl_seconds, url=settings.redis_url or "")


def _rate_limiter(
    settings: providers.Provider[Settings],
    client: providers.Provider[aioredis.Redis],
    kind: providers.Provider[str],
    name: str,
    per_minute: object,
) -> providers.Provider[RateLimiter]:
    """A rate limiter provider: in process without REDIS_URL, a shared Redis bucket with it."""
    return providers.Selector(
        kind,
        memory=providers.Singleton(TokenBucketRateLimiter, per_minute),
        redis=providers.Singleton(_redis_rate_limiter, client, settings, name, per_minute),
    )


class SharedState(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()

    kind: providers.Provider[str] = providers.Callable(shared_state_kind, settings)
    # one redis.asyncio client for the shared limits and revocations (built lazily, only with REDIS_URL)
    redis_client: providers.Provider[aioredis.Redis] = providers.Singleton(_redis_client, settings)
    cache: providers.Provider[Cache] = providers.Selector(
        kind,
        memory=providers.Singleton(InProcessLruCache, max_items=settings.provided.cache_max_items),
        redis=providers.Singleton(_redis_cache, settings.provided.redis_url),
    )
    # with REDIS_URL the profile version beside the shared cache: a page cache hit reads no database.
    # Without, None: each process's cache is its own and the version is read from the database.
    page_stamps: providers.Provider[PageStamps | None] = providers.Selector(
        kind,
        memory=providers.Object(None),
        redis=providers.Singleton(_redis_page_stamps, redis_client, settings),
    )
    # with REDIS_URL a deleted user's cached key is refused by every worker at once (a marker per user)
    auth_revocations: providers.Provider[AuthRevocations] = providers.Selector(
        kind,
        memory=providers.Singleton(ProcessLocalRevocations),
        redis=providers.Singleton(_redis_revocations, redis_client, settings),
    )
    # with REDIS_URL one bucket per caller shared by every worker and node, else one table per process
    rate_limiter = _rate_limiter(settings, redis_client, kind, "key", settings.provided.rate_limit_per_minute)
    signup_rate_limiter = _rate_limiter(
        settings, redis_client, kind, "signup", settings.provided.signup_rate_per_minute
    )
    search_rate_limiter = _rate_limiter(
        settings, redis_client, kind, "search", settings.provided.search_rate_per_minute
    )
    anonymous_rate_limiter = _rate_limiter(
        settings, redis_client, kind, "anon", settings.provided.anonymous_rate_per_minute
    )

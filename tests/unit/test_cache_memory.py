"""InProcessLruCache: LRU order, TTL against a fake clock, the byte bound, hit/miss counts."""

from __future__ import annotations

import pytest

from src.application.ports.metrics import CacheStats
from src.infrastructure.cache.memory import InProcessLruCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def test_get_returns_what_set_stored(clock: FakeClock) -> None:
    cache = InProcessLruCache(clock=clock)
    await cache.set("k", b"value", ttl_seconds=60)
    assert await cache.get("k") == b"value"
    assert await cache.get("absent") is None


async def test_least_recently_used_goes_first_when_items_overflow(clock: FakeClock) -> None:
    cache = InProcessLruCache(max_items=3, clock=clock)
    for key in ("a", "b", "c"):
        await cache.set(key, key.encode(), ttl_seconds=60)
    assert await cache.get("a") == b"a"  # a is now the most recently used; b the least
    await cache.set("d", b"d", ttl_seconds=60)
    assert len(cache) == 3
    assert await cache.get("b") is None
    assert [await cache.get(key) for key in ("a", "c", "d")] == [b"a", b"c", b"d"]


async def test_overwriting_a_key_refreshes_its_place_and_value(clock: FakeClock) -> None:
    cache = InProcessLruCache(max_items=2, clock=clock)
    await cache.set("a", b"1", ttl_seconds=60)
    await cache.set("b", b"2", ttl_seconds=60)
    await cache.set("a", b"3", ttl_seconds=60)
    await cache.set("c", b"4", ttl_seconds=60)
    assert await cache.get("a") == b"3"
    assert await cache.get("b") is None
    assert len(cache) == 2


async def test_entry_expires_after_its_ttl(clock: FakeClock) -> None:
    cache = InProcessLruCache(clock=clock)
    await cache.set("short", b"s", ttl_seconds=10)
    await cache.set("long", b"l", ttl_seconds=100)
    clock.now += 9.9
    assert await cache.get("short") == b"s"
    clock.now += 0.1
    assert await cache.get("short") is None
    assert await cache.get("long") == b"l"
    assert len(cache) == 1  # the expired entry was dropped on read


async def test_non_positive_ttl_stores_nothing_and_drops_the_old_value(clock: FakeClock) -> None:
    cache = InProcessLruCache(clock=clock)
    await cache.set("k", b"old", ttl_seconds=60)
    await cache.set("k", b"new", ttl_seconds=0)
    assert await cache.get("k") is None
    assert cache.size_bytes == 0


async def test_total_bytes_stay_within_the_bound(clock: FakeClock) -> None:
    cache = InProcessLruCache(max_items=1000, max_bytes=100, clock=clock)
    for index in range(10):
        await cache.set(f"k{index}", bytes(28), ttl_seconds=60)  # 30 bytes with the key
        assert cache.size_bytes <= 100
    assert len(cache) == 3
    assert cache.size_bytes == 90
    assert [await cache.get(f"k{index}") is not None for index in range(10)] == [False] * 7 + [True] * 3


async def test_a_value_larger_than_the_bound_is_not_stored(clock: FakeClock) -> None:
    cache = InProcessLruCache(max_bytes=100, clock=clock)
    await cache.set("small", b"x", ttl_seconds=60)
    await cache.set("huge", bytes(200), ttl_seconds=60)
    assert await cache.get("huge") is None
    assert await cache.get("small") == b"x"
    assert cache.size_bytes == len("small") + 1


async def test_stats_count_hits_and_misses_including_expired(clock: FakeClock) -> None:
    cache = InProcessLruCache(clock=clock)
    assert cache.stats() == CacheStats(hits=0, misses=0)
    assert cache.stats().hit_rate == 0.0
    await cache.set("k", b"v", ttl_seconds=5)
    await cache.get("k")
    await cache.get("k")
    await cache.get("other")
    clock.now += 5
    await cache.get("k")
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.lookups) == (2, 2, 4)
    assert stats.hit_rate == 0.5


def test_bounds_must_be_positive() -> None:
    with pytest.raises(ValueError):
        InProcessLruCache(max_items=0)
    with pytest.raises(ValueError):
        InProcessLruCache(max_bytes=0)

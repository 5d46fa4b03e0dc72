"""An in-process LRU cache bounded by item count and total bytes, with a TTL per entry.

The default `Cache` when no REDIS_URL is configured. Each process has its own copy: nothing is shared
between workers, and nothing survives a restart.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from src.application.ports.metrics import CacheStats
from src.application.ports.recommend import Cache


class _Entry(NamedTuple):
    value: bytes
    expires_at: float
    size: int


class InProcessLruCache(Cache):
    """Bytes by key, least recently used evicted first.

    Bounds: at most `max_items` entries and at most `max_bytes` of keys plus values (a value larger
    than that on its own is not stored; keys count one byte a character, as cache_key() keys are
    ASCII). Expiry is checked on read against `clock` (seconds, monotonic); an expired entry that is
    never read again leaves when LRU eviction reaches it.
    A non-positive TTL stores nothing and drops any previous value of the key.
    No operation awaits, so each is atomic on the event loop; a lock makes them safe across threads too.
    get()/set() never raise.
    """

    def __init__(
        self,
        max_items: int = 10_000,
        max_bytes: int = 64 * 1024 * 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_items < 1 or max_bytes < 1:
            raise ValueError(f"max_items and max_bytes must be positive (got {max_items}, {max_bytes})")
        self._max_items = max_items
        self._max_bytes = max_bytes
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._hits = 0
        self._misses = 0
        self._lock = threading.Lock()

    async def get(self, key: str) -> bytes | None:
        return self.get_sync(key)

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        self.set_sync(key, value, ttl_seconds=ttl_seconds)

    def get_sync(self, key: str) -> bytes | None:
        """get() without the event loop."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.expires_at <= self._clock():
                self._remove(key)
                entry = None
            if entry is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
            return entry.value

    def set_sync(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        """set() without the event loop."""
        size = len(key) + len(value)
        with self._lock:
            self._remove(key)
            if ttl_seconds <= 0 or size > self._max_bytes:
                return
            self._entries[key] = _Entry(bytes(value), self._clock() + ttl_seconds, size)
            self._bytes += size
            while len(self._entries) > self._max_items or self._bytes > self._max_bytes:
                oldest = next(iter(self._entries))
                self._remove(oldest)

    def stats(self) -> CacheStats:
        return CacheStats(hits=self._hits, misses=self._misses)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        """Bytes held now: the sum of len(key) + len(value) over the stored entries."""
        return self._bytes

    def _remove(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size

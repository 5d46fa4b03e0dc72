"""CachedEmbedder: an Embedder whose vectors are kept in the shared Cache (the in-process LRU or Redis)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from src.application.cache_keys import cache_key
from src.application.ports.embedder import Embedder
from src.application.ports.recommend import Cache
from src.domain.movie import Vector

EMBEDDING_NAMESPACE = "emb:v1"
_STORED = np.dtype("<f4")  # little-endian float32: the same bytes on every machine sharing a Redis


class CachedEmbedder(Embedder):
    """`inner` with its vectors cached under (model name, dimension, text) for `ttl_seconds`.

    embed() looks every distinct text up, embeds only the misses in one `inner.embed` call, stores
    them as little-endian float32 bytes and returns rows in input order: the same vectors `inner` would return.
    A cached value of the wrong length (another model wrote it) counts as a miss. Errors from `inner`
    propagate; cache failures never do (the Cache port swallows them).
    """

    def __init__(self, inner: Embedder, cache: Cache, ttl_seconds: int = 7 * 24 * 3600) -> None:
        self._inner = inner
        self._cache = cache
        self._ttl = ttl_seconds

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    async def embed(self, texts: Sequence[str]) -> Vector:
        dimension = self._inner.dimension
        found: dict[str, Vector] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            cached = await self._cache.get(self._key(text, dimension))
            vector = _decode(cached, dimension)
            if vector is None:
                missing.append(text)
            else:
                found[text] = vector
        if missing:
            fresh = np.asarray(await self._inner.embed(missing), dtype=np.float32)
            for text, row in zip(missing, fresh, strict=True):
                found[text] = row
                data = row.astype(_STORED, copy=False).tobytes()
                await self._cache.set(self._key(text, dimension), data, ttl_seconds=self._ttl)
        result = np.empty((len(texts), dimension), dtype=np.float32)
        for index, text in enumerate(texts):
            result[index] = found[text]
        return result

    def _key(self, text: str, dimension: int) -> str:
        return cache_key(EMBEDDING_NAMESPACE, self._inner.model_name, dimension, text)


def _decode(data: bytes | None, dimension: int) -> Vector | None:
    if data is None or len(data) != dimension * 4:
        return None
    return np.frombuffer(data, dtype=_STORED).astype(np.float32, copy=False)

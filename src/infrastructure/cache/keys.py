"""Stable cache keys, and an Embedder that caches the vectors of texts outside the catalog."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np

from src.application.ports.embedder import Embedder
from src.application.ports.recommend import Cache
from src.domain.movie import Vector

EMBEDDING_NAMESPACE = "emb:v1"
_STORED = np.dtype("<f4")  # little-endian float32: the same bytes on every machine sharing a Redis


def cache_key(namespace: str, *parts: object) -> str:
    """`<namespace>:<sha256 hex>` of the parts as canonical JSON (sorted keys, no spaces).

    Equal parts give equal keys in every process (no salted hash()). Tuples and lists encode alike;
    sets and frozensets as sorted lists; dataclasses as dicts of their fields; enums by value; dates
    as ISO strings. Any other type raises TypeError rather than fall back to an unstable repr().
    Put a version in the namespace ("rec:v3") and bump it when the cached value's shape changes.
    """
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_jsonable)
    return f"{namespace}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    if isinstance(value, set | frozenset):
        return sorted(value, key=lambda item: json.dumps(item, sort_keys=True, default=_jsonable))
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cache_key cannot encode {type(value).__name__} values")


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

"""CachedEmbedder around the real HashingEmbedder: misses embedded once, order kept, hits reused."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from src.application.cache_keys import cache_key
from src.domain.filters import Filters
from src.domain.movie import Vector
from src.infrastructure.cache.embedding_cache import CachedEmbedder
from src.infrastructure.cache.memory import InProcessLruCache
from src.infrastructure.embedding.hashing import HashingEmbedder


class CountingHashingEmbedder(HashingEmbedder):
    """The real hashing embedder, remembering which texts each embed() call received."""

    def __init__(self, dimension: int = 64) -> None:
        super().__init__(dimension)
        self.calls: list[list[str]] = []

    async def embed(self, texts: Sequence[str]) -> Vector:
        self.calls.append(list(texts))
        return await super().embed(texts)


TEXTS = ["Alien, 1979, Sci-Fi, Ridley Scott", "Heat, 1995, Crime, Michael Mann", "Amélie, 2001, Comedy"]


@pytest.fixture
def inner() -> CountingHashingEmbedder:
    return CountingHashingEmbedder()


@pytest.fixture
def embedder(inner: CountingHashingEmbedder) -> CachedEmbedder:
    return CachedEmbedder(inner, InProcessLruCache(), ttl_seconds=3600)


async def test_first_call_embeds_misses_once_and_matches_inner(
    embedder: CachedEmbedder, inner: CountingHashingEmbedder
) -> None:
    vectors = await embedder.embed([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert inner.calls == [[TEXTS[0], TEXTS[1]]]  # one call, duplicates embedded once
    expected = HashingEmbedder(64).embed_sync([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert vectors.dtype == np.float32
    np.testing.assert_array_equal(vectors, expected)


async def test_hits_are_not_re_embedded_and_order_is_kept(
    embedder: CachedEmbedder, inner: CountingHashingEmbedder
) -> None:
    await embedder.embed([TEXTS[0], TEXTS[1]])
    vectors = await embedder.embed([TEXTS[2], TEXTS[1], TEXTS[0]])
    assert inner.calls[1:] == [[TEXTS[2]]]
    np.testing.assert_array_equal(vectors, HashingEmbedder(64).embed_sync([TEXTS[2], TEXTS[1], TEXTS[0]]))
    again = await embedder.embed(TEXTS)
    assert len(inner.calls) == 2  # all hits: inner not called
    np.testing.assert_array_equal(again, HashingEmbedder(64).embed_sync(TEXTS))


async def test_empty_input_gives_an_empty_matrix(embedder: CachedEmbedder) -> None:
    vectors = await embedder.embed([])
    assert vectors.shape == (0, 64)


async def test_identity_is_the_inner_model(embedder: CachedEmbedder) -> None:
    assert (embedder.model_name, embedder.dimension) == ("hashing-v1", 64)


async def test_models_of_another_dimension_do_not_share_entries(inner: CountingHashingEmbedder) -> None:
    cache = InProcessLruCache()
    await CachedEmbedder(inner, cache).embed([TEXTS[0]])
    wider = CountingHashingEmbedder(dimension=128)
    vectors = await CachedEmbedder(wider, cache).embed([TEXTS[0]])
    assert wider.calls == [[TEXTS[0]]]
    assert vectors.shape == (1, 128)


def test_cache_key_is_stable_and_canonical() -> None:
    key = cache_key("rec:v3", {"b": 1, "a": [1, 2]}, (3, "x"))
    assert key == cache_key("rec:v3", {"a": (1, 2), "b": 1}, [3, "x"])
    assert key.startswith("rec:v3:") and len(key.split(":")[-1]) == 64
    # the documented form: sha256 of the parts as compact JSON (so keys agree across processes)
    assert (
        cache_key("t", "a", {"z": 1, "y": None})
        == "t:" + hashlib.sha256(b'["a",{"y":null,"z":1}]').hexdigest()
    )


def test_cache_key_distinguishes_parts_and_encodes_dataclasses_and_sets() -> None:
    assert cache_key("n", "a", "b") != cache_key("n", "ab")
    assert cache_key("n", 1) != cache_key("n", "1")
    assert cache_key("n", Filters(genres=("Drama",))) != cache_key("n", Filters())
    assert cache_key("n", {"x", "y"}) == cache_key("n", {"y", "x"})
    with pytest.raises(TypeError):
        cache_key("n", object())

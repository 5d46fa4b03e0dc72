from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from src.domain.movie import Vector
from src.evaluation.adapters import vector_cache
from src.evaluation.adapters.vector_cache import NpzCachedEmbedder
from src.infrastructure.embedding.hashing import HashingEmbedder


class UnreachableEmbedder(HashingEmbedder):
    """Same model name and dimension as HashingEmbedder, but must never be asked to embed."""

    async def embed(self, texts: Sequence[str]) -> Vector:
        raise AssertionError(f"re-embedded {list(texts)}")


async def test_a_rerun_reads_vectors_from_disk(tmp_path: Path) -> None:
    first = NpzCachedEmbedder(HashingEmbedder(), tmp_path)
    vectors = await first.embed(["Genres: Horror", "Genres: Comedy", "Genres: Horror"])
    assert first.embedded == 2 and first.path.is_file()
    assert np.allclose(vectors[0], vectors[2])
    second = NpzCachedEmbedder(UnreachableEmbedder(), tmp_path)
    again = await second.embed(["Genres: Comedy", "Genres: Horror"])
    assert np.allclose(again, vectors[[1, 0]]) and second.embedded == 0
    assert (await second.embed([])).shape == (0, 384)


async def test_only_new_texts_are_embedded_and_the_template_version_keys_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = NpzCachedEmbedder(HashingEmbedder(), tmp_path)
    await cached.embed(["a b", "c d"])
    grown = NpzCachedEmbedder(HashingEmbedder(), tmp_path)
    await grown.embed(["a b", "e f"])
    assert grown.embedded == 1
    old_path = grown.path
    monkeypatch.setattr(vector_cache, "TEXT_TEMPLATE_VERSION", 999)
    bumped = NpzCachedEmbedder(HashingEmbedder(), tmp_path)
    assert bumped.path != old_path
    await bumped.embed(["a b"])
    assert bumped.embedded == 1  # a new template never reuses old vectors

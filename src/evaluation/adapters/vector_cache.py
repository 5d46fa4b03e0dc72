"""An on-disk vector cache (numpy .npz) for evaluation runs: a rerun never re-embeds the same text.

One file per (model, dimension, TEXT_TEMPLATE_VERSION); inside, rows are keyed by the SHA-1 of the text,
so a changed catalog or mapping only embeds what is new. Writes go to a temp file then os.replace, so an
interrupted run never leaves a half-written cache.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from src.application.ports.embedder import Embedder
from src.domain.movie import TEXT_TEMPLATE_VERSION, Vector


class NpzCachedEmbedder(Embedder):
    """`inner`'s vectors, read from and added to `directory`/vectors-<model>-d<dim>-t<template>.npz."""

    def __init__(self, inner: Embedder, directory: Path) -> None:
        self._inner = inner
        self._directory = directory
        self._vectors: dict[str, Vector] | None = None
        self.embedded = 0  # texts embedded by `inner` (cache misses) in this process

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    @property
    def path(self) -> Path:
        model = re.sub(r"[^A-Za-z0-9._-]+", "_", self.model_name)
        return self._directory / f"vectors-{model}-d{self.dimension}-t{TEXT_TEMPLATE_VERSION}.npz"

    async def embed(self, texts: Sequence[str]) -> Vector:
        cache = self._load()
        keys = [_key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in cache}
        if missing:
            fresh = np.asarray(await self._inner.embed(list(missing.values())), dtype=np.float32)
            cache.update(zip(missing, fresh, strict=True))
            self.embedded += len(missing)
            self._save(cache)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([cache[k] for k in keys]).astype(np.float32)

    def _load(self) -> dict[str, Vector]:
        if self._vectors is None:
            self._vectors = {}
            if self.path.is_file():
                with np.load(self.path, allow_pickle=False) as stored:
                    keys, vectors = stored["keys"], stored["vectors"]
                if vectors.ndim == 2 and vectors.shape[1] == self.dimension:
                    self._vectors = {str(k): v for k, v in zip(keys, vectors, strict=True)}
        return self._vectors

    def _save(self, cache: dict[str, Vector]) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp.npz")
        keys = np.array(list(cache), dtype="U40")
        np.savez(temp, keys=keys, vectors=np.stack(list(cache.values())).astype(np.float32))
        os.replace(temp, self.path)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()

"""An in-memory memo in front of an embedder: the harness embeds every text once per run."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from src.application.ports.embedder import Embedder
from src.domain.movie import Vector


class MemoEmbedder(Embedder):
    """`inner`'s vectors, each distinct text embedded once per instance (misses in one inner call)."""

    def __init__(self, inner: Embedder) -> None:
        self._inner = inner
        self._memo: dict[str, Vector] = {}

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    async def embed(self, texts: Sequence[str]) -> Vector:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            fresh = np.asarray(await self._inner.embed(missing), dtype=np.float32)
            self._memo.update(zip(missing, fresh, strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts]).astype(np.float32)

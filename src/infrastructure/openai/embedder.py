"""Embeddings from the OpenAI API (or any OpenAI-compatible server via the client's base_url)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import openai

from src.application.ports.embedder import Embedder
from src.domain.errors import ExternalServiceError
from src.domain.movie import Vector
from src.infrastructure.openai.errors import external_error

log = logging.getLogger(__name__)

KNOWN_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
_PROBE_TEXT = "dimension probe"


class OpenAIEmbedder(Embedder):
    """Embeds texts in batches of `batch_size` (one request each, sent one after another).

    `model_name` is "openai:<model>", or "openai:<model>@<dimensions>" when `dimensions` shortens the
    vectors (a different vector space). `dimension` comes from `dimensions`, else from the known model
    table, else from the first answer (an unknown model with no answer yet is probed once by
    `embed([])`; reading `dimension` before that raises ExternalServiceError). Rows come back in input
    order (by each item's `index`), L2-normalised float32. API errors, time-outs, and answers of the
    wrong count or dimension raise ExternalServiceError.
    """

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str = "text-embedding-3-small",
        dimensions: int | None = None,
        batch_size: int = 256,
    ) -> None:
        if batch_size < 1 or batch_size > 2048:
            raise ValueError("batch_size must be within 1..2048 (the API's limit per request)")
        if dimensions is not None and dimensions < 1:
            raise ValueError("dimensions must be positive")
        self._client = client
        self._model = model
        self._dimensions = dimensions
        self._batch_size = batch_size
        self._dimension: int | None = dimensions or KNOWN_DIMENSIONS.get(model)

    @property
    def model_name(self) -> str:
        suffix = f"@{self._dimensions}" if self._dimensions is not None else ""
        return f"openai:{self._model}{suffix}"

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            raise ExternalServiceError(
                f"the dimension of embedding model {self._model!r} is not known until it answers once",
                details={"service": "openai"},
            )
        return self._dimension

    async def embed(self, texts: Sequence[str]) -> Vector:
        if not texts:
            if self._dimension is None:
                await self._embed_batch([_PROBE_TEXT])
            return np.zeros((0, self.dimension), dtype=np.float32)
        batches = [texts[i : i + self._batch_size] for i in range(0, len(texts), self._batch_size)]
        rows = [await self._embed_batch(batch) for batch in batches]
        return np.concatenate(rows, axis=0)

    async def _embed_batch(self, texts: Sequence[str]) -> Vector:
        inputs = [t if t.strip() else "(untitled)" for t in texts]  # the API rejects empty strings
        try:
            response = await self._client.embeddings.create(
                input=inputs,
                model=self._model,
                dimensions=self._dimensions if self._dimensions is not None else openai.omit,
            )
        except (openai.OpenAIError, ValueError) as exc:  # ValueError: the SDK's base64 decoding
            log.warning("OpenAI embeddings request failed: %s", type(exc).__name__)
            raise external_error(exc, "embeddings") from exc
        return self._to_matrix([(item.index, item.embedding) for item in response.data], len(inputs))

    def _to_matrix(self, items: list[tuple[int, list[float]]], expected: int) -> Vector:
        """Order rows by index, check count and dimension, L2-normalise."""
        if sorted(i for i, _ in items) != list(range(expected)):
            raise ExternalServiceError(
                f"OpenAI embeddings answered {len(items)} vectors for {expected} texts",
                details={"service": "openai", "reason": "invalid answer"},
            )
        sizes = {len(vec) for _, vec in items}
        if len(sizes) != 1 or 0 in sizes or (self._dimension is not None and sizes != {self._dimension}):
            raise ExternalServiceError(
                f"OpenAI embeddings answered dimension(s) {sorted(sizes)}, expected {self._dimension}",
                details={"service": "openai", "reason": "dimension mismatch"},
            )
        matrix = np.asarray([vec for _, vec in sorted(items, key=lambda iv: iv[0])], dtype=np.float32)
        self._dimension = int(matrix.shape[1])
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (matrix / norms).astype(np.float32)

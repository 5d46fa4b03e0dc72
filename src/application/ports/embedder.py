from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from src.domain.movie import Vector


class Embedder(Protocol):
    """Turns texts into unit-length vectors of a fixed dimension.

    `model_name` and `dimension` identify the vector space: vectors from different models are never
    compared. embed() returns an array of shape (len(texts), dimension), rows L2-normalised, in input
    order; an empty input gives shape (0, dimension). Raises ExternalServiceError when a remote model
    fails; a local one only fails on programming errors.
    """

    @property
    def model_name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    async def embed(self, texts: Sequence[str]) -> Vector: ...

from __future__ import annotations

from typing import Protocol

from src.domain.profile import TasteProfile


class ProfileMapRenderer(Protocol):
    """Draws a profile's liked movies in 2-D, coloured and labelled by cluster. Returns PNG bytes."""

    def render(self, profile: TasteProfile) -> bytes: ...

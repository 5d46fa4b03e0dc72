"""FuzzyTitles on rapidfuzz: one vectorised cdist over all query/choice pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from src.application.ports.history import FuzzyTitles


class RapidfuzzTitles(FuzzyTitles):
    def best(
        self, queries: Sequence[str], choices: Sequence[str], *, cutoff: float
    ) -> list[tuple[int, float] | None]:
        if not queries:
            return []
        if not choices:
            return [None] * len(queries)
        scores = process.cdist(list(queries), list(choices), scorer=fuzz.token_sort_ratio, workers=1)
        best_idx = np.argmax(scores, axis=1)
        out: list[tuple[int, float] | None] = []
        for row, j in enumerate(best_idx):
            score = float(scores[row, j])
            out.append((int(j), score) if score >= cutoff else None)
        return out

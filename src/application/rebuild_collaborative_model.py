"""Refit the collaborative model on everyone's liked catalog movies and store it (`cinemai cf rebuild`,
and after an import when enough has changed)."""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

from src.application.ports.collaborative import (
    CollaborativeRefresh,
    CollaborativeState,
    CollaborativeStore,
    ItemSimilarityFitter,
)
from src.domain.collaborative import CollaborativeModel, CooccurrenceParams


@dataclass(frozen=True, kw_only=True)
class RebuildResult:
    rebuilt: bool
    reason: str  # why it rebuilt, or why not
    users: int
    interactions: int
    movies: int = 0  # movies with at least one neighbour
    pairs: int = 0  # neighbour pairs stored
    seconds: float = 0.0


class RebuildCollaborativeModel(CollaborativeRefresh):
    """execute() reads the interactions, fits in a worker thread (the slow part, outside any
    transaction) and replaces the stored model in one atomic write. refresh_if_stale() first compares
    the current counts with the stored build and rebuilds only when there is no build yet, the
    parameters changed, or the interactions changed by at least `min_change` or `min_growth` (a share
    of the stored count), whichever comes first."""

    def __init__(
        self,
        store: CollaborativeStore,
        fitter: ItemSimilarityFitter,
        *,
        params: CooccurrenceParams | None = None,
        min_change: int = 1000,
        min_growth: float = 0.1,
    ) -> None:
        self._store = store
        self._fitter = fitter
        self._params = params or CooccurrenceParams()
        self._min_change = max(1, min_change)
        self._min_growth = max(0.0, min_growth)

    async def execute(self, *, force: bool = True) -> RebuildResult:
        users, interactions = await self._store.counts()
        reason = "asked to" if force else self.stale_reason(await self._store.state(), interactions)
        if reason is None:
            return RebuildResult(rebuilt=False, reason="up to date", users=users, interactions=interactions)
        started = time.perf_counter()
        data = await self._store.interactions()
        neighbours = await asyncio.to_thread(self._fitter.fit, data, self._params)
        model = CollaborativeModel(
            neighbours=neighbours,
            likes=data.likes(),
            users=data.user_count,
            interactions=len(data),
            params=self._params,
        )
        await self._store.replace(model)
        return RebuildResult(
            rebuilt=True,
            reason=reason,
            users=model.users,
            interactions=model.interactions,
            movies=len(neighbours),
            pairs=neighbours.pairs,
            seconds=round(time.perf_counter() - started, 3),
        )

    async def refresh_if_stale(self) -> RebuildResult:
        return await self.execute(force=False)

    def stale_reason(self, state: CollaborativeState | None, interactions: int) -> str | None:
        """Why the stored build no longer fits the data, or None when it still does."""
        if state is None:
            return "no model yet" if interactions else None
        if state.params != self._params.to_json():
            return "parameters changed"
        change = abs(interactions - state.interactions)
        needed = min(self._min_change, max(1, math.ceil(self._min_growth * state.interactions)))
        if change >= needed:
            return f"interactions changed by {change} since the last build ({state.interactions})"
        return None

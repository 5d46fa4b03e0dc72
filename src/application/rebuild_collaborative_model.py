"""Refit the collaborative model on everyone's liked catalog movies (or, with params.rated, every film
they rated or watched) and, with params.transitions_window, what they watched next in their dated
histories, and store it (`cinemai cf rebuild`, and after an import when enough has changed)."""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from functools import partial

from src.application.ports.collaborative import (
    CollaborativeRefresh,
    CollaborativeState,
    CollaborativeStore,
    ItemSimilarityFitter,
    TransitionsFitter,
)
from src.domain.collaborative import CollaborativeModel, CooccurrenceParams, ItemNeighbours

UP_TO_DATE = "up to date"


@dataclass(frozen=True, kw_only=True)
class RebuildResult:
    rebuilt: bool
    reason: str  # why it rebuilt, or why not
    users: int
    interactions: int
    movies: int = 0  # movies with at least one neighbour
    pairs: int = 0  # neighbour pairs stored (collaborative and transitions)
    seconds: float = 0.0
    job_id: str | None = None  # the background job the refit was handed to (RefitInBackground)


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
        transitions: TransitionsFitter | None = None,
        min_change: int = 1000,
        min_growth: float = 0.1,
    ) -> None:
        self._store = store
        self._fitter = fitter
        self._transitions = transitions
        self._params = params or CooccurrenceParams()
        self._min_change = max(1, min_change)
        self._min_growth = max(0.0, min_growth)

    async def staleness(self) -> RebuildResult:
        """Whether a rebuild is due, from two counts and the stored build's state (no fit): `reason`
        says why one is due, or is "up to date" (`rebuilt` is always False)."""
        users, interactions = await self._store.counts(rated=self._params.rated)
        reason = self.stale_reason(await self._store.state(), interactions)
        return RebuildResult(rebuilt=False, reason=reason or UP_TO_DATE, users=users, interactions=interactions)

    async def execute(self, *, force: bool = True) -> RebuildResult:
        rated = self._params.rated
        if force:
            reason = "asked to"
        else:
            due = await self.staleness()
            if due.reason == UP_TO_DATE:
                return due
            reason = due.reason
        started = time.perf_counter()
        data = await self._store.interactions(rated=rated)
        neighbours = await asyncio.to_thread(self._fitter.fit, data, self._params)
        transitions = ItemNeighbours.empty()
        window = self._params.transitions_window
        if window > 0 and self._transitions is not None:
            sequences = await self._store.sequences()
            transitions = await asyncio.to_thread(
                partial(
                    self._transitions.fit,
                    sequences,
                    window=window,
                    neighbours=self._params.neighbours,
                    min_support=self._params.min_support,
                )
            )
        model = CollaborativeModel(
            neighbours=neighbours,
            transitions=transitions,
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
            pairs=neighbours.pairs + transitions.pairs,
            seconds=round(time.perf_counter() - started, 3),
        )

    async def refresh_if_stale(self) -> RebuildResult:
        return await self.execute(force=False)

    async def refresh_until_current(self, *, rounds: int = 3) -> RebuildResult:
        """refresh_if_stale() again after each rebuild (data that landed during a fit, or another node's
        older build stored over this one, makes it stale again), at most `rounds` fits: what the
        background refit job runs."""
        result = await self.refresh_if_stale()
        for _ in range(rounds - 1):
            if not result.rebuilt:
                break
            again = await self.refresh_if_stale()
            if not again.rebuilt:
                break
            result = again
        return result

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

"""Ports of the collaborative signal: fitting item-to-item similarity, storing the fitted model, and
reading it on the request path without recomputing anything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.domain.collaborative import CollaborativeModel, CooccurrenceParams, Interactions, ItemNeighbours
from src.domain.movie import MovieId


class ItemSimilarityFitter(Protocol):
    """Item-to-item similarity from likes (see CooccurrenceParams for the formula). fit() is CPU work:
    call it in a worker thread. `interactions` holds one row per (user, movie). Deterministic for a
    given input; a movie is never its own neighbour; movies nobody else liked get no row. Never raises
    for empty input (it returns ItemNeighbours.empty())."""

    def fit(self, interactions: Interactions, params: CooccurrenceParams) -> ItemNeighbours: ...


class TransitionsFitter(Protocol):
    """What people watched next: from each person's catalog movies in time order, every pair within
    `window` steps (weight 1/gap, both directions), rows normalised; each movie keeps its `neighbours`
    best pairs among those at least `min_support` distinct people made, with that count as support.
    CPU work (call it in a worker thread); deterministic; never raises for empty input."""

    def fit(
        self, sequences: Sequence[Sequence[MovieId]], *, window: int, neighbours: int, min_support: int
    ) -> ItemNeighbours: ...


@dataclass(frozen=True, kw_only=True)
class CollaborativeState:
    """What the stored model was built from (a cheap read, to decide whether to rebuild)."""

    built_at: datetime
    users: int
    interactions: int
    params: str  # CooccurrenceParams.to_json() of the stored model


class CollaborativeStore(Protocol):
    """Where the collaborative model lives, and what it is built from.

    interactions() reads everyone's liked catalog movies (watch history rows marked liked with a catalog
    match), one row per (user, movie) with the largest stored weight, or with `rated` every matched
    row (rated or only watched) with weight 1; counts() returns (users, interactions) of that same set
    without reading it. sequences() is each person's dated matched rows in time order (watched date,
    then upload line), each movie once at its latest time (people with no dated row are left out).
    state() is None before the first build.
    replace() stores a whole model atomically (it commits its own transaction, serialised against
    concurrent rebuilds: there is no partial model, ever) and stamps model.built_at."""

    async def interactions(self, *, rated: bool = False) -> Interactions: ...

    async def counts(self, *, rated: bool = False) -> tuple[int, int]: ...

    async def sequences(self) -> list[list[MovieId]]: ...

    async def state(self) -> CollaborativeState | None: ...

    async def replace(self, model: CollaborativeModel) -> datetime: ...


class CollaborativeSignal(Protocol):
    """The request path's view: current() returns the last stored model (None before the first build),
    from an in-process copy that is reloaded only when a newer build is stored. Never recomputes."""

    async def current(self) -> CollaborativeModel | None: ...


class CollaborativeRefresh(Protocol):
    """Told after a watch-history import committed: rebuilds the model when enough has changed since
    the last build. May raise; the caller decides what a failure means."""

    async def refresh_if_stale(self) -> object: ...

    async def execute(self, *, force: bool = True) -> object:
        """Rebuild now (force) from every stored liked history, e.g. after a user was deleted."""
        ...

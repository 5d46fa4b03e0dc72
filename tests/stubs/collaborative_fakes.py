"""A stateful in-memory collaborative store (tests only): it reads the liked, matched rows of a FakeStore's
committed histories, as the SQL adapter reads watch_entries, and keeps the stored model in memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from src.application.ports.collaborative import CollaborativeState
from src.domain.collaborative import CollaborativeModel, Interactions
from src.domain.movie import MovieId
from tests.fakes import FakeStore


class FakeCollaborativeStore:
    """`extra` rows (user key, movie id, weight) stand for other users' likes; `broken` makes replace()
    fail like a database that went away."""

    def __init__(self, source: FakeStore | None = None, extra: list[tuple[str, MovieId, float]] | None = None):
        self.source = source
        self.extra = list(extra or [])
        self.model: CollaborativeModel | None = None
        self.saved: CollaborativeState | None = None
        self.broken = False

    def _pairs(self) -> dict[tuple[str, MovieId], float]:
        rows = list(self.extra)
        if self.source is not None:
            for user_id, watches in self.source.histories.items():
                rows += [(str(user_id), w.movie_id, w.weight) for w in watches if w.liked and w.movie_id is not None]
        pairs: dict[tuple[str, MovieId], float] = {}
        for user, movie, weight in rows:
            pairs[(user, movie)] = max(weight, pairs.get((user, movie), 0.0))
        return pairs

    async def interactions(self) -> Interactions:
        index: dict[str, int] = {}
        pairs = sorted(self._pairs().items())
        return Interactions.from_rows([(index.setdefault(u, len(index)), m, w) for (u, m), w in pairs])

    async def counts(self) -> tuple[int, int]:
        pairs = self._pairs()
        return len({u for u, _ in pairs}), len(pairs)

    async def state(self) -> CollaborativeState | None:
        return self.saved

    async def replace(self, model: CollaborativeModel) -> datetime:
        if self.broken:
            raise ConnectionError("the database went away")
        built_at = datetime.now(UTC)
        self.model = replace(model, built_at=built_at)
        self.saved = CollaborativeState(
            built_at=built_at, users=model.users, interactions=model.interactions, params=model.params.to_json()
        )
        return built_at

    async def current(self) -> CollaborativeModel | None:
        return self.model

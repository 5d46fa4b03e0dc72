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
    """`extra` rows (user key, movie id, weight) stand for other users' likes (and, for a rated fit, their
    watches); `sequences_of` are other people's dated histories in time order; `broken` makes replace()
    fail like a database that went away."""

    def __init__(
        self,
        source: FakeStore | None = None,
        extra: list[tuple[str, MovieId, float]] | None = None,
        sequences_of: list[list[MovieId]] | None = None,
    ):
        self.source = source
        self.extra = list(extra or [])
        self.sequences_of = [list(s) for s in sequences_of or []]
        self.model: CollaborativeModel | None = None
        self.saved: CollaborativeState | None = None
        self.broken = False

    def _pairs(self, rated: bool = False) -> dict[tuple[str, MovieId], float]:
        rows = list(self.extra)
        if self.source is not None:
            for user_id, watches in self.source.histories.items():
                rows += [
                    (str(user_id), w.movie_id, w.weight)
                    for w in watches
                    if (w.liked or rated) and w.movie_id is not None
                ]
        pairs: dict[tuple[str, MovieId], float] = {}
        for user, movie, weight in rows:
            pairs[(user, movie)] = 1.0 if rated else max(weight, pairs.get((user, movie), 0.0))
        return pairs

    async def interactions(self, *, rated: bool = False) -> Interactions:
        index: dict[str, int] = {}
        pairs = sorted(self._pairs(rated).items())
        return Interactions.from_rows([(index.setdefault(u, len(index)), m, w) for (u, m), w in pairs])

    async def counts(self, *, rated: bool = False) -> tuple[int, int]:
        pairs = self._pairs(rated)
        return len({u for u, _ in pairs}), len(pairs)

    async def sequences(self) -> list[list[MovieId]]:
        """Other people's sequences, then each source history's dated matched rows in time order."""
        out = [list(s) for s in self.sequences_of]
        if self.source is not None:
            for watches in self.source.histories.values():
                dated = sorted(
                    (w for w in watches if w.movie_id is not None and w.entry.watched_at is not None),
                    key=lambda w: (w.entry.watched_at, w.entry.line),
                )
                latest: dict[MovieId, None] = {}
                for w in dated:
                    assert w.movie_id is not None
                    latest.pop(w.movie_id, None)
                    latest[w.movie_id] = None
                if latest:
                    out.append(list(latest))
        return out

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

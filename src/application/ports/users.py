from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.domain.history import WatchEntry
from src.domain.profile import TasteProfile, UserId
from src.domain.user import User


class UserRepository(Protocol):
    """Users by id. Never commits. get() returns None when absent; delete() removes the user and, by
    cascade, everything stored about them, returning False when there was no such user."""

    async def get(self, user_id: uuid.UUID) -> User | None: ...

    async def add(self, user: User) -> None: ...

    async def delete(self, user_id: uuid.UUID) -> bool: ...

    async def owner_of_key(self, api_key_hash: str) -> uuid.UUID | None:
        """The user whose key has this hash, if any."""
        ...

    async def lock(self, user_id: uuid.UUID) -> None:
        """Serialise writers for one user until the transaction ends (SELECT ... FOR UPDATE)."""
        ...


@dataclass(frozen=True)
class StoredWatch:
    """A history entry as stored: the parsed row, the catalog movie it matched, whether it counts as liked."""

    entry: WatchEntry
    movie_id: int | None
    match_method: str | None
    liked: bool
    weight: float


@dataclass(frozen=True)
class Feedback:
    movie_id: int
    signal: str  # like | dislike | watched | not_interested
    created_at: datetime


class HistoryRepository(Protocol):
    """A user's watch history and feedback. Never commits. replace() drops the old history first."""

    async def replace(self, user_id: UserId, watches: list[StoredWatch]) -> None: ...

    async def load(self, user_id: UserId) -> list[StoredWatch]: ...

    async def add_feedback(self, user_id: UserId, feedback: Feedback) -> None: ...

    async def feedback(self, user_id: UserId) -> list[Feedback]: ...


class ProfileRepository(Protocol):
    """Taste profiles by user. Never commits. get() returns None when absent. save() replaces the
    stored profile and its clusters, setting profile.version to the stored version + 1."""

    async def get(self, user_id: UserId) -> TasteProfile | None: ...

    async def save(self, profile: TasteProfile) -> None: ...

    async def version(self, user_id: UserId) -> int | None: ...


@dataclass(frozen=True)
class UserSnapshot:
    """What a recommendation reads about one user, all from one committed state."""

    profile: TasteProfile | None  # None: no history uploaded yet
    watches: list[StoredWatch]
    feedback: list[Feedback]
    standing_excluded: frozenset[int]  # movie ids on the user's standing exclude lists


class UserSnapshotReader(Protocol):
    """Read-only, outside any unit of work. read() never mixes two commits (an upload landing mid-read
    is either wholly seen or not at all). page_stamp() is "<profile version>|<lists stamp>" — it changes
    with every upload, feedback and list change — or None when the user has no profile."""

    async def read(self, user_id: UserId) -> UserSnapshot: ...

    async def page_stamp(self, user_id: UserId) -> str | None: ...

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from src.domain.history import MatchMethod, WatchEntry
from src.domain.profile import FeedbackSignal, TasteProfile, UserId
from src.domain.profile_window import ProfileWindow
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
    """A history entry as stored: the parsed row, the catalog movie it matched, whether it counts as liked.
    `id` is the stored row's id (None before it is stored); `in_profile` false leaves the film out of the
    taste profile while it stays in the history (and counts as seen)."""

    entry: WatchEntry
    movie_id: int | None
    match_method: MatchMethod | None
    liked: bool
    weight: float
    in_profile: bool = True
    id: int | None = None


@dataclass(frozen=True)
class Feedback:
    movie_id: int
    signal: FeedbackSignal
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


class ProfileSeedRepository(Protocol):
    """What a person chose about their profile's inputs. Never commits.
    window() is the stored watch-date window (open when never set); set_window() stores one.
    set_in_profile() sets the flag on the entry `entry_id` of this user and on every other entry of the
    same catalog film (a rewatch), returning how many rows changed hands (0: the user has no such entry).
    set_weights() stores, per entry id, whether it now counts as liked and its weight."""

    async def window(self, user_id: UserId) -> ProfileWindow: ...

    async def set_window(self, user_id: UserId, window: ProfileWindow) -> None: ...

    async def set_in_profile(self, user_id: UserId, entry_id: int, in_profile: bool) -> int: ...

    async def set_weights(self, user_id: UserId, weights: list[tuple[int, bool, float]]) -> None: ...


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

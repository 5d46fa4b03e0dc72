"""Stateful fakes for the unit-of-work ports: writes become visible only on commit."""

from __future__ import annotations

import copy
import dataclasses
import uuid
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from src.application.ports.history import MatchResult
from src.application.ports.users import Feedback, StoredWatch
from src.domain.history import WatchEntry
from src.domain.profile import TasteProfile, UserId
from src.domain.profile_window import ProfileWindow
from src.domain.user import User
from src.domain.user_list import UserList
from tests.stubs.catalog_fakes import FakeCatalog, FakeMovieRepository


class FakeStore:
    """Committed state, shared by every FakeUnitOfWork made from it."""

    def __init__(self) -> None:
        self.catalog = FakeCatalog()
        self.users: dict[uuid.UUID, User] = {}
        self.histories: dict[UserId, list[StoredWatch]] = {}
        self.feedback: dict[UserId, list[Feedback]] = {}
        self.profiles: dict[UserId, TasteProfile] = {}
        self.lists: dict[int, UserList] = {}
        self.windows: dict[UserId, ProfileWindow] = {}
        self.commits = 0


class _Users:
    def __init__(self, state: FakeStore) -> None:
        self.s = state

    async def get(self, user_id: uuid.UUID) -> User | None:
        return self.s.users.get(user_id)

    async def add(self, user: User) -> None:
        self.s.users[user.id] = user

    async def owner_of_key(self, api_key_hash: str) -> uuid.UUID | None:
        return next((u.id for u in self.s.users.values() if u.api_key_hash == api_key_hash), None)

    async def delete(self, user_id: uuid.UUID) -> bool:
        for table in (self.s.histories, self.s.feedback, self.s.profiles):
            table.pop(user_id, None)
        return self.s.users.pop(user_id, None) is not None

    async def lock(self, user_id: uuid.UUID) -> None:
        return None


class _Histories:
    def __init__(self, state: FakeStore) -> None:
        self.s = state

    async def replace(self, user_id: UserId, watches: list[StoredWatch]) -> None:
        self.s.histories[user_id] = [dataclasses.replace(w, id=n) for n, w in enumerate(watches, 1)]

    async def load(self, user_id: UserId) -> list[StoredWatch]:
        return list(self.s.histories.get(user_id, []))

    async def add_feedback(self, user_id: UserId, feedback: Feedback) -> None:
        self.s.feedback.setdefault(user_id, []).append(feedback)

    async def feedback(self, user_id: UserId) -> list[Feedback]:
        return list(self.s.feedback.get(user_id, []))


class _Profiles:
    def __init__(self, state: FakeStore) -> None:
        self.s = state

    async def get(self, user_id: UserId) -> TasteProfile | None:
        found = self.s.profiles.get(user_id)
        return copy.deepcopy(found) if found else None

    async def save(self, profile: TasteProfile) -> None:
        old = self.s.profiles.get(profile.user_id)
        profile.version = (old.version if old else 0) + 1
        self.s.profiles[profile.user_id] = copy.deepcopy(profile)

    async def version(self, user_id: UserId) -> int | None:
        found = self.s.profiles.get(user_id)
        return found.version if found else None


class _Lists:
    def __init__(self, state: FakeStore) -> None:
        self.s = state

    async def add(self, user_list: UserList) -> int:
        list_id = max(self.s.lists, default=0) + 1
        self.s.lists[list_id] = copy.deepcopy(user_list)
        self.s.lists[list_id].id = list_id
        return list_id

    async def get(self, user_id: UserId, list_id: int) -> UserList | None:
        found = self.s.lists.get(list_id)
        return copy.deepcopy(found) if found is not None and found.user_id == user_id else None

    async def all(self, user_id: UserId) -> list[UserList]:
        return [copy.deepcopy(x) for _, x in sorted(self.s.lists.items()) if x.user_id == user_id]

    async def delete(self, user_id: UserId, list_id: int) -> bool:
        if await self.get(user_id, list_id) is None:
            return False
        del self.s.lists[list_id]
        return True

    async def set_standing(self, user_id: UserId, list_id: int, standing: bool) -> bool:
        if await self.get(user_id, list_id) is None:
            return False
        self.s.lists[list_id].standing = standing
        return True

    async def standing_excludes(self, user_id: UserId) -> list[UserList]:
        return [x for x in await self.all(user_id) if x.kind == "exclude" and x.standing]

    async def stamp(self, user_id: UserId) -> str:
        return ",".join(f"{x.id}{'s' if x.standing else ''}" for x in await self.all(user_id))


class _Seeds:
    """Entry ids are list positions + 1 in the fake (the fake history stores rows in order)."""

    def __init__(self, state: FakeStore) -> None:
        self.s = state

    async def window(self, user_id: UserId) -> ProfileWindow:
        return self.s.windows.get(user_id, ProfileWindow())

    async def set_window(self, user_id: UserId, window: ProfileWindow) -> None:
        self.s.windows[user_id] = window

    async def set_in_profile(self, user_id: UserId, entry_id: int, in_profile: bool) -> int:
        rows = self.s.histories.get(user_id, [])
        target = next((w for w in rows if w.id == entry_id), None)
        if target is None:
            return 0
        same = [i for i, w in enumerate(rows) if w is target or (w.movie_id is not None and w.movie_id == target.movie_id)]
        for i in same:
            rows[i] = dataclasses.replace(rows[i], in_profile=in_profile)
        return len(same)

    async def set_weights(self, user_id: UserId, weights: list[tuple[int, bool, float]]) -> None:
        by_id = {i: (liked, w) for i, liked, w in weights}
        rows = self.s.histories.get(user_id, [])
        for n, w in enumerate(rows):
            if w.id in by_id:
                liked, weight = by_id[w.id]
                rows[n] = dataclasses.replace(w, liked=liked, weight=weight)


class FakeUnitOfWork:
    """Works on a private copy of the store; commit() publishes it, leaving the block drops it."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.committed = False

    async def __aenter__(self) -> Self:
        self._work = copy.deepcopy(self.store)
        self.users = _Users(self._work)
        self.histories = _Histories(self._work)
        self.profiles = _Profiles(self._work)
        self.lists = _Lists(self._work)
        self.seeds = _Seeds(self._work)
        self.movies = FakeMovieRepository(self._work.catalog, {})
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        del self._work

    async def commit(self) -> None:
        work = self._work
        for name in ("catalog", "users", "histories", "feedback", "profiles", "lists", "windows"):
            setattr(self.store, name, getattr(work, name))
        self.store.commits += 1
        self.committed = True

    async def rollback(self) -> None:
        self._work = copy.deepcopy(self.store)


class NoMatches:
    """A matcher for a catalog that knows nothing: every row is embedded from its own fields."""

    async def match(self, entries: Sequence[WatchEntry], *, model: str) -> list[MatchResult]:
        return [MatchResult(entry=e, movie=None, method=None, reason="empty catalog") for e in entries]

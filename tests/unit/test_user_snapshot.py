"""read_user_snapshot: a read that a write overlapped is done again; writers that never stop are waited
for under the row lock. The fake here reads committed state live, like READ COMMITTED statements."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType
from typing import Self, cast

from src.application.ports.unit_of_work import UnitOfWork
from src.application.user_snapshot import read_user_snapshot

USER = uuid.uuid4()


class Committed:
    def __init__(self) -> None:
        self.version: int | None = 1
        self.locked_reads = 0


class _Profiles:
    def __init__(self, state: Committed) -> None:
        self.state = state

    async def version(self, user_id: uuid.UUID) -> int | None:
        return self.state.version


class _Users:
    def __init__(self, uow: LiveUow) -> None:
        self.uow = uow

    async def lock(self, user_id: uuid.UUID) -> None:
        self.uow.locked = True


class LiveUow:
    def __init__(self, state: Committed) -> None:
        self.state = state
        self.locked = False
        self.profiles = _Profiles(state)
        self.users = _Users(self)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


def uows(state: Committed) -> Callable[[], UnitOfWork]:
    return lambda: cast(UnitOfWork, LiveUow(state))


async def test_a_quiet_read_happens_once() -> None:
    state = Committed()
    calls: list[int | None] = []

    async def read(uow: UnitOfWork) -> int | None:
        calls.append(state.version)
        return state.version

    assert await read_user_snapshot(uows(state), USER, read) == 1
    assert calls == [1]


async def test_a_write_committing_during_the_read_makes_it_read_again() -> None:
    state = Committed()
    seen: list[int | None] = []

    async def read(uow: UnitOfWork) -> int | None:
        seen.append(state.version)
        if len(seen) == 1:
            state.version = 2  # an upload commits between two of the reader's statements
        return seen[-1]

    result = await read_user_snapshot(uows(state), USER, read)
    assert result == 2 and seen == [1, 2]


async def test_writers_that_keep_winning_are_waited_for_under_the_lock() -> None:
    state = Committed()
    locked: list[bool] = []

    async def read(uow: UnitOfWork) -> str:
        live = cast(LiveUow, uow)
        locked.append(live.locked)
        if not live.locked:
            state.version = (state.version or 0) + 1  # every unlocked attempt is overlapped by a write
        return "consistent"

    result = await read_user_snapshot(uows(state), USER, read, attempts=3)
    assert result == "consistent" and locked == [False, False, False, True]


async def test_a_user_deleted_mid_read_is_read_again() -> None:
    state = Committed()

    async def read(uow: UnitOfWork) -> str:
        if state.version is not None:
            state.version = None  # deleted (cascade) while we read
            return "stale"
        return "gone"

    assert await read_user_snapshot(uows(state), USER, read) == "gone"

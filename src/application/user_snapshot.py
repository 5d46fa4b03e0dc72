"""Reading everything about one user from one committed state, without blocking writers.

A profile is stored across several tables (the profile row, its clusters, its liked movies) and read
with several statements. Under PostgreSQL's default READ COMMITTED isolation each statement sees the
latest commit, so an upload committing between two of them would hand the reader half the old profile
and half the new one. Every write to a user's history, feedback or profile saves the profile in the
same transaction, and ProfileRepository.save() always bumps its version. So: read the version, read
what you need, read the version again; equal versions mean no write committed in between."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from src.application.ports.unit_of_work import UnitOfWork
from src.domain.profile import UserId

log = logging.getLogger(__name__)
T = TypeVar("T")
OPTIMISTIC_ATTEMPTS = 3


async def read_user_snapshot(
    uow_factory: Callable[[], UnitOfWork],
    user_id: UserId,
    read: Callable[[UnitOfWork], Awaitable[T]],
    *,
    attempts: int = OPTIMISTIC_ATTEMPTS,
) -> T:
    """Runs `read(uow)` until no write to this user committed while it ran, and returns its result.

    The first `attempts` tries take no lock; if writers keep winning, a last try holds the user's row
    lock (as writers do), which makes the read consistent by construction. `read` must only read."""
    for _ in range(attempts):
        async with uow_factory() as uow:
            before = await uow.profiles.version(user_id)
            result = await read(uow)
            if await uow.profiles.version(user_id) == before:
                return result
    log.info("user %s kept changing during %d reads; reading under the row lock", user_id, attempts)
    async with uow_factory() as uow:
        await uow.users.lock(user_id)
        return await read(uow)

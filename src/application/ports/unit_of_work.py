from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from src.application.ports.catalog import MovieRepository
from src.application.ports.lists import ListRepository
from src.application.ports.users import (
    HistoryRepository,
    ProfileRepository,
    ProfileSeedRepository,
    UserRepository,
)


class UnitOfWork(Protocol):
    """One transaction. `async with uow:` opens it; commit() makes it durable; leaving the block
    without commit (or by an exception) rolls everything back. Repositories never commit."""

    movies: MovieRepository
    users: UserRepository
    histories: HistoryRepository
    profiles: ProfileRepository
    lists: ListRepository
    seeds: ProfileSeedRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

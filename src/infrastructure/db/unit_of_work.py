"""The SQLAlchemy unit of work: one session, one transaction, one commit point."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.ports.recommend import PageStamps
from src.application.ports.unit_of_work import UnitOfWork
from src.infrastructure.db.catalog_repository import SqlAlchemyMovieRepository
from src.infrastructure.db.list_repository import SqlAlchemyListRepository
from src.infrastructure.db.profile_repository import SqlAlchemyProfileRepository
from src.infrastructure.db.seed_repository import SqlAlchemyProfileSeedRepository
from src.infrastructure.db.user_repositories import SqlAlchemyHistoryRepository, SqlAlchemyUserRepository


class SqlAlchemyUnitOfWork(UnitOfWork):
    """With `stamps`, a commit that saved a profile, changed a list or deleted a user bumps that user's
    page stamp once it is durable, so no cached recommendation page from before it is served again."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], stamps: PageStamps | None = None
    ) -> None:
        self._session_factory = session_factory
        self._stamps = stamps
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        self.movies = SqlAlchemyMovieRepository(session)
        self.users = SqlAlchemyUserRepository(session)
        self.histories = SqlAlchemyHistoryRepository(session)
        self.profiles = SqlAlchemyProfileRepository(session)
        self.lists = SqlAlchemyListRepository(session)
        self.seeds = SqlAlchemyProfileSeedRepository(session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            await session.rollback()  # a no-op after commit; undoes everything otherwise
        finally:
            await session.close()

    async def commit(self) -> None:
        if self._session is None:
            raise RuntimeError("commit() outside `async with uow`")
        await self._session.commit()
        if self._stamps is not None:
            touched = self.profiles.touched | self.lists.touched | self.users.touched
            for user_id in touched:
                await self._stamps.bump(user_id)
            for repo in (self.profiles, self.lists, self.users):
                repo.touched.clear()

    async def rollback(self) -> None:
        if self._session is not None:
            await self._session.rollback()

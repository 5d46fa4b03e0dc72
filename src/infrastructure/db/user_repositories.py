"""Users, histories and feedback (inside a unit of work; never commit). Profiles: profile_repository.py."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.users import (
    Feedback,
    HistoryRepository,
    StoredWatch,
    UserRepository,
)
from src.domain.profile import UserId
from src.domain.user import User
from src.infrastructure.db.profile_repository import (
    SqlAlchemyProfileRepository as SqlAlchemyProfileRepository,
)
from src.infrastructure.db.tables import feedback, users, watch_entries
from src.infrastructure.db.user_rows import watch_from_row


class SqlAlchemyUserRepository(UserRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.touched: set[UserId] = set()  # users deleted in this unit of work

    async def get(self, user_id: uuid.UUID) -> User | None:
        row = (await self._session.execute(select(users).where(users.c.id == user_id))).mappings().first()
        if row is None:
            return None
        return User(
            id=row["id"], api_key_hash=row["api_key_hash"], created_at=row["created_at"], name=row["name"]
        )

    async def add(self, user: User) -> None:
        await self._session.execute(
            insert(users).values(
                id=user.id, api_key_hash=user.api_key_hash, name=user.name, created_at=user.created_at
            )
        )

    async def delete(self, user_id: uuid.UUID) -> bool:
        self.touched.add(user_id)
        result = await self._session.execute(delete(users).where(users.c.id == user_id).returning(users.c.id))
        return result.first() is not None

    async def owner_of_key(self, api_key_hash: str) -> uuid.UUID | None:
        stmt = select(users.c.id).where(users.c.api_key_hash == api_key_hash)
        return (await self._session.execute(stmt)).scalar_one_or_none()

    async def lock(self, user_id: uuid.UUID) -> None:
        await self._session.execute(select(users.c.id).where(users.c.id == user_id).with_for_update())


class SqlAlchemyHistoryRepository(HistoryRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace(self, user_id: UserId, watches: list[StoredWatch]) -> None:
        await self._session.execute(delete(watch_entries).where(watch_entries.c.user_id == user_id))
        rows = [_watch_row(user_id, w) for w in watches]
        for start in range(0, len(rows), 2000):
            await self._session.execute(insert(watch_entries), rows[start : start + 2000])

    async def load(self, user_id: UserId) -> list[StoredWatch]:
        stmt = select(watch_entries).where(watch_entries.c.user_id == user_id).order_by(watch_entries.c.id)
        return [watch_from_row(r) for r in (await self._session.execute(stmt)).mappings()]

    async def add_feedback(self, user_id: UserId, item: Feedback) -> None:
        await self._session.execute(
            insert(feedback).values(
                user_id=user_id, movie_id=item.movie_id, signal=item.signal, created_at=item.created_at
            )
        )

    async def feedback(self, user_id: UserId) -> list[Feedback]:
        stmt = select(feedback).where(feedback.c.user_id == user_id).order_by(feedback.c.id)
        return [
            Feedback(movie_id=r["movie_id"], signal=r["signal"], created_at=r["created_at"])
            for r in (await self._session.execute(stmt)).mappings()
        ]


def _watch_row(user_id: UserId, w: StoredWatch) -> dict[str, object]:
    e = w.entry
    return {
        "user_id": user_id,
        "line": e.line,
        "title": e.title,
        "original_title": e.original_title,
        "year": e.year,
        "rating": e.rating,
        "watched_at": e.watched_at,
        "imdb_id": e.imdb_id,
        "tmdb_id": e.tmdb_id,
        "genres": list(e.genres),
        "directors": list(e.directors),
        "countries": list(e.countries),
        "description": e.description,
        "rewatch": e.rewatch,
        "movie_id": w.movie_id,
        "match_method": w.match_method,
        "liked": w.liked,
        "weight": w.weight,
        "in_profile": w.in_profile,
    }



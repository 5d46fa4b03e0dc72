"""Users, histories, feedback and profiles (inside a unit of work; never commit)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.users import (
    Feedback,
    HistoryRepository,
    ProfileRepository,
    StoredWatch,
    UserRepository,
)
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile, UserId
from src.domain.user import User
from src.infrastructure.db.tables import (
    feedback,
    profile_clusters,
    profile_liked,
    profiles,
    users,
    watch_entries,
)
from src.infrastructure.db.user_rows import profile_from_rows, watch_from_row


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
    }


class SqlAlchemyProfileRepository(ProfileRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.touched: set[UserId] = set()  # users whose profile this unit of work saved

    async def version(self, user_id: UserId) -> int | None:
        stmt = select(profiles.c.version).where(profiles.c.user_id == user_id)
        return (await self._session.execute(stmt)).scalar_one_or_none()

    async def get(self, user_id: UserId) -> TasteProfile | None:
        head = (
            (await self._session.execute(select(profiles).where(profiles.c.user_id == user_id)))
            .mappings()
            .first()
        )
        if head is None:
            return None
        crow = await self._session.execute(
            select(profile_clusters)
            .where(profile_clusters.c.user_id == user_id)
            .order_by(profile_clusters.c.cluster_no)
        )
        clusters = list(crow.mappings())
        lrow = await self._session.execute(
            select(profile_liked).where(profile_liked.c.user_id == user_id).order_by(profile_liked.c.id)
        )
        return profile_from_rows(user_id, head, clusters, list(lrow.mappings()))

    async def save(self, profile: TasteProfile) -> None:
        uid = profile.user_id
        self.touched.add(uid)
        old = await self.version(uid)
        profile.version = (old or 0) + 1
        if old is None:
            await self._session.execute(
                insert(profiles).values(
                    user_id=uid,
                    version=profile.version,
                    algorithm=profile.algorithm,
                    embedding_model=profile.embedding_model,
                )
            )
        else:
            await self._session.execute(
                update(profiles)
                .where(profiles.c.user_id == uid)
                .values(
                    version=profile.version,
                    algorithm=profile.algorithm,
                    embedding_model=profile.embedding_model,
                )
            )
            await self._session.execute(delete(profile_clusters).where(profile_clusters.c.user_id == uid))
            await self._session.execute(delete(profile_liked).where(profile_liked.c.user_id == uid))
        if profile.clusters:
            await self._session.execute(
                insert(profile_clusters), [_cluster_row(uid, c) for c in profile.clusters]
            )
        if profile.liked:
            await self._session.execute(insert(profile_liked), [_liked_row(uid, m) for m in profile.liked])


def _cluster_row(uid: UserId, c: TasteCluster) -> dict[str, object]:
    members = [
        {
            "title": m.title,
            "year": m.year,
            "weight": m.weight,
            "movie_id": m.movie_id,
            "genres": list(m.genres),
            "directors": list(m.directors),
        }
        for m in c.members
    ]
    return {
        "user_id": uid,
        "cluster_no": c.id,
        "label": c.label,
        "centroid": c.centroid,
        "weight": c.weight,
        "size": c.size,
        "members": members,
    }


def _liked_row(uid: UserId, m: LikedMovie) -> dict[str, object]:
    return {
        "user_id": uid,
        "cluster_no": m.cluster_id,
        "movie_id": m.movie_id,
        "title": m.title,
        "year": m.year,
        "weight": m.weight,
        "genres": list(m.genres),
        "directors": list(m.directors),
        "embedding": m.embedding,
        "rating": m.rating,
    }

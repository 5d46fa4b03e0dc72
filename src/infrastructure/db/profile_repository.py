"""Taste profiles: the head row, its clusters and its liked movies (inside a unit of work; never commit)."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.users import ProfileRepository
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile, UserId
from src.infrastructure.db.tables import profile_clusters, profile_liked, profiles
from src.infrastructure.db.user_rows import profile_from_rows


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
                    updated_at=func.clock_timestamp(),
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
                    updated_at=func.clock_timestamp(),  # when written, not when the transaction began
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

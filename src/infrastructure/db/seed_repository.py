"""A person's choices about their profile's inputs: the watch-date window, per-film in_profile flags."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.users import ProfileSeedRepository
from src.domain.profile import UserId
from src.domain.profile_window import ProfileWindow
from src.infrastructure.db.tables import users, watch_entries


class SqlAlchemyProfileSeedRepository(ProfileSeedRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def window(self, user_id: UserId) -> ProfileWindow:
        stmt = select(users.c.profile_since, users.c.profile_until).where(users.c.id == user_id)
        row = (await self._session.execute(stmt)).first()
        if row is None:
            return ProfileWindow()
        since, until = row
        if since is not None and until is not None and since > until:  # never stored so; read it open
            return ProfileWindow()
        return ProfileWindow(since, until)

    async def set_window(self, user_id: UserId, window: ProfileWindow) -> None:
        await self._session.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(profile_since=window.since, profile_until=window.until)
        )

    async def set_in_profile(self, user_id: UserId, entry_id: int, in_profile: bool) -> int:
        stmt = select(watch_entries.c.movie_id).where(
            watch_entries.c.user_id == user_id, watch_entries.c.id == entry_id
        )
        found = (await self._session.execute(stmt)).first()
        if found is None:
            return 0
        movie_id = found[0]
        same_film = watch_entries.c.id == entry_id
        if movie_id is not None:
            same_film = or_(same_film, watch_entries.c.movie_id == movie_id)
        result = await self._session.execute(
            update(watch_entries)
            .where(and_(watch_entries.c.user_id == user_id, same_film))
            .values(in_profile=in_profile)
            .returning(watch_entries.c.id)
        )
        return len(result.all())

    async def set_weights(self, user_id: UserId, weights: list[tuple[int, bool, float]]) -> None:
        if not weights:
            return
        stmt = (
            update(watch_entries)
            .where(watch_entries.c.id == bindparam("entry_id"), watch_entries.c.user_id == user_id)
            .values(liked=bindparam("now_liked"), weight=bindparam("now_weight"))
        )
        rows = [{"entry_id": i, "now_liked": liked, "now_weight": w} for i, liked, w in weights]
        await self._session.execute(stmt, rows)

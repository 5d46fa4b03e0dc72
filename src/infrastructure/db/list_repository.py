"""A user's lists (inside a unit of work; never commits). Every query is scoped by user_id."""

from __future__ import annotations

from typing import cast

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.lists import ListRepository
from src.domain.profile import UserId
from src.domain.user_list import ListItem, ListKind, UserList
from src.infrastructure.db.tables import user_list_items, user_lists
from src.infrastructure.db.user_rows import lists_stamp


class SqlAlchemyListRepository(ListRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.touched: set[UserId] = set()  # users whose lists this unit of work changed

    async def add(self, user_list: UserList) -> int:
        self.touched.add(user_list.user_id)
        list_id = (
            await self._session.execute(
                insert(user_lists)
                .values(
                    user_id=user_list.user_id,
                    name=user_list.name,
                    kind=user_list.kind,
                    format=user_list.format,
                    standing=user_list.standing,
                    created_at=user_list.created_at,
                )
                .returning(user_lists.c.id)
            )
        ).scalar_one()
        rows = [
            {
                "list_id": list_id,
                "line": i.line,
                "title": i.title,
                "year": i.year,
                "movie_id": i.movie_id,
                "match_method": i.match_method,
            }
            for i in user_list.items
        ]
        for start in range(0, len(rows), 2000):
            await self._session.execute(insert(user_list_items), rows[start : start + 2000])
        return int(list_id)

    async def get(self, user_id: UserId, list_id: int) -> UserList | None:
        stmt = select(user_lists).where(user_lists.c.id == list_id, user_lists.c.user_id == user_id)
        row = (await self._session.execute(stmt)).mappings().first()
        if row is None:
            return None
        return (await self._with_items([_list(row)]))[0]

    async def all(self, user_id: UserId) -> list[UserList]:
        count = (
            select(func.count())
            .where(user_list_items.c.list_id == user_lists.c.id)
            .scalar_subquery()
            .label("item_count")
        )
        stmt = select(user_lists, count).where(user_lists.c.user_id == user_id).order_by(user_lists.c.id)
        return [_list(r, r["item_count"]) for r in (await self._session.execute(stmt)).mappings()]

    async def delete(self, user_id: UserId, list_id: int) -> bool:
        self.touched.add(user_id)
        stmt = (
            delete(user_lists)
            .where(user_lists.c.id == list_id, user_lists.c.user_id == user_id)
            .returning(user_lists.c.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def set_standing(self, user_id: UserId, list_id: int, standing: bool) -> bool:
        self.touched.add(user_id)
        stmt = (
            update(user_lists)
            .where(user_lists.c.id == list_id, user_lists.c.user_id == user_id)
            .values(standing=standing)
            .returning(user_lists.c.id)
        )
        return (await self._session.execute(stmt)).first() is not None

    async def standing_excludes(self, user_id: UserId) -> list[UserList]:
        stmt = (
            select(user_lists)
            .where(user_lists.c.user_id == user_id, user_lists.c.kind == "exclude", user_lists.c.standing)
            .order_by(user_lists.c.id)
        )
        return await self._with_items([_list(r) for r in (await self._session.execute(stmt)).mappings()])

    async def stamp(self, user_id: UserId) -> str:
        stmt = select(user_lists.c.id, user_lists.c.standing).where(user_lists.c.user_id == user_id)
        return lists_stamp((int(r[0]), bool(r[1])) for r in (await self._session.execute(stmt)).all())

    async def _with_items(self, lists: list[UserList]) -> list[UserList]:
        if not lists:
            return lists
        by_id = {x.id: x for x in lists}
        stmt = (
            select(user_list_items)
            .where(user_list_items.c.list_id.in_(list(by_id)))
            .order_by(user_list_items.c.id)
        )
        for r in (await self._session.execute(stmt)).mappings():
            by_id[r["list_id"]].items.append(
                ListItem(
                    line=r["line"],
                    title=r["title"],
                    year=r["year"],
                    movie_id=r["movie_id"],
                    match_method=r["match_method"],
                )
            )
        for x in lists:
            x.item_count = len(x.items)
        return lists


def _list(row: RowMapping, item_count: int = 0) -> UserList:
    return UserList(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        kind=cast(ListKind, row["kind"]),
        format=row["format"],
        standing=row["standing"],
        created_at=row["created_at"],
        item_count=item_count,
    )

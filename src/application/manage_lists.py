"""Deleting a list and setting an exclude list as a standing preference (one transaction each)."""

from __future__ import annotations

from collections.abc import Callable

from src.application.ports.unit_of_work import UnitOfWork
from src.domain.errors import InvalidInputError, NextStep
from src.domain.profile import UserId
from src.domain.user_list import ListNotFoundError


def _missing(list_id: int) -> ListNotFoundError:
    return ListNotFoundError(f"no list {list_id} for this user", next_step=NextStep.SHOW_LISTS)


class DeleteList:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def execute(self, user_id: UserId, list_id: int) -> None:
        async with self._uow_factory() as uow:
            if not await uow.lists.delete(user_id, list_id):
                raise _missing(list_id)
            await uow.commit()


class SetListStanding:
    """standing=True applies an exclude list to every recommendation request of its owner."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def execute(self, user_id: UserId, list_id: int, standing: bool) -> None:
        async with self._uow_factory() as uow:
            found = await uow.lists.get(user_id, list_id)
            if found is None:
                raise _missing(list_id)
            if standing and found.kind != "exclude":
                raise InvalidInputError(
                    f"list {list_id} is a {found.kind} list; only exclude lists can be standing"
                )
            await uow.lists.set_standing(user_id, list_id, standing)
            await uow.commit()

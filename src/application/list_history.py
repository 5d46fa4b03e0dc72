"""A person's stored watch history, a page at a time, with each entry's id (for per-film toggles)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import StoredWatch
from src.domain.errors import InvalidInputError
from src.domain.profile import UserId
from src.domain.profile_window import ProfileWindow

MAX_PAGE = 5000


@dataclass(frozen=True, kw_only=True)
class HistoryPage:
    entries: list[StoredWatch]
    total: int
    window: ProfileWindow


class ListHistory:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def execute(self, user_id: UserId, *, limit: int = 500, offset: int = 0) -> HistoryPage:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInputError(f"limit must be between 1 and {MAX_PAGE} (got {limit})")
        if offset < 0:
            raise InvalidInputError(f"offset must be 0 or more (got {offset})")
        async with self._uow_factory() as uow:
            history = await uow.histories.load(user_id)
            window = await uow.seeds.window(user_id)
        return HistoryPage(entries=history[offset : offset + limit], total=len(history), window=window)

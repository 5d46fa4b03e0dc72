"""Set the watch-date window a person's taste profile is built from, and rebuild the profile from it."""

from __future__ import annotations

from collections.abc import Callable

from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.unit_of_work import UnitOfWork
from src.application.profile_seeds import ProfileRebuild, ProfileSeeds, refresh_collaborative
from src.domain.errors import UserNotFoundError
from src.domain.profile import UserId
from src.domain.profile_window import ProfileWindow


class SetProfileWindow:
    """Stores `window` on the user (every later rebuild and import keeps it) and rebuilds the profile
    from the history rows inside it, in one transaction: a window that leaves nothing to build from is
    refused (InvalidInputError) and nothing changes. Without a history the window is stored and
    ProfileNotFoundError says to upload one."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        rebuild: ProfileRebuild,
        collaborative: CollaborativeRefresh | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._rebuild = rebuild
        self._collaborative = collaborative

    async def execute(self, user_id: UserId, window: ProfileWindow) -> ProfileSeeds:
        async with self._uow_factory() as uow:
            await uow.users.lock(user_id)
            if await uow.users.get(user_id) is None:
                raise UserNotFoundError(f"no user {user_id}")
            await uow.seeds.set_window(user_id, window)
            if not await uow.histories.load(user_id):
                await uow.commit()  # kept for the first upload
            seeds = await self._rebuild.rebuild(uow, user_id)
            await uow.commit()
        await refresh_collaborative(self._collaborative)
        return seeds

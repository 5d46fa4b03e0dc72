"""Leave one film of the history out of the taste profile (or put it back), and rebuild the profile."""

from __future__ import annotations

from collections.abc import Callable

from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.unit_of_work import UnitOfWork
from src.application.profile_seeds import ProfileRebuild, ProfileSeeds, refresh_collaborative
from src.domain.errors import HistoryEntryNotFoundError
from src.domain.profile import UserId


class SetInProfile:
    """in_profile=false keeps the film in the history (it still counts as seen, is never recommended
    back) but out of the profile; true puts it back. Every entry of the same catalog film (a rewatch)
    follows. The rebuild runs in the same transaction: leaving out the last film is refused
    (InvalidInputError) and nothing changes."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        rebuild: ProfileRebuild,
        collaborative: CollaborativeRefresh | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._rebuild = rebuild
        self._collaborative = collaborative

    async def execute(self, user_id: UserId, entry_id: int, in_profile: bool) -> ProfileSeeds:
        async with self._uow_factory() as uow:
            await uow.users.lock(user_id)
            if not await uow.seeds.set_in_profile(user_id, entry_id, in_profile):
                raise HistoryEntryNotFoundError(
                    f"this user has no history entry {entry_id}: list the history for the entry ids",
                    details={"entry": entry_id},
                )
            seeds = await self._rebuild.rebuild(uow, user_id)
            await uow.commit()
        await refresh_collaborative(self._collaborative)
        return seeds

"""A person's profile with its seeds: the films feeding each cluster, those left out, those outside
the window (read from one committed state)."""

from __future__ import annotations

from collections.abc import Callable

from src.application.ports.unit_of_work import UnitOfWork
from src.application.profile_seeds import ProfileSeeds, seeds_of
from src.application.user_snapshot import read_user_snapshot
from src.domain.errors import ProfileNotFoundError
from src.domain.profile import UserId


class ShowProfileSeeds:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def execute(self, user_id: UserId) -> ProfileSeeds:
        async def read(uow: UnitOfWork) -> ProfileSeeds | None:
            profile = await uow.profiles.get(user_id)
            if profile is None:
                return None
            return seeds_of(profile, await uow.histories.load(user_id), await uow.seeds.window(user_id))

        seeds = await read_user_snapshot(self._uow_factory, user_id, read)
        if seeds is None:
            raise ProfileNotFoundError(
                "this user has no taste profile yet: upload a watch history first"
            )
        return seeds

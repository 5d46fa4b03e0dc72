"""What Recommend reads about the user: the snapshot (profile, history, feedback, standing excludes) and
the list restriction of the request. UowSnapshotReader is the unit-of-work form of the
UserSnapshotReader port (the server wires a raw-driver one on the hot path)."""

from __future__ import annotations

from collections.abc import Callable

from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import Feedback, StoredWatch, UserSnapshot, UserSnapshotReader
from src.application.recommend_lists import ListRestriction, load_list_restriction
from src.application.user_snapshot import read_user_snapshot
from src.domain.profile import UserId


class UowSnapshotReader(UserSnapshotReader):
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def read(self, user_id: UserId) -> UserSnapshot:
        async def read(uow: UnitOfWork) -> UserSnapshot:
            profile = await uow.profiles.get(user_id)
            if profile is None:
                return UserSnapshot(None, [], [], frozenset())
            watches: list[StoredWatch] = await uow.histories.load(user_id)
            feedback: list[Feedback] = await uow.histories.feedback(user_id)
            standing = await uow.lists.standing_excludes(user_id)
            excluded = frozenset(i for s in standing for i in s.movie_ids)
            return UserSnapshot(profile, watches, feedback, excluded)

        return await read_user_snapshot(self._uow_factory, user_id, read)

    async def page_stamp(self, user_id: UserId) -> str | None:
        async with self._uow_factory() as uow:
            version = await uow.profiles.version(user_id)
            lists = await uow.lists.stamp(user_id)
        return None if version is None else f"{version}|{lists}"


class UserReads:
    """What Recommend reads about the person: the snapshot (through `snapshots`, the raw-driver reader
    on the hot path, or by default the unit of work's) and, only when a request names lists, those lists."""

    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], snapshots: UserSnapshotReader | None = None
    ) -> None:
        self._uow_factory = uow_factory
        self._snapshots = snapshots or UowSnapshotReader(uow_factory)

    async def snapshot(self, user_id: UserId) -> UserSnapshot:
        return await self._snapshots.read(user_id)

    async def lists(
        self, snapshot: UserSnapshot, user_id: UserId, from_list: int | None, exclude_lists: tuple[int, ...]
    ) -> ListRestriction:
        """The standing excludes come with the snapshot; naming lists in the request reads them."""
        if from_list is None and not exclude_lists:
            return ListRestriction(excluded=set(snapshot.standing_excluded))
        return await load_list_restriction(self._uow_factory, user_id, from_list, exclude_lists)


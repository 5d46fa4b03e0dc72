"""Everything stored about one user, for them to take away (their data, their right)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import Feedback, StoredWatch
from src.application.user_snapshot import read_user_snapshot
from src.domain.errors import UserNotFoundError
from src.domain.profile import TasteProfile, UserId
from src.domain.profile_window import ProfileWindow
from src.domain.user import User


@dataclass(frozen=True, kw_only=True)
class UserExport:
    """The user (its key hash is a credential, not data about them: presenters leave it out), every
    stored history row with how it matched, the taste profile (None before the first upload) and
    every feedback signal, all from one committed state."""

    user: User
    history: list[StoredWatch]
    profile: TasteProfile | None
    feedback: list[Feedback]
    exported_at: datetime
    window: ProfileWindow = field(default_factory=ProfileWindow)  # the watch dates the profile is built from


class ExportUserData:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def execute(self, user_id: UserId) -> UserExport:
        """Raises UserNotFoundError when the user does not exist (any more)."""

        async def read(uow: UnitOfWork) -> UserExport | None:
            user = await uow.users.get(user_id)
            if user is None:
                return None
            return UserExport(
                user=user,
                history=await uow.histories.load(user_id),
                profile=await uow.profiles.get(user_id),
                feedback=await uow.histories.feedback(user_id),
                exported_at=datetime.now(UTC),
                window=await uow.seeds.window(user_id),
            )

        export = await read_user_snapshot(self._uow_factory, user_id, read)
        if export is None:
            raise UserNotFoundError(f"no user {user_id}")
        return export

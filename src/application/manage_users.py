"""Create, authenticate and delete users."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.rate_limit import AuthRevocations
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.errors import (
    AuthenticationError,
    ForbiddenError,
    InvalidInputError,
    NextStep,
    UserNotFoundError,
)
from src.domain.user import User, hash_api_key, key_matches, new_api_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CreatedUser:
    user: User
    api_key: str  # the only time the plain key exists


class CreateUser:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def execute(self, name: str | None = None) -> CreatedUser:
        if name is not None and len(name) > 200:
            raise InvalidInputError("name must be at most 200 characters")
        key = new_api_key()
        user = User(id=uuid.uuid4(), api_key_hash=hash_api_key(key), created_at=datetime.now(UTC), name=name)
        async with self._uow_factory() as uow:
            await uow.users.add(user)
            await uow.commit()
        return CreatedUser(user, key)


class AuthCache:
    """Recently authenticated users, so a burst of requests costs one database lookup, not one each.

    Entries live `ttl_seconds`; DeleteUser forgets its user at once in this process. Other worker processes
    learn of a deletion through AuthRevocations (with REDIS_URL: a revocation marker checked on every
    cache hit). Without a shared store another worker may accept a deleted user's key until its entry
    expires; everything stored about the user is gone by then, so such a request finds nothing (404)."""

    def __init__(
        self, ttl_seconds: float = 30.0, max_items: int = 50_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_items
        self._clock = clock
        self._users: dict[uuid.UUID, tuple[User, float]] = {}

    def get(self, user_id: uuid.UUID) -> User | None:
        found = self._users.get(user_id)
        if found is None or found[1] < self._clock():
            return None
        return found[0]

    def put(self, user: User) -> None:
        if self._ttl <= 0:
            return
        if len(self._users) >= self._max:
            self._users.clear()
        self._users[user.id] = (user, self._clock() + self._ttl)

    def forget(self, user_id: uuid.UUID) -> None:
        self._users.pop(user_id, None)


class AuthenticateUser:
    """A key must belong to the user named in the path: no key → 401, a wrong key → 401, another
    user's valid key → 403. An unknown user id with a key → 401 (no way to probe which ids exist)."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        cache: AuthCache | None = None,
        revocations: AuthRevocations | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._cache = cache or AuthCache(ttl_seconds=0)
        self._revocations = revocations

    async def execute(self, user_id: uuid.UUID, api_key: str | None) -> User:
        if not api_key:
            raise AuthenticationError("missing API key: send `Authorization: Bearer <key>`")
        cached = self._cache.get(user_id)
        if cached is not None and key_matches(api_key, cached.api_key_hash):
            if self._revocations is None or not await self._revocations.is_revoked(user_id):
                return cached
            self._cache.forget(user_id)  # deleted through another worker: the database decides
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
            if user is not None and key_matches(api_key, user.api_key_hash):
                self._cache.put(user)
                return user
            if await uow.users.owner_of_key(hash_api_key(api_key)) is not None:
                raise ForbiddenError("this API key belongs to another user")
        raise AuthenticationError("invalid API key for this user")

    async def by_key(self, api_key: str) -> User:
        """The owner of `api_key`, for routes without a user id in the path (personalised search);
        an unknown key → 401."""
        async with self._uow_factory() as uow:
            owner = await uow.users.owner_of_key(hash_api_key(api_key))
            user = await uow.users.get(owner) if owner is not None else None
        if user is None or not key_matches(api_key, user.api_key_hash):
            raise AuthenticationError(
                "invalid API key: send the key your user was created with, or none", next_step=NextStep.CREATE_USER
            )
        return user


class DeleteUser:
    """Removes the user and, by cascade, everything stored about them; then rebuilds the shared
    collaborative model so their likes stop shaping anyone's recommendations. A failed rebuild is
    logged (the deletion itself is already committed) and retried by the next import or `cf rebuild`."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        cache: AuthCache | None = None,
        collaborative: CollaborativeRefresh | None = None,
        revocations: AuthRevocations | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._cache = cache
        self._collaborative = collaborative
        self._revocations = revocations

    async def execute(self, user_id: uuid.UUID) -> None:
        if self._cache is not None:
            self._cache.forget(user_id)
        async with self._uow_factory() as uow:
            await uow.users.lock(user_id)
            if not await uow.users.delete(user_id):
                raise UserNotFoundError(f"no user {user_id}")
            await uow.commit()
        if self._revocations is not None:  # every other worker stops trusting its cached entry
            await self._revocations.revoke(user_id)
        if self._cache is not None:  # again: a request may have cached the user while we deleted it
            self._cache.forget(user_id)
        if self._collaborative is not None:
            try:
                await self._collaborative.execute(force=True)
            except Exception:  # the user is gone either way; the model catches up on the next rebuild
                log.exception("collaborative rebuild after deleting a user failed")

"""AuthenticateUser with its in-process cache: one database lookup per burst, forgotten on delete."""

from __future__ import annotations

import pytest

from src.application.manage_users import AuthCache, AuthenticateUser, CreateUser, DeleteUser
from src.domain.errors import AuthenticationError
from tests.fakes import FakeStore, FakeUnitOfWork


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_cached_key_skips_the_store_until_it_expires() -> None:
    store, clock = FakeStore(), Clock()
    cache = AuthCache(ttl_seconds=30, clock=clock)
    created = await CreateUser(lambda: FakeUnitOfWork(store)).execute("ana")
    auth = AuthenticateUser(lambda: FakeUnitOfWork(store), cache)
    await auth.execute(created.user.id, created.api_key)
    store.users.clear()  # the store no longer knows the user: only the cache can answer now
    assert (await auth.execute(created.user.id, created.api_key)).id == created.user.id
    with pytest.raises(AuthenticationError):  # a wrong key is never accepted from the cache
        await auth.execute(created.user.id, created.api_key + "x")
    clock.now = 31
    with pytest.raises(AuthenticationError):
        await auth.execute(created.user.id, created.api_key)


async def test_deleting_a_user_forgets_its_cached_key() -> None:
    store = FakeStore()
    cache = AuthCache(ttl_seconds=30)
    created = await CreateUser(lambda: FakeUnitOfWork(store)).execute(None)
    auth = AuthenticateUser(lambda: FakeUnitOfWork(store), cache)
    await auth.execute(created.user.id, created.api_key)
    await DeleteUser(lambda: FakeUnitOfWork(store), cache).execute(created.user.id)
    with pytest.raises(AuthenticationError):
        await auth.execute(created.user.id, created.api_key)

"""The real app and use cases with fakes swapped in through the container: no database at all."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from dependency_injector import providers

from src.application.user_state import UowSnapshotReader
from src.container import Container
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.settings import Settings
from src.presentation.api.app import create_app
from tests.fakes import FakeStore, FakeUnitOfWork, NoMatches
from tests.stubs.collaborative_fakes import FakeCollaborativeStore
from tests.unit.test_import_watch_history import history_csv


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
async def client(store: FakeStore) -> AsyncIterator[httpx.AsyncClient]:
    container = Container()
    container.settings.override(Settings(database_url="postgresql://unused@localhost/unused", auto_migrate=False, candidate_index="pgvector"))
    container.uow.override(providers.Factory(FakeUnitOfWork, store))
    container.snapshot_reader.override(providers.Factory(UowSnapshotReader, container.uow.provider))
    container.matcher.override(NoMatches())
    container.collaborative_store.override(FakeCollaborativeStore(store))
    container.embedder.override(HashingEmbedder())
    app = create_app(container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c
    container.unwire()


async def test_create_upload_and_read_the_profile(client: httpx.AsyncClient, store: FakeStore) -> None:
    created = (await client.post("/api/v1/users", json={"name": "ana"})).json()
    headers = {"Authorization": f"Bearer {created['api_key']}"}
    stored = next(iter(store.users.values()))
    assert stored.name == "ana" and created["api_key"] not in stored.api_key_hash  # only the hash is kept
    r = await client.post(
        f"/api/v1/users/{created['id']}/watch-history", headers=headers, files={"file": ("h.csv", history_csv(40))}
    )
    assert r.status_code == 200, r.text
    assert r.json()["liked_count"] == 40 and r.json()["matched"]["total"] == 0 and len(r.json()["unmatched"]) == 45
    profile = (await client.get(f"/api/v1/users/{created['id']}/profile", headers=headers)).json()
    assert profile["liked_count"] == 40 and profile["algorithm"] == "single"
    assert store.profiles[stored.id].version == 1


async def test_uploads_over_the_limit_are_413(client: httpx.AsyncClient, store: FakeStore) -> None:
    created = (await client.post("/api/v1/users")).json()
    headers = {"Authorization": f"Bearer {created['api_key']}"}
    big = b"Title\n" + b"x" * (21 * 1024 * 1024)
    r = await client.post(f"/api/v1/users/{created['id']}/watch-history", headers=headers, files={"file": ("b.csv", big)})
    assert r.status_code == 413 and store.histories == {}

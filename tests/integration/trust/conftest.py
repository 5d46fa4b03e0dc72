"""Fixtures for the trust tests (limits, security, failures, concurrency, fuzzing).

`committed_container` works on the offline-catalog database like `full_container`, but with its own
engine and REAL commits (concurrency can't be shown inside one rolled-back transaction); every user
created during the test is deleted afterwards (ON DELETE CASCADE takes their history, profile and
feedback), so the database is left as it was found."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from src.container import Container
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.settings import Settings
from src.presentation.api.app import create_app

User = tuple[str, dict[str, str]]
OFFLINE_DB = "/offline_catalog?"


def catalog_url(pg_url: str) -> str:
    return pg_url.replace("/postgres?", OFFLINE_DB)


@pytest.fixture
def make_settings(pg_url: str) -> Callable[..., Settings]:
    """Settings on the offline-catalog database; keyword arguments override any field."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": catalog_url(pg_url),
            "auto_migrate": False,
            "embedder": "hashing",
        }
        return Settings(**{**values, **overrides})

    return make


async def delete_users_created_since(engine: AsyncEngine, since: datetime) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM users WHERE created_at >= :since"), {"since": since})


@pytest.fixture
async def committed_container(
    catalog_engine: AsyncEngine, make_settings: Callable[..., Settings]
) -> AsyncIterator[Container]:
    started = datetime.now(UTC)
    container = Container()
    container.settings.override(make_settings(
        rate_limit_per_minute=0, signup_rate_per_minute=0, search_rate_per_minute=0, anonymous_rate_per_minute=0
    ))  # hammered
    container.embedder.override(HashingEmbedder())
    try:
        yield container
    finally:
        container.unwire()
        await container.engine().dispose()
        await delete_users_created_since(catalog_engine, started)


@pytest.fixture
async def committed_api(committed_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(committed_container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def new_user(api: httpx.AsyncClient, name: str = "tester") -> User:
    r = await api.post("/api/v1/users", json={"name": name})
    assert r.status_code == 201, r.text
    body = r.json()
    return body["id"], {"Authorization": f"Bearer {body['api_key']}"}


async def upload(api: httpx.AsyncClient, user: User, name: str, data: bytes, **form: str) -> httpx.Response:
    uid, headers = user
    return await api.post(
        f"/api/v1/users/{uid}/watch-history", headers=headers, files={"file": (name, data)}, data=form
    )


@pytest.fixture
def limited_api_factory(
    catalog_sessions: async_sessionmaker[AsyncSession], make_settings: Callable[..., Settings]
) -> Callable[..., httpx.AsyncClient]:
    """An app on the rolled-back catalog transaction with the given settings."""

    def build(**overrides: Any) -> httpx.AsyncClient:
        container = Container()
        container.settings.override(make_settings(**overrides))
        container.session_factory.override(catalog_sessions)
        container.embedder.override(HashingEmbedder())
        app = create_app(container, prepare=False)
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    return build

"""Shared fixtures. Integration tests run against a real embedded PostgreSQL (pgserver + pgvector),
migrated once per session; each test runs inside an outer transaction that is rolled back at the end."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Most integration tests run every request of a test on one rolled-back connection: a refit running as a
# background task beside the test's next request would share it. They refit inline; the background mode
# (the service's default) has its own tests on real commits (tests/integration/trust/test_background_refit.py).
os.environ.setdefault("CINEMAI_CF_REFIT", "inline")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """TEST_DATABASE_URL points the suite at a server of your own; otherwise an embedded one starts.

    Its data dir is a world-traversable temp dir: run as root, pgserver runs PostgreSQL as its own
    system user, which cannot enter pytest's 0700 tmp_path."""
    from src.infrastructure.db.embedded import start_embedded, to_asyncpg_url

    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield to_asyncpg_url(configured)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="cinemai-test-pg-"))
    data_dir.chmod(0o755)
    yield start_embedded(data_dir / "data", delete_on_exit=True)


@pytest.fixture(scope="session")
async def engine(pg_url: str) -> AsyncIterator[AsyncEngine]:
    from src.infrastructure.db.embedded import create_engine
    from src.infrastructure.db.migrate import upgrade

    eng = create_engine(pg_url, pool_size=5)
    await upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        outer = await conn.begin()
        yield conn
        await outer.rollback()


@pytest.fixture
def session_factory(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions joined to the test's outer transaction: a unit of work's commit releases a savepoint."""
    return async_sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


def make_container(sessions: async_sessionmaker[AsyncSession]) -> Any:
    """The real container, its database pointed at a test transaction and its embedder at the
    deterministic hashing model (the real MiniLM model has its own slow test)."""
    from src.container import Container
    from src.infrastructure.embedding.hashing import HashingEmbedder
    from src.infrastructure.settings import Settings

    c = Container()
    c.settings.override(Settings(database_url="postgresql://unused@localhost/unused", auto_migrate=False))
    c.session_factory.override(sessions)
    c.embedder.override(HashingEmbedder())
    return c


async def client_for(container: Any) -> AsyncIterator[Any]:
    """An httpx client on the real app built around `container` (no lifespan: the test owns the database)."""
    import httpx

    from src.presentation.api.app import create_app

    app = create_app(container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client
    container.unwire()


@pytest.fixture
def container(session_factory: async_sessionmaker[AsyncSession]) -> Any:
    return make_container(session_factory)


@pytest.fixture
async def api(container: Any) -> AsyncIterator[Any]:
    async for client in client_for(container):
        yield client

"""A second database holding the real offline catalog (17k films from bokeh_sampledata), embedded once
per session with the deterministic hashing model, for tests that match real watch histories."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)

from src.application.import_catalog import ImportCatalog, ImportCatalogCommand
from src.container import Container
from src.infrastructure.catalog.offline import OfflineCatalogSource
from src.infrastructure.db.embedded import create_engine
from src.infrastructure.db.migrate import upgrade
from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from src.infrastructure.embedding.hashing import HashingEmbedder
from tests.conftest import client_for, make_container


@pytest.fixture(scope="session")
async def catalog_engine(engine: AsyncEngine, pg_url: str) -> AsyncIterator[AsyncEngine]:
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        exists = await conn.scalar(text("select 1 from pg_database where datname = 'offline_catalog'"))
        if not exists:
            await conn.execute(text("CREATE DATABASE offline_catalog"))
    eng = create_engine(pg_url.replace("/postgres?", "/offline_catalog?"), pool_size=5)
    await upgrade(eng)
    factory = async_sessionmaker(eng, expire_on_commit=False)
    await ImportCatalog(lambda: SqlAlchemyUnitOfWork(factory), HashingEmbedder()).execute(
        ImportCatalogCommand(source=OfflineCatalogSource(), batch_size=2000)
    )
    yield eng
    await eng.dispose()


@pytest.fixture
async def catalog_connection(catalog_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with catalog_engine.connect() as conn:
        outer = await conn.begin()
        yield conn
        await outer.rollback()


@pytest.fixture
def catalog_sessions(catalog_connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind=catalog_connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def full_container(catalog_sessions: async_sessionmaker[AsyncSession]) -> Container:
    return make_container(catalog_sessions)  # type: ignore[no-any-return]


@pytest.fixture
async def full_api(full_container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async for client in client_for(full_container):
        yield client


@pytest.fixture
async def user(full_api: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    r = await full_api.post("/api/v1/users", json={"name": "tester"})
    assert r.status_code == 201, r.text
    body = r.json()
    return body["id"], {"Authorization": f"Bearer {body['api_key']}"}

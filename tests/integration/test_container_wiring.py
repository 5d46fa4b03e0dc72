"""The container's own wiring, not overridden: settings → URL → engine (with the vector codec) →
migrations → use cases. Catches what fixture overrides would hide."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.import_catalog import ImportCatalogCommand
from src.container import Container, database
from src.infrastructure.settings import Settings
from tests.integration.test_api_catalog import MOVIES
from tests.integration.test_catalog_store import ListSource

pytestmark = pytest.mark.integration


async def test_the_real_container_migrates_imports_and_queries(engine: AsyncEngine, pg_url: str) -> None:
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("DROP DATABASE IF EXISTS container_wiring"))
        await conn.execute(text("CREATE DATABASE container_wiring"))
    url = pg_url.replace("/postgres?", "/container_wiring?")
    container = Container()
    container.settings.override(Settings(database_url=url, embedder="hashing"))
    async with database(container):
        result = await container.import_catalog().execute(ImportCatalogCommand(source=ListSource(list(MOVIES))))
        assert result.inserted == len(MOVIES)
        alien = (await container.catalog_reader().search_titles("Alien", 1))[0]
        similar = await container.find_similar_movies().execute(alien.id or 0, limit=2)
        assert len(similar.neighbours) == 2 and similar.movie.embedding is not None
        assert similar.movie.embedding.dtype.name == "float32"
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("DROP DATABASE container_wiring"))

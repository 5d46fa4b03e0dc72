from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from src.infrastructure.db.migrate import downgrade, upgrade

pytestmark = pytest.mark.integration


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("select tablename from pg_tables where schemaname = 'public'"))
        return {r[0] for r in rows}


async def _columns(engine: AsyncEngine, table: str) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("select column_name from information_schema.columns where table_name = :t"), {"t": table}
        )
        return {r[0] for r in rows}


async def test_migrations_up_down_up_on_a_fresh_database(engine: AsyncEngine, pg_url: str) -> None:
    name = f"mig_{uuid.uuid4().hex[:8]}"
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    fresh = create_async_engine(pg_url.replace("/postgres?", f"/{name}?"))
    try:
        await upgrade(fresh)
        after_up = await _tables(fresh)
        assert {"movies", "users", "watch_entries", "profiles", "profile_clusters", "feedback"} <= after_up
        assert {"item_neighbors", "cf_state"} <= after_up  # 0002: the collaborative model
        async with fresh.connect() as conn:
            indexes = {r[0] for r in await conn.execute(text("select indexname from pg_indexes"))}
        assert {"ix_movies_embedding_hnsw_384", "ix_movies_embedding_hnsw_1536"} <= indexes
        assert "ix_watch_entries_liked_movie" in indexes
        assert await _columns(fresh, "movies") >= {"quality"}  # 0003: the quality prior
        assert await _columns(fresh, "item_neighbors") >= {"supports"}  # 0003: pair support
        assert "jobs" in after_up  # 0006: background jobs
        assert "catalog_state" in after_up  # 0009: the catalog version, bumped by a trigger on movies
        assert {"user_lists", "user_list_items"} <= after_up  # 0005: a person's lists
        assert await _columns(fresh, "profile_liked") >= {"rating"}  # 0004: the user's own rating
        await downgrade(fresh, "0003_quality_prior")
        assert "jobs" not in await _tables(fresh)
        assert "catalog_state" not in await _tables(fresh)
        assert "rating" not in await _columns(fresh, "profile_liked")
        assert not {"user_lists", "user_list_items"} & await _tables(fresh)
        await downgrade(fresh, "0002")
        assert "quality" not in await _columns(fresh, "movies")
        assert "supports" not in await _columns(fresh, "item_neighbors")
        await downgrade(fresh, "0001")  # one step down: only the collaborative tables go
        assert await _tables(fresh) == after_up - {"item_neighbors", "cf_state", "user_lists", "user_list_items", "jobs", "catalog_state"}
        await downgrade(fresh)
        assert await _tables(fresh) == {"alembic_version"}
        await upgrade(fresh)
        assert await _tables(fresh) == after_up
    finally:
        await fresh.dispose()
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE "{name}"'))

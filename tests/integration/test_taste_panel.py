"""The taste panel's machinery on two personas, through the real API on the real offline catalog (hashing
embedder): throwaway database copies, uploads, the collaborative rebuild, checked top 10s."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.evaluation.panel.members import DEFAULT_PANEL_DIR, load_personas
from src.evaluation.panel.runner import PanelRunner
from src.infrastructure.settings import Settings

pytestmark = pytest.mark.integration


async def test_panel_runs_two_personas_on_one_and_three_users(
    catalog_engine: AsyncEngine, pg_url: str
) -> None:
    await catalog_engine.dispose()  # CREATE DATABASE … TEMPLATE needs the source without sessions
    url = pg_url.replace("/postgres?", "/offline_catalog?")
    settings = Settings(database_url=url, auto_migrate=False, embedder="hashing")
    personas = load_personas(DEFAULT_PANEL_DIR)[:2]
    rows = await PanelRunner(settings).run(personas, scenarios=(1, 3))
    assert [(r.persona, r.users) for r in rows] == [(p.name, 1) for p, _ in personas] + [
        (p.name, 3) for p, _ in personas
    ]  # 2 personas + 1 variant
    for row in rows:
        assert len(row.picks) == 10
        assert 0.0 <= row.quality <= 1.0 and 0.0 <= row.genre_fit <= 1.0
        watched = {
            r.title for r in dict(personas)[next(p for p, _ in personas if p.name == row.persona)].rated
        }
        assert not watched & {p.title for p in row.picks}
    async with catalog_engine.connect() as conn:  # every copy was dropped; the source kept no panel user
        assert not await conn.scalar(text("select count(*) from pg_database where datname like 'panel_%'"))
        assert not await conn.scalar(text("select count(*) from users where name like 'classic_horror%'"))

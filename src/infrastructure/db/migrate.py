"""Run Alembic migrations from code (the app's auto-migrate, `cinemai db upgrade`, the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from alembic import command

ROOT = Path(__file__).resolve().parents[3]


def alembic_config() -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    return cfg


async def _run(engine: AsyncEngine, action: str, target: str) -> None:
    cfg = alembic_config()

    def run(connection: object) -> None:
        cfg.attributes["connection"] = connection
        getattr(command, action)(cfg, target)

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def upgrade(engine: AsyncEngine, target: str = "head") -> None:
    await _run(engine, "upgrade", target)
    await engine.dispose()  # pooled connections opened before the vector type existed lack its codec


async def downgrade(engine: AsyncEngine, target: str = "base") -> None:
    await _run(engine, "downgrade", target)

"""The embedded PostgreSQL (pgserver: PostgreSQL 16 + pgvector) used when no DATABASE_URL is set,
and the one place that turns any configured URL into SQLAlchemy's asyncpg form."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from src.infrastructure.db.vector_type import install_vector_codec
from src.infrastructure.settings import Settings

log = logging.getLogger(__name__)
_lock = threading.Lock()
_servers: dict[Path, Any] = {}


def to_asyncpg_url(url: str) -> str:
    """postgres:// or postgresql:// (any driver) → postgresql+asyncpg://; an empty password is dropped."""
    scheme, _, rest = url.partition("://")
    if not rest:
        raise ValueError(f"not a database URL: {url!r}")
    if scheme not in {"postgres", "postgresql"} and not scheme.startswith("postgresql+"):
        raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, got scheme {scheme!r}")
    rest = rest.replace("postgres:@", "postgres@", 1)
    return f"postgresql+asyncpg://{rest}"


def start_embedded(data_dir: Path, *, delete_on_exit: bool = False) -> str:
    """Start (or join) the embedded server whose data lives in data_dir; return its asyncpg URL.

    pgserver reference-counts processes sharing a data dir and stops the server when the last exits;
    delete_on_exit also removes the data (for tests)."""
    import pgserver  # imported lazily: only the embedded mode needs it

    data_dir = data_dir.resolve()
    with _lock:
        server = _servers.get(data_dir)
        if server is None:
            data_dir.mkdir(parents=True, exist_ok=True)
            log.info("starting embedded PostgreSQL in %s", data_dir)
            server = pgserver.get_server(data_dir, cleanup_mode="delete" if delete_on_exit else "stop")
            _servers[data_dir] = server
    return to_asyncpg_url(server.get_uri())


def resolve_database_url(settings: Settings) -> str:
    if settings.database_url:
        return to_asyncpg_url(settings.database_url)
    return start_embedded(settings.data_dir / "pgdata")


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """The async engine every part of the app uses: asyncpg with pgvector's binary codec."""
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    return install_vector_codec(engine)

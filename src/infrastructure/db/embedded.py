"""The embedded PostgreSQL (pgserver: PostgreSQL 16 + pgvector) used when no DATABASE_URL is set,
and the one place that turns any configured URL into SQLAlchemy's asyncpg form."""

from __future__ import annotations

import json
import logging
import os
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


HANDLES_FILE = ".handle_pids.json"  # pgserver's list of the processes sharing a data dir


def start_embedded(data_dir: Path, *, delete_on_exit: bool = False) -> str:
    """Start (or join) the embedded server whose data lives in data_dir; return its asyncpg URL.

    pgserver reference-counts the processes sharing a data dir (in `.handle_pids.json`) and stops the
    server when the last one exits normally (atexit); delete_on_exit also removes the data (for tests).
    A process killed with SIGKILL never unregisters, which would keep the server alive forever: dead
    processes are pruned from that list first, so a server left behind is reused by this process and
    stopped when it exits. A stale postmaster.pid without a live server is handled by pg_ctl, which
    recovers the data directory (crash recovery) on start."""
    import pgserver  # imported lazily: only the embedded mode needs it
    from pgserver.postgres_server import PostgresServer

    data_dir = data_dir.resolve()
    with _lock:
        server = _servers.get(data_dir)
        if server is None:
            data_dir.mkdir(parents=True, exist_ok=True)
            with PostgresServer._lock:  # the lock pgserver itself takes around that list
                pruned = prune_dead_handles(data_dir / HANDLES_FILE)
            if pruned:
                log.warning("embedded PostgreSQL in %s: forgot %d process(es) that died without stopping it "
                            "(%s); this process now owns it", data_dir, len(pruned), pruned)
            log.info("starting embedded PostgreSQL in %s", data_dir)
            server = pgserver.get_server(data_dir, cleanup_mode="delete" if delete_on_exit else "stop")
            _servers[data_dir] = server
    return to_asyncpg_url(server.get_uri())


def prune_dead_handles(path: Path) -> list[int]:
    """Removes the pids of processes that no longer exist from pgserver's handle list; returns them."""
    try:
        pids = [int(p) for p in json.loads(path.read_text())]
    except (FileNotFoundError, ValueError, TypeError):
        return []
    dead = [p for p in pids if not _alive(p)]
    if dead:
        path.write_text(json.dumps([p for p in pids if p not in dead]))
    return dead


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped) counts as dead
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def embedded_uri(data_dir: Path) -> str | None:
    """The libpq URI of the embedded server this process started for data_dir, if any."""
    server = _servers.get(data_dir.resolve())
    return None if server is None else str(server.get_uri())


def resolve_database_url(settings: Settings) -> str:
    if settings.database_url:
        return to_asyncpg_url(settings.database_url)
    return start_embedded(settings.data_dir / "pgdata")


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """The async engine every part of the app uses: asyncpg with pgvector's binary codec."""
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    return install_vector_codec(engine)

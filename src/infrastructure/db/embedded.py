"""The embedded PostgreSQL (pgserver: PostgreSQL 16 + pgvector) used when no DATABASE_URL is set,
and the one place that turns any configured URL into SQLAlchemy's asyncpg form.

Lifecycle. pgserver reference-counts the processes sharing a data dir in `<pgdata>/.handle_pids.json`
and stops the server when the last one releases it, from an atexit hook. Two things defeated that:
a process that dies without running atexit (SIGKILL; or SIGTERM, whose default action skips atexit and
which uvicorn re-raises after its graceful shutdown) leaves its pid in the list forever, so no later
process is ever "the last" and the postmaster runs on. Here:

- the CLI turns SIGTERM/SIGHUP into SystemExit (`exit_on_termination_signals`), so atexit runs;
- our own atexit hook (`release_embedded`) drops the pids of processes that no longer exist before
  handing over to pgserver's cleanup, so a dead worker or a killed predecessor cannot keep it alive;
- at start (`recover_data_dir`) the same pruning runs, and a postmaster.pid naming a process that is not
  this data dir's postmaster (crashed server, pid reused) is removed so PostgreSQL starts (and replays
  its WAL) instead of refusing; a postmaster orphaned by a killed process is reused and then owned, so
  it stops with this process."""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from src.infrastructure.db.vector_type import install_vector_codec
from src.infrastructure.settings import Settings

log = logging.getLogger(__name__)
_lock = threading.Lock()
_servers: dict[Path, Any] = {}
HANDLE_PIDS = ".handle_pids.json"


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

    The server stops when the last process using it exits (delete_on_exit also removes the data, for
    tests); a server or lock file left behind by a killed process is recovered first."""
    import pgserver  # imported lazily: only the embedded mode needs it
    from pgserver.postgres_server import PostgresServer

    data_dir = data_dir.resolve()
    with _lock:
        server = _servers.get(data_dir)
        if server is None:
            data_dir.mkdir(parents=True, exist_ok=True)
            with PostgresServer._lock:
                recover_data_dir(data_dir)
            log.info("starting embedded PostgreSQL in %s", data_dir)
            server = pgserver.get_server(data_dir, cleanup_mode="delete" if delete_on_exit else "stop")
            atexit.unregister(server._cleanup)  # replaced by release_embedded, which prunes dead pids first
            atexit.register(release_embedded, data_dir)
            _servers[data_dir] = server
    return to_asyncpg_url(server.get_uri())


def embedded_uri(data_dir: Path) -> str | None:
    """The libpq URI of the embedded server this process started for data_dir, if any."""
    server = _servers.get(data_dir.resolve())
    return None if server is None else str(server.get_uri())


def release_embedded(data_dir: Path) -> None:
    """Drop this process's handle on the server in data_dir; the last live process stops it."""
    from pgserver.postgres_server import PostgresServer

    data_dir = data_dir.resolve()
    with _lock:
        server = _servers.pop(data_dir, None)
        if server is None:
            return
        with PostgresServer._lock:
            _prune_dead_handles(data_dir)
        server.cleanup()
        log.info("released embedded PostgreSQL in %s", data_dir)


def recover_data_dir(data_dir: Path) -> None:
    """Undo what a killed process left in data_dir. Call with pgserver's inter-process lock held."""
    _prune_dead_handles(data_dir)
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return
    pid = postmaster_pid(data_dir)
    if pid is not None and is_postmaster_of(pid, data_dir):
        log.info("reusing the PostgreSQL server (pid %d) already running in %s", pid, data_dir)
        return
    log.warning("removing stale %s (pid %s is not its server); PostgreSQL will recover the data", pid_file, pid)
    pid_file.unlink(missing_ok=True)


def _prune_dead_handles(data_dir: Path) -> None:
    path = data_dir / HANDLE_PIDS
    try:
        pids = [int(p) for p in json.loads(path.read_text())]
    except FileNotFoundError:
        return
    except (ValueError, TypeError):
        log.warning("discarding unreadable %s", path)
        pids = []
    alive = [pid for pid in pids if pid_exists(pid)]
    if alive != pids:
        log.info("forgetting processes that ended without releasing %s: %s", data_dir, sorted(set(pids) - set(alive)))
        path.write_text(json.dumps(alive))


def postmaster_pid(data_dir: Path) -> int | None:
    """The pid on the first line of data_dir/postmaster.pid, or None if there is none."""
    try:
        first = (data_dir / "postmaster.pid").read_text().splitlines()[:1]
        return int(first[0]) if first else None
    except (FileNotFoundError, ValueError):
        return None


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return _proc_state(pid) not in {"Z", "X"}  # a zombie has ended; it only waits for its parent


def is_postmaster_of(pid: int, data_dir: Path) -> bool:
    """True if pid is a live postgres whose command line names data_dir (best effort without /proc)."""
    if not pid_exists(pid):
        return False
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no procfs: trust a live pid, as PostgreSQL does
    except PermissionError:
        return True
    return bool(args) and Path(os.fsdecode(args[0])).name == "postgres" and os.fsencode(str(data_dir)) in args


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, PermissionError, ProcessLookupError):
        return None
    return stat.rpartition(")")[2].split()[0]


def exit_on_termination_signals() -> None:
    """Make SIGTERM and SIGHUP raise SystemExit in the main thread, so `finally` blocks and atexit hooks
    (which stop the embedded server) run. Signals someone already handles are left alone."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _raise_system_exit)


def _raise_system_exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def resolve_database_url(settings: Settings) -> str:
    if settings.database_url:
        return to_asyncpg_url(settings.database_url)
    return start_embedded(settings.data_dir / "pgdata")


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """The async engine every part of the app uses: asyncpg with pgvector's binary codec."""
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    return install_vector_codec(engine)

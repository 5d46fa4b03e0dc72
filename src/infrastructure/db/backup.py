"""`cinemai backup` / `cinemai restore`: pg_dump and pg_restore of the database the app uses (the embedded
server, or the one at DATABASE_URL).

- The binaries: pgserver's own (the same PostgreSQL 16 as the embedded server), else the first on PATH.
- The URL: the app's asyncpg URL turned back into a libpq one (`+asyncpg` dropped, asyncpg's `ssl=` read
  as `sslmode=`); the password goes through PGPASSWORD, never on a command line others can read in `ps`.
- A backup is a custom-format archive (`pg_dump -Fc`) written to FILE.tmp and renamed, so FILE is
  either absent or complete. The row counts it reports are read in the snapshot pg_dump dumps
  (`pg_export_snapshot`), so they describe exactly what the file holds.
- A restore checks the file with `pg_restore --list` first, then runs
  `pg_restore --clean --if-exists --single-transaction --no-owner`: every object in the archive is
  dropped and recreated in one transaction, so a failure (truncated file, lost connection) leaves the
  database as it was. Objects the archive does not hold (tables of a newer migration) are left alone.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from src.domain.errors import CinemAIError, ConflictError, InvalidInputError, ServiceUnavailableError

# pg_dump older than the server; pg_restore older than the archive
_VERSION_REFUSAL = re.compile(r"server version mismatch|unsupported version .* in file header")
# what a backup is described by: (table, label)
COUNTED_TABLES = (("users", "users"), ("watch_entries", "history rows"), ("movies", "movies"))


class BackupFailedError(CinemAIError):
    """pg_dump or pg_restore failed; the message carries their last error line."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    size_bytes: int
    counts: dict[str, int] = field(default_factory=dict)  # label → rows, for the tables that exist


def pg_tools(name: str) -> list[Path]:
    """The `name` binaries (pg_dump, pg_restore) to try, in order: pgserver's, then the one on PATH."""
    found: list[Path] = []
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.is_file() and os.access(bundled, os.X_OK):
            found.append(bundled)
    except ImportError:
        pass
    on_path = shutil.which(name)
    if on_path is not None and Path(on_path).resolve() not in {p.resolve() for p in found}:
        found.append(Path(on_path))
    if not found:
        raise BackupFailedError(f"{name} not found: install pgserver or the PostgreSQL client tools")
    return found


def libpq_url(url: str) -> tuple[str, dict[str, str]]:
    """The libpq URL for a SQLAlchemy URL (any driver), without its password, and the environment that
    carries the password (PGPASSWORD) when there is one."""
    parsed = make_url(url)
    query = dict(parsed.query)
    if "ssl" in query and "sslmode" not in query:  # asyncpg spells libpq's sslmode "ssl"
        query["sslmode"] = query.pop("ssl")
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    plain = URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, query)
    return plain.render_as_string(hide_password=False), env


class PgDumpBackups:
    """Backups of the database at `database_url` (the app's asyncpg URL) with pg_dump/pg_restore.
    `engine` (the app's engine on the same database) reads the row counts."""

    def __init__(self, database_url: str, engine: AsyncEngine) -> None:
        self._url, self._env = libpq_url(database_url)
        self._engine = engine
        parsed = make_url(database_url)
        host = parsed.host or parsed.query.get("host") or "localhost"
        self.target = f"database {parsed.database!r} on {host if isinstance(host, str) else host[0]}"

    async def backup(self, path: Path, *, force: bool = False) -> BackupSummary:
        """Dump the database to `path` (custom format). Refuses an existing `path` unless `force`;
        on any failure `path` is untouched and no temporary file is left."""
        _check_target(path, force=force)
        tmp = path.with_name(path.name + ".tmp")
        try:
            async with self._engine.connect() as conn:
                await conn.execution_options(isolation_level="REPEATABLE READ")
                async with conn.begin():
                    snapshot = str(await conn.scalar(text("select pg_export_snapshot()")))
                    counts = await _counts(conn)
                    await self._run("pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}",
                                    f"--file={tmp}", f"--dbname={self._url}")
            os.replace(tmp, path)
        finally:
            _remove(tmp)
        return BackupSummary(path, _size(path), counts)

    async def check_archive(self, path: Path) -> int:
        """The number of entries in the archive at `path`; InvalidInputError if it is missing or is not a
        pg_dump custom-format archive."""
        if not _is_file(path):
            raise InvalidInputError(f"{path}: no such file")
        code, out, err = await self._exec("pg_restore", "--list", str(path))
        if code != 0:
            reason = _error_line(err).removeprefix("pg_restore: error: ")
            raise InvalidInputError(f"{path} is not a backup made by `cinemai backup` (pg_restore: {reason})")
        return sum(1 for line in out.splitlines() if line and not line.startswith(";"))

    async def restore(self, path: Path) -> BackupSummary:
        """Replace what the archive holds in the database, in one transaction; the counts after."""
        await self.check_archive(path)
        await self._run("pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
                        f"--dbname={self._url}", str(path))
        async with self._engine.connect() as conn:
            counts = await _counts(conn)
        return BackupSummary(path, _size(path), counts)

    async def _run(self, tool: str, *args: str) -> None:
        code, _, err = await self._exec(tool, *args)
        if code != 0:
            line = _error_line(err)
            if "connection to server" in err and "failed" in err:
                raise ServiceUnavailableError(f"{tool} could not reach the {self.target}: {line}")
            raise BackupFailedError(f"{tool} failed, nothing was changed: {line}")

    async def _exec(self, tool: str, *args: str) -> tuple[int, str, str]:
        """Run `tool`; when one build refuses the server's or the archive's version, the next is tried."""
        result = (1, "", "")
        for binary in pg_tools(tool):
            process = await asyncio.create_subprocess_exec(
                str(binary), *args,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                env={**os.environ, **self._env},
            )
            out, err = await process.communicate()
            result = (int(process.returncode or 0), out.decode(errors="replace"), err.decode(errors="replace"))
            if result[0] == 0 or not _VERSION_REFUSAL.search(result[2]):
                return result
        return result


async def _counts(conn: AsyncConnection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, label in COUNTED_TABLES:
        if await conn.scalar(text("select to_regclass(:t) is not null"), {"t": f"public.{table}"}):
            counts[label] = int(await conn.scalar(text(f"select count(*) from public.{table}")) or 0)
    return counts


def _check_target(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise InvalidInputError(f"{path} is a directory; give a file name, e.g. {path / 'cinemai.dump'}")
    if path.exists() and not force:
        raise ConflictError(f"{path} already exists; pass --force to overwrite it")
    if not path.parent.is_dir():
        raise InvalidInputError(f"{path.parent}: no such directory")


def _is_file(path: Path) -> bool:
    return path.is_file()


def _size(path: Path) -> int:
    return path.stat().st_size


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _error_line(err: str) -> str:
    """The first line saying "error:" (pg_restore follows it with the failed command), else the last."""
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line]
    return (errors or lines or ["no message"])[0 if errors else -1]

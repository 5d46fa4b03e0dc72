"""`cinemai backup` / `cinemai restore` through the real CLI, pg_dump/pg_restore and a fresh database on the
test server: a user and their history survive a round trip; a bad or truncated file changes nothing."""

from __future__ import annotations

import asyncio
import io
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from src.container import Container, database
from src.presentation.cli.main import main
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration

CATALOG = """title,year,genres
Alien,1979,Horror|Science Fiction
The Shining,1980,Horror
Heat,1995,Crime|Thriller
"""
State = tuple[list[tuple[str, str | None]], list[tuple[str, str]]]


def _sql(url: str, statement: str, *, autocommit: bool = False) -> list[tuple[object, ...]]:
    async def go() -> list[tuple[object, ...]]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                if autocommit:
                    await conn.execution_options(isolation_level="AUTOCOMMIT")
                result = await conn.execute(text(statement))
                rows = [tuple(r) for r in result] if result.returns_rows else []
                await conn.commit()
                return rows
        finally:
            await engine.dispose()

    return asyncio.run(go())


@pytest.fixture
def fresh_db(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new empty database on the test server, which the CLI uses through DATABASE_URL."""
    name = f"backup_{uuid.uuid4().hex[:8]}"
    _sql(pg_url, f'CREATE DATABASE "{name}"', autocommit=True)
    url = pg_url.replace("/postgres?", f"/{name}?")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CINEMAI_EMBEDDER", "hashing")
    monkeypatch.setenv("CINEMAI_DATA_DIR", str(tmp_path / "data"))
    yield url
    _sql(pg_url, f'DROP DATABASE "{name}" WITH (FORCE)', autocommit=True)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, " ".join((captured.out + captured.err).split())  # rich wraps lines at 80 columns


def state(url: str) -> State:
    users = _sql(url, "select id::text, name from users order by id")
    entries = _sql(url, "select user_id::text, movie_id::text from watch_entries order by 1, 2")
    return [(str(u), n) for u, n in users], [(str(u), str(m)) for u, m in entries]  # type: ignore[misc]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def delete_user(user_id: str) -> None:
    async def go() -> None:
        container = Container()
        async with database(container):
            await container.delete_user().execute(uuid.UUID(user_id))

    asyncio.run(go())


def test_backup_and_restore_round_trip(
    fresh_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "catalog.csv").write_text(CATALOG)
    assert cli(capsys, "catalog", "import", "--source", "file", str(tmp_path / "catalog.csv"))[0] == 0
    code, out = cli(capsys, "users", "create", "--name", "kept")
    assert code == 0, out
    match = re.search(r"user id: ([0-9a-f-]{36})", out)
    assert match, out
    uid = match.group(1)
    code, out = cli(capsys, "import-history", str(EXAMPLES / "letterboxd/ratings.csv"), "--user", uid)
    assert code == 0, out
    before = state(fresh_db)
    assert before[0] == [(uid, "kept")]
    assert {u for u, _ in before[1]} == {uid} and len(before[1]) >= 3  # Alien, The Shining, Heat matched

    dump = tmp_path / "cinemai.dump"
    code, out = cli(capsys, "backup", str(dump))
    assert code == 0, out
    assert "1 users" in out and f"{len(before[1])} history rows" in out and "3 movies" in out, out
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert not (tmp_path / "cinemai.dump.tmp").exists()

    code, out = cli(capsys, "backup", str(dump))
    assert code == 1 and "already exists" in out and "--force" in out, out
    assert cli(capsys, "backup", str(dump), "--force")[0] == 0

    delete_user(uid)
    assert state(fresh_db) == ([], [])

    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # not a terminal: --yes is required
    code, out = cli(capsys, "restore", str(dump))
    assert code == 1 and "pass --yes" in out, out
    assert state(fresh_db) == ([], [])

    monkeypatch.setattr("sys.stdin", Terminal("no\n"))  # a person at a terminal who says no
    code, out = cli(capsys, "restore", str(dump))
    assert code == 1 and "Type 'yes'" in out and "nothing restored" in out, out
    assert state(fresh_db) == ([], [])

    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    code, out = cli(capsys, "restore", str(dump))
    assert code == 0, out
    assert "1 users" in out, out
    assert state(fresh_db) == before
    # the restored database is the app's again: the restored user takes a new upload
    assert cli(capsys, "import-history", str(EXAMPLES / "letterboxd/ratings.csv"), "--user", uid)[0] == 0


def test_restore_refuses_a_missing_bad_or_truncated_file_and_changes_nothing(
    fresh_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = cli(capsys, "users", "create", "--name", "first")
    assert code == 0, out
    dump = tmp_path / "one-user.dump"
    assert cli(capsys, "backup", str(dump))[0] == 0
    assert cli(capsys, "users", "create", "--name", "second")[0] == 0
    before = state(fresh_db)
    assert len(before[0]) == 2

    code, out = cli(capsys, "restore", str(tmp_path / "nope.dump"), "--yes")
    assert code == 1 and "no such file" in out, out

    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a backup\n" * 100)
    code, out = cli(capsys, "restore", str(junk), "--yes")
    assert code == 1 and "is not a backup made by `cinemai backup`" in out, out

    sql = tmp_path / "plain.sql"
    sql.write_text("--\n-- PostgreSQL database dump\n--\n\nDROP TABLE users;\n" + "-- padding\n" * 50)
    code, out = cli(capsys, "restore", str(sql), "--yes")
    assert code == 1 and "text format dump" in out, out

    # a truncated archive passes `pg_restore --list` (its table of contents comes first) and fails while
    # loading data, after `--clean` has dropped the tables: the single transaction undoes the drops
    truncated = tmp_path / "truncated.dump"
    data = dump.read_bytes()
    truncated.write_bytes(data[: len(data) - 200])
    code, out = cli(capsys, "restore", str(truncated), "--yes")
    assert code == 1 and "nothing was changed" in out, out

    assert state(fresh_db) == before

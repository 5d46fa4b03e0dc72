"""The libpq URL pg_dump/pg_restore get from the app's asyncpg URL, and the order the binaries are tried in."""

from __future__ import annotations

from pathlib import Path

import pytest

from src.infrastructure.db import backup
from src.infrastructure.db.backup import libpq_url


def test_the_password_travels_in_the_environment_not_on_the_command_line() -> None:
    url, env = libpq_url("postgresql+asyncpg://app:s3cr%40t@db.example:5433/cinemai")
    assert url == "postgresql://app@db.example:5433/cinemai"
    assert env == {"PGPASSWORD": "s3cr@t"}


def test_the_embedded_servers_unix_socket_is_kept() -> None:
    url, env = libpq_url("postgresql+asyncpg://postgres@/postgres?host=/tmp/cinemai/pgdata")
    assert url.startswith("postgresql://postgres@/postgres?host=")
    assert url.split("host=")[1].replace("%2F", "/") == "/tmp/cinemai/pgdata"
    assert env == {}


def test_asyncpgs_ssl_parameter_becomes_libpqs_sslmode() -> None:
    url, _ = libpq_url("postgresql+asyncpg://app@db.example/cinemai?ssl=require")
    assert url == "postgresql://app@db.example/cinemai?sslmode=require"


def test_pgservers_binaries_come_before_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    on_path = tmp_path / "pg_dump"
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    tools = backup.pg_tools("pg_dump")
    assert tools[-1] == on_path
    assert len(tools) == 2 and "pginstall" in str(tools[0])  # pgserver is a dependency of the app


def test_versions_refusals_are_recognised() -> None:
    assert backup._VERSION_REFUSAL.search("pg_dump: error: aborting because of server version mismatch")
    assert backup._VERSION_REFUSAL.search("pg_restore: error: unsupported version (1.16) in file header")
    assert not backup._VERSION_REFUSAL.search("pg_restore: error: could not read from input file: end of file")

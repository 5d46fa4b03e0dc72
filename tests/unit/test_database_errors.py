"""Which failures mean "the database is unreachable" (→ 503) and which are bugs (→ 500)."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import create_async_engine

from src.domain.errors import ServiceUnavailableError
from src.infrastructure.db.errors import MESSAGE, database_unavailable


async def _connect_error(url: str) -> BaseException:
    engine = create_async_engine(url, connect_args={"timeout": 2})
    try:
        async with engine.connect():
            pass
    except Exception as exc:
        return exc
    finally:
        await engine.dispose()
    raise AssertionError("connected to a server that should not exist")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://postgres@127.0.0.1:1/postgres",  # nothing listening: ConnectionRefusedError
        "postgresql+asyncpg://postgres@/postgres?host=/nonexistent-socket-dir",  # stopped: FileNotFoundError
    ],
)
async def test_a_real_failed_connection_is_unavailable(url: str) -> None:
    error = await _connect_error(url)
    mapped = database_unavailable(error)
    assert isinstance(mapped, ServiceUnavailableError) and mapped.message == MESSAGE
    assert mapped.details == {"service": "database"}


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


@pytest.mark.parametrize(
    "error",
    [
        sa_exc.OperationalError("SELECT 1", {}, ConnectionResetError("reset")),
        sa_exc.TimeoutError("QueuePool limit of size 10 overflow 10 reached"),
        sa_exc.DisconnectionError("gone"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        sa_exc.DBAPIError("SELECT 1", {}, Exception("x"), connection_invalidated=True),
    ],
)
def test_connection_class_errors_are_unavailable(error: BaseException) -> None:
    assert database_unavailable(_raised(error)) is not None


def test_a_wrapped_cause_is_found() -> None:
    try:
        try:
            raise asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command")
        except Exception as inner:
            raise sa_exc.DBAPIError("SELECT * FROM users", {}, Exception("wrapped")) from inner
    except Exception as outer:
        assert database_unavailable(outer) is not None


@pytest.mark.parametrize(
    "error",
    [
        sa_exc.ProgrammingError(
            "SELECT secret FROM nowhere", {}, Exception('relation "nowhere" does not exist')
        ),
        sa_exc.IntegrityError("INSERT ...", {}, Exception("duplicate key")),
        asyncpg.exceptions.UndefinedTableError('relation "x" does not exist'),
        FileNotFoundError(2, "No such file or directory", "/etc/cinemai/missing.toml"),  # not the driver's
        ConnectionRefusedError(111, "refused"),  # raised here, not inside the driver or the pool
        ValueError("bug"),
    ],
)
def test_bugs_and_other_services_errors_are_not_unavailable(error: BaseException) -> None:
    assert database_unavailable(_raised(error)) is None

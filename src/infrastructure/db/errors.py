"""The one place that decides "the database is unreachable": such failures become a
ServiceUnavailableError (503 in the API, a one-line message in the CLI); any other failure stays what
it is (a bug: 500, logged).

Unreachable means: SQLAlchemy's OperationalError, pool TimeoutError, DisconnectionError, or any DBAPI
error flagged as a lost connection; asyncpg's connection and operator-intervention errors (the server
refusing connections, shutting down, restarting, out of connection slots); and an OSError (refused,
reset, missing Unix socket, connect timeout) raised from inside the driver or the pool. An OSError
from elsewhere (a file, a socket to another service) is not the database's and is not mapped.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator

import asyncpg
from sqlalchemy import exc as sa_exc

from src.domain.errors import ServiceUnavailableError

MESSAGE = "the database is not answering; nothing was changed. Try again in a moment."
_SQLALCHEMY_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.TimeoutError, sa_exc.DisconnectionError)
_ASYNCPG_UNAVAILABLE = (
    asyncpg.exceptions.PostgresConnectionError,  # ConnectionDoesNotExistError, ConnectionFailureError, ...
    asyncpg.exceptions.OperatorInterventionError,  # CannotConnectNowError, AdminShutdownError, ...
    asyncpg.exceptions.TooManyConnectionsError,
)
_DRIVER_MODULES = ("sqlalchemy.", "asyncpg.")
# exception types worth a handler: every unreachable-database error is an instance of one of these
DATABASE_ERROR_TYPES: tuple[type[Exception], ...] = (
    sa_exc.SQLAlchemyError,
    asyncpg.exceptions.PostgresError,
    asyncpg.exceptions.InterfaceError,
    OSError,
)


def database_unavailable(exc: BaseException) -> ServiceUnavailableError | None:
    """A ServiceUnavailableError when `exc` (or what caused it) means the database cannot be reached,
    else None. Never includes the driver's message (it may quote SQL or connection details)."""
    for error in _causes(exc):
        if (
            isinstance(error, _SQLALCHEMY_UNAVAILABLE + _ASYNCPG_UNAVAILABLE)
            or (isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated)
            or (isinstance(error, OSError) and _raised_in_driver(error))
        ):
            return ServiceUnavailableError(MESSAGE, details={"service": "database"})
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """exc, the DBAPI exception SQLAlchemy wrapped, and the explicit or implicit causes, once each."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending and len(seen) < 20:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        orig = getattr(error, "orig", None)
        pending += [error.__context__, error.__cause__, orig if isinstance(orig, BaseException) else None]


def _raised_in_driver(error: OSError) -> bool:
    return any(
        str(frame.f_globals.get("__name__", "")).startswith(_DRIVER_MODULES)
        for frame, _ in traceback.walk_tb(error.__traceback__)
    )

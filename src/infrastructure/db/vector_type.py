"""pgvector columns in binary form, decoded straight into numpy.

pgvector's own SQLAlchemy type sends vectors as text and returns Python lists; on the hot path (hundreds of
384-d candidate vectors a request) that parsing dominated. Here the type does no Python-side processing,
and a binary codec registered on every asyncpg connection encodes lists/arrays and decodes to float32
numpy arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
from pgvector import Vector as PgVectorValue
from pgvector.sqlalchemy import VECTOR
from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine


class BinaryVector(VECTOR):
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        return None

    def literal_processor(self, dialect: Dialect) -> Any:
        return super().literal_processor(dialect)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        return None


def encode(value: Any) -> bytes:
    if isinstance(value, str):
        value = PgVectorValue.from_text(value)
    if not isinstance(value, PgVectorValue):
        value = PgVectorValue(np.asarray(value, dtype=np.float32))
    return bytes(value.to_binary())


def decode(data: bytes) -> np.ndarray:
    """pgvector's binary form: int16 dimension, int16 unused, then big-endian float32 values."""
    return np.frombuffer(data, dtype=">f4", offset=4).astype(np.float32)


async def _register(connection: Any) -> None:
    try:
        await connection.set_type_codec(
            "vector", schema="public", encoder=encode, decoder=decode, format="binary"
        )
    except ValueError as exc:  # a fresh database before the first migration has no vector type yet
        if "unknown type" not in str(exc):
            raise


def install_vector_codec(engine: AsyncEngine) -> AsyncEngine:
    """Register the codec on every new pooled connection of `engine`. Connections opened before the
    extension existed lack it, so migrations dispose the pool when they finish."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.run_async(_register)

    return engine

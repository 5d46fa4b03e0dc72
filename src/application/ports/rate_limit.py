"""Ports for state the API's workers may share: request rate limits and auth-cache revocations."""

from __future__ import annotations

import uuid
from typing import Protocol


class RateLimiter(Protocol):
    """A token bucket per key: `per_minute` requests a minute, bursts of up to a minute's worth.
    `per_minute <= 0` means no limit (take() always answers 0.0).

    take() takes one token for `key` and returns 0.0 when the request may go ahead, otherwise the seconds
    until a token will be available (nothing is taken then). Keys are opaque strings chosen by the caller
    (a hash or an IP, never a secret). Never raises: an adapter whose shared store is unreachable answers
    from a per-process bucket until the store is back. Commits nothing (no database)."""

    @property
    def per_minute(self) -> int: ...

    async def take(self, key: str) -> float: ...


class AuthRevocations(Protocol):
    """Users whose cached authentication must no longer be trusted by any worker (deleted users).

    revoke() marks the user for at least as long as any worker may cache them; is_revoked() is checked
    on every cache hit. An in-process adapter may answer False always (the process's own cache is then
    forgotten directly). Never raises: an unreachable shared store answers True (fail closed: the
    caller then asks the database, which is the truth)."""

    async def revoke(self, user_id: uuid.UUID) -> None: ...

    async def is_revoked(self, user_id: uuid.UUID) -> bool: ...

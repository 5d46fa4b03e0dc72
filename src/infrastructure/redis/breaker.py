"""A small circuit breaker shared by the Redis adapters: after a failure, skip Redis for a while."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from src.infrastructure.cache.redis import redact_url

log = logging.getLogger(__name__)


class Breaker:
    """may_try() is False for `retry_after_s` after a failure, then one caller probes again. One warning
    per outage and one info line when Redis answers again, never one per request."""

    def __init__(
        self, what: str, url: str, *, retry_after_s: float = 5.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._what = what
        self._where = redact_url(url)
        self._retry_after = retry_after_s
        self._clock = clock
        self.down = False
        self._skip_until = 0.0

    def may_try(self) -> bool:
        now = self._clock()
        if now < self._skip_until:
            return False
        if self.down:
            self._skip_until = now + self._retry_after
        return True

    def failed(self, error: BaseException) -> None:
        self._skip_until = self._clock() + self._retry_after
        if not self.down:
            self.down = True
            log.warning(
                "Redis %s at %s unavailable (%s: %s); %s, retrying every %g s",
                self._what, self._where, type(error).__name__, redact_url(str(error)),
                "falling back to per-process state", self._retry_after,
            )

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            self._skip_until = 0.0
            log.info("Redis %s at %s is reachable again", self._what, self._where)

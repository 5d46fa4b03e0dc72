"""Keep TMDB v3 keys out of logs: httpx logs every request URL (query string included) at INFO."""

from __future__ import annotations

import logging
import re

_KEY_IN_URL = re.compile(r"(api_key=)[^&\s\"']+")


class RedactApiKey(logging.Filter):
    """Rewrites `api_key=<secret>` in a log record's message to `api_key=***`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "api_key=" in message:
            record.msg, record.args = _KEY_IN_URL.sub(r"\1***", message), None
        return True


def install_httpx_key_redaction() -> None:
    """Idempotent: adds one RedactApiKey filter to the `httpx` logger."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, RedactApiKey) for f in logger.filters):
        logger.addFilter(RedactApiKey())

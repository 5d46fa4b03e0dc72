"""OpenAI SDK exceptions -> short, key-free reasons and ExternalServiceError.

The SDK's own messages echo server text (a 401 repeats part of the key), so they are never passed on:
only the status code and the error `code`/`type` fields are.
"""

from __future__ import annotations

import openai

from src.domain.errors import ExternalServiceError


def short_reason(exc: BaseException) -> str:
    """'timeout', 'api error 500', 'connection error', ... — safe to show to users and logs."""
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIStatusError):
        return f"api error {exc.status_code}"
    if isinstance(exc, openai.APIConnectionError):
        return "connection error"
    if isinstance(exc, openai.APIResponseValidationError):
        return "unexpected response shape"
    return f"client error {type(exc).__name__}"


def external_error(exc: BaseException, what: str) -> ExternalServiceError:
    details: dict[str, object] = {"service": "openai", "reason": short_reason(exc)}
    if isinstance(exc, openai.APIStatusError):
        details["status"] = exc.status_code
        if exc.code:
            details["code"] = exc.code
    return ExternalServiceError(f"OpenAI {what} failed: {short_reason(exc)}", details=details)

"""The one error table: domain/application errors → HTTP status, one JSON shape for every error.

Shape: {"error": {"code": "<snake_case>", "message": "<what to do>", "details": {...}}}. Unexpected
exceptions become a 500 with a generic message; their traceback goes to the log, never to the client."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from src.container import DATABASE_ERROR_TYPES, database_unavailable
from src.domain import errors as e
from src.presentation import next_steps
from src.presentation.api.schemas import PLAIN_TEXT, PLAIN_WORDS

log = logging.getLogger(__name__)

STATUS: list[tuple[type[e.CinemAIError], int]] = [
    (e.NotFoundError, 404),
    (e.TooLargeError, 413),
    (e.InvalidInputError, 422),
    (e.AuthenticationError, 401),
    (e.ForbiddenError, 403),
    (e.RateLimitedError, 429),
    (e.ConflictError, 409),
    (e.CatalogEmptyError, 503),
    (e.ServiceUnavailableError, 503),
    (e.ExternalServiceError, 502),
]


def status_for(exc: e.CinemAIError) -> int:
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 400)


def _code(exc: Exception) -> str:
    name = type(exc).__name__.removesuffix("Error")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def error_body(code: str, message: str, details: object | None = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


async def _cinemai_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, e.CinemAIError)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, e.RateLimitedError) else None
    if isinstance(exc, e.AuthenticationError):
        headers = {"WWW-Authenticate": "Bearer"}
    message = next_steps.with_next_step(exc.message, exc.next_step, next_steps.API)
    return JSONResponse(
        error_body(_code(exc), message, exc.details), status_code=status_for(exc), headers=headers
    )


def _problem(err: Any) -> str:
    """Pydantic's message, said plainly where it would quote a regex or hide why a number was refused."""
    pattern = (err.get("ctx") or {}).get("pattern")
    if err.get("type") == "string_pattern_mismatch" and pattern in (PLAIN_TEXT, PLAIN_WORDS):
        blank = " and not only white space" if pattern == PLAIN_WORDS else ""
        return f"must have no control characters (U+0000–U+001F, U+007F–U+009F){blank}"
    if err.get("type") == "int_type" and isinstance(err.get("input"), float):
        return f"must be a JSON integer written without a fraction (got {err['input']!r})"
    return str(err["msg"])


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"field": ".".join(str(p) for p in err["loc"] if p != "body"), "problem": _problem(err)}
        for err in exc.errors()
    ]
    message = "; ".join(f"{p['field'] or 'body'}: {p['problem']}" for p in problems[:5])
    return JSONResponse(error_body("invalid_request", message, {"problems": problems}), status_code=422)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # FastAPI/Starlette could not parse the body (not UTF-8, broken multipart)
        message = "the request body could not be read: send UTF-8 JSON, or multipart/form-data for uploads"
        return JSONResponse(error_body("invalid_request", message), status_code=422)
    code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
    return JSONResponse(
        error_body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        error_body("internal_error", "something went wrong on our side; it has been logged"), status_code=500
    )


async def _infrastructure_error(request: Request, exc: Exception) -> JSONResponse:
    """Driver and OS errors: 503 when the database is unreachable (see database_errors), else a 500."""
    unavailable = database_unavailable(exc)
    if unavailable is None:
        return await _unexpected(request, exc)
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    return await _cinemai_error(request, unavailable)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(e.CinemAIError, _cinemai_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for exc_type in DATABASE_ERROR_TYPES:
        app.add_exception_handler(exc_type, _infrastructure_error)
    app.add_exception_handler(Exception, _unexpected)

"""Pure ASGI guards that act before a request body is read: body size limits and request rates.

Both answer in the API's one JSON error shape (errors.error_body) without calling the app, so a refused
request costs no parsing, no database and no temp file."""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.application.ports.rate_limit import RateLimiter
from src.application.rate_limiting import retry_after_seconds
from src.domain.user import hash_api_key
from src.presentation.api.auth import bearer_key
from src.presentation.api.errors import error_body

UPLOAD_PATH = re.compile(r"^/api/v1/users/[^/]+/(watch-history|lists)/?$")
SIGNUP_PATH = re.compile(r"^/api/v1/users/?$")
SEARCH_PATH = re.compile(r"^/api/v1/movies/search/?$")
USER_ROUTE = re.compile(r"^/api/v1/(users/[^/]+(/|$)|blends/?$)")  # routes limited per API key
MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the small form fields around the file
JSON_BODY_LIMIT = 1024 * 1024  # every other route takes a small JSON body at most
MB = 1024 * 1024


def exact_size(n: int) -> str:
    """A byte count stated exactly, e.g. "20,971,521 bytes (20.000001 MiB)": never rounded so that a
    file one byte over a limit reads as equal to it."""
    if n < MB:
        return f"{n:,} bytes"
    mib = f"{n / MB:.6f}".rstrip("0").rstrip(".")
    return f"{n:,} bytes ({mib} MiB)"


class BodySizeLimitAsgiMiddleware:
    """Refuses a body over its route's limit with 413: at once when Content-Length declares it (before
    the multipart parser spools anything to disk), or as soon as the bytes actually received pass it
    (chunked uploads, lying headers). Uploads may carry `upload_bytes` of file plus MULTIPART_OVERHEAD;
    every other request `default_bytes`. The upload route still checks the file itself exactly."""

    def __init__(self, app: ASGIApp, *, upload_bytes: int, default_bytes: int = JSON_BODY_LIMIT) -> None:
        self.app = app
        self._upload_bytes = upload_bytes
        self._default_bytes = default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = scope["method"] == "POST" and UPLOAD_PATH.match(scope["path"]) is not None
        limit = self._upload_bytes + MULTIPART_OVERHEAD if is_upload else self._default_bytes
        message = (
            f"the upload is larger than the limit of {exact_size(self._upload_bytes)}"
            if is_upload
            else f"request bodies on this route are limited to {limit // 1024} KB"
        )
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await JSONResponse(error_body("too_large", message), status_code=413)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(413, detail=message)  # errors.py: JSON, code too_large
            return event

        await self.app(scope, counting_receive, send)


class RateLimitAsgiMiddleware:
    """Token buckets per caller, checked before the app runs:
    - POST /api/v1/users (creating a user, the one open write): the client IP's signup bucket;
    - GET /api/v1/movies/search: the client IP's search bucket (a semantic search embeds the query),
      whether or not an API key is sent;
    - a request with `Authorization: Bearer <key>` to a user route (/api/v1/users/{id}/...): that key's
      bucket (by the key's SHA-256, never the key);
    - every other /api/ request (catalog reads, user routes without a key): the client IP's anonymous
      bucket. A made-up Bearer header on a catalog route does not escape it.
    /health, /ready, /metrics and the web pages are not limited here. The client IP is the ASGI peer:
    uvicorn rewrites it from X-Forwarded-For only for proxies named in CINEMAI_FORWARDED_ALLOW_IPS.
    Over a limit: 429 with Retry-After (whole seconds) and the app is not called."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_key: RateLimiter,
        signup: RateLimiter,
        search: RateLimiter | None = None,
        anonymous: RateLimiter | None = None,
    ) -> None:
        self.app = app
        self._per_key = per_key
        self._signup = signup
        self._search = search
        self._anonymous = anonymous

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = await self._check(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _choose(self, scope: Scope) -> tuple[RateLimiter, str, str] | None:
        path, method = scope["path"], scope["method"]
        client = scope.get("client")
        ip = "ip:" + (client[0] if client else "unknown")
        if method == "POST" and SIGNUP_PATH.match(path):
            return self._signup, ip, "new users from this address"
        if SEARCH_PATH.match(path):
            return (self._search, ip, "searches from this address") if self._search is not None else None
        key = bearer_key(Headers(scope=scope).get("authorization"))
        if key is not None and USER_ROUTE.match(path):
            return self._per_key, "key:" + hash_api_key(key), "this API key"
        if path.startswith("/api/") and self._anonymous is not None:
            return self._anonymous, ip, "requests without an API key from this address"
        return None

    async def _check(self, scope: Scope) -> JSONResponse | None:
        chosen = self._choose(scope)
        if chosen is None:
            return None
        limiter, bucket, who = chosen
        wait = await limiter.take(bucket)
        if wait <= 0:
            return None
        seconds = retry_after_seconds(wait)
        message = f"too many requests for {who}: {limiter.per_minute} a minute; try again in {seconds} s"
        return JSONResponse(
            error_body("rate_limited", message, {"retry_after": seconds}),
            status_code=429,
            headers={"Retry-After": str(seconds)},
        )


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None

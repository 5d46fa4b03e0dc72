"""Response headers that keep browsers and proxies from misusing what the API returns."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PERSONAL_PREFIX = "/api/v1/users"


class SecurityHeadersAsgiMiddleware:
    """Every response: `X-Content-Type-Options: nosniff` (uploaded titles come back inside JSON and are
    never sniffed into HTML) and `X-Frame-Options: DENY`. Responses under /api/v1/users (a person's
    keys, history, profile) also get `Cache-Control: no-store`, so no shared cache keeps them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        personal = scope["path"].startswith(PERSONAL_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("x-frame-options", "DENY")
                if personal:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)

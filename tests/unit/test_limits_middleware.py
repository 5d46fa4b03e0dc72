"""The body-size and rate-limit ASGI guards, around a tiny app that records what reached it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from src.application.rate_limiting import TokenBucketRateLimiter
from src.domain.user import hash_api_key
from src.presentation.api.limits import (
    MULTIPART_OVERHEAD,
    BodySizeLimitAsgiMiddleware,
    RateLimitAsgiMiddleware,
)

UPLOAD = "/api/v1/users/3f1e0d1c-0000-4000-8000-000000000000/watch-history"


class EchoApp:
    """Reads the whole body and answers with its length; remembers every request that reached it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls.append(scope["path"])
        size, more = 0, True
        while more:
            event = await receive()
            size += len(event.get("body", b""))
            more = event.get("more_body", False)
        body = json.dumps({"received": size}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


def client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")  # type: ignore[arg-type]


async def chunks(total: int, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


async def test_a_declared_oversized_upload_is_refused_before_the_app_runs() -> None:
    echo = EchoApp()
    async with client(BodySizeLimitAsgiMiddleware(echo, upload_bytes=1000)) as c:
        r = await c.post(UPLOAD, content=b"x" * (1000 + MULTIPART_OVERHEAD + 1))
    assert r.status_code == 413 and echo.calls == []
    assert r.json()["error"]["code"] == "too_large" and "limit" in r.json()["error"]["message"]


async def test_uploads_within_the_limit_and_multipart_overhead_pass() -> None:
    echo = EchoApp()
    async with client(BodySizeLimitAsgiMiddleware(echo, upload_bytes=1000)) as c:
        r = await c.post(UPLOAD, content=b"x" * (1000 + MULTIPART_OVERHEAD))
    assert r.status_code == 200 and r.json() == {"received": 1000 + MULTIPART_OVERHEAD}


async def test_a_chunked_body_without_content_length_is_cut_off_once_it_passes_the_limit() -> None:
    echo = EchoApp()
    async with client(BodySizeLimitAsgiMiddleware(echo, upload_bytes=100_000)) as c:
        with pytest.raises(StarletteHTTPException) as raised:  # no error handler here: the 413 propagates
            await c.post(UPLOAD, content=chunks(10 * 1024 * 1024))
    assert raised.value.status_code == 413 and echo.calls == [UPLOAD]


async def test_other_routes_take_a_small_json_body_only() -> None:
    echo = EchoApp()
    async with client(BodySizeLimitAsgiMiddleware(echo, upload_bytes=10**9, default_bytes=2048)) as c:
        assert (await c.post("/api/v1/users/x/recommendations", content=b"{}")).status_code == 200
        r = await c.post("/api/v1/users/x/recommendations", content=b" " * 4096)
    assert r.status_code == 413 and echo.calls == ["/api/v1/users/x/recommendations"]


def rate_limited(echo: EchoApp, per_key: int = 3, signup: int = 2) -> RateLimitAsgiMiddleware:
    return RateLimitAsgiMiddleware(
        echo, per_key=TokenBucketRateLimiter(per_key), signup=TokenBucketRateLimiter(signup)
    )


async def test_each_api_key_has_its_own_budget_and_429_carries_retry_after() -> None:
    echo = EchoApp()
    guard = rate_limited(echo)
    async with client(guard) as c:
        alice = {"Authorization": "Bearer cin_alice"}
        codes = [(await c.get("/api/v1/users/a/profile", headers=alice)).status_code for _ in range(4)]
        other = await c.get("/api/v1/users/b/profile", headers={"Authorization": "Bearer cin_bob"})
        refused = await c.get("/api/v1/users/a/profile", headers=alice)
    assert codes == [200, 200, 200, 429] and other.status_code == 200
    assert int(refused.headers["Retry-After"]) >= 1
    body = refused.json()["error"]
    assert body["code"] == "rate_limited" and body["details"]["retry_after"] == int(
        refused.headers["Retry-After"]
    )
    assert len(echo.calls) == 4  # refused requests never reached the app
    assert "cin_alice" not in body["message"]


async def test_buckets_are_keyed_by_the_key_hash_never_the_key() -> None:
    echo = EchoApp()
    per_key = TokenBucketRateLimiter(5)
    async with client(RateLimitAsgiMiddleware(echo, per_key=per_key, signup=TokenBucketRateLimiter(5))) as c:
        await c.get("/api/v1/users/a/profile", headers={"Authorization": "Bearer cin_secret"})
    keys = list(per_key._buckets)
    assert keys == ["key:" + hash_api_key("cin_secret")] and "cin_secret" not in keys[0]


async def test_creating_users_without_a_key_is_limited_per_client_ip() -> None:
    echo = EchoApp()
    async with client(rate_limited(echo, signup=2)) as c:
        codes = [(await c.post("/api/v1/users", json={})).status_code for _ in range(3)]
        catalog = [(await c.get("/api/v1/movies/search?q=x")).status_code for _ in range(5)]
    assert codes == [200, 200, 429]  # the echo app answers 200
    assert catalog == [200] * 5  # public reads are not limited here


async def test_search_and_anonymous_reads_are_limited_per_ip_and_a_made_up_key_does_not_escape() -> None:
    """Issue 13 B6: a forged `Authorization: Bearer` header used to move a signup (and any public read) to
    a fresh per-key bucket; signups, searches and catalog reads now always count against the client IP."""
    echo = EchoApp()
    guard = RateLimitAsgiMiddleware(
        echo,
        per_key=TokenBucketRateLimiter(100),
        signup=TokenBucketRateLimiter(1),
        search=TokenBucketRateLimiter(2),
        anonymous=TokenBucketRateLimiter(3),
    )
    async with client(guard) as c:
        forged = [{"Authorization": f"Bearer cin_made_up_{i}"} for i in range(4)]
        signups = [(await c.post("/api/v1/users", json={}, headers=h)).status_code for h in forged[:2]]
        searches = [(await c.get("/api/v1/movies/search?q=x", headers=h)).status_code for h in forged[:3]]
        reads = [(await c.get("/api/v1/movies/1", headers=h)).status_code for h in forged]
        health = [(await c.get("/health")).status_code for _ in range(5)]
    assert signups == [200, 429]
    assert searches == [200, 200, 429]
    assert reads == [200, 200, 200, 429]
    assert health == [200] * 5

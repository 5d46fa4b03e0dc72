"""Limits through the real app on the offline catalog: upload size (413), rows (422), field lengths and
pagination caps (422), request rates per API key and per client IP (429 with Retry-After)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from tests.integration.test_api_history import example
from tests.integration.trust.conftest import new_user, upload

pytestmark = pytest.mark.integration


@pytest.fixture
async def small_limits(
    limited_api_factory: Callable[..., httpx.AsyncClient],
) -> AsyncIterator[httpx.AsyncClient]:
    async with limited_api_factory(max_upload_mb=0.01, max_rows=10) as client:
        yield client


async def test_an_upload_over_the_size_limit_is_a_413_json_error(small_limits: httpx.AsyncClient) -> None:
    user = await new_user(small_limits)
    for size in (200_000, 12_000):  # far over (refused from Content-Length) and just over (the file check)
        r = await upload(small_limits, user, "big.csv", b"Title\n" + b"Alien\n" * (size // 6))
        assert r.status_code == 413, (size, r.text)
        error = r.json()["error"]
        assert error["code"] == "too_large" and "bytes" in error["message"]
    assert (await small_limits.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])).status_code == 404


async def test_too_many_rows_is_a_422_naming_the_limit_and_the_first_line_over(
    small_limits: httpx.AsyncClient,
) -> None:
    user = await new_user(small_limits)
    r = await upload(small_limits, user, "horror.csv", example("horror_fan.csv"))  # 47 rows
    assert r.status_code == 422
    error = r.json()["error"]
    # refused while reading, at the first row over the limit (line 12: the header, then rows 1..11)
    assert "more than 10 rows (line 12)" in error["message"] and "limit is 10" in error["message"]
    assert error["details"] == {"limit": 10, "line": 12}
    assert (await small_limits.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])).status_code == 404


async def test_json_bodies_are_capped_at_one_megabyte(full_api: httpx.AsyncClient) -> None:
    user = await new_user(full_api)
    r = await full_api.post(
        f"/api/v1/users/{user[0]}/recommendations",
        headers={**user[1], "Content-Type": "application/json"},
        content=b'{"genres": [' + b'"Drama",' * 200_000 + b'"Drama"]}',
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("GET", "/api/v1/movies/search?q=alien&limit=51", None),
        ("GET", "/api/v1/movies/search?q=" + "a" * 201, None),
        ("GET", "/api/v1/movies/1/similar?limit=101", None),
        ("POST", "/api/v1/users", {"name": "n" * 201}),
    ],
)
async def test_pagination_caps_and_field_lengths_are_422(
    full_api: httpx.AsyncClient, method: str, path: str, payload: dict[str, object] | None
) -> None:
    r = await full_api.request(method, path, json=payload)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize(
    "body",
    [
        {"limit": 51},
        {"genres": ["x" * 61]},
        {"genres": ["Drama"] * 31},
        {"countries": [" "]},
        {"min_votes": -1},
    ],
)
async def test_recommendation_request_caps_are_422(
    full_api: httpx.AsyncClient, body: dict[str, object]
) -> None:
    user = await new_user(full_api)
    r = await full_api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json=body)
    assert r.status_code == 422, r.text


async def test_upload_form_fields_are_capped(full_api: httpx.AsyncClient) -> None:
    user = await new_user(full_api)
    r = await upload(full_api, user, "h.csv", example("horror_fan.csv"), format="x" * 41)
    assert r.status_code == 422
    r = await upload(full_api, user, "h.csv", example("horror_fan.csv"), mode="overwrite")
    assert r.status_code == 422


async def test_lists_stay_within_their_caps(full_api: httpx.AsyncClient) -> None:
    hits = (await full_api.get("/api/v1/movies/search", params={"q": "the", "limit": 50})).json()["results"]
    similar = (await full_api.get(f"/api/v1/movies/{hits[0]['movie']['id']}/similar?limit=100")).json()
    assert len(hits) == 50 and len(similar["similar"]) == 100


async def test_each_api_key_gets_its_rate_and_then_429_with_retry_after(
    limited_api_factory: Callable[..., httpx.AsyncClient],
) -> None:
    async with limited_api_factory(rate_limit_per_minute=5) as api:
        alice, bob = await new_user(api, "alice"), await new_user(api, "bob")
        profile = f"/api/v1/users/{alice[0]}/profile"
        codes = [(await api.get(profile, headers=alice[1])).status_code for _ in range(6)]
        refused = await api.get(profile, headers=alice[1])
        bobs = await api.get(f"/api/v1/users/{bob[0]}/profile", headers=bob[1])
    assert codes == [404] * 5 + [429]  # no profile yet: 404 until the budget is spent
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 12
    assert refused.json()["error"]["code"] == "rate_limited"
    assert bobs.status_code == 404  # another key, its own budget


async def test_creating_users_is_limited_per_client_ip(
    limited_api_factory: Callable[..., httpx.AsyncClient],
) -> None:
    async with limited_api_factory(signup_rate_per_minute=3) as api:
        codes = [(await api.post("/api/v1/users")).status_code for _ in range(4)]
        search = await api.get("/api/v1/movies/search", params={"q": "alien"})
    assert codes == [201, 201, 201, 429]
    assert search.status_code == 200  # the catalog stays open

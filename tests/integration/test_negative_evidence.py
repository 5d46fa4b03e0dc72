"""Negative evidence and feedback meanings through the API on the real offline catalog: an upload's low
rating takes the film off the page and never raises anything (the kin penalty itself, which needs
MiniLM-close vectors, is checked with fakes in tests/unit/test_negative_evidence.py), and every
feedback signal takes the movie off the page (`like` also joins the profile)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration


async def page(api: httpx.AsyncClient, user: User, limit: int = 10) -> list[dict[str, Any]]:
    r = await api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json={"limit": limit})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


async def new_user(api: httpx.AsyncClient) -> User:
    body = (await api.post("/api/v1/users", json={"name": "n"})).json()
    return body["id"], {"Authorization": f"Bearer {body['api_key']}"}


async def test_a_low_rated_film_in_an_upload_leaves_the_page(
    full_api: httpx.AsyncClient, user: User
) -> None:
    horror = example("horror_fan.csv")
    assert (await upload(full_api, user, "horror.csv", horror)).status_code == 200
    before = await page(full_api, user, 30)
    hated = before[0]["movie"]
    # the same Letterboxd history plus the top pick at half a star: 1/10, under CINEMAI_DISLIKE_THRESHOLD
    other = await new_user(full_api)
    row = f'\n2023-01-01,"{hated["title"]}",{hated["year"]},,0.5\n'
    data = horror.rstrip(b"\n") + row.encode()
    assert (await upload(full_api, other, "horror.csv", data)).status_code == 200
    after = await page(full_api, other, 30)
    assert hated["id"] not in {i["movie"]["id"] for i in after}



async def test_like_and_dislike_leave_the_page_and_like_joins_the_profile(
    full_api: httpx.AsyncClient, user: User
) -> None:
    assert (await upload(full_api, user, "horror.csv", example("horror_fan.csv"))).status_code == 200
    uid, headers = user
    liked_before = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()["liked_count"]
    first = await page(full_api, user)
    for item, signal in zip(first[:2], ("like", "dislike"), strict=True):
        r = await full_api.post(
            f"/api/v1/users/{uid}/feedback", headers=headers, json={"movie_id": item["movie"]["id"], "signal": signal}
        )
        assert r.status_code == 200, r.text
    again = {i["movie"]["id"] for i in await page(full_api, user, 30)}
    assert not {first[0]["movie"]["id"], first[1]["movie"]["id"]} & again
    profile = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    assert profile["liked_count"] == liked_before + 1

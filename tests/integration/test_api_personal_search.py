"""GET /api/v1/movies/search with a user's key ranks the semantic matches by that person's taste too."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration
Q = {"q": "a night of fear and strange lights in the sky", "limit": 15, "semantic": "true"}


async def _user_with(api: httpx.AsyncClient, name: str, history: str) -> User:
    r = await api.post("/api/v1/users", json={"name": name})
    assert r.status_code == 201, r.text
    user = (r.json()["id"], {"Authorization": f"Bearer {r.json()['api_key']}"})
    r = await upload(api, user, history, example(history))
    assert r.status_code == 200, r.text
    return user


def _ids(r: httpx.Response) -> list[int]:
    return [hit["movie"]["id"] for hit in r.json()["results"] if hit["match"] == "semantic"]


async def test_two_taste_profiles_get_different_orders_for_the_same_query(full_api: httpx.AsyncClient) -> None:
    horror = await _user_with(full_api, "horror", "horror_fan.csv")
    scifi = await _user_with(full_api, "scifi", "scifi_fan.csv")
    anonymous = await full_api.get("/api/v1/movies/search", params=Q)
    as_horror = await full_api.get("/api/v1/movies/search", params=Q, headers=horror[1])
    as_scifi = await full_api.get("/api/v1/movies/search", params=Q, headers=scifi[1])
    for r in (anonymous, as_horror, as_scifi):
        assert r.status_code == 200, r.text
    assert anonymous.json()["personalised"] is False
    assert as_horror.json()["personalised"] is True and as_scifi.json()["personalised"] is True
    assert _ids(as_horror) != _ids(as_scifi)
    assert _ids(as_horror) != _ids(anonymous)
    # ranked by the blend they report, best first
    for r in (as_horror, as_scifi):
        scores = [h["score"] for h in r.json()["results"] if h["match"] == "semantic"]
        assert scores == sorted(scores, reverse=True)
    # taste shows in what comes first: the horror fan's top matches lean to horror
    def horror_share(r: httpx.Response) -> int:
        return sum("Horror" in h["movie"]["genres"] for h in r.json()["results"][:8])

    assert horror_share(as_horror) > horror_share(as_scifi), (as_horror.json(), as_scifi.json())


async def test_a_key_without_profile_searches_like_anyone(full_api: httpx.AsyncClient, user: User) -> None:
    anonymous = await full_api.get("/api/v1/movies/search", params=Q)
    mine = await full_api.get("/api/v1/movies/search", params=Q, headers=user[1])
    assert mine.status_code == 200 and mine.json()["personalised"] is False
    assert _ids(mine) == _ids(anonymous)


async def test_a_wrong_key_is_a_401(full_api: httpx.AsyncClient) -> None:
    r = await full_api.get("/api/v1/movies/search", params=Q, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401, r.text
    assert "invalid API key" in r.json()["error"]["message"]

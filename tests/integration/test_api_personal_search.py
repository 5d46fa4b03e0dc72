"""GET /api/v1/movies/search with a user's key ranks the semantic matches by that person's taste too."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration
# A pool (3 × limit nearest films) that holds both fans' genres, so each re-ranking has something to move.
Q = {"q": "Genres: Science Fiction, Horror", "limit": 30, "semantic": "true"}


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
    # taste shows in what comes first: over the films both lists show, the horror fan places horror films
    # higher than the sci-fi fan does, and the sci-fi fan places sci-fi films higher than the horror fan does
    # (positions, not counts in a top few: which films the approximate index returns varies between builds)
    common = set(_ids(as_horror)) & set(_ids(as_scifi))
    genres = {h["movie"]["id"]: h["movie"]["genres"] for h in as_horror.json()["results"]}

    def is_horror(i: int) -> bool:
        return "Horror" in genres[i] and not _is_scifi(genres[i])

    def mean_position(r: httpx.Response, wanted: Callable[[int], bool]) -> float:
        ranked = [i for i in _ids(r) if i in common]
        positions = [n for n, i in enumerate(ranked) if wanted(i)]
        assert positions, ("the pool holds none of the genre", r.json())
        return sum(positions) / len(positions)

    def is_scifi(i: int) -> bool:
        return _is_scifi(genres[i])

    assert mean_position(as_horror, is_horror) < mean_position(as_scifi, is_horror)
    assert mean_position(as_scifi, is_scifi) < mean_position(as_horror, is_scifi)


def _is_scifi(genres: list[str]) -> bool:
    return any("sci" in g.lower() for g in genres)


async def test_a_key_without_profile_searches_like_anyone(full_api: httpx.AsyncClient, user: User) -> None:
    anonymous = await full_api.get("/api/v1/movies/search", params=Q)
    mine = await full_api.get("/api/v1/movies/search", params=Q, headers=user[1])
    assert mine.status_code == 200 and mine.json()["personalised"] is False
    assert _ids(mine) == _ids(anonymous)


async def test_a_wrong_key_is_a_401(full_api: httpx.AsyncClient) -> None:
    r = await full_api.get("/api/v1/movies/search", params=Q, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401, r.text
    assert "invalid API key" in r.json()["error"]["message"]

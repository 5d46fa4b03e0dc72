"""Recommendations through the API on the real offline catalog: filters hold, watched never returns."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration


async def recommend(api: httpx.AsyncClient, user: User, **body: object) -> httpx.Response:
    return await api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json=body)


@pytest.fixture
async def horror_fan(full_api: httpx.AsyncClient, user: User) -> User:
    r = await upload(full_api, user, "horror.csv", example("horror_fan.csv"))
    assert r.status_code == 200, r.text
    return user


async def test_no_profile_is_a_404_that_says_to_upload(full_api: httpx.AsyncClient, user: User) -> None:
    r = await recommend(full_api, user)
    assert r.status_code == 404 and "upload a watch history" in r.json()["error"]["message"]


async def test_recommendations_are_unseen_scored_and_explained(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    r = await recommend(full_api, horror_fan, limit=10)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["strategy"] == "personal" and body["reranker"] == "local" and body["taste_summary"]
    assert len(body["items"]) == 10
    seen = {(line.split(",")[1].strip('"').lower()) for line in example("horror_fan.csv").decode().splitlines()[1:]}
    for item in body["items"]:
        assert item["movie"]["title"].lower() not in seen
        assert 0 <= item["score"] <= 1 and round(item["score"], 2) == item["score"]
        assert item["justification"] and item["cluster"]["label"]
    horror_like = sum(1 for i in body["items"] if {"Horror", "Thriller", "Mystery"} & set(i["movie"]["genres"]))
    assert horror_like >= 6, [i["movie"]["genres"] for i in body["items"]]


@pytest.mark.parametrize(
    "filters",
    [
        {"genres": ["comedy"]},
        {"exclude_genres": ["Horror", "Thriller"]},
        {"countries": ["Japan"]},
        {"countries": ["USA"]},
        {"year_min": 1990, "year_max": 1999},
        {"runtime_min": 150},
        {"runtime_max": 80},
        {"min_votes": 200},
        {"genres": ["Western"], "countries": ["Italy"], "year_min": 1960, "year_max": 1975},
        {"genres": ["Animation"], "countries": ["Japan"], "runtime_max": 100, "min_votes": 20},
    ],
)
async def test_every_filter_holds(full_api: httpx.AsyncClient, horror_fan: User, filters: dict[str, object]) -> None:
    r = await recommend(full_api, horror_fan, limit=10, **filters)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert items, r.json()
    country_ok = {"Japan": {"Japan"}, "USA": {"United States"}, "Italy": {"Italy"}}
    for i in items:
        m = i["movie"]
        genres = {g.lower() for g in m["genres"]}
        if "genres" in filters:
            assert genres & {str(g).lower() for g in filters["genres"]}  # type: ignore[union-attr]
        if "exclude_genres" in filters:
            assert not genres & {"horror", "thriller"}
        if "countries" in filters:
            assert set(m["countries"]) & country_ok[filters["countries"][0]]  # type: ignore[index]
        if "year_min" in filters:
            assert m["year"] >= filters["year_min"]  # type: ignore[operator]
        if "year_max" in filters:
            assert m["year"] <= filters["year_max"]  # type: ignore[operator]
        if "runtime_min" in filters:
            assert m["runtime"] >= filters["runtime_min"]  # type: ignore[operator]
        if "runtime_max" in filters:
            assert m["runtime"] <= filters["runtime_max"]  # type: ignore[operator]
        if "min_votes" in filters:
            assert m["vote_count"] >= filters["min_votes"]  # type: ignore[operator]


async def test_a_narrow_filter_still_fills_the_page_when_matches_exist(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    r = await recommend(full_api, horror_fan, limit=10, genres=["Western"], year_min=1950, year_max=1959)
    assert len(r.json()["items"]) == 10


async def test_an_impossible_filter_is_an_empty_list_with_a_message(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    r = await recommend(full_api, horror_fan, genres=["Western"], countries=["Japan"], year_min=2013)
    assert r.status_code == 200 and r.json()["items"] == [] and "Widen" in r.json()["message"]


@pytest.mark.parametrize(
    "body",
    [{"limit": 0}, {"limit": 51}, {"alpha": -1}, {"diversity": 2}, {"year_min": 2000, "year_max": 1990},
     {"genres": ["Horrror"]}, {"rerank": "gpt"}, {"genres": "Horror"}],
)
async def test_bad_requests_are_422(full_api: httpx.AsyncClient, horror_fan: User, body: dict[str, object]) -> None:
    r = await recommend(full_api, horror_fan, **body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"]


async def test_fuzzily_matched_and_unmatched_watched_movies_never_come_back(full_api: httpx.AsyncClient, user: User) -> None:
    csv = "Title,Year,Rating\nThe Shining,1980,10\nHalloween,1978,9\nThe Exorcst,1973,9\nCarrie,1976,9\nJaws,1975,9\nPoltergeist,1982,9\n"
    report = (await upload(full_api, user, "h.csv", csv.encode())).json()
    assert report["matched"]["fuzzy"] >= 1
    body = (await recommend(full_api, user, limit=50, genres=["Horror"], year_min=1970, year_max=1985)).json()
    titles = {i["movie"]["title"] for i in body["items"]}
    assert not titles & {"The Shining", "Halloween", "The Exorcist", "Carrie", "Jaws", "Poltergeist"}


async def test_feedback_watched_hides_and_like_bumps_the_version(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    first = (await recommend(full_api, horror_fan, limit=5)).json()["items"][0]["movie"]
    uid, headers = horror_fan
    r = await full_api.post(f"/api/v1/users/{uid}/feedback", headers=headers, json={"movie_id": first["id"], "signal": "watched"})
    assert r.status_code == 200 and r.json()["profile_version"] == 2
    again = (await recommend(full_api, horror_fan, limit=20)).json()["items"]
    assert first["id"] not in {i["movie"]["id"] for i in again}
    liked = await full_api.post(f"/api/v1/users/{uid}/feedback", headers=headers, json={"movie_id": again[0]["movie"]["id"], "signal": "like"})
    assert liked.json()["cluster_id"] is not None and liked.json()["profile_version"] == 3
    bad = await full_api.post(f"/api/v1/users/{uid}/feedback", headers=headers, json={"movie_id": 1, "signal": "meh"})
    assert bad.status_code == 422


async def test_few_liked_movies_get_a_blend(full_api: httpx.AsyncClient, user: User) -> None:
    await upload(full_api, user, "few.csv", b"Title,Year,Rating\nAlien,1979,9\nHeat,1995,8\n")
    body = (await recommend(full_api, user, limit=10)).json()
    assert body["strategy"] == "blend" and len(body["items"]) == 10

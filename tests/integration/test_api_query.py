"""Recommendations from a query in your own words, through the API on the real offline catalog."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import User
from tests.integration.test_api_recommend import horror_fan, recommend

pytestmark = pytest.mark.integration
__all__ = ["horror_fan"]


async def test_a_horror_fan_asking_for_a_funny_80s_film_gets_80s_comedies_ranked_by_taste(
    full_api: httpx.AsyncClient, horror_fan: User
) -> None:
    r = await recommend(full_api, horror_fan, limit=10, query="a funny 80s film", rerank="none")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["interpreted"]["filters"]["genres"] == ["Comedy"]
    assert (body["interpreted"]["filters"]["year_min"], body["interpreted"]["filters"]["year_max"]) == (1980, 1989)
    assert body["interpreted"]["remaining_text"] == "" and body["interpreted"]["anchors"] == []
    assert len(body["items"]) == 10
    for item in body["items"]:
        assert "Comedy" in item["movie"]["genres"] and 1980 <= item["movie"]["year"] <= 1989
        assert "“a funny 80s film”" in item["justification"] and "your taste" in item["justification"]
        assert item["because_you_liked"]  # the taste part cites the person's own liked films
    # ranked by their taste: the same order as the taste ranking under the same typed filters
    plain = await recommend(
        full_api, horror_fan, limit=10, genres=["Comedy"], year_min=1980, year_max=1989, rerank="none"
    )
    assert [i["movie"]["id"] for i in plain.json()["items"]] == [i["movie"]["id"] for i in body["items"]]
    # and the taste shows: a horror fan's 80s comedies lean to horror-comedy more than the catalog's do
    dark = sum(1 for i in body["items"] if {"Horror", "Thriller", "Mystery", "Fantasy"} & set(i["movie"]["genres"]))
    assert dark >= 3, [i["movie"]["genres"] for i in body["items"]]


async def test_an_anchor_is_resolved_never_returned_and_shorter_means_shorter_than_it(
    full_api: httpx.AsyncClient, horror_fan: User
) -> None:
    r = await recommend(full_api, horror_fan, limit=10, query="a crime thriller like Heat (1995) but shorter")
    assert r.status_code == 200, r.text
    body = r.json()
    anchors = body["interpreted"]["anchors"]
    assert [a["title"] for a in anchors] == ["Heat"], anchors
    heat = (await full_api.get(f"/api/v1/movies/{anchors[0]['movie_id']}")).json()
    assert body["interpreted"]["filters"]["runtime_max"] == heat["runtime"] - 1
    for item in body["items"]:
        assert item["movie"]["id"] != heat["id"]
        assert item["movie"]["runtime"] < heat["runtime"]
        assert {"Crime", "Thriller"} & set(item["movie"]["genres"])
        assert "like Heat" in item["justification"]


async def test_an_explicit_filter_wins_and_says_so(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    r = await recommend(full_api, horror_fan, limit=5, query="a 90s comedy", year_min=2000)
    assert r.status_code == 200, r.text
    body = r.json()
    assert any("explicit years filter wins" in n for n in body["interpreted"]["notes"]), body["interpreted"]
    assert all(i["movie"]["year"] >= 2000 and "Comedy" in i["movie"]["genres"] for i in body["items"])


async def test_a_query_matching_nothing_says_so(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    r = await recommend(full_api, horror_fan, query="an Icelandic western before 1950")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["items"] == [] and "No unseen movie" in body["message"]
    assert body["interpreted"]["filters"]["countries"] == ["Iceland"]


@pytest.mark.parametrize("query", ["", "x" * 301, "funny\x00film"])
async def test_a_bad_query_is_a_422(full_api: httpx.AsyncClient, horror_fan: User, query: str) -> None:
    r = await recommend(full_api, horror_fan, query=query)
    assert r.status_code == 422, r.text

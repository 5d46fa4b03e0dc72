"""Data honesty through the real API on the real offline catalog: a long subtitled title finds its short
catalog form with the same year; every director the catalog lists is shown."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import User, upload

pytestmark = pytest.mark.integration

CSV = (
    "Date,Name,Year,Letterboxd URI,Rating\n"
    "2021-01-01,Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb,1964,,5\n"
    "2021-01-02,Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb,1990,,5\n"
    "2021-01-03,Alien,1979,,4\n"
)


async def test_subtitled_title_matches_short_form_only_with_its_year(
    full_api: httpx.AsyncClient, user: User
) -> None:
    r = await upload(full_api, user, "ratings.csv", CSV.encode())
    assert r.status_code == 200, r.text
    body = r.json()
    unmatched = [(u["title"], u.get("year")) for u in body["unmatched"]]
    assert len(unmatched) == 1 and unmatched[0][1] in (1990, None), unmatched  # the 1990 row: years disagree
    profile = (await full_api.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])).json()
    assert "Dr. Strangelove" in str(profile), profile


async def test_every_director_is_shown(full_api: httpx.AsyncClient) -> None:
    r = await full_api.get("/api/v1/movies/search", params={"q": "Eyes Without a Face"})
    assert r.status_code == 200, r.text
    hits = [h["movie"] for h in r.json()["results"] if h["movie"]["title"] == "Eyes Without a Face"]
    assert hits and {"Claude Sautet", "Georges Franju"} <= set(hits[0]["directors"]), hits

"""The taste map as data (map.json), and the web app's pages and assets, through the real app and database."""

from __future__ import annotations

import httpx
import pytest

from src.presentation.web.pages import PAGES
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration

User = tuple[str, dict[str, str]]


async def test_map_points_match_the_profile(full_api: httpx.AsyncClient, user: User) -> None:
    uid, headers = user
    url = f"/api/v1/users/{uid}/profile/map.json"
    assert (await full_api.get(url, headers=headers)).status_code == 404  # no profile yet
    for name, mode in (("horror_fan.csv", "replace"), ("scifi_fan.csv", "append")):
        r = await full_api.post(
            f"/api/v1/users/{uid}/watch-history",
            headers=headers,
            files={"file": (name, (EXAMPLES / name).read_bytes())},
            data={"mode": mode},
        )
        assert r.status_code == 200, r.text
    profile = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    r = await full_api.get(url, headers=headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["profile_version"] == profile["version"]
    assert len(body["points"]) == profile["liked_count"]
    assert [c["cluster_id"] for c in body["centres"]] == [c["id"] for c in profile["clusters"]]
    assert [c["label"] for c in body["centres"]] == [c["label"] for c in profile["clusters"]]
    assert {p["cluster_id"] for p in body["points"]} <= {c["cluster_id"] for c in body["centres"]}
    favourites = [p for p in body["points"] if p["favourite"]]
    others = [p for p in body["points"] if not p["favourite"]]
    assert len(favourites) == min(10, len(body["points"]))
    assert min(p["weight"] for p in favourites) >= max(p["weight"] for p in others)
    spread = {(round(p["x"], 3), round(p["y"], 3)) for p in body["points"]}
    assert len(spread) > len(body["points"]) // 2  # a real projection, not every film on one spot
    assert (await full_api.get(url)).status_code == 401


async def test_every_page_and_asset_is_served(full_api: httpx.AsyncClient) -> None:
    for path, _, title in PAGES:
        r = await full_api.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
        assert f"<title>{title} · CinemAI</title>" in r.text
        assert 'href="/docs"' in r.text and 'aria-current="page"' in r.text
    movie = await full_api.get("/movies/12")
    assert movie.status_code == 200 and 'data-movie-id="12"' in movie.text
    assert (await full_api.get("/movies/0")).status_code == 422
    js = await full_api.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    css = await full_api.get("/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert (await full_api.get("/static/nope.js")).status_code == 404

"""A language and an excluded country in a query, through the API on the real offline catalog."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import User
from tests.integration.test_api_recommend import horror_fan, recommend

pytestmark = pytest.mark.integration
__all__ = ["horror_fan"]


async def test_in_korean_and_not_american(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    r = await recommend(full_api, horror_fan, limit=6, query="a thriller in Korean, not American", rerank="none")
    assert r.status_code == 200, r.text
    body = r.json()
    f = body["interpreted"]["filters"]
    assert f["languages"] == ["Korean"] and f["exclude_countries"] == ["United States"]
    assert body["items"]
    for item in body["items"]:
        movie = item["movie"]
        assert movie["language"].split(",")[0].strip() == "Korean"
        assert "United States" not in movie["countries"] and "Thriller" in movie["genres"]
        assert "in Korean" in item["justification"] and "not from United States" in item["justification"]


async def test_the_filters_vocabulary_lists_original_languages(full_api: httpx.AsyncClient) -> None:
    languages = {v["value"]: v["movies"] for v in (await full_api.get("/api/v1/filters")).json()["languages"]}
    assert languages["English"] > languages["French"] > languages["Korean"] > 0

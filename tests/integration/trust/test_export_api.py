"""GET /api/v1/users/{id}/export: everything stored about the user, never the key."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import example
from tests.integration.trust.conftest import new_user, upload

pytestmark = pytest.mark.integration


async def test_export_holds_account_history_profile_and_feedback(full_api: httpx.AsyncClient) -> None:
    uid, headers = await new_user(full_api, "Ana")
    report = (await upload(full_api, (uid, headers), "h.csv", example("horror_fan.csv"))).json()
    movie = (await full_api.get("/api/v1/movies/search", params={"q": "Alien"})).json()["results"][0]["movie"]
    r = await full_api.post(
        f"/api/v1/users/{uid}/feedback", headers=headers, json={"movie_id": movie["id"], "signal": "dislike"}
    )
    assert r.status_code == 200

    export = (await full_api.get(f"/api/v1/users/{uid}/export", headers=headers)).json()
    assert export["user"]["id"] == uid and export["user"]["name"] == "Ana" and export["user"]["created_at"]
    assert set(export["user"]) == {"id", "name", "created_at"}  # no key, no hash

    history = export["history"]
    assert len(history) == report["accepted"]
    halloween = next(row for row in history if row["title"] == "Halloween")
    assert (
        halloween["year"] == 1978 and halloween["rating"] == 10.0 and halloween["watched_at"] == "2022-01-03"
    )
    assert (
        halloween["movie_id"] and halloween["match_method"] in {"id", "exact", "fuzzy"} and halloween["liked"]
    )
    assert sum(1 for row in history if row["movie_id"]) == report["matched"]["total"]

    profile = export["profile"]
    assert profile["version"] == 2  # the upload made 1, the dislike nudged it to 2
    assert len(profile["liked"]) == report["liked_count"]
    assert [c["label"] for c in profile["clusters"]] == [c["label"] for c in report["clusters"]]
    assert all(c["centroid"] is None for c in profile["clusters"])  # vectors only on request
    assert export["feedback"] == [
        {"movie_id": movie["id"], "signal": "dislike", "created_at": export["feedback"][0]["created_at"]}
    ]


async def test_vectors_on_request(full_api: httpx.AsyncClient) -> None:
    user = await new_user(full_api)
    await upload(full_api, user, "h.csv", example("horror_fan.csv"))
    export = (
        await full_api.get(f"/api/v1/users/{user[0]}/export?include_vectors=true", headers=user[1])
    ).json()
    cluster, liked = export["profile"]["clusters"][0], export["profile"]["liked"][0]
    assert len(cluster["centroid"]) == len(liked["embedding"]) > 0


async def test_a_new_user_exports_an_empty_record_and_a_deleted_one_nothing(
    full_api: httpx.AsyncClient,
) -> None:
    uid, headers = await new_user(full_api)
    export = (await full_api.get(f"/api/v1/users/{uid}/export", headers=headers)).json()
    assert export["history"] == [] and export["profile"] is None and export["feedback"] == []
    assert (await full_api.delete(f"/api/v1/users/{uid}", headers=headers)).status_code == 204
    assert (await full_api.get(f"/api/v1/users/{uid}/export", headers=headers)).status_code == 401

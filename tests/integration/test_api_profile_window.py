"""The profile window and its seeds through the API: a window changes the clusters; a toggled film
leaves the profile and comes back; the window is kept by later uploads; bad input is a 4xx naming it."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration


def two_eras() -> bytes:
    """The horror fan's ratings (watched in 2022) and a romantic-comedy fan's (watched in 2024)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Name", "Year", "Letterboxd URI", "Rating"])
    for row in csv.DictReader(io.StringIO(example("horror_fan.csv").decode())):
        writer.writerow([row["Date"], row["Name"], row["Year"], "", row["Rating"]])
    for n, row in enumerate(csv.DictReader(io.StringIO(example("panel/romcom.csv").decode()))):
        rating = int(row["Your Rating"]) / 2
        writer.writerow([f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}", row["Title"], row["Year"], "", rating])
    return out.getvalue().encode()


def genres_of(profile: dict[str, object]) -> set[str]:
    labels = " · ".join(c["label"] for c in profile["clusters"])  # type: ignore[attr-defined,index]
    return {g for g in ("Horror", "Romance", "Comedy", "Thriller") if g in labels}


def labels(profile: dict[str, object]) -> list[str]:
    return [c["label"] for c in profile["clusters"]]  # type: ignore[attr-defined,index]


def seeded(profile: dict[str, object]) -> set[str]:
    return {f["title"] for c in profile["seeds"] for f in c["films"]}  # type: ignore[attr-defined,index]


@pytest.fixture
async def two_era_fan(full_api: httpx.AsyncClient, user: User) -> User:
    r = await upload(full_api, user, "ratings.csv", two_eras())
    assert r.status_code == 200, r.text
    return user


async def test_a_window_changes_the_clusters(full_api: httpx.AsyncClient, two_era_fan: User) -> None:
    uid, headers = two_era_fan
    whole = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    assert whole["window"]["since"] is None and not whole["outside_window"]
    assert "Halloween" in seeded(whole) and "Notting Hill" in seeded(whole)

    r = await full_api.post(f"/api/v1/users/{uid}/profile", headers=headers, json={"since": "2024-01-01"})
    assert r.status_code == 200, r.text
    recent = r.json()
    assert recent["version"] > whole["version"]
    assert "Horror" not in genres_of(recent) and "Romance" in genres_of(recent), recent["clusters"]
    assert labels(recent) != labels(whole)
    assert "Halloween" not in seeded(recent) and "Notting Hill" in seeded(recent)
    assert "Halloween" in {f["title"] for f in recent["outside_window"]}
    # the window is stored: GET shows it, and a later upload keeps it
    again = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    assert again["window"]["since"] == "2024-01-01" and seeded(again) == seeded(recent)
    exported = (await full_api.get(f"/api/v1/users/{uid}/export", headers=headers)).json()
    assert exported["profile_window"] == {"since": "2024-01-01", "until": None}
    r = await upload(full_api, two_era_fan, "ratings.csv", two_eras())
    assert r.status_code == 200, r.text
    after_upload = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    assert "Halloween" not in seeded(after_upload) and after_upload["window"]["since"] == "2024-01-01"
    # recommendations follow the window's taste: nothing of the horror era's top genre leads
    r = await full_api.post(f"/api/v1/users/{uid}/recommendations", headers=headers, json={"rerank": "none"})
    assert r.status_code == 200, r.text
    # the other era alone; then both null clears the window
    r = await full_api.post(f"/api/v1/users/{uid}/profile", headers=headers, json={"until": "2022-12-31"})
    assert r.status_code == 200 and "Horror" in genres_of(r.json()) and "Notting Hill" not in seeded(r.json())
    assert labels(r.json()) not in (labels(whole), labels(recent))
    r = await full_api.post(f"/api/v1/users/{uid}/profile", headers=headers, json={"since": None, "until": None})
    assert r.status_code == 200 and {"Halloween", "Notting Hill"} <= seeded(r.json())


async def test_a_window_with_nothing_in_it_is_refused(full_api: httpx.AsyncClient, two_era_fan: User) -> None:
    uid, headers = two_era_fan
    before = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    cases = [
        ({"since": "2030-01-01"}, "window"),
        ({"since": "2024-05-01", "until": "2020-01-01"}, "after until"),
        ({"since": "not a date"}, "since"),
        ({"since": 20240101}, "since"),
        ({"from": "2024-01-01"}, "from"),
    ]
    for body, named in cases:
        r = await full_api.post(f"/api/v1/users/{uid}/profile", headers=headers, json=body)
        assert r.status_code == 422, (body, r.text)
        assert named in r.json()["error"]["message"], (body, r.json())
    after = (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).json()
    assert after["version"] == before["version"] and after["window"]["since"] is None


async def test_a_toggled_film_leaves_the_profile_and_comes_back(
    full_api: httpx.AsyncClient, two_era_fan: User
) -> None:
    uid, headers = two_era_fan
    history = (await full_api.get(f"/api/v1/users/{uid}/history", headers=headers)).json()
    assert history["total"] == len(history["entries"]) > 40
    entry = next(e for e in history["entries"] if e["title"] == "Halloween")
    assert entry["id"] and entry["in_profile"] and entry["liked"]
    r = await full_api.patch(
        f"/api/v1/users/{uid}/history/{entry['id']}", headers=headers, json={"in_profile": False}
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert "Halloween" not in seeded(out)
    assert [f["title"] for f in out["left_out"]] == ["Halloween"]
    stored = (await full_api.get(f"/api/v1/users/{uid}/history", headers=headers)).json()
    row = next(e for e in stored["entries"] if e["id"] == entry["id"])
    assert row["in_profile"] is False and row["liked"] is False  # still in the history
    exported = (await full_api.get(f"/api/v1/users/{uid}/export", headers=headers)).json()
    assert [r["title"] for r in exported["history"] if not r["in_profile"]] == ["Halloween"]
    # left out of the taste, still seen: never recommended back
    r = await full_api.post(f"/api/v1/users/{uid}/recommendations", headers=headers, json={"limit": 30})
    assert "Halloween" not in {i["movie"]["title"] for i in r.json()["items"]}
    r = await full_api.patch(
        f"/api/v1/users/{uid}/history/{entry['id']}", headers=headers, json={"in_profile": True}
    )
    assert r.status_code == 200 and "Halloween" in seeded(r.json()) and not r.json()["left_out"]
    # an entry the user does not have, a bad body
    r = await full_api.patch(f"/api/v1/users/{uid}/history/2147483647", headers=headers, json={"in_profile": False})
    assert r.status_code == 404 and "2147483647" in r.json()["error"]["message"]
    r = await full_api.patch(f"/api/v1/users/{uid}/history/{entry['id']}", headers=headers, json={"in_profile": "no"})
    assert r.status_code == 422 and "in_profile" in r.json()["error"]["message"]


async def test_another_users_history_is_not_theirs(full_api: httpx.AsyncClient, two_era_fan: User) -> None:
    uid, headers = two_era_fan
    other = (await full_api.post("/api/v1/users", json={})).json()
    theirs = {"Authorization": f"Bearer {other['api_key']}"}
    entry = (await full_api.get(f"/api/v1/users/{uid}/history", headers=headers)).json()["entries"][0]
    assert (await full_api.get(f"/api/v1/users/{uid}/history", headers=theirs)).status_code == 403
    r = await full_api.patch(
        f"/api/v1/users/{other['id']}/history/{entry['id']}", headers=theirs, json={"in_profile": False}
    )
    assert r.status_code == 404  # the entry id belongs to someone else: not found for this user

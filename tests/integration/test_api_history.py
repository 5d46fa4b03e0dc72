"""Watch-history upload → taste profile, through the API, the real parsers, matcher and database."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration

User = tuple[str, dict[str, str]]


async def upload(api: httpx.AsyncClient, user: User, name: str, data: bytes, **form: str) -> httpx.Response:
    uid, headers = user
    return await api.post(
        f"/api/v1/users/{uid}/watch-history", headers=headers, files={"file": (name, data)}, data=form
    )


def example(path: str) -> bytes:
    return (EXAMPLES / path).read_bytes()


def letterboxd_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in ("ratings.csv", "diary.csv", "watched.csv"):
            z.writestr(name, example(f"letterboxd/{name}"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("letterboxd/ratings.csv", "letterboxd_ratings"),
        ("letterboxd/diary.csv", "letterboxd_diary"),
        ("letterboxd/watched.csv", "letterboxd_watched"),
        ("imdb/ratings.csv", "imdb_ratings"),
        ("imdb/ratings_old.csv", "imdb_ratings"),
        ("tmdb/tmdb_export.csv", "tmdb_export"),
        ("trakt/history.json", "trakt_json"),
        ("trakt/ratings.json", "trakt_json"),
        ("netflix/NetflixViewingHistory.csv", "netflix"),
        ("cinemai/history.json", "cinemai_json"),
        ("generic/my_movies.csv", "generic_csv"),
        ("horror_fan.csv", "letterboxd_ratings"),
    ],
)
async def test_each_format_imports_end_to_end(full_api: httpx.AsyncClient, user: User, path: str, fmt: str) -> None:
    r = await upload(full_api, user, path.rsplit("/", 1)[-1], example(path))
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["format"] == fmt
    assert report["rows_read"] == report["accepted"] + len(report["rejected"]) + len(report["skipped"])
    assert report["matched"]["total"] >= 0.7 * report["accepted"], report["unmatched"]
    assert report["liked_count"] > 0 and report["clusters"] and report["algorithm"] == "single"
    profile = (await full_api.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])).json()
    assert profile["liked_count"] == report["liked_count"] and profile["version"] == 1


async def test_letterboxd_zip_export(full_api: httpx.AsyncClient, user: User) -> None:
    r = await upload(full_api, user, "letterboxd.zip", letterboxd_zip())
    assert r.status_code == 200, r.text
    assert r.json()["format"] == "letterboxd_zip" and r.json()["matched"]["total"] > 10


async def test_netflix_episodes_are_reported_as_skipped(full_api: httpx.AsyncClient, user: User) -> None:
    report = (await upload(full_api, user, "n.csv", example("netflix/NetflixViewingHistory.csv"))).json()
    assert report["skipped"] and all("episode" in s["reason"] for s in report["skipped"])
    assert report["rating_scale"] is None


async def test_awkward_titles_match(full_api: httpx.AsyncClient, user: User) -> None:
    csv = (
        "Title,Year,Rating\n"
        '"Crouching Tiger, Hidden Dragon",2000,9\n'
        '"Mission: Impossible",1996,8\n'
        "Alien,,9\n"
        "The Shining,1980,\n"
        "Heat,1995,8\n"
        "Blade Runer,1982,9\n"
    )
    report = (await upload(full_api, user, "mine.csv", csv.encode())).json()
    assert report["matched"]["total"] == 6, report["unmatched"]
    assert report["matched"]["fuzzy"] >= 1  # the misspelt Blade Runner


async def test_a_file_without_a_title_column_is_a_422_naming_the_columns(full_api: httpx.AsyncClient, user: User) -> None:
    r = await upload(full_api, user, "x.csv", b"foo,bar,baz\n1,2,3\n")
    assert r.status_code == 422
    assert "foo" in r.json()["error"]["message"] and "bar" in r.json()["error"]["message"]


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\xff\xfe" * 200, b"Title,Year\n"])
async def test_empty_header_only_and_binary_files_are_422(full_api: httpx.AsyncClient, user: User, data: bytes) -> None:
    r = await upload(full_api, user, "x.csv", data)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"]


async def test_a_50_mb_file_is_413(full_api: httpx.AsyncClient, user: User) -> None:
    r = await upload(full_api, user, "big.csv", b"Title,Year\n" + b"Alien,1979\n" * (50 * 1024 * 1024 // 11))
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


async def test_a_failed_import_leaves_the_previous_profile_exactly(full_api: httpx.AsyncClient, user: User) -> None:
    assert (await upload(full_api, user, "r.csv", example("horror_fan.csv"))).status_code == 200
    before = (await full_api.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])).json()
    for bad in (b"foo,bar\n1,2\n", b"", b"Title,Rating\n,\n,\n"):
        assert (await upload(full_api, user, "bad.csv", bad)).status_code == 422
    after = (await full_api.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])).json()
    assert after == before


async def test_append_adds_to_the_history(full_api: httpx.AsyncClient, user: User) -> None:
    first = (await upload(full_api, user, "r.csv", example("horror_fan.csv"))).json()
    second = (await upload(full_api, user, "s.csv", example("scifi_fan.csv"), mode="append")).json()
    assert second["distinct_movies"] > first["distinct_movies"]
    assert second["profile_version"] == 2


async def test_map_png_and_delete(full_api: httpx.AsyncClient, user: User) -> None:
    uid, headers = user
    assert (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).status_code == 404
    await upload(full_api, user, "r.csv", example("horror_fan.csv"))
    png = await full_api.get(f"/api/v1/users/{uid}/profile/map.png", headers=headers)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert (await full_api.delete(f"/api/v1/users/{uid}", headers=headers)).status_code == 204
    assert (await full_api.get(f"/api/v1/users/{uid}/profile", headers=headers)).status_code == 401


async def test_keys_guard_every_user_route(full_api: httpx.AsyncClient, user: User) -> None:
    uid, _headers = user
    other = (await full_api.post("/api/v1/users")).json()
    other_headers = {"Authorization": f"Bearer {other['api_key']}"}
    assert (await full_api.get(f"/api/v1/users/{uid}/profile")).status_code == 401
    assert (await full_api.get(f"/api/v1/users/{uid}/profile", headers={"Authorization": "Bearer nope"})).status_code == 401
    assert (await full_api.get(f"/api/v1/users/{uid}/profile", headers=other_headers)).status_code == 403


async def test_the_profile_updated_at_is_when_its_current_version_was_stored(
    full_api: httpx.AsyncClient, user: User
) -> None:
    url = f"/api/v1/users/{user[0]}/profile"
    assert (await upload(full_api, user, "r.csv", example("horror_fan.csv"))).status_code == 200
    first = (await full_api.get(url, headers=user[1])).json()
    assert (await upload(full_api, user, "s.csv", example("scifi_fan.csv"))).status_code == 200
    second = (await full_api.get(url, headers=user[1])).json()
    assert second["version"] == first["version"] + 1
    assert second["updated_at"] > first["updated_at"]  # ISO-8601 in one zone: text order is time order

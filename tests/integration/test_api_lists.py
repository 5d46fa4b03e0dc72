"""A person's lists through the API, the real list reader, matcher and PostgreSQL."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration

User = tuple[str, dict[str, str]]

WATCHLIST = (
    "Date,Name,Year,Letterboxd URI\n"
    "2024-01-02,Blade Runner,1982,https://boxd.it/a\n"
    "2024-01-03,The Matrix,1999,https://boxd.it/b\n"
    "2024-01-04,Aliens,1986,https://boxd.it/c\n"
    "2024-01-05,No Such Film Anywhere,2031,https://boxd.it/d\n"
)
LETTERBOXD_LIST = (
    "Letterboxd list export v7\n"
    "Date,Name,Tags,URL,Description\n"
    "2024-02-01,Festival 2024,,https://boxd.it/list,the lineup\n"
    "\n"
    "Position,Name,Year,URL,Description\n"
    "1,Psycho,1960,https://boxd.it/p,\n"
    "2,Annie Hall,1977,https://boxd.it/h,\n"
)
IMDB_WATCHLIST = (
    "Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated\n"
    "1,tt0075686,2024-01-01,2024-01-01,,Annie Hall,Annie Hall,https://www.imdb.com/title/tt0075686/,"
    "Movie,8.0,93,1977,\"Comedy, Romance\",1,1977-04-20,Woody Allen,,\n"
    "2,tt0903747,2024-01-01,2024-01-01,,Breaking Bad,Breaking Bad,https://www.imdb.com/title/tt0903747/,"
    "TV Series,9.5,49,2008,Drama,1,2008-01-20,,,\n"
)


def export_zip(**extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in ("ratings.csv", "diary.csv", "watched.csv"):
            z.writestr(name, (EXAMPLES / "letterboxd" / name).read_bytes())
        for name, text in extra.items():
            z.writestr(name.replace("__", "/"), text)
    return buffer.getvalue()


async def upload_list(
    api: httpx.AsyncClient, user: User, name: str, data: bytes, **form: str
) -> httpx.Response:
    uid, headers = user
    return await api.post(f"/api/v1/users/{uid}/lists", headers=headers, files={"file": (name, data)}, data=form)


async def test_a_watchlist_csv_is_matched_with_the_history_report(full_api: httpx.AsyncClient, user: User) -> None:
    r = await upload_list(full_api, user, "watchlist.csv", WATCHLIST.encode())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["format"] == "letterboxd_watched" and body["rows_read"] == 4 and body["accepted"] == 4
    assert body["matched"]["total"] == 3
    assert [u["title"] for u in body["unmatched"]] == ["No Such Film Anywhere"]
    saved = body["saved"]
    assert saved["kind"] == "watchlist" and saved["name"] == "Watchlist" and saved["item_count"] == 4
    got = (await full_api.get(f"/api/v1/users/{user[0]}/lists/{saved['id']}", headers=user[1])).json()
    assert [i["title"] for i in got["items"]] == ["Blade Runner", "The Matrix", "Aliens", "No Such Film Anywhere"]
    assert sum(i["movie_id"] is not None for i in got["items"]) == 3
    assert [i["line"] for i in got["items"]] == [2, 3, 4, 5]


async def test_letterboxd_list_export_and_imdb_watchlist(full_api: httpx.AsyncClient, user: User) -> None:
    r = await upload_list(full_api, user, "festival.csv", LETTERBOXD_LIST.encode(), kind="include")
    assert r.status_code == 201, r.text
    saved = r.json()["saved"]
    assert saved["name"] == "Festival 2024" and saved["kind"] == "include"
    assert r.json()["matched"]["total"] == 2
    items = (await full_api.get(f"/api/v1/users/{user[0]}/lists/{saved['id']}", headers=user[1])).json()["items"]
    assert [(i["title"], i["line"]) for i in items] == [("Psycho", 6), ("Annie Hall", 7)]
    r = await upload_list(full_api, user, "WATCHLIST.csv", IMDB_WATCHLIST.encode())
    assert r.status_code == 201, r.text
    assert r.json()["format"] == "imdb_ratings" and r.json()["matched"]["by_id"] + r.json()["matched"]["exact"] == 1
    assert [s["title"] for s in r.json()["skipped"]] == ["Breaking Bad"]


async def test_lists_inside_the_export_zip(full_api: httpx.AsyncClient, user: User) -> None:
    data = export_zip(**{"watchlist.csv": WATCHLIST, "lists__festival-2024.csv": LETTERBOXD_LIST})
    r = await upload_list(full_api, user, "export.zip", data)
    assert r.status_code == 201, r.text
    assert r.json()["saved"]["item_count"] == 4
    r = await upload_list(full_api, user, "export.zip", data, member="lists/festival-2024.csv", kind="include")
    assert r.status_code == 201 and r.json()["saved"]["name"] == "Festival 2024"
    r = await upload_list(full_api, user, "export.zip", data, member="lists/nope.csv")
    assert r.status_code == 422 and "lists/festival-2024.csv" in r.json()["error"]["message"]
    listed = (await full_api.get(f"/api/v1/users/{user[0]}/lists", headers=user[1])).json()
    assert [(x["kind"], x["item_count"]) for x in listed] == [("watchlist", 4), ("include", 2)]


async def test_a_letterboxd_zip_history_upload_imports_the_watchlist_too(
    full_api: httpx.AsyncClient, user: User
) -> None:
    uid, headers = user
    r = await full_api.post(
        f"/api/v1/users/{uid}/watch-history",
        headers=headers,
        files={"file": ("export.zip", export_zip(**{"watchlist.csv": WATCHLIST}))},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["format"] == "letterboxd_zip" and body["liked_count"] > 0
    assert body["watchlist"]["saved"]["kind"] == "watchlist" and body["watchlist"]["matched"]["total"] == 3
    listed = (await full_api.get(f"/api/v1/users/{uid}/lists", headers=headers)).json()
    assert [x["id"] for x in listed] == [body["watchlist"]["saved"]["id"]]
    # without a watchlist.csv in the zip there is no list
    r = await full_api.post(
        f"/api/v1/users/{uid}/watch-history", headers=headers, files={"file": ("export.zip", export_zip())}
    )
    assert r.status_code == 200 and r.json()["watchlist"] is None


async def test_lists_are_private_and_deletable(full_api: httpx.AsyncClient, user: User) -> None:
    saved = (await upload_list(full_api, user, "w.csv", WATCHLIST.encode())).json()["saved"]
    other = (await full_api.post("/api/v1/users", json={"name": "other"})).json()
    other_headers = {"Authorization": f"Bearer {other['api_key']}"}
    # another user's key on this user's lists: 403; the other user's own id: no such list
    r = await full_api.get(f"/api/v1/users/{user[0]}/lists/{saved['id']}", headers=other_headers)
    assert r.status_code == 403
    r = await full_api.get(f"/api/v1/users/{other['id']}/lists/{saved['id']}", headers=other_headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "list_not_found"
    assert (await full_api.get(f"/api/v1/users/{other['id']}/lists", headers=other_headers)).json() == []
    r = await full_api.delete(f"/api/v1/users/{other['id']}/lists/{saved['id']}", headers=other_headers)
    assert r.status_code == 404
    r = await full_api.delete(f"/api/v1/users/{user[0]}/lists/{saved['id']}", headers=user[1])
    assert r.status_code == 204
    assert (await full_api.get(f"/api/v1/users/{user[0]}/lists", headers=user[1])).json() == []


async def test_bad_list_uploads_are_4xx(full_api: httpx.AsyncClient, user: User) -> None:
    r = await upload_list(full_api, user, "w.csv", b"Foo,Bar\n1,2\n")
    assert r.status_code == 422 and "title" in r.json()["error"]["message"]
    r = await upload_list(full_api, user, "w.csv", WATCHLIST.encode(), kind="favourites")
    assert r.status_code == 422
    r = await upload_list(full_api, user, "w.csv", WATCHLIST.encode(), standing="true")
    assert r.status_code == 422 and "exclude" in r.json()["error"]["message"]
    r = await upload_list(full_api, user, "w.csv", b"")
    assert r.status_code == 422

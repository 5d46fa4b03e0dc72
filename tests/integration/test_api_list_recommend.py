"""from_list and exclude lists on recommendations, through the API and the real catalog."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.test_api_history import User, example, upload
from tests.integration.test_api_lists import upload_list

pytestmark = pytest.mark.integration

# a watchlist mixing the horror fan's kind of film with others, one already seen (Halloween)
WATCHLIST = (
    "Title,Year\n"
    "The Thing,1982\nAlien,1979\nNotting Hill,1999\nToy Story,1995\nThe Shining,1980\n"
    "Pretty Woman,1990\nHalloween,1978\nThe Godfather,1972\n"
)


async def recommend(api: httpx.AsyncClient, user: User, **body: object) -> httpx.Response:
    return await api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json=body)


@pytest.fixture
async def horror_fan(full_api: httpx.AsyncClient, user: User) -> User:
    r = await upload(full_api, user, "horror.csv", example("horror_fan.csv"))
    assert r.status_code == 200, r.text
    return user


async def test_from_list_ranks_only_the_lists_films_best_fit_first(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    listed = (await upload_list(full_api, horror_fan, "watchlist.csv", WATCHLIST.encode())).json()
    list_id = listed["saved"]["id"]
    items = (await full_api.get(f"/api/v1/users/{horror_fan[0]}/lists/{list_id}", headers=horror_fan[1])).json()
    list_ids = {i["movie_id"] for i in items["items"] if i["movie_id"] is not None}
    r = await recommend(full_api, horror_fan, from_list=list_id, limit=10, rerank="none")
    assert r.status_code == 200, r.text
    got = r.json()["items"]
    assert got and {i["movie"]["id"] for i in got} <= list_ids
    assert "Halloween" not in {i["movie"]["title"] for i in got}  # seen: never recommended back
    scores = [i["score"] for i in got]
    assert scores == sorted(scores, reverse=True)
    assert got[0]["justification"].startswith("The best fit on your watchlist tonight")
    assert all(i["justification"].startswith("On your watchlist") for i in got[1:])
    # the horror fan's taste puts a horror film first, ahead of the romantic comedies
    assert {"Horror", "Thriller"} & set(got[0]["movie"]["genres"]), got[0]["movie"]
    romcom = [n for n, i in enumerate(got) if i["movie"]["title"] in {"Notting Hill", "Pretty Woman"}]
    assert all(n > 0 for n in romcom)
    # filters apply within the list
    r = await recommend(full_api, horror_fan, from_list=list_id, genres=["Comedy"], rerank="none")
    assert r.status_code == 200 and all("Comedy" in i["movie"]["genres"] for i in r.json()["items"])


async def test_an_exclude_list_holds_on_every_request(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    first = (await recommend(full_api, horror_fan, limit=10)).json()["items"]
    csv = "Title,Year\n" + "".join(f"\"{i['movie']['title']}\",{i['movie']['year']}\n" for i in first[:5])
    r = await upload_list(full_api, horror_fan, "never.csv", csv.encode(), kind="exclude", standing="true")
    assert r.status_code == 201, r.text
    banned = {i["movie"]["id"] for i in first[:5]}
    requests: list[dict[str, object]] = [
        {"limit": 10},
        {"limit": 30},
        {"limit": 20, "diversity": 0.0},
        {"genres": ["Horror"], "limit": 20},
        {"query": "a scary film like The Thing"},
    ]
    for body in requests:
        r = await recommend(full_api, horror_fan, **body)
        assert r.status_code == 200, r.text
        assert not banned & {i["movie"]["id"] for i in r.json()["items"]}, body
    # a non-standing exclude list holds when named, and is 404 for an id the user does not have
    saved = r.json()
    list_id = (await upload_list(full_api, horror_fan, "e.csv", csv.encode(), kind="exclude")).json()["saved"]["id"]
    r = await recommend(full_api, horror_fan, exclude_lists=[list_id], limit=10)
    assert r.status_code == 200 and not banned & {i["movie"]["id"] for i in r.json()["items"]}
    assert (await recommend(full_api, horror_fan, exclude_lists=[999999])).status_code == 404
    assert (await recommend(full_api, horror_fan, from_list=999999)).status_code == 404
    assert saved["items"]


async def test_standing_off_brings_the_films_back(full_api: httpx.AsyncClient, horror_fan: User) -> None:
    first = (await recommend(full_api, horror_fan, limit=10, rerank="none")).json()["items"]
    csv = "Title,Year\n" + f"\"{first[0]['movie']['title']}\",{first[0]['movie']['year']}\n"
    saved = (await upload_list(full_api, horror_fan, "e.csv", csv.encode(), kind="exclude", standing="true")).json()
    list_id = saved["saved"]["id"]
    after = (await recommend(full_api, horror_fan, limit=10, rerank="none")).json()["items"]
    assert first[0]["movie"]["id"] not in {i["movie"]["id"] for i in after}
    r = await full_api.patch(
        f"/api/v1/users/{horror_fan[0]}/lists/{list_id}", headers=horror_fan[1], json={"standing": False}
    )
    assert r.status_code == 200 and r.json()["standing"] is False
    again = (await recommend(full_api, horror_fan, limit=10, rerank="none")).json()["items"]
    assert first[0]["movie"]["id"] == again[0]["movie"]["id"]

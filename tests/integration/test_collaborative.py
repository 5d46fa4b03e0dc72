"""The collaborative signal on the real database and the real offline catalog, through the API: four
users with overlapping histories, a rebuild, and a recommendation that people with similar histories
carried, saying so and respecting filters. Alone, a user gets content-only recommendations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from src.container import Container
from tests.integration.test_api_history import User, upload

pytestmark = pytest.mark.integration

# the subject loves 1980s–2000s crime films; the others share Heat and Ronin, and love two musicals
SUBJECT = [("Heat", 1995, 10), ("Ronin", 1998, 9), ("Thief", 1981, 9), ("Collateral", 2004, 9),
           ("The Insider", 1999, 8), ("Manhunter", 1986, 8), ("Casino", 1995, 8)]
OTHERS = [("Heat", 1995, 10), ("Ronin", 1998, 9), ("The Sound of Music", 1965, 10), ("Mary Poppins", 1964, 9),
          ("Goodfellas", 1990, 9)]


def csv(rows: list[tuple[str, int, int]]) -> bytes:
    return ("Title,Year,Rating\n" + "\n".join(f'"{t}",{y},{r}' for t, y, r in rows)).encode()


async def new_user(api: httpx.AsyncClient, name: str) -> User:
    body = (await api.post("/api/v1/users", json={"name": name})).json()
    return body["id"], {"Authorization": f"Bearer {body['api_key']}"}


async def recommend(api: httpx.AsyncClient, user: User, **body: object) -> list[dict[str, Any]]:
    r = await api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json={"limit": 10, **body})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def carried(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["movie"]["title"]: i for i in items if str(i["justification"]).startswith("People who loved")}


async def test_people_with_similar_histories_carry_a_pick_that_says_so(
    full_api: httpx.AsyncClient, full_container: Container, user: User
) -> None:
    assert (await upload(full_api, user, "me.csv", csv(SUBJECT))).status_code == 200
    alone = await recommend(full_api, user)
    assert len(alone) == 10 and carried(alone) == {}  # no other users: content only
    for n in range(3):
        other = await new_user(full_api, f"other{n}")
        assert (await upload(full_api, other, "h.csv", csv(OTHERS))).status_code == 200

    state = await full_container.collaborative_store().state()  # each import grew the likes ≥ 10%: rebuilt
    assert state is not None and (state.users, state.interactions) == (4, 7 + 3 * 5)
    result = await full_container.rebuild_collaborative_model().execute()  # what `cinemai cf rebuild` runs
    assert result.rebuilt and result.users == 4 and result.pairs > 0

    items = await recommend(full_api, user)  # same request: the rebuild changed the page's cache key
    picks = carried(items)
    assert "The Sound of Music" in picks, [(i["movie"]["title"], i["justification"]) for i in items]
    pick = picks["The Sound of Music"]
    assert pick["justification"].startswith("People who loved Heat and Ronin also loved this")
    assert set(pick["because_you_liked"]) == {"Heat", "Ronin"}
    seen = {t for t, _, _ in SUBJECT}
    assert not seen & {i["movie"]["title"] for i in items}


@pytest.mark.parametrize("filters", [{"exclude_genres": ["Musical"]}, {"year_min": 1980}, {"genres": ["Crime"]}])
async def test_collaborative_picks_respect_filters(
    full_api: httpx.AsyncClient, full_container: Container, user: User, filters: dict[str, object]
) -> None:
    assert (await upload(full_api, user, "me.csv", csv(SUBJECT))).status_code == 200
    for n in range(3):
        other = await new_user(full_api, f"other{n}")
        assert (await upload(full_api, other, "h.csv", csv(OTHERS))).status_code == 200
    await full_container.rebuild_collaborative_model().execute()
    items = await recommend(full_api, user, **filters)
    titles = {i["movie"]["title"] for i in items}
    assert not {"The Sound of Music", "Mary Poppins"} & titles
    for item in items:
        movie = item["movie"]
        if "exclude_genres" in filters:
            assert "Musical" not in movie["genres"]
        if "year_min" in filters:
            assert movie["year"] >= 1980
        if "genres" in filters:
            assert "Crime" in movie["genres"]
    if "genres" in filters:
        assert "Goodfellas" in carried(items)  # a crime film the others loved, carried past the filter


async def test_deleted_users_stop_shaping_recommendations(
    full_api: httpx.AsyncClient, full_container: Container, user: User
) -> None:
    assert (await upload(full_api, user, "me.csv", csv(SUBJECT))).status_code == 200
    others = [await new_user(full_api, f"other{n}") for n in range(3)]
    for other in others:
        assert (await upload(full_api, other, "h.csv", csv(OTHERS))).status_code == 200
    await full_container.rebuild_collaborative_model().execute()
    assert "The Sound of Music" in carried(await recommend(full_api, user))
    for uid, headers in others:
        assert (await full_api.delete(f"/api/v1/users/{uid}", headers=headers)).status_code == 204
    state = await full_container.collaborative_store().state()
    assert state is not None and (state.users, state.interactions) == (1, len(SUBJECT))
    assert carried(await recommend(full_api, user)) == {}

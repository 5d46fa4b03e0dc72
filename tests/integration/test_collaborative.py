"""The collaborative signal on the real database and the real offline catalog, through the API: six
users with overlapping histories (a crowd: every shared pair has the default 5 supporting users), a
rebuild, and a recommendation that people with similar histories carried, saying so and respecting
filters. Alone, or among fewer people than a pair needs, a user gets content-only recommendations and
no one's list is replayed to anyone."""

from __future__ import annotations

import io
from csv import DictReader
from typing import Any

import httpx
import pytest

from src.container import Container
from src.infrastructure.settings import Settings
from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration

# the subject loves 1980s–2000s crime films; the others share Heat and Ronin, and love two musicals
SUBJECT = [("Heat", 1995, 10), ("Ronin", 1998, 9), ("Thief", 1981, 9), ("Collateral", 2004, 9),
           ("The Insider", 1999, 8), ("Manhunter", 1986, 8), ("Casino", 1995, 8)]
OTHERS = [("Heat", 1995, 10), ("Ronin", 1998, 9), ("The Sound of Music", 1965, 10), ("Mary Poppins", 1964, 9),
          ("Goodfellas", 1990, 9)]


CROWD = 5  # others: with the subject, Heat+Ronin have 6 supporters, Heat+The Sound of Music 5
USERS = CROWD + 1


@pytest.fixture(autouse=True)
def full_weight_at_this_crowd(full_container: Container) -> None:
    """The collaborative weight is full from USERS users here (default 100), so six people suffice."""
    full_container.settings.override(
        Settings(database_url="postgresql://unused@localhost/unused", auto_migrate=False, collaborative_full_weight_users=USERS)
    )


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
    for n in range(CROWD):
        other = await new_user(full_api, f"other{n}")
        assert (await upload(full_api, other, "h.csv", csv(OTHERS))).status_code == 200

    state = await full_container.collaborative_store().state()  # each import grew the likes ≥ 10%: rebuilt
    assert state is not None and (state.users, state.interactions) == (USERS, 7 + CROWD * 5)
    result = await full_container.rebuild_collaborative_model().execute()  # what `cinemai cf rebuild` runs
    assert result.rebuilt and result.users == USERS and result.pairs > 0

    items = await recommend(full_api, user)  # same request: the rebuild changed the page's cache key
    picks = carried(items)
    assert "The Sound of Music" in picks, [(i["movie"]["title"], i["justification"]) for i in items]
    pick = picks["The Sound of Music"]
    assert pick["justification"].startswith("People who loved Heat and Ronin also loved this")
    assert set(pick["because_you_liked"]) == {"Heat", "Ronin"}  # 6 and 5 supporters: both ≥ k
    seen = {t for t, _, _ in SUBJECT}
    assert not seen & {i["movie"]["title"] for i in items}


@pytest.mark.parametrize("filters", [{"exclude_genres": ["Musical"]}, {"year_min": 1980}, {"genres": ["Crime"]}])
async def test_collaborative_picks_respect_filters(
    full_api: httpx.AsyncClient, full_container: Container, user: User, filters: dict[str, object]
) -> None:
    assert (await upload(full_api, user, "me.csv", csv(SUBJECT))).status_code == 200
    for n in range(CROWD):
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
    others = [await new_user(full_api, f"other{n}") for n in range(CROWD)]
    for other in others:
        assert (await upload(full_api, other, "h.csv", csv(OTHERS))).status_code == 200
    await full_container.rebuild_collaborative_model().execute()
    assert "The Sound of Music" in carried(await recommend(full_api, user))
    for uid, headers in others:
        assert (await full_api.delete(f"/api/v1/users/{uid}", headers=headers)).status_code == 204
    state = await full_container.collaborative_store().state()
    assert state is not None and (state.users, state.interactions) == (1, len(SUBJECT))
    assert carried(await recommend(full_api, user)) == {}


async def test_fewer_people_than_a_pair_needs_carry_nothing(
    full_api: httpx.AsyncClient, full_container: Container, user: User
) -> None:
    assert (await upload(full_api, user, "me.csv", csv(SUBJECT))).status_code == 200
    for n in range(CROWD - 2):  # Heat + The Sound of Music: 3 supporters, under k = 5
        other = await new_user(full_api, f"other{n}")
        assert (await upload(full_api, other, "h.csv", csv(OTHERS))).status_code == 200
    await full_container.rebuild_collaborative_model().execute()
    items = await recommend(full_api, user)
    titles = {i["movie"]["title"] for i in items}
    assert carried(items) == {} and not {"The Sound of Music", "Mary Poppins"} & titles


async def test_two_users_never_replay_one_list_to_the_other(
    full_api: httpx.AsyncClient, full_container: Container, user: User
) -> None:
    """The issue's case: with two users, one who liked only The Godfather was shown the other's 22
    other liked films, each "People who loved The Godfather also loved this"."""
    other = await new_user(full_api, "letterboxd")
    assert (await upload(full_api, other, "ratings.csv", example("letterboxd/ratings.csv"))).status_code == 200
    theirs = {row["Name"] for row in DictReader(io.StringIO(example("letterboxd/ratings.csv").decode()))}
    assert "The Godfather" in theirs
    assert (await upload(full_api, user, "me.csv", csv([("The Godfather", 1972, 10)]))).status_code == 200
    await full_container.rebuild_collaborative_model().execute()
    items = await recommend(full_api, user)
    assert carried(items) == {}  # no "people who loved": their because_you_liked is the user's own film
    replayed = {i["movie"]["title"] for i in items} & theirs
    assert len(replayed) < 5, replayed  # never 5 or more of 10 from one other user

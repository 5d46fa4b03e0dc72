"""A blend for two through the API: a horror fan and a romantic-comedy fan get films both people score
above their own median (measured here, independently, over 3,000 catalog films, with each person's own
recommendation scoring), none either has seen, each
explained per person, plus the films both loved; each person consents with their own key."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import numpy as np
import pytest

from src.application.personal_scoring import score_person, user_state
from src.container import Container
from src.domain.filters import Filters
from src.domain.scoring.priors import is_cold_start
from tests.integration.test_api_history import User, example, upload

pytestmark = pytest.mark.integration
SHARED = ("Psycho", "1960")  # the romantic-comedy fan loved this one too


def romcom_fan_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Name", "Year", "Letterboxd URI", "Rating"])
    for row in csv.DictReader(io.StringIO(example("panel/romcom.csv").decode())):
        writer.writerow([row["Date Rated"], row["Title"], row["Year"], "", int(row["Your Rating"]) / 2])
    writer.writerow(["2021-12-01", *SHARED, "", 5])
    return out.getvalue().encode()


async def person(api: httpx.AsyncClient, name: str, filename: str, data: bytes) -> User:
    created = (await api.post("/api/v1/users", json={"name": name})).json()
    user = (created["id"], {"Authorization": f"Bearer {created['api_key']}"})
    r = await upload(api, user, filename, data)
    assert r.status_code == 200, r.text
    return user


def key(user: User) -> str:
    return user[1]["Authorization"].removeprefix("Bearer ")


async def blend(api: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> httpx.Response:
    return await api.post("/api/v1/blends", headers=headers, json=body)


async def medians_and_scores(container: Container, user_ids: list[str], movie_ids: list[int]) -> Any:
    """Each person's median score over 3,000 catalog films, and their scores of `movie_ids`, as their own
    recommendations score (content, priors, the collaborative signals their history earns)."""
    import uuid

    use_case = container.blend_for_two()
    gather = container.recommendation.gather_candidates()
    reader = container.catalog_reader()
    sample = await reader.popular(limit=3000)
    picked = await reader.get_many(movie_ids, with_embeddings=True)
    out = []
    for u in user_ids:
        snapshot = await container.snapshot_reader().read(uuid.UUID(u))
        assert snapshot.profile is not None
        state = user_state(snapshot, snapshot.profile, use_case.params)
        cold = is_cold_start(state.profile)
        gathered = await gather.execute(
            state.profile, state.watched, Filters(), limit=10, cold_start=cold, history=state.history
        )
        known = {m.id for m in sample}
        movies = sample + [m for m in picked if m.id not in known]
        alpha = container.settings().alpha
        by_id = {
            s.movie.id: s.score
            for s in score_person(state, movies, gathered, use_case.params, alpha=alpha, cold_start=cold)
        }
        median = float(np.median([by_id[m.id] for m in sample if m.id in by_id]))
        out.append((median, {m: by_id[m] for m in movie_ids}))
    return out


async def seen_by(api: httpx.AsyncClient, user: User) -> tuple[set[int], set[str]]:
    entries = (await api.get(f"/api/v1/users/{user[0]}/history", headers=user[1])).json()["entries"]
    return {e["movie_id"] for e in entries if e["movie_id"]}, {e["title"] for e in entries}


async def test_a_horror_fan_and_a_romcom_fan_get_films_both_would_enjoy(
    full_api: httpx.AsyncClient, full_container: Container
) -> None:
    ana = await person(full_api, "Ana", "horror.csv", example("horror_fan.csv"))
    ben = await person(full_api, "Ben", "romcom.csv", romcom_fan_csv())
    headers = {**ana[1], "X-Partner-Key": key(ben)}
    r = await blend(full_api, headers, limit=10)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["people"] == ["Ana", "Ben"] and out["user_ids"] == [ana[0], ben[0]]
    items = out["items"]
    assert len(items) == 10
    ids = [i["movie"]["id"] for i in items]
    # no film either has seen
    for user in (ana, ben):
        seen_ids, seen_titles = await seen_by(full_api, user)
        assert not seen_ids & set(ids)
        assert not seen_titles & {i["movie"]["title"] for i in items}
    # both profiles score every pick above their own median (measured here over the catalog)
    for n, (median, scores) in enumerate(await medians_and_scores(full_container, [ana[0], ben[0]], ids)):
        for i in items:
            assert scores[i["movie"]["id"]] > median, (n, i["movie"]["title"], scores[i["movie"]["id"]], median)
            assert 0.0 <= i["for_each"][n]["rank"] <= 1.0
    # each pick explained per person
    for i in items:
        first, second = i["justification"].split("; ")
        assert first.startswith(("for Ana: like ", "for Ana: people who watched ")), first
        assert second.startswith(("for Ben: like ", "for Ben: people who watched ")), second
        assert [p["name"] for p in i["for_each"]] == ["Ana", "Ben"]
    # the films both loved most
    assert [f["movie"]["title"] for f in out["both_loved"]] == ["Psycho"]
    assert out["both_loved"][0]["ratings"] == [10.0, 10.0]
    # naming the partner by id works the same; the order of the two only swaps the names
    r = await blend(full_api, {**ben[1], "X-Partner-Key": key(ana)}, partner_id=ana[0], limit=5)
    assert r.status_code == 200 and r.json()["people"] == ["Ben", "Ana"] and len(r.json()["items"]) == 5


async def test_each_person_consents_with_their_own_key(full_api: httpx.AsyncClient) -> None:
    ana = await person(full_api, "Ana", "horror.csv", example("horror_fan.csv"))
    ben = await person(full_api, "Ben", "romcom.csv", romcom_fan_csv())
    eve = (await full_api.post("/api/v1/users", json={"name": "Eve"})).json()
    cases: list[tuple[dict[str, str], dict[str, Any], int, str]] = [
        (ana[1], {}, 401, "partner key"),
        ({"X-Partner-Key": key(ben)}, {}, 401, "your own key"),
        ({**ana[1], "X-Partner-Key": "cin_nobody"}, {}, 401, "invalid partner key"),
        ({"Authorization": "Bearer cin_nobody", "X-Partner-Key": key(ben)}, {}, 401, "invalid API key"),
        ({**ana[1], "X-Partner-Key": eve["api_key"]}, {"partner_id": ben[0]}, 403, "partner_id"),
        ({**ana[1], "X-Partner-Key": key(ana)}, {}, 422, "two different people"),
        ({**ana[1], "X-Partner-Key": eve["api_key"]}, {}, 404, "the second person has no taste profile"),
        ({**ana[1], "X-Partner-Key": key(ben)}, {"limit": 0}, 422, "limit"),
        ({**ana[1], "X-Partner-Key": key(ben)}, {"partner_id": "nope"}, 422, "partner_id"),
    ]
    for headers, body, status, named in cases:
        r = await blend(full_api, headers, **body)
        assert r.status_code == status, (headers.keys(), body, r.text)
        assert named in r.json()["error"]["message"], (body, r.json())


async def test_a_standing_exclude_list_holds_in_a_blend(full_api: httpx.AsyncClient) -> None:
    from tests.integration.test_api_lists import upload_list

    ana = await person(full_api, "Ana", "horror.csv", example("horror_fan.csv"))
    ben = await person(full_api, "Ben", "romcom.csv", romcom_fan_csv())
    headers = {**ana[1], "X-Partner-Key": key(ben)}
    first = (await blend(full_api, headers, limit=10)).json()["items"]
    banned = first[:4]
    csv_text = "Title,Year\n" + "".join(f"\"{i['movie']['title']}\",{i['movie']['year']}\n" for i in banned)
    r = await upload_list(full_api, ben, "never.csv", csv_text.encode(), kind="exclude", standing="true")
    assert r.status_code == 201, r.text
    again = await blend(full_api, headers, limit=10)
    assert again.status_code == 200, again.text
    ids = {i["movie"]["id"] for i in again.json()["items"]}
    assert len(ids) == 10 and not ids & {i["movie"]["id"] for i in banned}  # Ben's "never show these" holds

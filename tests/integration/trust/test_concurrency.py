"""Concurrency against the real database with REAL commits (see conftest: committed_api).

- Two uploads of different files for one user at the same time end with the history and the profile of
  exactly one of them (the one that committed last), never a mix.
- Reads during uploads (profile, recommendations, and the repository read under the snapshot helper)
  see the old or the new profile, never half of each.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import numpy as np
import pytest

from src.application.user_snapshot import read_user_snapshot
from src.container import Container
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.domain.user import User as DomainUser
from tests.integration.test_api_history import example
from tests.integration.trust.conftest import User, new_user, upload

pytestmark = pytest.mark.integration
FILES = {"horror": example("horror_fan.csv"), "scifi": example("scifi_fan.csv")}
# the first rows only: quick uploads, so many commits land while the readers read
SMALL = {name: b"\n".join(data.splitlines()[:9]) for name, data in FILES.items()}


def _history_key(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return sorted((r["line"], r["title"]) for r in rows)


async def _export(api: httpx.AsyncClient, user: User) -> dict[str, Any]:
    r = await api.get(f"/api/v1/users/{user[0]}/export", headers=user[1])
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_two_concurrent_uploads_leave_one_files_history_and_profile(
    committed_api: httpx.AsyncClient,
) -> None:
    api = committed_api
    user = await new_user(api)
    alone: dict[str, list[tuple[int, str]]] = {}
    for name, data in FILES.items():  # what each file alone stores
        assert (await upload(api, user, f"{name}.csv", data)).status_code == 200
        alone[name] = _history_key((await _export(api, user))["history"])
    assert alone["horror"] != alone["scifi"]

    for _ in range(4):
        horror, scifi = await asyncio.gather(
            upload(api, user, "horror.csv", FILES["horror"]), upload(api, user, "scifi.csv", FILES["scifi"])
        )
        assert horror.status_code == scifi.status_code == 200, (horror.text, scifi.text)
        reports = {"horror": horror.json(), "scifi": scifi.json()}
        last = max(reports, key=lambda k: reports[k]["profile_version"])
        versions = sorted(r["profile_version"] for r in reports.values())
        assert versions[1] == versions[0] + 1  # both committed, one after the other
        state = await _export(api, user)
        # the history is exactly the last committed file's, row for row
        assert _history_key(state["history"]) == alone[last]
        # and the profile is that same upload's profile
        profile = state["profile"]
        assert profile["version"] == reports[last]["profile_version"]
        assert len(profile["liked"]) == reports[last]["liked_count"]
        assert [c["label"] for c in profile["clusters"]] == [c["label"] for c in reports[last]["clusters"]]
        watched = {r["movie_id"] or r["title"] for r in state["history"]}
        assert {m["movie_id"] or m["title"] for m in profile["liked"]} <= watched


async def test_reads_during_uploads_see_the_old_or_the_new_profile(committed_api: httpx.AsyncClient) -> None:
    api = committed_api
    user = await new_user(api)
    reports: dict[int, dict[str, Any]] = {}
    for name in ("horror", "scifi"):
        report = (await upload(api, user, f"{name}.csv", SMALL[name])).json()
        reports[report["profile_version"]] = report
    done = asyncio.Event()

    async def writer() -> None:
        for i in range(30):
            name = "horror" if i % 2 == 0 else "scifi"
            r = await upload(api, user, f"{name}.csv", SMALL[name])
            assert r.status_code == 200, r.text
            reports[r.json()["profile_version"]] = r.json()
        done.set()

    profiles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []

    async def profile_reader() -> None:
        while not done.is_set():
            r = await api.get(f"/api/v1/users/{user[0]}/profile", headers=user[1])
            assert r.status_code == 200, r.text
            profiles.append(r.json())

    async def recommendation_reader() -> None:
        while not done.is_set():  # a new alpha each time: never served from the page cache
            body = {"limit": 5, "alpha": round(random.uniform(0.5, 20), 6)}
            r = await api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json=body)
            assert r.status_code == 200, r.text
            pages.append(r.json())

    await asyncio.gather(writer(), profile_reader(), profile_reader(), recommendation_reader())
    print(f"{len(reports)} uploads, {len(profiles)} profile reads, {len(pages)} recommendation pages")
    assert len(profiles) >= 50 and len(pages) >= 10
    for seen in profiles:  # each read equals the profile some upload stored, whole
        stored = reports[seen["version"]]
        assert seen["liked_count"] == stored["liked_count"]
        assert seen["clusters"] == stored["clusters"]
    summaries = {(await _summary(api, user, name)) for name in FILES}
    assert {p["taste_summary"] for p in pages} <= summaries


async def _summary(api: httpx.AsyncClient, user: User, name: str) -> str:
    assert (await upload(api, user, f"{name}.csv", SMALL[name])).status_code == 200
    r = await api.post(f"/api/v1/users/{user[0]}/recommendations", headers=user[1], json={"limit": 5})
    summary: str = r.json()["taste_summary"]
    return summary


def _profile(user_id: uuid.UUID, tag: str, clusters: int) -> TasteProfile:
    vector = np.ones(384, np.float32)
    return TasteProfile(
        user_id=user_id,
        algorithm=tag,
        embedding_model="hashing",
        clusters=[
            TasteCluster(id=i, label=f"{tag}{i}", centroid=vector, weight=1 / clusters, size=3)
            for i in range(clusters)
        ],
        liked=[
            LikedMovie(title=f"{tag}-{i}", year=2000, weight=1.0, embedding=vector, cluster_id=i % clusters)
            for i in range(3 * clusters)
        ],
    )


async def test_profile_reads_racing_profile_writes_are_never_mixed(committed_container: Container) -> None:
    """The tight version: one writer replacing the profile as fast as it can, readers reading it in a loop."""
    uows = committed_container.uow
    user_id = uuid.uuid4()
    async with uows() as uow:
        await uow.users.add(
            DomainUser(id=user_id, api_key_hash=uuid.uuid4().hex, created_at=datetime.now(UTC))
        )
        await uow.profiles.save(_profile(user_id, "A", 1))
        await uow.commit()
    stop = asyncio.Event()
    writes = 0

    async def writer() -> None:
        nonlocal writes
        while not stop.is_set():
            tag, clusters = ("B", 3) if writes % 2 == 0 else ("A", 1)
            async with uows() as uow:
                await uow.users.lock(user_id)
                await uow.profiles.save(_profile(user_id, tag, clusters))
                await uow.commit()
            writes += 1
            if writes >= 20 and len(reads) >= 100:
                stop.set()

    reads: list[TasteProfile] = []

    async def reader() -> None:
        while not stop.is_set():
            profile = await read_user_snapshot(uows, user_id, lambda uow: uow.profiles.get(user_id))
            assert profile is not None
            reads.append(profile)
            if writes >= 20 and len(reads) >= 100:
                stop.set()

    # bounded by work done, not by wall time (a loaded machine only makes it slower)
    await asyncio.wait_for(asyncio.gather(writer(), reader(), reader()), timeout=600)
    assert writes >= 20 and len(reads) >= 100
    for p in reads:
        tags = {p.algorithm} | {c.label[0] for c in p.clusters} | {m.title[0] for m in p.liked}
        assert len(tags) == 1, (p.version, tags)
        assert len(p.clusters) == (3 if p.algorithm == "B" else 1) and len(p.liked) == 3 * len(p.clusters)


async def test_ten_parallel_appends_keep_every_row(committed_api: httpx.AsyncClient) -> None:
    """B4 (issue 13): append locks the user before reading the stored history, so ten parallel appends
    of ten distinct films each leave all 100 rows (the last writer won before: 10 rows stored)."""
    api = committed_api
    user = await new_user(api)
    header, *rows = FILES["horror"].splitlines()
    rows += FILES["scifi"].splitlines()[1:]
    films = list(dict.fromkeys(r for r in rows if r.strip()))
    # the two example files hold 93 distinct films; unmatched titles are stored too, so pad to 100
    films += [f"2024-01-{i % 28 + 1:02d},Nonexistent Film {i},1901,,3".encode() for i in range(100 - len(films))]
    files = [header + b"\n" + b"\n".join(films[i : i + 10]) for i in range(0, 100, 10)]
    assert len(files) == 10
    responses = await asyncio.gather(
        *(upload(api, user, f"part{i}.csv", f, mode="append") for i, f in enumerate(files))
    )
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    history = (await _export(api, user))["history"]
    assert len(history) == 100

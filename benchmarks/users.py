"""Benchmark users, created through the API from the example watch histories under examples/."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_HISTORIES = (
    "horror_fan.csv",
    "scifi_fan.csv",
    "letterboxd/ratings.csv",
    "imdb/ratings.csv",
    "tmdb/tmdb_export.csv",
    "trakt/ratings.json",
    "cinemai/history.json",
    "generic/my_movies.csv",
    "netflix/NetflixViewingHistory.csv",
)


@dataclass(frozen=True)
class BenchUser:
    id: str
    api_key: str
    source: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def path(self, suffix: str) -> str:
        return f"/api/v1/users/{self.id}/{suffix}"


def create_user(client: httpx.Client, source: str) -> BenchUser:
    r = client.post("/api/v1/users", json={"name": f"benchmark: {source}"})
    r.raise_for_status()
    body = r.json()
    return BenchUser(id=str(body["id"]), api_key=body["api_key"], source=source)


def upload_history(client: httpx.Client, user: BenchUser, path: Path) -> dict[str, Any]:
    """POSTs the file as multipart; returns the import report. Raises RuntimeError on a non-200."""
    files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
    r = client.post(user.path("watch-history"), headers=user.headers, files=files, timeout=300)
    if r.status_code != 200:
        raise RuntimeError(f"upload of {path.name} answered {r.status_code}: {r.text[:300]}")
    report: dict[str, Any] = r.json()
    return report


def users_from_examples(client: httpx.Client, names: tuple[str, ...] = EXAMPLE_HISTORIES) -> list[BenchUser]:
    """One user per example file that imports; a file that fails is reported and skipped."""
    users: list[BenchUser] = []
    for name in names:
        user = create_user(client, name)
        start = time.perf_counter()
        try:
            report = upload_history(client, user, EXAMPLES / name)
        except RuntimeError as exc:
            print(f"  {name}: skipped ({exc})", flush=True)
            delete_users(client, [user])
            continue
        print(
            f"  {name}: {report['format']}, {report['rows_read']} rows, {report['matched']['total']} matched, "
            f"{report['liked_count']} liked → {report['algorithm']} ({len(report['clusters'])} cluster(s)) "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        users.append(user)
    return users


def recommended_ids(client: httpx.Client, users: list[BenchUser]) -> list[int]:
    """Movie ids from one recommendation page per user (these also warm the server's code paths)."""
    ids: list[int] = []
    for user in users:
        r = client.post(user.path("recommendations"), headers=user.headers, json={"limit": 20})
        r.raise_for_status()
        ids += [item["movie"]["id"] for item in r.json()["items"] if item["movie"]["id"] not in ids]
    return ids


def delete_users(client: httpx.Client, users: list[BenchUser]) -> None:
    """Best effort: a user that cannot be deleted is reported, not raised."""
    for user in users:
        try:
            r = client.delete(f"/api/v1/users/{user.id}", headers=user.headers)
            if r.status_code not in (204, 404):
                print(f"  could not delete benchmark user {user.id}: {r.status_code}", flush=True)
        except httpx.HTTPError as exc:
            print(f"  could not delete benchmark user {user.id}: {exc}", flush=True)

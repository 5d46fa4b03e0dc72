"""The embedded PostgreSQL ends with the process that started it: `cinemai serve` stopped with SIGTERM
(one worker and two) leaves no postgres behind, and one killed with SIGKILL leaves a server that the
next start takes over (data intact) and stops at its own exit. Real processes, real pgserver."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """World-traversable, as pgserver runs PostgreSQL as its own system user when we are root."""
    path = Path(tempfile.mkdtemp(prefix="cinemai-lifecycle-"))
    path.chmod(0o755)
    yield path
    _stop_leftovers(path)
    subprocess.run(["rm", "-rf", str(path)], check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CINEMAI_DATABASE_URL"}}
    env.update(CINEMAI_DATA_DIR=str(data_dir), CINEMAI_EMBEDDER="hashing", CINEMAI_LOG_LEVEL="warning")
    return env


def _serve(data_dir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "src.presentation.cli.main", "serve", "--port", str(port), *extra],
        cwd=ROOT, env=_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited early: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise AssertionError("serve did not become ready")


def _postmasters(data_dir: Path) -> list[int]:
    """Live postgres processes whose command line names this data dir (from /proc)."""
    found = []
    needle = str(data_dir / "pgdata").encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if b"postgres" in cmd and needle in cmd and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_gone(data_dir: Path, timeout_s: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while (left := _postmasters(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _stop_leftovers(data_dir: Path) -> None:
    for pid in _postmasters(data_dir):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_to_serve_stops_the_embedded_postgres(data_dir: Path, workers: str) -> None:
    proc, _ = _serve(data_dir, "--workers", workers)
    assert _postmasters(data_dir), "the embedded server should be running while serve runs"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert _wait_gone(data_dir) == []


def test_a_killed_serve_leaves_a_server_the_next_start_recovers_and_stops(data_dir: Path) -> None:
    proc, base = _serve(data_dir)
    created = httpx.post(f"{base}/api/v1/users", json={"name": "survivor"}, timeout=10).json()
    proc.kill()  # SIGKILL: no handler, no atexit
    proc.wait(timeout=30)
    orphans = _postmasters(data_dir)
    assert orphans, "SIGKILL cannot stop the server: this is the case the next start must handle"
    assert proc.pid in json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text())

    again, base = _serve(data_dir)
    headers = {"Authorization": f"Bearer {created['api_key']}"}
    export = httpx.get(f"{base}/api/v1/users/{created['id']}/export", headers=headers, timeout=10)
    assert export.status_code == 200, export.text  # the data written before the kill is there
    handles = json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text())
    assert proc.pid not in handles and again.pid in handles
    again.send_signal(signal.SIGTERM)
    again.wait(timeout=60)
    assert _wait_gone(data_dir) == []


def test_a_cli_command_stops_the_server_it_started(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "src.presentation.cli.main", "catalog", "status"],
        cwd=ROOT, env=_env(data_dir), capture_output=True, timeout=START_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert (data_dir / "pgdata" / "PG_VERSION").exists()
    assert _wait_gone(data_dir) == []

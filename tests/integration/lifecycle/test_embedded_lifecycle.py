"""The embedded PostgreSQL stops with the `cinemai serve` that started it, and a server left behind by
SIGKILL is recovered by the next start. Real processes, real embedded PostgreSQL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from src.infrastructure.db.embedded import is_postmaster_of, pid_exists, postmaster_pid

ROOT = Path(__file__).resolve().parents[3]
STARTUP_LIMIT_S = 120


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # world-traversable: run as root, pgserver runs PostgreSQL as its own system user
    path = Path(tempfile.mkdtemp(prefix="cinemai-lifecycle-"))
    path.chmod(0o755)
    yield path
    _stop_leftover(path / "pgdata")
    subprocess.run(["rm", "-rf", str(path)], check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_serve(data_dir: Path, *workers: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {**os.environ, "CINEMAI_DATA_DIR": str(data_dir), "CINEMAI_EMBEDDER": "hashing"}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "src.presentation.cli.main", "serve", "--port", str(port), *workers],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited early: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    _, err = proc.communicate(timeout=30)
    raise AssertionError(f"serve did not answer /health within {STARTUP_LIMIT_S} s:\n{err.decode()[-3000:]}")


def _postgres_pids_for(pgdata: Path) -> list[int]:
    """Every live postgres process whose command line names pgdata (scans /proc, no psutil)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and is_postmaster_of(int(entry.name), pgdata):
            found.append(int(entry.name))
    return found


def _psql(pgdata: Path, sql: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    out = subprocess.run(
        [str(POSTGRES_BIN_PATH / "psql"), "-h", str(pgdata), "-U", "postgres", "-tA", "-c", sql],
        check=True, capture_output=True, timeout=30,
    )
    return out.stdout.decode().strip()


def _stop_leftover(pgdata: Path) -> None:
    for pid in _postgres_pids_for(pgdata):
        os.kill(pid, signal.SIGKILL)


def _wait_gone(pgdata: Path) -> list[int]:
    for _ in range(50):
        left = _postgres_pids_for(pgdata)
        if not left:
            return left
        time.sleep(0.2)
    return _postgres_pids_for(pgdata)


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["1-worker", "2-workers"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_to_serve_stops_the_embedded_server(data_dir: Path, workers: list[str], sig: int) -> None:
    pgdata = data_dir / "pgdata"
    proc, _ = _start_serve(data_dir, *workers)
    server_pid = postmaster_pid(pgdata)
    assert server_pid is not None and is_postmaster_of(server_pid, pgdata)

    proc.send_signal(sig)
    proc.wait(timeout=60)

    assert _wait_gone(pgdata) == []
    assert not pid_exists(server_pid)
    assert not (pgdata / "postmaster.pid").exists()


def test_next_start_recovers_after_sigkill(data_dir: Path) -> None:
    pgdata = data_dir / "pgdata"
    proc, _ = _start_serve(data_dir)
    _psql(pgdata, "CREATE TABLE lifecycle_probe (v text); INSERT INTO lifecycle_probe VALUES ('kept')")
    orphan = postmaster_pid(pgdata)
    proc.kill()
    proc.wait(timeout=30)
    assert orphan is not None and is_postmaster_of(orphan, pgdata)  # the leftover the next start must handle

    proc, port = _start_serve(data_dir)
    assert _psql(pgdata, "SELECT v FROM lifecycle_probe") == "kept"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as resp:
        assert resp.status == 200
    proc.terminate()
    proc.wait(timeout=60)

    assert _wait_gone(pgdata) == []
    assert not pid_exists(orphan)


def test_next_start_recovers_after_server_and_owner_are_killed(data_dir: Path) -> None:
    pgdata = data_dir / "pgdata"
    proc, _ = _start_serve(data_dir)
    _psql(pgdata, "CREATE TABLE lifecycle_probe (v text); INSERT INTO lifecycle_probe VALUES ('kept')")
    proc.kill()
    proc.wait(timeout=30)
    _stop_leftover(pgdata)  # a crash: the postmaster dies too, its postmaster.pid stays behind
    assert _wait_gone(pgdata) == [] and (pgdata / "postmaster.pid").exists()

    proc, _ = _start_serve(data_dir)
    assert _psql(pgdata, "SELECT v FROM lifecycle_probe") == "kept"
    proc.terminate()
    proc.wait(timeout=60)
    assert _wait_gone(pgdata) == []

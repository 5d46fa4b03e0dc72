"""`cinemai serve` as a child process on 127.0.0.1 and a free port, and `cinemai catalog import`.

The server runs in its own session (a Ctrl-C in the terminal reaches only the benchmark, which then
stops the server itself): stop() sends SIGINT (uvicorn's graceful shutdown, which also lets the embedded
PostgreSQL stop), then SIGTERM, then SIGKILL, each with a bounded wait."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "src.presentation.cli.main"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The per-API-key rate limit (120 a minute by default) would answer most benchmark requests with 429,
# and a run creates ~10 users from one IP: both limits are switched off (0 disables them).
NO_RATE_LIMITS = {
    "CINEMAI_RATE_LIMIT_PER_MINUTE": "0", "CINEMAI_SIGNUP_RATE_PER_MINUTE": "0",
    "CINEMAI_SEARCH_RATE_PER_MINUTE": "0", "CINEMAI_ANONYMOUS_RATE_PER_MINUTE": "0",
}


def server_env(data_dir: Path, log_level: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: this one, plus the data dir, log level, offline model loading, no rate
    limits, the repository on PYTHONPATH, and `extra` last (it may override any of these)."""
    env = dict(os.environ)
    env.update(NO_RATE_LIMITS)
    env.update(
        CINEMAI_DATA_DIR=str(data_dir),
        CINEMAI_LOG_LEVEL=log_level,
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p),
    )
    env.update(extra or {})
    return env


class ServerProcess:
    """A context manager: started on enter, always stopped on exit. Its output goes to `log_path`."""

    def __init__(self, env: dict[str, str], log_path: Path, *, host: str = "127.0.0.1") -> None:
        self._env = env
        self._log_path = log_path
        self.host = host
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise RuntimeError("the server is not running")
        return self._proc.pid

    def __enter__(self) -> Self:
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        with self._log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                [*CLI, "serve", "--host", self.host, "--port", str(self.port)],
                cwd=REPO,
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def wait_ready(self, timeout_s: float = 180.0) -> dict[str, Any]:
        """Polls /ready until it answers 200, or 503 with an empty catalog (returned as is, so the
        caller can import one). Raises RuntimeError when the process exits or the time runs out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                raise RuntimeError(f"the server exited early; its log:\n{self.log_tail()}")
            try:
                r = httpx.get(f"{self.base_url}/ready", timeout=5)
                body: dict[str, Any] = r.json()
                if r.status_code == 200 or body.get("catalog_movies") == 0:
                    return body
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"the server was not ready after {timeout_s:.0f} s; its log:\n{self.log_tail()}")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait_s in ((signal.SIGINT, 30.0), (signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            try:
                proc.send_signal(sig)
                proc.wait(timeout=wait_s)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self._log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def import_catalog(env: dict[str, str], limit: int | None, timeout_s: float = 3600.0) -> None:
    """`cinemai catalog import [--limit N]` with its progress on this terminal. Raises on failure."""
    cmd = [*CLI, "catalog", "import", *(["--limit", str(limit)] if limit else [])]
    print(f"$ {' '.join(cmd[2:])}  (CINEMAI_DATA_DIR={env['CINEMAI_DATA_DIR']})", flush=True)
    subprocess.run(cmd, cwd=REPO, env=env, check=True, timeout=timeout_s, stdin=subprocess.DEVNULL)

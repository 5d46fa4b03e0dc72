"""What the load generator is asked to do: the requests of one scenario and its bounds (a JSON file
written by the benchmark runner, read by `python -m benchmarks.loadgen`)."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.rawhttp import json_body, multipart_body


@dataclass(frozen=True, kw_only=True)
class RequestSpec:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    upload_file: str | None = None  # sent as multipart field "file", with `form` as plain fields
    form: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class LoadSpec:
    name: str
    base_url: str
    requests: list[RequestSpec]
    concurrency: int = 8
    duration_s: float = 20.0
    max_requests: int = 1_000_000
    warmup_s: float = 0.0
    timeout_s: float = 30.0
    vary_alpha: tuple[float, float] | None = None
    keep_last_body: bool = False  # return the last 2xx JSON body (e.g. an import report's timings)
    client: str = "raw"
    seed: int = 1
    watch_pids: dict[str, int] = field(default_factory=dict)  # CPU seconds of these over the phase
    watch_trees: dict[str, int] = field(default_factory=dict)  # … of these and their children

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoadSpec:
        data = dict(data)
        requests = [RequestSpec(**r) for r in data.pop("requests")]
        alpha = data.pop("vary_alpha", None)
        return cls(requests=requests, vary_alpha=tuple(alpha) if alpha else None, **data)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def encode(
    spec: RequestSpec, rng: random.Random, alpha: tuple[float, float] | None
) -> tuple[dict[str, str], bytes]:
    """The request's headers and body bytes; a JSON body gets a random alpha when `alpha` is set."""
    headers, body = dict(spec.headers), b""
    if spec.json is not None:
        payload = dict(spec.json)
        if alpha is not None:
            payload["alpha"] = rng.uniform(*alpha)
        extra, body = json_body(payload)
        headers.update(extra)
    elif spec.upload_file is not None:
        path = Path(spec.upload_file)
        extra, body = multipart_body(path.name, _read_cached(path), spec.form)
        headers.update(extra)
    return headers, body


_FILES: dict[Path, bytes] = {}


def _read_cached(path: Path) -> bytes:
    if path not in _FILES:
        _FILES[path] = path.read_bytes()
    return _FILES[path]

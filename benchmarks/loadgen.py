"""The load generator: a process of its own that drives one scenario and prints its raw results.

    python -m benchmarks.loadgen SPEC.json  →  one JSON object on stdout

SPEC.json (see LoadSpec): the base URL, a list of requests cycled round-robin by `concurrency` workers,
each with one keep-alive connection (so at most `concurrency` connections). Every loop is bounded: by
`duration_s` (no request starts after the deadline), by `max_requests`, and each request by `timeout_s`.
An optional warm-up runs the same loop first, unrecorded. With `vary_alpha` = [lo, hi] each JSON body
gets a fresh random `alpha`, so no two requests share a cache key. `client` is "raw" (benchmarks.rawhttp,
the default: cheap enough not to be the bottleneck) or "httpx" (httpx.AsyncClient, as a cross-check).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from benchmarks.loadspec import LoadSpec, encode
from benchmarks.procstat import cpu_seconds, tree_cpu_seconds
from benchmarks.rawhttp import HttpProtocolError, RawHttpConnection

Send = Callable[[str, str, dict[str, str], bytes], Awaitable[tuple[int, bytes]]]
TRANSPORT_ERRORS = (OSError, TimeoutError, asyncio.IncompleteReadError, HttpProtocolError, httpx.HTTPError)


@dataclass
class Tally:
    """What one phase saw: 2xx latencies, every status, transport errors, the first failure's text."""

    latencies_s: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    first_failure: str | None = None
    last_body: Any = None

    def failed(self) -> int:
        return sum(n for s, n in self.statuses.items() if not 200 <= s < 300) + sum(self.errors.values())


class _Budget:
    def __init__(self, deadline: float, max_requests: int) -> None:
        self.deadline, self.left = deadline, max_requests

    def take(self) -> bool:
        if self.left <= 0 or time.perf_counter() >= self.deadline:
            return False
        self.left -= 1
        return True


async def _worker(
    send: Send, spec: LoadSpec, order: itertools.cycle[int], budget: _Budget, tally: Tally, rng: random.Random
) -> None:
    while budget.take():
        request = spec.requests[next(order)]
        headers, body = encode(request, rng, spec.vary_alpha)
        start = time.perf_counter()
        try:
            status, content = await send(request.method, request.path, headers, body)
        except TRANSPORT_ERRORS as exc:
            tally.errors[type(exc).__name__] += 1
            tally.first_failure = tally.first_failure or f"{type(exc).__name__}: {exc}"
            continue
        elapsed = time.perf_counter() - start
        tally.statuses[status] += 1
        if 200 <= status < 300:
            tally.latencies_s.append(elapsed)
            if spec.keep_last_body:
                tally.last_body = json.loads(content)
        elif tally.first_failure is None:
            tally.first_failure = f"{status}: {content[:300].decode(errors='replace')}"


async def _phase(senders: list[Send], spec: LoadSpec, phase: str, seconds: float) -> Tally:
    """One worker per sender until the deadline or the budget; each worker has its own RNG, seeded by
    (seed, scenario, phase, worker): no phase or scenario draws another's alphas."""
    tally = Tally()
    budget = _Budget(time.perf_counter() + seconds, spec.max_requests)
    order = itertools.cycle(range(len(spec.requests)))
    workers = [
        _worker(send, spec, order, budget, tally, random.Random(f"{spec.seed}-{spec.name}-{phase}-{i}"))
        for i, send in enumerate(senders)
    ]
    await asyncio.wait_for(asyncio.gather(*workers), timeout=seconds + spec.timeout_s + 5)
    return tally


async def _with_senders(spec: LoadSpec, run: Callable[[list[Send]], Awaitable[Tally]]) -> Tally:
    if spec.client == "httpx":
        limits = httpx.Limits(max_connections=spec.concurrency, max_keepalive_connections=spec.concurrency)
        async with httpx.AsyncClient(base_url=spec.base_url, limits=limits, timeout=spec.timeout_s) as client:

            async def send(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
                r = await client.request(method, path, headers=headers, content=body or None)
                return r.status_code, r.content

            return await run([send] * spec.concurrency)
    url = urlsplit(spec.base_url)
    connections = [
        RawHttpConnection(url.hostname or "127.0.0.1", url.port or 80, spec.timeout_s)
        for _ in range(spec.concurrency)
    ]
    try:
        return await run([c.request for c in connections])
    finally:
        for c in connections:
            await c.close()


async def drive(spec: LoadSpec) -> dict[str, Any]:
    """Runs the warm-up (if any) and the measured phase; returns the raw results."""
    if not spec.requests or spec.concurrency < 1:
        raise ValueError(f"scenario {spec.name} needs requests and a concurrency of at least 1")
    measured: dict[str, float] = {}

    async def run(senders: list[Send]) -> Tally:
        if spec.warmup_s > 0:
            await _phase(senders, spec, "warmup", spec.warmup_s)
        watched0, cpu0, wall0 = _watched_cpu(spec), time.process_time(), time.perf_counter()
        tally = await _phase(senders, spec, "measure", spec.duration_s)
        measured.update(elapsed_s=time.perf_counter() - wall0, cpu_s=time.process_time() - cpu0)
        for name, after in _watched_cpu(spec).items():
            before = watched0.get(name)
            if before is not None and after is not None:
                measured[f"cpu_s.{name}"] = after - before
        return tally

    tally = await _with_senders(spec, run)
    return {
        "name": spec.name,
        "latencies_s": tally.latencies_s,
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "errors": dict(tally.errors),
        "failed": tally.failed(),
        "first_failure": tally.first_failure,
        "last_body": tally.last_body,
        **measured,
    }


def _watched_cpu(spec: LoadSpec) -> dict[str, float | None]:
    found = {name: cpu_seconds(pid) for name, pid in spec.watch_pids.items()}
    return found | {name: tree_cpu_seconds(pid) for name, pid in spec.watch_trees.items()}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.loadgen SPEC.json", file=sys.stderr)
        return 2
    spec = LoadSpec.from_json(json.loads(Path(argv[0]).read_text()))
    json.dump(asyncio.run(drive(spec)), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

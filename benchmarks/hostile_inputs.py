"""Issue 13's hostile inputs (B1–B8) against a real `cinemai serve`, generated in memory, with figures.

    python -m benchmarks.hostile_inputs --data-dir DIR

DIR is a scratch data directory holding an imported catalog (copy yours: it gains a few test users).
For each case it prints the status code, the time to the answer, the server's peak RSS growth (VmHWM
after the case minus VmRSS before it, so an upper bound) and, for the JSON case, the slowest `/health`
answer while the upload was in flight. Nothing is asserted: the tests in tests/integration/trust do
that; this prints the figures the issue asked for."""

from __future__ import annotations

import argparse
import asyncio
import io
import time
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.server import ServerProcess, server_env

MiB = 1024 * 1024


@dataclass(frozen=True)
class Outcome:
    case: str
    status: str
    seconds: float
    rss_growth_mb: float
    note: str = ""


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class Probe:
    def __init__(self, client: httpx.AsyncClient, pid: int) -> None:
        self.client = client
        self.pid = pid

    async def signup(self, **headers: str) -> httpx.Response:
        return await self.client.post("/api/v1/users", json={"name": "hostile"}, headers=headers)

    async def user(self) -> tuple[str, dict[str, str]]:
        body = (await self.signup()).json()
        return body["id"], {"Authorization": f"Bearer {body['api_key']}"}

    async def upload(
        self, user: tuple[str, dict[str, str]], name: str, data: bytes, **form: str
    ) -> httpx.Response:
        uid, headers = user
        return await self.client.post(
            f"/api/v1/users/{uid}/watch-history", headers=headers, files={"file": (name, data)}, data=form
        )

    async def measure(self, case: str, work: Callable[[], Awaitable[tuple[str, str]]]) -> Outcome:
        before = _kib(self.pid, "VmRSS")
        start = time.perf_counter()
        status, note = await work()
        seconds = time.perf_counter() - start
        growth = max(0, _kib(self.pid, "VmHWM") - before) / 1024
        return Outcome(case, status, seconds, growth, note)


def _message(r: httpx.Response) -> str:
    try:
        return str(r.json()["error"]["message"])[:110]
    except (ValueError, KeyError, TypeError):
        return ""


def _letterboxd_zip(rows: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        body = "Date,Name,Year,Letterboxd URI\n" + "2020-01-01,Alien,1979,https://boxd.it/2b0k\n" * rows
        z.writestr("watched.csv", body)
    return buffer.getvalue()


async def run(probe: Probe) -> list[Outcome]:
    user = await probe.user()
    outcomes: list[Outcome] = []

    for size_kb in (20, 80, 8 * 1024):  # B1: `["` then escaped quotes (was quadratic, blocking the loop)
        hostile = ('["' + '\\"' * (size_kb * 512)).encode()

        async def b1(hostile: bytes = hostile) -> tuple[str, str]:
            task = asyncio.create_task(probe.upload(user, "hostile.json", hostile))
            slowest = 0.0
            while not task.done():
                t = time.perf_counter()
                await probe.client.get("/health")
                slowest = max(slowest, time.perf_counter() - t)
                await asyncio.sleep(0.02)
            r = await task
            return str(r.status_code), f"slowest /health during it {slowest * 1000:.0f} ms; {_message(r)}"

        outcomes.append(await probe.measure(f"B1 JSON nesting, {size_kb} KB", b1))

    async def b2() -> tuple[str, str]:  # 20 MB of one-character rows (was: 422 after 352 s, 5.6 GiB)
        r = await probe.upload(user, "many.csv", b"Title\n" + b"a\n" * (10 * MiB - 4))
        return str(r.status_code), _message(r)

    outcomes.append(await probe.measure("B2 CSV, 10.5 M rows in 20 MB", b2))

    zipped = _letterboxd_zip(2_360_000)

    async def b3() -> tuple[str, str]:  # was: 200 after 110 s at 2.7 GiB, the row limit bypassed
        r = await probe.upload(user, "letterboxd.zip", zipped)
        return str(r.status_code), f"zip of {len(zipped) / 1024:.0f} KB; {_message(r)}"

    outcomes.append(await probe.measure("B3 zip, 2.36 M identical rows", b3))

    appender = await probe.user()

    async def b4() -> tuple[str, str]:  # was: 10 rows stored instead of 100
        files = [
            ("Title,Year\n" + "".join(f"Hostile Probe {i}-{j},1999\n" for j in range(10))).encode()
            for i in range(10)
        ]
        answers = await asyncio.gather(
            *(probe.upload(appender, f"a{i}.csv", f, mode="append") for i, f in enumerate(files))
        )
        uid, headers = appender
        stored = len(
            (await probe.client.get(f"/api/v1/users/{uid}/export", headers=headers)).json()["history"]
        )
        codes = sorted({str(a.status_code) for a in answers})
        return ",".join(codes), f"{stored} rows stored from 10 parallel appends of 10"

    outcomes.append(await probe.measure("B4 parallel appends", b4))

    async def b7() -> tuple[str, str]:  # was: "the file is 21.0 MB; the limit is 21 MB"
        r = await probe.upload(user, "big.csv", b"Title\n" + b"x" * (20 * MiB + 1 - 6))
        return str(r.status_code), _message(r)

    outcomes.append(await probe.measure("B7 20 MiB + 1 byte", b7))

    async def b8() -> tuple[str, str]:  # the schema admitted what the server refused
        uid, headers = appender  # has a profile, so the request reaches the rerank check
        url = f"/api/v1/users/{uid}"
        answers = {
            "rerank=llm": await probe.client.post(
                f"{url}/recommendations", headers=headers, json={"rerank": "llm"}
            ),
            "format=bogus": await probe.upload(user, "h.csv", b"Title\nAlien\n", format="bogus"),
            "movie_id=8766.0": await probe.client.post(
                f"{url}/feedback", headers=headers, json={"movie_id": 8766.0, "signal": "like"}
            ),
            "q=%C2%85": await probe.client.get("/api/v1/movies/search?q=%C2%85"),
        }
        return " ".join(f"{k}:{v.status_code}" for k, v in answers.items()), ""

    outcomes.append(await probe.measure("B8 schema edges", b8))

    async def b6() -> tuple[str, str]:  # was: 20 forged X-Forwarded-For signups all 201 after the 429
        plain = [(await probe.signup()).status_code for _ in range(12)]
        forged = [
            (await probe.signup(**{"X-Forwarded-For": f"203.0.113.{i}"})).status_code for i in range(20)
        ]
        return (
            f"plain 201×{plain.count(201)} 429×{plain.count(429)}",
            f"forged X-Forwarded-For: 201×{forged.count(201)} 429×{forged.count(429)}",
        )

    outcomes.append(await probe.measure("B6 forged proxy header", b6))
    return outcomes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--data-dir", type=Path, required=True, help="scratch data dir with an imported catalog"
    )
    parser.add_argument("--log", type=Path, default=Path("reports/hostile_inputs.log"))
    args = parser.parse_args(argv)
    # default limits on (the signup limit is the point of B6); the per-key limit is high enough here
    env = server_env(args.data_dir, "warning", {"CINEMAI_SIGNUP_RATE_PER_MINUTE": "10"})
    with ServerProcess(env, args.log) as server:
        server.wait_ready()

        async def go() -> list[Outcome]:
            async with httpx.AsyncClient(base_url=server.base_url, timeout=120) as client:
                return await run(Probe(client, server.pid))

        outcomes = asyncio.run(go())
    print(f"{'case':<32} {'status':<28} {'seconds':>8} {'peak RSS +MB':>12}  note")
    for o in outcomes:
        print(f"{o.case:<32} {o.status:<28} {o.seconds:>8.2f} {o.rss_growth_mb:>12.0f}  {o.note}")


if __name__ == "__main__":
    main()

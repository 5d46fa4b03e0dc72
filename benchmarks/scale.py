"""`python benchmarks/scale.py`: how recommendation latency, memory per worker, collaborative refit time and
database size grow with users (10^3 → 10^5 by default) and catalog size (17k → 200k films).

Synthetic data, written straight into a fresh embedded PostgreSQL (COPY, not the upload pipeline): random
unit vectors for films (384-d, the local model's size), users whose histories draw films Zipf-like from the
`--popular` most popular ones (so the EASE refit stays bounded: it is dense in the interacted films), a
stored profile of up to 3 clusters per user built from its liked films. Each level adds to the previous
one (users first, on the smallest catalog; then the catalog grows under the largest user count).

Per level: the refit time of the collaborative model (`cinemai cf rebuild`), then a fresh process that
does one API worker's share — loads the catalog (time, MB of vectors) and the collaborative model, runs
`--requests` uncached recommendations for random users through the real Recommend use case (numpy
candidates, local reranker, collaborative signal), reported as p50/p95 ms, and its RSS after them (the
memory a worker needs); pg_database_size. The HNSW indexes are
dropped in this throwaway database (the numpy candidate source does not use them, and building them for
200k films takes many minutes): database sizes exclude them. Every run is bounded by its sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

DIM = 384
MODEL = "scale-synthetic"
GENRES = ["Drama", "Comedy", "Thriller", "Horror", "Romance", "Science Fiction", "Western", "Animation"]
COUNTRIES = ["United States of America", "France", "Japan", "Italy", "United Kingdom", "India"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python benchmarks/scale.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--users", default="1000,10000,100000", help="user counts, ascending")
    p.add_argument("--catalogs", default="17000,200000", help="catalog sizes, ascending")
    p.add_argument("--history", type=int, default=12, help="history rows per user")
    p.add_argument("--popular", type=int, default=3000, help="histories draw from this many popular films")
    p.add_argument("--requests", type=int, default=60, help="recommendations timed per level")
    p.add_argument("--data-dir", type=Path, default=None, help="a fresh dir (default: a temp dir, removed)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--worker", metavar="DATABASE_URL", help=argparse.SUPPRESS)  # internal: one worker's share
    return p.parse_args(argv)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


class Data:
    """Writes the synthetic rows with asyncpg COPY; keeps the film vectors to build profiles from."""

    def __init__(self, db: object, rng: np.random.Generator) -> None:
        self.db = db
        self.rng = rng
        self.vectors = np.zeros((0, DIM), np.float32)
        self.users = 0
        self.user_ids: list[uuid.UUID] = []

    async def add_movies(self, total: int) -> None:
        start = len(self.vectors)
        n = total - start
        vectors = unit_rows(self.rng, n)
        rng = self.rng
        rows: list[tuple[Any, ...]] = []
        for i in range(n):
            mid = start + i + 1
            votes = int(1e5 / (mid ** 0.9))  # film `mid` is the mid-th most reviewed
            rows.append((
                mid, f"scale:{mid}", f"Film {mid}", f"film {mid}", int(rng.integers(1920, 2026)),
                [GENRES[int(g)] for g in rng.choice(len(GENRES), 2, replace=False)],
                [COUNTRIES[int(rng.integers(len(COUNTRIES)))]], int(rng.integers(70, 180)),
                [f"Director {mid % 5000}"], [], "English", f"Plot {mid}.", float(votes), 6.5, votes, 0.6,
                "scale", vectors[i], MODEL, DIM,
            ))
        cols = ["id", "ext_key", "title", "norm_title", "year", "genres", "countries", "runtime", "directors",
                "cast_names", "language", "description", "popularity", "vote_average", "vote_count", "quality",
                "source", "embedding", "embedding_model", "embedding_dim"]
        await self.db.copy_records_to_table("movies", records=rows, columns=cols)  # type: ignore[attr-defined]
        await self.db.execute("UPDATE catalog_state SET version = version + 1")  # type: ignore[attr-defined]
        self.vectors = np.vstack([self.vectors, vectors])

    async def add_users(self, total: int, history: int, popular: int) -> None:
        rng, now = self.rng, datetime.now(UTC)
        ranks = np.arange(1, popular + 1, dtype=np.float64)
        p = 1.0 / ranks
        p /= p.sum()
        users: list[tuple[Any, ...]] = []
        watches: list[tuple[Any, ...]] = []
        heads: list[tuple[Any, ...]] = []
        clusters: list[tuple[Any, ...]] = []
        liked_rows: list[tuple[Any, ...]] = []
        for _ in range(total - self.users):
            uid = uuid.uuid4()
            self.user_ids.append(uid)
            users.append((uid, uuid.uuid4().hex + uuid.uuid4().hex, None, now))
            films = rng.choice(popular, size=history, replace=False, p=p) + 1
            ratings = rng.integers(1, 11, size=history)
            liked = [int(f) for f, r in zip(films, ratings, strict=True) if r >= 6] or [int(films[0])]
            for line, (f, r) in enumerate(zip(films, ratings, strict=True), start=1):
                watches.append((uid, line, f"Film {f}", int(f), float(r), int(f), "exact", int(r) >= 6,
                                1.0, [], [], [], False))
            groups = [liked[k::3] for k in range(min(3, len(liked)))]
            heads.append((uid, 1, "kmeans", MODEL, now))
            for no, group in enumerate(groups):
                centroid = self.vectors[np.asarray(group) - 1].mean(axis=0)
                members = json.dumps([{"title": f"Film {f}", "year": None, "weight": 1.0, "movie_id": f,
                                       "genres": [], "directors": []} for f in group[:5]])
                clusters.append((uid, no, f"taste {no}", centroid.astype(np.float32), float(len(group)),
                                 len(group), members))
                liked_rows += [(uid, no, f, f"Film {f}", None, 1.0, [], [], self.vectors[f - 1], 8.0)
                               for f in group]
        db = self.db
        await db.copy_records_to_table("users", records=users,  # type: ignore[attr-defined]
                                       columns=["id", "api_key_hash", "name", "created_at"])
        await db.copy_records_to_table("watch_entries", records=watches,  # type: ignore[attr-defined]
                                       columns=["user_id", "line", "title", "year", "rating", "movie_id",
                                                "match_method", "liked", "weight", "genres", "directors",
                                                "countries", "rewatch"])
        await db.copy_records_to_table("profiles", records=heads,  # type: ignore[attr-defined]
                                       columns=["user_id", "version", "algorithm", "embedding_model",
                                                "updated_at"])
        await db.copy_records_to_table("profile_clusters", records=clusters,  # type: ignore[attr-defined]
                                       columns=["user_id", "cluster_no", "label", "centroid", "weight", "size",
                                                "members"])
        await db.copy_records_to_table("profile_liked", records=liked_rows,  # type: ignore[attr-defined]
                                       columns=["user_id", "cluster_no", "movie_id", "title", "year", "weight",
                                                "genres", "directors", "embedding", "rating"])
        self.users = total


async def measure(url: str, db: object, requests: int, seed: int) -> dict[str, float]:
    """One level: the refit here (it is a job, not a worker's), then a fresh worker process (`--worker`)
    that loads the catalog and the model and times the recommendations; its RSS is a worker's memory."""
    import subprocess

    out: dict[str, float] = {}
    container: Any = _container(url)
    started = time.perf_counter()
    await container.rebuild_collaborative_model().execute(force=True)
    out["refit_s"] = time.perf_counter() - started
    await container.engine().dispose()
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, __file__, "--worker", url, "--requests", str(requests), "--seed", str(seed)],
        capture_output=True, text=True, check=True,
    )
    out.update(json.loads(done.stdout.strip().splitlines()[-1]))
    db_size = await db.fetchval("SELECT pg_database_size(current_database())")  # type: ignore[attr-defined]
    out["db_mb"] = db_size / 1e6
    return out


def _container(url: str) -> object:
    from src.container import Container
    from src.infrastructure.settings import Settings

    container = Container()
    container.settings.override(Settings(database_url=url, embedder="hashing", reranker="local",
                                         catalog_recheck_seconds=3600, collaborative_rebuild_min_change=10**9))
    return container


async def worker(url: str, requests: int, seed: int) -> dict[str, float]:
    """What one API worker does: load the catalog and the collaborative model, then recommend."""
    from src.application.recommend import RecommendCommand

    c: object = _container(url)
    out: dict[str, float] = {}
    started = time.perf_counter()
    arrays = await c.catalog_snapshots().current()  # type: ignore[attr-defined]
    out["catalog_load_s"] = time.perf_counter() - started
    out["vectors_mb"] = arrays.nbytes / 1e6
    await c.collaborative_store().current()  # type: ignore[attr-defined]
    async with c.engine().connect() as conn:  # type: ignore[attr-defined]
        from sqlalchemy import text

        rows = (await conn.execute(text("SELECT user_id FROM profiles ORDER BY user_id"))).all()
    rng = np.random.default_rng(seed)
    picks = [rows[int(i)][0] for i in rng.choice(len(rows), size=requests + 3)]
    recommend = c.recommend()  # type: ignore[attr-defined]
    times = []
    for n, user_id in enumerate(picks):
        t = time.perf_counter()
        await recommend.execute(RecommendCommand(user_id=user_id, limit=10))
        if n >= 3:  # the first few warm the process
            times.append((time.perf_counter() - t) * 1000)
    out["p50_ms"] = statistics.median(times)
    out["p95_ms"] = float(np.percentile(times, 95))
    out["rss_mb"] = rss_mb()
    await c.engine().dispose()  # type: ignore[attr-defined]
    return out


def _axes(row: tuple[int, int, dict[str, float]], axis: int) -> tuple[int, int]:
    """(the axis that may change, the other one): users for axis 0, films for axis 1."""
    return (row[0], row[1]) if axis == 0 else (row[1], row[0])


def growth(rows: list[tuple[int, int, dict[str, float]]], key: str, axis: int) -> str:
    """Multiplier per tenfold of the axis that changed between the last two comparable rows."""
    parts = []
    for a, b in itertools.pairwise(rows):
        (a_moved, a_kept), (b_moved, b_kept) = _axes(a, axis), _axes(b, axis)
        if a_moved == b_moved or a_kept != b_kept or key not in a[2] or key not in b[2]:
            continue
        decades = math.log10(b_moved / a_moved)
        if a[2][key] > 0:
            parts.append(f"×{(b[2][key] / a[2][key]) ** (1 / decades):.2f}")
    return ", ".join(parts) or "–"


def render(rows: list[tuple[int, int, dict[str, float]]], info: str) -> str:
    cols = [("p50_ms", "rec p50 ms"), ("p95_ms", "rec p95 ms"), ("rss_mb", "RSS/worker MB"),
            ("vectors_mb", "vectors MB"), ("catalog_load_s", "catalog load s"), ("refit_s", "refit s"),
            ("db_mb", "DB MB")]
    lines = [info, "", "| users | films | " + " | ".join(h for _, h in cols) + " |",
             "|---:|---:|" + "---:|" * len(cols)]
    for users, films, m in rows:
        cells = [f"{m[k]:.1f}" if k in m else "–" for k, _ in cols]
        lines.append(f"| {users:,} | {films:,} | " + " | ".join(cells) + " |")
    lines.append("| growth per decade of users | | " + " | ".join(growth(rows, k, 0) for k, _ in cols) + " |")
    lines.append("| growth per decade of films | | " + " | ".join(growth(rows, k, 1) for k, _ in cols) + " |")
    return "\n".join(lines)


async def run(args: argparse.Namespace, data_dir: Path) -> str:
    import asyncpg

    from src.infrastructure.db.embedded import start_embedded
    from src.infrastructure.db.migrate import upgrade
    from src.infrastructure.db.vector_type import decode, encode

    url = start_embedded(data_dir / "pgdata", delete_on_exit=True)
    container: Any = _container(url)
    await upgrade(container.engine())
    await container.engine().dispose()
    db = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    await db.set_type_codec("vector", schema="public", encoder=encode, decoder=decode, format="binary")
    await db.execute("DROP INDEX IF EXISTS ix_movies_embedding_hnsw_384; DROP INDEX IF EXISTS ix_movies_embedding_hnsw_1536")
    data = Data(db, np.random.default_rng(args.seed))
    users = [int(x) for x in args.users.split(",")]
    films = [int(x) for x in args.catalogs.split(",")]
    rows: list[tuple[int, int, dict[str, float]]] = []
    await data.add_movies(films[0])
    for u in users:
        t = time.perf_counter()
        await data.add_users(u, args.history, min(args.popular, films[0]))
        print(f"{u:,} users on {films[0]:,} films written in {time.perf_counter() - t:.0f} s", flush=True)
        rows.append((u, films[0], await measure(url, db, args.requests, args.seed)))
        print(rows[-1], flush=True)
    for f in films[1:]:
        t = time.perf_counter()
        await data.add_movies(f)
        print(f"{f:,} films written in {time.perf_counter() - t:.0f} s", flush=True)
        rows.append((users[-1], f, await measure(url, db, args.requests, args.seed)))
        print(rows[-1], flush=True)
    await db.close()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info = (f"`python benchmarks/scale.py {' '.join(sys.argv[1:])}` — {args.history} history rows per user "
            f"(from the {args.popular} most popular films), {args.requests} uncached recommendations per level, "
            f"load average at the end {load} ({os.cpu_count()} CPUs)")
    return render(rows, info)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(asyncio.run(worker(args.worker, args.requests, args.seed))))
        return 0
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="cinemai-scale-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o755)  # pgserver runs PostgreSQL as its own user when we are root
    try:
        print(asyncio.run(run(args, data_dir)))
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

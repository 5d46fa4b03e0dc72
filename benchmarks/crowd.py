"""`python -m benchmarks.crowd --data-dir DIR --users 2000`: a synthetic crowd in a benchmark data dir, so the
load benchmark measures recommendations *with* a collaborative model (EASE neighbours and transitions).

The load benchmark's own users are the nine example histories: too few people for any film pair to reach
the k-anonymity support (CINEMAI_CF_MIN_SUPPORT), so without a crowd the collaborative and transitions
signals are empty and their cost is not measured. This writes `--users` synthetic people straight into the
data dir's database (asyncpg COPY, not the upload pipeline): each one leans to one genre and watches
`--history` films drawn Zipf-like from that genre's most voted films of the real catalog, one film a day
(so the transitions model has an order), rated 1–10. Then `cinemai cf rebuild` fits the model the
service reads. The crowd users have no API key anyone knows and no profile; `--remove` deletes them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

CROWD_NAME = "benchmark-crowd"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.crowd", description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, required=True, help="the benchmark's CINEMAI_DATA_DIR")
    p.add_argument("--users", type=int, default=2000, help="synthetic people (default 2000)")
    p.add_argument("--history", type=int, default=40, help="films per person (default 40)")
    p.add_argument("--popular", type=int, default=400, help="each genre's most voted films drawn from")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--remove", action="store_true", help="delete the crowd instead (then rebuild)")
    args = p.parse_args(argv)
    if args.users < 1 or args.history < 2 or args.popular < args.history:
        p.error("--users ≥ 1, --history ≥ 2 and --popular ≥ --history")
    return args


async def write(url: str, args: argparse.Namespace) -> int:
    import asyncpg

    db = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        if args.remove:
            done = await db.execute("DELETE FROM users WHERE name = $1", CROWD_NAME)
            return int(done.split()[-1])
        rows = await db.fetch(
            "SELECT id, title, year, genres FROM movies WHERE embedding IS NOT NULL ORDER BY vote_count DESC NULLS LAST"
        )
        by_genre: dict[str, list[Any]] = {}
        for r in rows:
            for g in r["genres"][:2]:
                by_genre.setdefault(g, []).append(r)
        genres = sorted(g for g, films in by_genre.items() if len(films) >= args.popular)
        if not genres:
            raise SystemExit(f"no genre has {args.popular} films: import the catalog first (cinemai catalog import)")
        rng = np.random.default_rng(args.seed)
        ranks = np.arange(1, args.popular + 1, dtype=np.float64)
        p = 1.0 / ranks
        p /= p.sum()
        now, start = datetime.now(UTC), date(2024, 1, 1)
        users: list[tuple[Any, ...]] = []
        watches: list[tuple[Any, ...]] = []
        for _ in range(args.users):
            uid = uuid.uuid4()
            users.append((uid, uuid.uuid4().hex + uuid.uuid4().hex, CROWD_NAME, now))
            pool = by_genre[genres[int(rng.integers(len(genres)))]][: args.popular]
            picks = rng.choice(args.popular, size=args.history, replace=False, p=p)
            ratings = rng.integers(1, 11, size=args.history)
            for line, (k, rating) in enumerate(zip(picks, ratings, strict=True), start=1):
                film = pool[int(k)]
                watches.append((
                    uid, line, film["title"], film["year"], float(rating), start + timedelta(days=line),
                    film["id"], "exact", int(rating) >= 6, 1.0,
                ))
        await db.copy_records_to_table("users", records=users, columns=["id", "api_key_hash", "name", "created_at"])
        await db.copy_records_to_table(
            "watch_entries",
            records=watches,
            columns=["user_id", "line", "title", "year", "rating", "watched_at", "movie_id", "match_method",
                     "liked", "weight"],
        )
        return len(users)
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    from src.infrastructure.db.embedded import start_embedded

    args = parse_args(argv)
    url = start_embedded(args.data_dir / "pgdata")
    n = asyncio.run(write(url, args))
    print(f"{'removed' if args.remove else 'wrote'} {n:,} crowd users; rebuilding the collaborative model", flush=True)
    env = {"CINEMAI_DATA_DIR": str(args.data_dir)}
    cmd = [sys.executable, "-m", "src.presentation.cli.main", "cf", "rebuild"]
    return subprocess.run(cmd, env={**os.environ, **env}, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())

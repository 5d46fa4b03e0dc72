"""Time watch-history imports of Letterboxd-style files, split into parse / match / embed / cluster / store.

    python benchmarks/import_history.py --rows 1000 10000 [--repeat 3]

Uses the real container (CINEMAI_DATA_DIR / DATABASE_URL as configured; the catalog must be imported), a
throwaway user per run (deleted afterwards), and the same ImportWatchHistory use case as the API.
Peak memory is the process's maximum resident set size, printed before and after (the model and catalog
index load on the first import)."""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.history_file import letterboxd_ratings_csv
from src.application.import_watch_history import ImportWatchHistoryCommand
from src.container import Container, database
from src.infrastructure.catalog.offline import OfflineCatalogSource

STAGES = ("parse", "match", "embed", "cluster", "store", "collaborative")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main(rows: list[int], repeat: int) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    movies = [m async for m in OfflineCatalogSource().movies()]
    files = {n: letterboxd_ratings_csv(movies, n).encode() for n in rows}
    container = Container()
    load = os.getloadavg()
    print(
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} | peak RSS before imports: {peak_mb():.0f} MB"
    )
    print(
        "| rows | liked | algorithm | parse s | match s | embed s | cluster s | store s | cf refresh s | total s (median) | peak RSS MB |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    async with database(container):
        for n in rows:
            runs = []
            for _ in range(repeat):
                user = (await container.create_user().execute("benchmark")).user
                started = time.perf_counter()
                report = await container.import_watch_history().execute(
                    ImportWatchHistoryCommand(user_id=user.id, data=files[n], filename="ratings.csv")
                )
                runs.append((time.perf_counter() - started, report))
                await container.delete_user().execute(user.id)
            total, report = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
            stages = " | ".join(f"{statistics.median(r.timings.get(s, 0.0) for _, r in runs):.3f}" for s in STAGES)
            print(
                f"| {n} | {report.liked_count} | {report.profile.algorithm} | {stages} | {total:.2f} | {peak_mb():.0f} |"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median is reported")
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.repeat))

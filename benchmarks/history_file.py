"""A Letterboxd-style ratings.csv of N real catalog titles, for the import scenario.

The sample is seeded, so the same catalog and seed always give the same file."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from datetime import date, timedelta

from src.domain.movie import Movie

HEADER = ("Date", "Name", "Year", "Letterboxd URI", "Rating")
RATINGS = tuple(x / 2 for x in range(1, 11))  # 0.5 … 5.0 stars in half steps
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650


def letterboxd_ratings_csv(movies: Sequence[Movie], rows: int = 1000, *, seed: int = 7) -> str:
    """`rows` distinct movies (distinct title+year, titled, with a year) sampled from `movies` with a
    seeded RNG, rated 0.5–5 stars, with dates and boxd.it URIs. Raises ValueError when the catalog
    holds fewer than `rows` usable movies."""
    usable = _distinct(movies)
    if len(usable) < rows:
        raise ValueError(f"the catalog has {len(usable)} usable movies; {rows} rows were asked for")
    rng = random.Random(seed)
    picked = rng.sample(usable, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i, movie in enumerate(picked):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        rating = rng.choice(RATINGS)
        writer.writerow(
            (
                day.isoformat(),
                movie.title,
                movie.year,
                f"https://boxd.it/{_base36(100_000 + i)}",
                _stars(rating),
            )
        )
    return out.getvalue()


def _distinct(movies: Sequence[Movie]) -> list[Movie]:
    seen: set[tuple[str, int]] = set()
    usable: list[Movie] = []
    for m in movies:
        if not m.title.strip() or m.year is None:
            continue
        key = (m.title.strip().casefold(), m.year)
        if key not in seen:
            seen.add(key)
            usable.append(m)
    return usable


def _stars(rating: float) -> str:
    return f"{rating:g}"


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


async def offline_catalog_movies(limit: int | None) -> list[Movie]:
    """The first `limit` movies of the offline catalog in the order `cinemai catalog import` reads them
    (so a catalog imported with --limit N holds exactly these)."""
    from src.infrastructure.catalog.offline import OfflineCatalogSource

    return [m async for m in OfflineCatalogSource().movies(limit)]

"""Fit time and peak memory of the collaborative fitters on synthetic interactions.

`python -m benchmarks.collaborative_fit [--sizes 10000,100000,1000000] [--movies 3000]`: users rate
movies drawn from a Zipf-like popularity; each fitter runs once per size, with the service's default
settings (neighbours, λ, window, support); prints a markdown table."""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from functools import partial

import numpy as np
from threadpoolctl import threadpool_limits

from src.domain.collaborative import CooccurrenceParams, Interactions
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter
from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter
from src.infrastructure.settings import Settings

PER_USER = 50


def synthetic(size: int, movies: int, seed: int = 0) -> Interactions:
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, movies + 1) ** 0.8
    popularity /= popularity.sum()
    users = max(1, size // PER_USER)
    rows = np.repeat(np.arange(users), PER_USER)[:size]
    picks = rng.choice(movies, size=rows.shape[0], p=popularity)
    pairs = np.unique(np.stack([rows, picks]), axis=1)
    return Interactions(pairs[0].astype(np.int64), pairs[1].astype(np.int64), np.ones(pairs.shape[1]))


def measure(fit: Callable[[], object]) -> tuple[float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    fit()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--movies", type=int, default=3000)
    args = parser.parse_args()
    defaults = {name: f.default for name, f in Settings.model_fields.items()}  # the service's own
    neighbours, lam = int(defaults["collaborative_neighbours"]), float(defaults["collaborative_ease_lambda"])
    window, support = int(defaults["transitions_window"]), int(defaults["collaborative_min_support"])
    params = CooccurrenceParams(neighbours=neighbours, min_support=support)
    print(f"neighbours {neighbours}, EASE λ {lam:g}, transitions window {window}, min support {support}\n")
    print("| interactions | users | fitter | fit s | peak MB (numpy/python, tracemalloc) |")
    print("|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        data = synthetic(size, args.movies)
        sequences = [data.movies[data.users == u].tolist() for u in np.unique(data.users)]
        fitters: dict[str, Callable[[], object]] = {
            "co-occurrence": partial(ScipyCooccurrenceFitter().fit, data, params),
            f"EASE λ {lam:g}": partial(NumpyEaseFitter(lam=lam).fit, data, params),
            f"transitions w {window}": partial(
                ScipyTransitionsFitter().fit, sequences, window=window, neighbours=neighbours, min_support=support
            ),
        }
        for name, fit in fitters.items():
            with threadpool_limits(limits=1):
                seconds, peak = measure(fit)
            print(
                f"| {len(data):,} | {data.user_count:,} | {name} | {seconds:.2f} | {peak:.0f} |", flush=True
            )


if __name__ == "__main__":
    main()

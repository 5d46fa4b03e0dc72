"""`cinemai serve --workers N` shares the cores out among the workers' BLAS/OpenMP thread pools."""

from __future__ import annotations

from src.presentation.cli.serve import THREAD_POOL_VARIABLES, worker_thread_limits


def test_two_workers_on_two_cores_get_one_thread_each() -> None:
    assert worker_thread_limits(2, 2) == {name: "1" for name in THREAD_POOL_VARIABLES}


def test_the_cores_are_shared_out_and_never_below_one() -> None:
    assert set(worker_thread_limits(2, 8).values()) == {"4"}
    assert set(worker_thread_limits(4, 2).values()) == {"1"}
    assert set(worker_thread_limits(3, 8).values()) == {"2"}

"""TokenBucketRateLimiter: bursts, refill, Retry-After arithmetic and a bounded key table."""

from __future__ import annotations

import pytest

from src.application.rate_limiting import TokenBucketRateLimiter, retry_after_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_minutes_worth_goes_through_then_the_next_waits_one_refill(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(120, clock=clock)
    assert [limiter.acquire("k") for _ in range(120)] == [0.0] * 120
    wait = limiter.acquire("k")
    assert wait == pytest.approx(0.5)  # 120 a minute: one token every half second
    assert retry_after_seconds(wait) == 1


def test_tokens_refill_with_time_up_to_the_burst(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(60, clock=clock)
    for _ in range(60):
        limiter.acquire("k")
    assert limiter.acquire("k") > 0
    clock.now += 10  # ten tokens back
    assert [limiter.acquire("k") for _ in range(10)] == [0.0] * 10
    assert limiter.acquire("k") == pytest.approx(1.0)
    clock.now += 3600  # capped at one burst, not an hour's worth
    assert sum(limiter.acquire("k") == 0.0 for _ in range(100)) == 60


def test_a_refused_request_takes_no_token(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(60, burst=1, clock=clock)
    assert limiter.acquire("k") == 0.0
    for _ in range(50):  # hammering while limited does not push the wait further out
        assert limiter.acquire("k") == pytest.approx(1.0)
    clock.now += 1.0
    assert limiter.acquire("k") == 0.0


def test_keys_have_their_own_buckets(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(2, clock=clock)
    assert limiter.acquire("a") == limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0
    assert limiter.acquire("b") == 0.0


def test_zero_disables_the_limiter(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(0, clock=clock)
    assert not limiter.enabled
    assert all(limiter.acquire("k") == 0.0 for _ in range(10_000))
    assert len(limiter) == 0


def test_the_key_table_stays_bounded_under_a_flood_of_keys(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(2, max_keys=100, clock=clock)
    for i in range(10_000):  # a flood of one-off keys (e.g. random bearer tokens)
        limiter.acquire(f"one-off-{i}")
        assert len(limiter) <= 100
    assert limiter.acquire("k") == limiter.acquire("k") == 0.0
    assert limiter.acquire("k") > 0  # limiting still works at the bound


def test_refilled_buckets_are_dropped_before_busy_ones(clock: Clock) -> None:
    limiter = TokenBucketRateLimiter(60, max_keys=3, clock=clock)
    limiter.acquire("idle")
    clock.now += 60  # "idle" is full again: nothing worth keeping
    for _ in range(60):
        limiter.acquire("busy")
    limiter.acquire("other")
    limiter.acquire("new")  # the table is full: "idle" goes, "busy" keeps its empty bucket
    assert limiter.acquire("busy") > 0


def test_retry_after_is_whole_seconds_and_at_least_one() -> None:
    assert [retry_after_seconds(w) for w in (0.01, 0.5, 1.0, 1.2, 59.9)] == [1, 1, 1, 2, 60]

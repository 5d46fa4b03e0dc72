"""CachedRecommend.page(): a hit returns the stored response bytes; with page stamps it reads no
database (no snapshot reader call) and a bump (what a committed write does) makes the next request miss."""

from __future__ import annotations

import uuid
from typing import Any

from src.application.ports.users import UserSnapshot
from src.application.recommend import RecommendCommand
from src.application.recommendation_pages import CachedRecommend
from src.domain.profile import UserId
from src.domain.recommendation import RecommendationList
from src.infrastructure.cache.memory import InProcessLruCache


class DictStamps:
    """A stateful PageStamps: a counter per user."""

    def __init__(self) -> None:
        self.tokens: dict[UserId, int] = {}

    async def get(self, user_id: UserId) -> str | None:
        token = self.tokens.get(user_id)
        return None if token is None else str(token)

    async def start(self, user_id: UserId) -> str | None:
        return str(self.tokens.setdefault(user_id, 1))

    async def bump(self, user_id: UserId) -> None:
        self.tokens[user_id] = self.tokens.get(user_id, 0) + 1


class CountingSnapshots:
    """A UserSnapshotReader whose user has profile version `version`; counts page_stamp() reads."""

    def __init__(self) -> None:
        self.version = 1
        self.reads = 0

    async def read(self, user_id: UserId) -> UserSnapshot:
        raise AssertionError("CachedRecommend reads snapshots only through page_stamp()")

    async def page_stamp(self, user_id: UserId) -> str | None:
        self.reads += 1
        return f"{self.version}|"


class CountingRecommend:
    def __init__(self) -> None:
        self.calls = 0

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        self.calls += 1
        return RecommendationList(items=[], taste_summary=f"call {self.calls}", strategy="personal", reranker="local")


def _cached(inner: Any, snapshots: CountingSnapshots, stamps: DictStamps | None) -> CachedRecommend:
    return CachedRecommend(inner, InProcessLruCache(), lambda: None, stamps=stamps, snapshots=snapshots)  # type: ignore[arg-type, return-value]


def render(result: RecommendationList) -> bytes:
    return result.taste_summary.encode()


async def test_a_hit_returns_the_stored_bytes_and_reads_no_database_with_stamps() -> None:
    inner, snapshots, stamps = CountingRecommend(), CountingSnapshots(), DictStamps()
    cached = _cached(inner, snapshots, stamps)
    cmd = RecommendCommand(user_id=uuid.uuid4())
    assert await cached.page(cmd, render) == b"call 1"
    reads = snapshots.reads
    assert await cached.page(cmd, render) == b"call 1"
    assert (inner.calls, snapshots.reads) == (1, reads)  # the hit asked neither the pipeline nor the database
    await stamps.bump(cmd.user_id)  # an upload, feedback or list change committed
    assert await cached.page(cmd, render) == b"call 2"
    assert snapshots.reads == reads  # still no database read: the stamp itself changed


async def test_without_stamps_the_version_is_read_each_time_and_a_new_version_misses() -> None:
    inner, snapshots = CountingRecommend(), CountingSnapshots()
    cached = _cached(inner, snapshots, None)
    cmd = RecommendCommand(user_id=uuid.uuid4())
    assert await cached.page(cmd, render) == b"call 1"
    assert await cached.page(cmd, render) == b"call 1"
    assert snapshots.reads == 2
    snapshots.version = 2
    assert await cached.page(cmd, render) == b"call 2"


async def test_pages_of_different_requests_do_not_mix() -> None:
    inner, snapshots = CountingRecommend(), CountingSnapshots()
    cached = _cached(inner, snapshots, DictStamps())
    user = uuid.uuid4()
    assert await cached.page(RecommendCommand(user_id=user, limit=5), render) == b"call 1"
    assert await cached.page(RecommendCommand(user_id=user, limit=6), render) == b"call 2"
    assert await cached.page(RecommendCommand(user_id=uuid.uuid4(), limit=5), render) == b"call 3"

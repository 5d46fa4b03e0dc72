"""ImportWatchHistory's row limit: over it, a 422-class error naming the count and the limit, nothing stored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

import pytest

from src.application.import_watch_history import (
    DEFAULT_MAX_ROWS,
    ImportWatchHistory,
    ImportWatchHistoryCommand,
)
from src.application.ports.unit_of_work import UnitOfWork
from src.application.taste_profile_builder import TasteProfileBuilder
from src.domain.errors import InvalidInputError
from src.domain.user import User
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.history.parser import AutoDetectHistoryParser
from tests.fakes import FakeStore, FakeUnitOfWork, NoMatches
from tests.unit.test_import_watch_history import USER, history_csv


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    return s


def limited(store: FakeStore, max_rows: int) -> ImportWatchHistory:
    builder = TasteProfileBuilder(HashingEmbedder(), AdaptiveClusterer())
    return ImportWatchHistory(
        lambda: cast(UnitOfWork, FakeUnitOfWork(store)),
        AutoDetectHistoryParser(),
        NoMatches(),
        builder,
        today=lambda: date(2024, 1, 1),
        max_rows=max_rows,
    )


def test_the_default_limit_is_fifty_thousand() -> None:
    assert DEFAULT_MAX_ROWS == 50_000


async def test_a_file_over_the_row_limit_is_refused_naming_count_and_limit(store: FakeStore) -> None:
    with pytest.raises(InvalidInputError) as raised:
        await limited(store, max_rows=20).execute(
            ImportWatchHistoryCommand(user_id=USER, data=history_csv(20))
        )
    assert "25 rows" in raised.value.message and "20" in raised.value.message  # 20 liked + 5 disliked rows
    assert raised.value.details == {"rows": 25, "limit": 20}
    assert store.commits == 0 and USER not in store.profiles


async def test_a_file_at_the_limit_imports(store: FakeStore) -> None:
    report = await limited(store, max_rows=25).execute(
        ImportWatchHistoryCommand(user_id=USER, data=history_csv(20))
    )
    assert report.match.rows_read == 25 and store.commits == 1


async def test_append_counts_the_stored_history_too(store: FakeStore) -> None:
    use_case = limited(store, max_rows=30)
    await use_case.execute(ImportWatchHistoryCommand(user_id=USER, data=history_csv(20)))
    before = store.commits
    with pytest.raises(InvalidInputError) as raised:
        await use_case.execute(
            ImportWatchHistoryCommand(user_id=USER, data=history_csv(5, seed=1), mode="append")
        )
    assert raised.value.details == {"rows": 35, "limit": 30}
    assert store.commits == before and len(store.histories[USER]) == 25

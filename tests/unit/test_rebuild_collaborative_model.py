"""RebuildCollaborativeModel with the scipy fitter and a stateful fake store, and the import's trigger:
after the commit, only when enough changed, and never failing the import."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from src.application.import_watch_history import ImportWatchHistory, ImportWatchHistoryCommand
from src.application.rebuild_collaborative_model import RebuildCollaborativeModel
from src.application.taste_profile_builder import TasteProfileBuilder
from src.domain.collaborative import CooccurrenceParams
from src.domain.movie import Movie
from src.domain.user import User
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.history.parser import AutoDetectHistoryParser
from tests.fakes import FakeStore, FakeUnitOfWork
from tests.stubs.catalog_fakes import FakeLocalMatcher
from tests.stubs.collaborative_fakes import FakeCollaborativeStore

CATALOG = {t: Movie(id=i, title=t, year=1990 + i, genres=("Drama",)) for i, t in enumerate("ABCDEFGH", 1)}


def rebuild(store: FakeCollaborativeStore, **kw: float) -> RebuildCollaborativeModel:
    return RebuildCollaborativeModel(store, ScipyCooccurrenceFitter(), **kw)  # type: ignore[arg-type]


async def test_a_rebuild_fits_and_stores_everyones_likes() -> None:
    store = FakeCollaborativeStore(extra=[("u1", 1, 1.0), ("u1", 2, 1.0), ("u2", 1, 1.0), ("u2", 2, 1.0), ("u2", 3, 1.0)])
    result = await rebuild(store, params=CooccurrenceParams(min_support=1)).execute()  # type: ignore[arg-type]
    assert result.rebuilt and (result.users, result.interactions) == (2, 5)
    model = await store.current()
    assert model is not None and model.usable() and model.likes == {1: 2, 2: 2, 3: 1}
    assert [int(i) for i in model.neighbours.of(3)[0]] == [1, 2]  # co-liked by u2 only
    assert model.neighbours.supports.tolist() == [2, 1, 2, 1, 1, 1]  # 1-2 by both, the rest by u2


async def test_with_the_default_support_two_people_are_no_crowd() -> None:
    store = FakeCollaborativeStore(extra=[("u1", 1, 1.0), ("u1", 2, 1.0), ("u2", 1, 1.0), ("u2", 2, 1.0)])
    result = await rebuild(store).execute()
    model = await store.current()
    assert result.rebuilt and result.pairs == 0 and model is not None and not model.usable()


async def test_stale_only_when_enough_changed_or_the_parameters_did() -> None:
    store = FakeCollaborativeStore(extra=[(f"u{u}", m, 1.0) for u in range(10) for m in range(1, 11)])  # 100
    use_case = rebuild(store, min_change=1000, min_growth=0.1)
    assert (await use_case.refresh_if_stale()).reason == "no model yet"
    store.extra += [("new", m, 1.0) for m in range(1, 10)]  # +9: under 10% of 100
    assert not (await use_case.refresh_if_stale()).rebuilt
    store.extra.append(("new", 10, 1.0))  # +10: 10%
    assert (await use_case.refresh_if_stale()).rebuilt
    other = rebuild(store, params=CooccurrenceParams(neighbours=5))  # type: ignore[arg-type]
    assert (await other.refresh_if_stale()).reason == "parameters changed"
    absolute = rebuild(store, min_change=3, min_growth=0.5)
    store.extra += [("late", m, 1.0) for m in range(1, 4)]  # 3 ≥ min_change although far under 50%
    assert (await absolute.refresh_if_stale()).rebuilt


async def test_nothing_liked_means_nothing_to_build() -> None:
    empty = FakeCollaborativeStore()
    result = await rebuild(empty).refresh_if_stale()
    assert not result.rebuilt and await empty.current() is None and await empty.state() is None


def history(titles: str) -> bytes:
    return ("Title,Year,Rating\n" + "\n".join(f"{t},{CATALOG[t].year},9" for t in titles)).encode()


def importer(store: FakeStore, cf: FakeCollaborativeStore) -> ImportWatchHistory:
    return ImportWatchHistory(
        lambda: FakeUnitOfWork(store),
        AutoDetectHistoryParser(),
        FakeLocalMatcher(CATALOG),
        TasteProfileBuilder(HashingEmbedder(), AdaptiveClusterer()),
        today=lambda: date(2024, 1, 1),
        collaborative=rebuild(cf),
    )


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    for n in (1, 2):
        s.users[uuid.UUID(int=n)] = User(id=uuid.UUID(int=n), api_key_hash=str(n), created_at=datetime.now(UTC))
    return s


async def test_imports_rebuild_the_model_after_their_commit(store: FakeStore) -> None:
    cf = FakeCollaborativeStore(store)
    await importer(store, cf).execute(ImportWatchHistoryCommand(user_id=uuid.UUID(int=1), data=history("ABCDE")))
    assert cf.model is not None and cf.model.users == 1 and not cf.model.usable()  # alone: no signal yet
    await importer(store, cf).execute(ImportWatchHistoryCommand(user_id=uuid.UUID(int=2), data=history("ABFGH")))
    # two people are not a crowd: no pair has the default 5 supporting users, so still no signal
    assert cf.model.users == 2 and cf.model.interactions == 10 and not cf.model.usable()


async def test_a_failed_rebuild_never_fails_the_import(store: FakeStore) -> None:
    cf = FakeCollaborativeStore(store)
    cf.broken = True
    report = await importer(store, cf).execute(
        ImportWatchHistoryCommand(user_id=uuid.UUID(int=1), data=history("ABCDE"))
    )
    assert report.liked_count == 5 and store.profiles[uuid.UUID(int=1)].liked_count == 5
    assert cf.model is None

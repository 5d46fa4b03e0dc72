"""The profile window (domain) and the use cases that keep it and the per-film toggles, on the stateful
fakes with the real parser, hashing embedder and clusterer."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from src.application.import_watch_history import ImportWatchHistory, ImportWatchHistoryCommand
from src.application.profile_seeds import ProfileRebuild
from src.application.set_in_profile import SetInProfile
from src.application.set_profile_window import SetProfileWindow
from src.application.show_profile_seeds import ShowProfileSeeds
from src.application.taste_profile_builder import TasteProfileBuilder
from src.domain.errors import HistoryEntryNotFoundError, InvalidInputError, ProfileNotFoundError
from src.domain.profile_window import ProfileWindow, feeds_profile
from src.domain.user import User
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.history.parser import AutoDetectHistoryParser
from tests.fakes import FakeStore, FakeUnitOfWork, NoMatches

USER = uuid.UUID(int=7)
HISTORY = (
    b"Date,Name,Year,Rating\n"
    b"2019-03-01,Old Horror,1980,5\n2019-04-01,Old Slasher,1981,4.5\n2019-05-01,Old Ghost,1982,4.5\n"
    b"2024-02-01,New Romance,2001,5\n2024-03-01,New Comedy,2002,4.5\n2024-04-01,New Romcom,2003,4.5\n"
)


def test_a_window_holds_dates_inclusively_and_undated_rows_are_outside() -> None:
    w = ProfileWindow(date(2024, 1, 1), date(2024, 12, 31))
    assert w.contains(date(2024, 1, 1)) and w.contains(date(2024, 12, 31))
    assert not w.contains(date(2023, 12, 31)) and not w.contains(None)
    assert ProfileWindow().contains(None) and ProfileWindow().is_open
    assert ProfileWindow(since=date(2024, 1, 1)).describe() == "films watched since 2024-01-01"
    assert not feeds_profile(ProfileWindow(), date(2024, 1, 1), in_profile=False)
    with pytest.raises(InvalidInputError, match="is after until"):
        ProfileWindow(date(2024, 5, 1), date(2024, 1, 1))


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    return s


def builder() -> TasteProfileBuilder:
    return TasteProfileBuilder(HashingEmbedder(), AdaptiveClusterer())


def uow(store: FakeStore) -> FakeUnitOfWork:
    return FakeUnitOfWork(store)


async def imported(store: FakeStore, window: ProfileWindow | None = None) -> None:
    use_case = ImportWatchHistory(
        lambda: uow(store), AutoDetectHistoryParser(), NoMatches(), builder(), today=lambda: date(2025, 1, 1)
    )
    await use_case.execute(ImportWatchHistoryCommand(user_id=USER, data=HISTORY, filename="h.csv", window=window))


def titles(store: FakeStore) -> set[str]:
    return {m.title for m in store.profiles[USER].liked}


async def test_the_window_is_stored_with_an_import_and_kept_by_rebuilds(store: FakeStore) -> None:
    await imported(store, ProfileWindow(since=date(2024, 1, 1)))
    assert titles(store) == {"New Romance", "New Comedy", "New Romcom"}
    assert store.windows[USER].since == date(2024, 1, 1)
    await imported(store)  # no window given: the stored one holds
    assert titles(store) == {"New Romance", "New Comedy", "New Romcom"}
    rebuild = ProfileRebuild(NoMatches(), builder())
    seeds = await SetProfileWindow(lambda: uow(store), rebuild).execute(USER, ProfileWindow(until=date(2019, 12, 31)))
    assert titles(store) == {"Old Horror", "Old Slasher", "Old Ghost"}
    assert {f.title for f in seeds.outside_window} == {"New Romance", "New Comedy", "New Romcom"}
    before = store.profiles[USER].version
    with pytest.raises(InvalidInputError, match="no film of the history is inside the profile window"):
        await SetProfileWindow(lambda: uow(store), rebuild).execute(USER, ProfileWindow(since=date(2030, 1, 1)))
    assert store.profiles[USER].version == before and store.windows[USER].until == date(2019, 12, 31)


async def test_a_toggled_film_leaves_the_profile_and_comes_back(store: FakeStore) -> None:
    await imported(store)
    rebuild = ProfileRebuild(NoMatches(), builder())
    toggle = SetInProfile(lambda: uow(store), rebuild)
    entry = next(w for w in store.histories[USER] if w.entry.title == "Old Horror")
    assert entry.id is not None
    seeds = await toggle.execute(USER, entry.id, False)
    assert "Old Horror" not in titles(store) and [f.title for f in seeds.left_out] == ["Old Horror"]
    assert len(store.histories[USER]) == 6  # still in the history
    shown = await ShowProfileSeeds(lambda: uow(store)).execute(USER)
    assert "Old Horror" not in {f.title for c in shown.clusters for f in c.films}
    await toggle.execute(USER, entry.id, True)
    assert "Old Horror" in titles(store)
    with pytest.raises(HistoryEntryNotFoundError):
        await toggle.execute(USER, 999, False)
    for w in store.histories[USER][:-1]:  # leaving out all but one still builds; the last one is refused
        assert w.id is not None
        await toggle.execute(USER, w.id, False)
    last = store.histories[USER][-1]
    assert last.id is not None
    with pytest.raises(InvalidInputError, match="put at least one back"):
        await toggle.execute(USER, last.id, False)


async def test_no_history_no_profile(store: FakeStore) -> None:
    with pytest.raises(ProfileNotFoundError):
        await ShowProfileSeeds(lambda: uow(store)).execute(USER)
    with pytest.raises(ProfileNotFoundError, match="upload one first"):
        await SetProfileWindow(lambda: uow(store), ProfileRebuild(NoMatches(), builder())).execute(
            USER, ProfileWindow(since=date(2024, 1, 1))
        )
    assert store.windows[USER].since == date(2024, 1, 1)  # kept for the first upload


class CountingRefresh:
    """A CollaborativeRefresh that counts the rebuilds it is asked for (and fails when told to)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    async def refresh_if_stale(self) -> bool:
        self.calls += 1
        if self.fail:
            raise RuntimeError("model store down")
        return True

    async def execute(self, *, force: bool = False) -> object:
        return None


async def test_a_rebuild_tells_the_collaborative_model_and_survives_its_failure(store: FakeStore) -> None:
    await imported(store)
    rebuild = ProfileRebuild(NoMatches(), builder())
    refresh = CountingRefresh(fail=True)
    await SetProfileWindow(lambda: uow(store), rebuild, refresh).execute(USER, ProfileWindow(since=date(2024, 1, 1)))
    entry = next(w for w in store.histories[USER] if w.entry.title == "New Comedy")
    assert entry.id is not None
    await SetInProfile(lambda: uow(store), rebuild, refresh).execute(USER, entry.id, False)
    assert refresh.calls == 2 and titles(store) == {"New Romance", "New Romcom"}

"""CINEMAI_FUZZY_THRESHOLD reaches watched removal: Settings → container → GatherCandidates. A history
row the catalog did not match ("Haloween", 1978) hides the catalog's "Halloween" (1978) at the default
cutoff, and no longer does once the setting asks for a near-exact title."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from dependency_injector import providers

from src.application.ports.users import StoredWatch
from src.application.recommend import RecommendCommand
from src.application.user_state import UowSnapshotReader
from src.container import Container
from src.domain.history import WatchEntry
from src.domain.movie import Movie
from src.domain.user import User
from src.infrastructure.settings import Settings
from tests.fakes import FakeStore, FakeUnitOfWork
from tests.stubs.collaborative_fakes import FakeCollaborativeStore
from tests.unit.test_hybrid_scoring import USER, GenreReader, ListSource, profile, vec


async def _titles(**settings: Any) -> list[str]:
    store = FakeStore()
    store.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    store.profiles[USER] = profile(USER)
    entry = WatchEntry(line=1, title="Haloween", year=1978, rating=8.0)
    store.histories[USER] = [
        StoredWatch(entry=entry, movie_id=None, match_method=None, liked=True, weight=1.0)
    ]
    movies = [
        Movie(title="Halloween", year=1978, embedding=vec(1, 0, 0)),
        Movie(title="Heat 2", embedding=vec(1, 0.1, 0)),
    ]
    source = ListSource([store.catalog.add(m, model="fake") for m in movies])
    container: Any = Container()
    container.settings.override(
        Settings(database_url="postgresql://unused@localhost/unused", auto_migrate=False, candidate_index="pgvector", **settings)
    )
    container.uow.override(providers.Factory(FakeUnitOfWork, store))
    container.snapshot_reader.override(providers.Factory(UowSnapshotReader, container.uow.provider))
    container.catalog_reader.override(GenreReader(store.catalog))
    container.candidates.override(source)
    container.local_candidates.override(source)
    container.collaborative_store.override(FakeCollaborativeStore())
    result = await container.recommend().execute(RecommendCommand(user_id=USER, rerank="local"))
    return [r.movie.title for r in result.items]


@pytest.mark.parametrize(("threshold", "hidden"), [(None, True), (99.0, False)])
async def test_the_fuzzy_threshold_setting_changes_watched_removal(
    threshold: float | None, hidden: bool
) -> None:
    titles = await _titles(**({} if threshold is None else {"fuzzy_threshold": threshold}))
    assert "Heat 2" in titles
    assert ("Halloween" not in titles) == hidden

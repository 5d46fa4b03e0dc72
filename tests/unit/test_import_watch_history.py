"""ImportWatchHistory with the real parser, weighting, embedder (hashing) and clusterer; fakes at the store."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime

import pytest

from src.application.import_watch_history import ImportWatchHistory, ImportWatchHistoryCommand
from src.application.taste_profile_builder import TasteProfileBuilder
from src.domain.errors import UnreadableHistoryError, UserNotFoundError
from src.domain.user import User
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.history.parser import AutoDetectHistoryParser
from tests.fakes import FakeStore, FakeUnitOfWork, NoMatches

TASTES = [
    ("Horror", "Thriller", "John Carpenter"),
    ("Sci-Fi", "Adventure", "Ridley Scott"),
    ("Romance", "Comedy", "Nora Ephron"),
    ("Western", "War", "Sergio Leone"),
]


def history_csv(liked: int, *, seed: int = 0) -> bytes:
    """`liked` rows rated 8–10 in four planted tastes, plus a few disliked rows."""
    rng = random.Random(seed)
    lines = ["Title,Year,Rating,Genres,Director"]
    for i in range(liked):
        g1, g2, director = TASTES[i % 4]
        lines.append(f"Film {i},{1960 + rng.randrange(50)},{rng.choice([8, 9, 10])},{g1}|{g2},{director}")
    lines += [f"Bad {i},1999,2,Documentary,Someone" for i in range(5)]
    return "\n".join(lines).encode()


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    return s


USER = uuid.UUID(int=1)


def use_case(store: FakeStore) -> ImportWatchHistory:
    builder = TasteProfileBuilder(HashingEmbedder(), AdaptiveClusterer())
    return ImportWatchHistory(
        lambda: FakeUnitOfWork(store), AutoDetectHistoryParser(), NoMatches(), builder, today=lambda: date(2024, 1, 1)
    )


@pytest.mark.parametrize(("liked", "algorithm"), [(50, "single"), (300, "kmeans"), (1500, "hdbscan")])
async def test_history_size_picks_the_clustering_path(store: FakeStore, liked: int, algorithm: str) -> None:
    report = await use_case(store).execute(ImportWatchHistoryCommand(user_id=USER, data=history_csv(liked)))
    assert report.liked_count == liked and report.profile.algorithm == algorithm
    stored = store.profiles[USER]
    assert stored.algorithm == algorithm and stored.liked_count == liked
    if algorithm != "single":
        assert len(stored.clusters) >= 3  # the four planted tastes are found, not one blob
    assert abs(sum(c.weight for c in stored.clusters) - 1.0) < 1e-3
    assert len(store.histories[USER]) == liked + 5


async def test_a_failed_import_leaves_the_old_profile_exactly(store: FakeStore) -> None:
    await use_case(store).execute(ImportWatchHistoryCommand(user_id=USER, data=history_csv(50)))
    before = (store.profiles[USER], list(store.histories[USER]), store.commits)
    for bad in (b"", b"foo,bar\n1,2\n", b"Title,Rating\n,5\n"):
        with pytest.raises(UnreadableHistoryError):
            await use_case(store).execute(ImportWatchHistoryCommand(user_id=USER, data=bad))
    assert (store.profiles[USER], store.histories[USER], store.commits) == before


async def test_an_unknown_user_is_reported_and_nothing_is_stored(store: FakeStore) -> None:
    with pytest.raises(UserNotFoundError):
        await use_case(store).execute(ImportWatchHistoryCommand(user_id=uuid.uuid4(), data=history_csv(10)))
    assert store.commits == 0


async def test_append_keeps_the_earlier_rows(store: FakeStore) -> None:
    await use_case(store).execute(ImportWatchHistoryCommand(user_id=USER, data=history_csv(20)))
    more = b"Title,Year,Rating\nSomething New,2001,9\n"
    report = await use_case(store).execute(ImportWatchHistoryCommand(user_id=USER, data=more, mode="append"))
    assert len(store.histories[USER]) == 26 and report.profile.version == 2


async def test_each_liked_film_keeps_the_users_own_rating(store: FakeStore) -> None:
    data = b"Title,Year,Rating\nHeat,1995,9\nRonin,1998,7.5\nAlien,1979,10\nUnrated Film,2001,\nJaws,1975,8\nBad,1999,2\n"
    await use_case(store).execute(ImportWatchHistoryCommand(user_id=USER, data=data))
    ratings = {m.title: m.rating for m in store.profiles[USER].liked}
    assert ratings["Heat"] == 9.0 and ratings["Ronin"] == 7.5 and ratings["Alien"] == 10.0
    assert ratings.get("Unrated Film") is None and "Bad" not in ratings

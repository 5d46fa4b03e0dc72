"""The learned blend (CINEMAI_SIGNAL_BLEND=learned): a person's history as item signals (EASE over every
rated film, transitions from the latest dated watches at decay^m), each z-scored over the pool and
blended with content; what the transitions carried says "People who watched A went on to B", only for
pairs enough people made; the rebuild fits the transitions from everyone's dated histories."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest

from src.application.gather_candidates import CollaborativeOptions, GatherCandidates, GatherParams
from src.application.ports.users import StoredWatch
from src.application.rebuild_collaborative_model import RebuildCollaborativeModel
from src.application.recommend import Recommend, RecommendCommand
from src.application.reranker_choice import Rerankers
from src.application.user_state import UserReads
from src.domain.collaborative import CollaborativeModel, CooccurrenceParams, ItemNeighbours
from src.domain.history import WatchEntry
from src.domain.scoring.history_signals import SignalWeights, Watch, dated_in_order, history_signals
from src.domain.scoring.signals import ItemSignal, blend_zscored, signal_part, zscore
from src.domain.user import User
from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter
from src.infrastructure.collaborative.scipy_transitions import ScipyTransitionsFitter
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.infrastructure.rerank.local import LocalReranker
from tests.fakes import FakeStore, FakeUnitOfWork
from tests.stubs.collaborative_fakes import FakeCollaborativeStore
from tests.unit.test_hybrid_scoring import HEAT, RONIN, USER, GenreReader, ListSource, movie, profile, vec


def watch(movie_id: int, title: str, line: int, when: date | None, rating: float | None = 9.0) -> Watch:
    return Watch(movie_id=movie_id, rating=rating, watched_at=when, line=line, title=title)


def test_dated_watches_come_in_time_order_each_film_at_its_latest_time() -> None:
    history = [
        watch(1, "A", 1, date(2024, 3, 1)),
        watch(2, "B", 2, date(2024, 1, 1)),
        watch(3, "C", 3, None),  # undated: no order to learn from
        watch(1, "A", 4, date(2024, 5, 1)),  # rewatched: moves to its latest time
        watch(4, "D", 5, date(2024, 3, 1)),  # same day as line 1: upload order breaks the tie
    ]
    assert [w.movie_id for w in dated_in_order(history)] == [2, 4, 1]


def test_history_signals_weight_recent_watches_by_decay_and_disliked_films_by_nothing() -> None:
    ease = ItemNeighbours.from_lists({1: [(9, 0.5, 5)]})
    trans = ItemNeighbours.from_lists({1: [(9, 0.5, 5)]})
    history = [watch(i, f"T{i}", i, date(2024, 1, i), rating=2.0 if i == 2 else 8.0) for i in range(1, 6)]
    weights = SignalWeights(ease=0.4, transitions=0.3, recent=3, decay=0.5, dislike_threshold=4.0)
    e, t = history_signals(history, ease, trans, weights)
    assert (e.name, t.name) == ("collaborative", "transitions")
    assert list(e.history) == [1, 2, 3, 4, 5] and list(e.weights) == [1.0, 0.0, 1.0, 1.0, 1.0]
    assert list(t.history) == [3, 4, 5] and list(t.weights) == [0.25, 0.5, 1.0]  # latest weighs 1
    undated = [watch(1, "A", 1, None)]
    assert [s.name for s in history_signals(undated, ease, trans, weights)] == ["collaborative"]
    assert history_signals(history, ItemNeighbours.empty(), ItemNeighbours.empty(), weights) == []


def test_z_scored_blend_stays_in_0_to_1_and_names_the_signal_that_lifted_a_candidate() -> None:
    assert zscore(np.array([2.0, 2.0])).tolist() == [0.0, 0.0]
    trans = ItemNeighbours.from_lists({1: [(12, 0.9, 6)]})
    signal = ItemSignal(
        name="transitions", neighbours=trans, history=[1], weights=[1.0], titles=["Heat"], weight=0.3
    )
    part = signal_part(signal, [10, 11, 12])
    assert part is not None
    scores, carriers = blend_zscored(np.array([0.9, 0.5, 0.4]), [part])
    assert scores.min() == 0.0 and scores.max() == 1.0
    assert [c is not None for c in carriers] == [False, False, True]
    assert part.cited(2) == ["Heat"]


def stored(movie_id: int, title: str, line: int, when: date) -> StoredWatch:
    entry = WatchEntry(line=line, title=title, rating=9.0, watched_at=when)
    return StoredWatch(entry=entry, movie_id=movie_id, match_method="exact", liked=True, weight=1.0)


def learned_world(support: int) -> tuple[FakeStore, GatherCandidates]:
    """A person who watched Heat then Ronin, a three-film catalog, and a learned model in which people went
    from Ronin to "Next Thriller" (`support` of them): the store, and the gathering the use cases share."""
    store = FakeStore()
    store.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    store.profiles[USER] = profile(USER)
    store.histories[USER] = [stored(HEAT, "Heat", 1, date(2024, 1, 5)), stored(RONIN, "Ronin", 2, date(2024, 2, 1))]
    content = movie(1, "Close to Heat", vec(1, 0, 0))
    for m in (content, movie(2, "Other Drama", vec(0, 0, 1)), movie(3, "Next Thriller", vec(0, 0.2, 1))):
        store.catalog.add(m, model="fake")
    cf = FakeCollaborativeStore()
    cf.model = CollaborativeModel(
        neighbours=ItemNeighbours.from_lists({HEAT: [(2, 0.2, 8)]}),
        transitions=ItemNeighbours.from_lists({RONIN: [(3, 0.9, support)]}),
        users=100,
        interactions=300,
    )
    options = CollaborativeOptions(weight=0.4, learned=True, transitions_weight=0.3)
    source, reader = ListSource([content]), GenreReader(store.catalog)
    gather = GatherCandidates(reader, source, source, RapidfuzzTitles(), cf, GatherParams(collaborative=options))
    return store, gather


def learned_recommend(support: int) -> Recommend:
    store, gather = learned_world(support)
    reader = GenreReader(store.catalog)
    return Recommend(UserReads(lambda: FakeUnitOfWork(store)), reader, gather, Rerankers(LocalReranker(min_support=5)))


async def test_a_transitions_pick_joins_the_pool_and_says_people_who_watched_went_on_to_it() -> None:
    result = await learned_recommend(support=6).execute(RecommendCommand(user_id=USER, limit=3, diversity=0.0))
    by_title = {r.movie.title: r for r in result.items}
    pick = by_title["Next Thriller"]  # only the transitions vouch for it: gathered from their lists
    assert pick.justification.startswith("People who watched Ronin went on to Next Thriller"), pick.justification
    assert pick.because_you_liked == ["Ronin"]
    assert all(0.0 <= r.score <= 1.0 for r in result.items)


async def test_transitions_few_people_made_are_never_explained_by_other_people() -> None:
    result = await learned_recommend(support=4).execute(RecommendCommand(user_id=USER, limit=3, diversity=0.0))
    assert all("People who watched" not in r.justification for r in result.items)
    assert all("Ronin" not in r.because_you_liked for r in result.items if r.movie.title == "Next Thriller")


@pytest.mark.parametrize("window", [0, 2])
async def test_the_rebuild_fits_transitions_from_dated_histories_beside_ease_on_every_rated_film(window: int) -> None:
    people = [[1, 2, 3]] * 6 + [[3, 9]]
    store = FakeCollaborativeStore(
        extra=[(f"u{u}", m, 0.0) for u in range(6) for m in (1, 2, 3)], sequences_of=people
    )
    params = CooccurrenceParams(min_support=5, rated=True, transitions_window=window)
    use_case = RebuildCollaborativeModel(store, NumpyEaseFitter(lam=1.0), params=params, transitions=ScipyTransitionsFitter())
    result = await use_case.execute()
    model = await store.current()
    assert model is not None and result.rebuilt and model.neighbours.pairs > 0  # weight-0 rows count when rated
    if window:
        assert sorted(model.transitions.of(2)[0].tolist()) == [1, 3]
        assert 9 not in model.transitions.of(3)[0].tolist()  # one person went from 3 to 9: no crowd
        assert model.transitions.supports.min() >= 5
    else:
        assert model.transitions.pairs == 0
    assert (await use_case.refresh_if_stale()).reason == "up to date"

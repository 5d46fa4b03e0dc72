"""Hybrid scoring: content (softmax over clusters) and the collaborative signal, combined by weight;
cluster ownership, which signal carried an item, the like-count prior, and "no other users → content
only"; then Recommend end to end with fakes (collaborative candidates join the pool, filters hold)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
import pytest

from src.application.gather_candidates import CollaborativeOptions, GatherCandidates, GatherParams
from src.application.ports.catalog import CatalogFacets
from src.application.recommend import Recommend, RecommendCommand
from src.application.reranker_choice import Rerankers
from src.application.user_state import UserReads
from src.domain.collaborative import CollaborativeModel, ItemNeighbours
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.domain.scoring.blend import ScoringParams, score_candidates
from src.domain.user import User
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.infrastructure.rerank.local import LocalReranker
from tests.fakes import FakeStore, FakeUnitOfWork
from tests.stubs.catalog_fakes import FakeCatalogReader
from tests.stubs.collaborative_fakes import FakeCollaborativeStore

HEAT, RONIN, ALIEN = 101, 102, 103
# (neighbour, similarity, distinct users supporting the pair)
NEIGHBOURS = ItemNeighbours.from_lists({HEAT: [(2, 0.9, 8)], RONIN: [(2, 0.6, 6)], ALIEN: [(3, 0.75, 7)]})


def vec(*values: float) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def movie(i: int, title: str, emb: np.ndarray, genres: tuple[str, ...] = ("Drama",), votes: int = 10) -> Movie:
    return Movie(id=i, title=title, year=1990 + i, genres=genres, embedding=emb, vote_count=votes)


def profile(user: uuid.UUID | None = None) -> TasteProfile:
    clusters = [
        TasteCluster(id=0, label="Crime", centroid=vec(1, 0, 0), weight=0.6, size=2),
        TasteCluster(id=1, label="Sci-fi", centroid=vec(0, 1, 0), weight=0.4, size=1),
    ]
    liked = [
        LikedMovie(title="Heat", year=1995, weight=1.0, embedding=vec(1, 0, 0), cluster_id=0, movie_id=HEAT),
        LikedMovie(title="Ronin", year=1998, weight=1.0, embedding=vec(0.9, 0.1, 0), cluster_id=0, movie_id=RONIN),
        LikedMovie(title="Alien", year=1979, weight=1.0, embedding=vec(0, 1, 0), cluster_id=1, movie_id=ALIEN),
        # liked too, but nobody else liked them: no neighbours (and the profile is past the cold start)
        *(
            LikedMovie(title=t, year=1990, weight=1.0, embedding=vec(1, 0.2, 0), cluster_id=0, movie_id=200 + i)
            for i, t in enumerate(("Thief", "Collateral", "Sicario"))
        ),
    ]
    return TasteProfile(user_id=user or uuid.uuid4(), clusters=clusters, algorithm="kmeans", liked=liked)


def softmax_score(sims: list[float], alpha: float = 5.0) -> float:
    s = np.asarray(sims)
    w = np.exp(alpha * s) / np.exp(alpha * s).sum()
    return float((w * s).sum())


POOL = [movie(1, "A", vec(1, 0, 0)), movie(2, "B", vec(0, 0, 1)), movie(3, "C", vec(0.6, 0.8, 0))]


def test_scores_combine_content_and_the_normalised_collaborative_signal_by_weight() -> None:
    p = profile()
    scored = score_candidates(p, POOL, ScoringParams(collaborative_weight=0.8), collaborative=NEIGHBOURS)
    by_id = {s.movie.id: s for s in scored}
    # B gets 0.9 + 0.6 = 1.5 from Heat and Ronin (the pool's best → 1), C 0.75 from Alien (→ 0.5)
    assert by_id[2].score == pytest.approx(0.2 * 0.0 + 0.8 * 1.0)
    assert by_id[3].score == pytest.approx(0.2 * softmax_score([0.6, 0.8]) + 0.8 * 0.5, abs=1e-6)
    assert by_id[1].score == pytest.approx(0.2 * softmax_score([1.0, 0.0]), abs=1e-6)
    assert [s.movie.id for s in scored] == [2, 3, 1]


def test_each_item_belongs_to_the_cluster_that_explains_it_and_says_which_signal_carried_it() -> None:
    scored = score_candidates(profile(), POOL, ScoringParams(collaborative_weight=0.8), collaborative=NEIGHBOURS)
    by_id = {s.movie.id: s for s in scored}
    b = by_id[2]  # orthogonal to both centroids, vouched for by the crime side
    assert (b.cluster_label, b.signal, b.because_you_liked) == ("Crime", "collaborative", ["Heat", "Ronin"])
    assert (by_id[3].cluster_label, by_id[1].cluster_label) == ("Sci-fi", "Crime")
    assert by_id[1].signal == "content" and by_id[1].because_you_liked == []


@pytest.mark.parametrize("neighbours", [ItemNeighbours.empty(), ItemNeighbours.from_lists({999: [(2, 1.0)]})])
def test_no_collaborative_evidence_means_content_only_whatever_the_weight(neighbours: ItemNeighbours) -> None:
    p = profile()
    content = score_candidates(p, POOL, ScoringParams(popularity_weight=0.2))
    hybrid = score_candidates(
        p, POOL, ScoringParams(popularity_weight=0.2, collaborative_weight=0.8), collaborative=neighbours
    )
    assert [(s.movie.id, s.score, s.cluster_id, s.signal) for s in hybrid] == [
        (s.movie.id, s.score, s.cluster_id, s.signal) for s in content
    ]
    assert all(s.signal == "content" for s in hybrid)


def test_the_popularity_prior_can_count_the_services_own_likes() -> None:
    p = profile()
    a, b = movie(4, "reviewed", vec(1, 0.05, 0), votes=5000), movie(5, "liked here", vec(1, 0.05, 0), votes=3)
    params = ScoringParams(popularity_weight=0.2)
    assert score_candidates(p, [a, b], params)[0].movie.title == "reviewed"
    assert score_candidates(p, [a, b], params, popularity={5: 40, 4: 1})[0].movie.title == "liked here"


class GenreReader(FakeCatalogReader):
    """The fake catalog reader, with the genres the filters may name."""

    async def facets(self) -> CatalogFacets:
        return CatalogFacets([("Drama", 2), ("Horror", 1)], [], 1990, 2000, None, None, 3, 3)


class ListSource:
    name = "catalog"

    def __init__(self, movies: list[Movie]) -> None:
        self._movies = movies

    async def candidates(
        self, profile: TasteProfile, *, filters: Filters, limit: int, exclude_ids: Sequence[MovieId]
    ) -> list[Movie]:
        return [m for m in self._movies if filters.matches(m) and m.id not in exclude_ids][:limit]


USER = uuid.UUID(int=7)


def recommend(collaborative: FakeCollaborativeStore) -> Recommend:
    store = FakeStore()
    store.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    store.profiles[USER] = profile(USER)
    content = movie(1, "Close to Heat", vec(1, 0, 0))
    for m in (content, movie(2, "Vouched Drama", vec(0, 0, 1)), movie(3, "Vouched Horror", vec(0, 0.2, 1), ("Horror",))):
        store.catalog.add(m, model="fake")  # ids 1, 2, 3 as given
    source = ListSource([content])
    reader = GenreReader(store.catalog)
    params = GatherParams(collaborative=CollaborativeOptions(weight=0.8))
    gather = GatherCandidates(reader, source, source, RapidfuzzTitles(), collaborative, params)
    return Recommend(UserReads(lambda: FakeUnitOfWork(store)), reader, gather, Rerankers(LocalReranker()))


def with_model(users: int, support: int = 8) -> FakeCollaborativeStore:
    store = FakeCollaborativeStore()
    neighbours = ItemNeighbours.from_lists({HEAT: [(2, 0.9, support), (3, 0.95, support)], RONIN: [(2, 0.6, support)]})
    store.model = CollaborativeModel(neighbours=neighbours, likes={2: 3}, users=users, interactions=9)
    return store


async def test_collaborative_candidates_join_the_pool_respect_filters_and_say_so() -> None:
    result = await recommend(with_model(users=100)).execute(
        RecommendCommand(user_id=USER, filters=Filters(exclude_genres=("Horror",)), limit=5)
    )
    titles = [r.movie.title for r in result.items]
    assert titles[0] == "Vouched Drama" and "Vouched Horror" not in titles and "Close to Heat" in titles
    assert result.items[0].justification.startswith("People who loved Heat and Ronin also loved this")
    assert result.items[0].because_you_liked == ["Heat", "Ronin"]


async def test_a_model_without_other_users_leaves_recommendations_content_only() -> None:
    # alone, or fewer people than a pair needs (min_support 5): the collaborative weight is zero
    for store in (with_model(users=1), with_model(users=4), FakeCollaborativeStore()):
        result = await recommend(store).execute(RecommendCommand(user_id=USER, limit=5))
        assert [r.movie.title for r in result.items] == ["Close to Heat"]
        assert "People who loved" not in result.items[0].justification


def test_the_collaborative_weight_grows_with_the_users_and_is_zero_below_the_crowd() -> None:
    def weight(users: int) -> float:
        return with_model(users).model.weight(0.8, full_users=100)  # type: ignore[union-attr]

    assert weight(4) == 0.0 and 0 < weight(5) < weight(50) < weight(100) == 0.8 == weight(1000)
    legacy = with_model(1000, support=0).model  # built before supports were stored (migration 0003)
    assert legacy is not None and legacy.weight(0.8, full_users=100) == 0.0


def test_titles_are_cited_only_for_pairs_enough_people_share() -> None:
    thin = ItemNeighbours.from_lists({HEAT: [(2, 0.9, 8)], RONIN: [(2, 0.6, 2)], ALIEN: [(3, 0.75, 7)]})
    params = ScoringParams(collaborative_weight=0.8, collaborative_min_support=5)
    b = {s.movie.id: s for s in score_candidates(profile(), POOL, params, collaborative=thin)}[2]
    assert b.because_you_liked == ["Heat"] and b.support == 8  # Ronin-B has 2 supporters: not cited
    legacy = ItemNeighbours.from_lists({HEAT: [(2, 0.9)], RONIN: [(2, 0.6)]})  # supports unknown (0)
    b = {s.movie.id: s for s in score_candidates(profile(), POOL, params, collaborative=legacy)}[2]
    assert b.because_you_liked == [] and b.support == 0

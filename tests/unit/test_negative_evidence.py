"""Negative evidence with fakes (and the country filter's own-films-first rule): an upload's ratings below CINEMAI_DISLIKE_THRESHOLD never build the taste
and push their close neighbours down, as dislike feedback does; every feedback signal takes the movie
off the page."""

from __future__ import annotations

from datetime import UTC, datetime

from src.application.gather_candidates import GatherCandidates
from src.application.ports.users import Feedback, StoredWatch
from src.application.recommend import Recommend, RecommendCommand
from src.application.recommend_order import own_country_first
from src.application.reranker_choice import Rerankers
from src.application.user_state import UserReads
from src.domain.filters import Filters
from src.domain.history import WatchEntry, disliked_entries, liked_entries
from src.domain.movie import Movie
from src.domain.recommendation import ScoredCandidate
from src.domain.user import User
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.infrastructure.rerank.local import LocalReranker
from tests.fakes import FakeStore, FakeUnitOfWork
from tests.unit.test_hybrid_scoring import USER, GenreReader, ListSource, movie, profile, vec


def test_low_ratings_are_disliked_and_never_fill_a_short_liked_list() -> None:
    rows = [WatchEntry(line=i, title=t, rating=r) for i, (t, r) in enumerate([("a", 9), ("b", 5), ("c", 2), ("d", 1)])]
    assert [e.title for e in disliked_entries(rows)] == ["c", "d"]
    # under 5 liked, every rated movie counts, but the disliked ones never do
    assert [e.title for e in liked_entries(rows)] == ["a", "b"]
    assert [e.title for e in liked_entries(rows, dislike_below=0.0)] == ["a", "b", "c", "d"]


def _recommend(rating: float | None, signal: str | None) -> Recommend:
    store = FakeStore()
    store.users[USER] = User(id=USER, api_key_hash="x", created_at=datetime.now(UTC))
    store.profiles[USER] = profile(USER)
    hated, kin, *others = (  # stored ids 1–5
        store.catalog.add(m, model="fake")
        for m in (
            movie(1, "Hated", vec(0.6, 0, 0.8)),
            movie(2, "Hated's sequel", vec(0.6, 0.02, 0.8)),  # cosine ≈ 1 with Hated, 0.6 with the taste
            movie(3, "Close to Heat", vec(1, 0, 0)),  # cosine 0.6 with Hated: not its kin
            movie(4, "Elsewhere", vec(0.8, 0.5, 0)),
            movie(5, "Far", vec(0.45, 0, -0.9)),  # 0.45 with the taste: under the sequel, until the penalty
        )
    )
    if rating is not None:
        entry = WatchEntry(line=1, title="Hated", year=hated.year, rating=rating)
        store.histories[USER] = [StoredWatch(entry=entry, movie_id=1, match_method="exact", liked=False, weight=0)]
    if signal is not None:
        store.feedback[USER] = [Feedback(1, signal, datetime.now(UTC))]
    source = ListSource([hated, kin, *others])
    reader = GenreReader(store.catalog)
    gather = GatherCandidates(reader, source, source, RapidfuzzTitles())
    return Recommend(UserReads(lambda: FakeUnitOfWork(store)), reader, gather, Rerankers(LocalReranker()))


async def _rank_of_kin(rating: float | None, signal: str | None = None) -> int:
    items = (await _recommend(rating, signal).execute(RecommendCommand(user_id=USER, limit=5, rerank="none"))).items
    titles = [r.movie.title for r in items if r.movie.title != "Hated"]
    assert ("Hated" in [r.movie.title for r in items]) == (rating is None and signal is None)  # seen: gone
    return titles.index("Hated's sequel")


async def test_a_low_rating_pushes_kin_down_like_a_dislike() -> None:
    neutral = await _rank_of_kin(None)
    assert await _rank_of_kin(2.0) > neutral  # 1 star of 5: below 4/10
    assert await _rank_of_kin(6.0) == neutral  # a middling rating is no evidence
    assert await _rank_of_kin(None, "dislike") > neutral
    assert await _rank_of_kin(2.0, "like") == neutral  # feedback since the upload says otherwise


def test_a_country_filter_puts_that_countrys_own_films_first() -> None:
    japan = Filters(countries=("Japan",))
    own, co = Movie(title="Yojimbo", countries=("Japan",)), Movie(title="Bling", countries=("USA", "Japan"))
    assert japan.own_country(own) and not japan.own_country(co) and not japan.own_country(Movie(title="x"))
    scored = [ScoredCandidate(movie=m, score=s, cluster_id=0, cluster_label="c") for m, s in ((co, 0.9), (own, 0.5))]
    assert [s.movie.title for s in own_country_first(scored, japan, limit=5)] == ["Yojimbo", "Bling"]
    assert [s.movie.title for s in own_country_first(scored, japan, limit=1)] == ["Yojimbo"]
    assert own_country_first(scored, Filters(), limit=5) == scored

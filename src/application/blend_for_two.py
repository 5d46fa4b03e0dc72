"""A blend for two: unseen films both people would enjoy, each scored for each person as their own list
would score it, explained per person, and the films both loved most (the maths: src/domain/pair_blend.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from src.application.gather_candidates import GatherCandidates, Gathered
from src.application.personal_scoring import (
    RecommendParams,
    UserState,
    disliked_vectors,
    score_person,
    user_state,
)
from src.application.ports.catalog import CatalogReader
from src.application.ports.unit_of_work import UnitOfWork
from src.application.user_state import UserReads
from src.domain.errors import InvalidInputError, ProfileNotFoundError
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.domain.pair_blend import (
    explain_pick,
    nearest_titles,
    pick_for_two,
    reason_for,
    shared_favourites,
    signal_reason,
)
from src.domain.profile import TasteProfile, UserId
from src.domain.recommendation import ScoredCandidate
from src.domain.scoring.priors import is_cold_start
from src.domain.scoring.similarity import best_clusters, cosine_matrix, normalize_rows
from src.domain.scoring.watched import WatchedSet, drop_seen

POOL = 300  # candidates gathered around both tastes and between them
BOTH_LOVED = 5


@dataclass(frozen=True, kw_only=True)
class BlendCommand:
    first: UserId
    second: UserId
    limit: int = 10

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= 50:
            raise InvalidInputError(f"limit must be between 1 and 50 (got {self.limit})")
        if self.first == self.second:
            raise InvalidInputError("a blend needs two different people: the partner's key is your own")


@dataclass(frozen=True, kw_only=True)
class Person:
    """One side of the blend: their profile, what they have seen and their history, how to call them."""

    user_id: UserId
    name: str
    state: UserState

    @property
    def profile(self) -> TasteProfile:
        return self.state.profile

    @property
    def watched(self) -> WatchedSet:
        return self.state.watched


@dataclass(kw_only=True)
class BlendItem:
    movie: Movie
    score: float  # the blend's utility: the two standardised scores' mean plus the fairness bonus
    scores: tuple[float, float]  # each person's own taste score
    ranks: tuple[float, float]  # each person's percentile rank of it in the pool, 0–1
    reasons: tuple[str, str]
    justification: str


@dataclass(kw_only=True)
class BothLoved:
    movie: Movie
    ratings: tuple[float | None, float | None]  # 0–10, None when unrated


@dataclass(kw_only=True)
class BlendResult:
    names: tuple[str, str]
    items: list[BlendItem]
    both_loved: list[BothLoved] = field(default_factory=list)
    pool: int = 0
    message: str | None = None


class BlendForTwo:
    """Each person's taste score is the one their own recommendations use (personal_scoring.score_person:
    cluster similarity, the priors, the collaborative signals their history earns, their dislikes), over
    a pool of films neither has seen: each person's own candidates (GatherCandidates, with the films the
    collaborative model vouches for) and the films nearest the midpoints between their biggest clusters.
    `alpha`: CINEMAI_ALPHA."""

    def __init__(
        self,
        users: UserReads,
        uow_factory: Callable[[], UnitOfWork],
        reader: CatalogReader,
        gather: GatherCandidates,
        *,
        params: RecommendParams | None = None,
        alpha: float = 5.0,
        pool: int = POOL,
    ) -> None:
        self._users = users
        self._uow_factory = uow_factory
        self._reader = reader
        self._gather = gather
        self.params = params or RecommendParams()
        self._alpha = alpha
        self._pool = pool

    async def execute(self, cmd: BlendCommand) -> BlendResult:
        a = await self._person(cmd.first, "the first person")
        b = await self._person(cmd.second, "the second person")
        if a.profile.embedding_model != b.profile.embedding_model:
            raise InvalidInputError(
                "the two profiles were built with different embedding models: upload either history again"
            )
        names = (a.name, b.name) if a.name != b.name else (f"{a.name} (1)", f"{b.name} (2)")
        seen = WatchedSet(
            ids=a.watched.ids | b.watched.ids,
            keys=a.watched.keys | b.watched.keys,
            unmatched=a.watched.unmatched + b.watched.unmatched,
        )
        gathered = [await self._gather_for(p, seen, cmd.limit) for p in (a, b)]
        movies = _merged([*gathered[0].movies, *gathered[1].movies, *await self._between(a, b, seen)], seen)
        both = await self._both_loved(a.profile, b.profile)
        if not movies:
            return BlendResult(names=names, items=[], both_loved=both, message="no unseen film fits both")
        (sa, by_a), (sb, by_b) = await self._scores(a, movies, gathered[0]), await self._scores(b, movies, gathered[1])
        picks = pick_for_two(sa, sb, k=cmd.limit)
        items = []
        for p in picks:
            m = movies[p.index]
            reasons = (_reason(names[0], a.profile, by_a[m.id]), _reason(names[1], b.profile, by_b[m.id]))
            items.append(
                BlendItem(
                    movie=m,
                    score=round(p.utility, 4),
                    scores=(round(float(sa[p.index]), 4), round(float(sb[p.index]), 4)),
                    ranks=(round(p.ranks[0], 4), round(p.ranks[1], 4)),
                    reasons=reasons,
                    justification=explain_pick(*reasons),
                )
            )
        return BlendResult(names=names, items=items, both_loved=both, pool=len(movies))

    async def _person(self, user_id: UserId, fallback: str) -> Person:
        snapshot = await self._users.snapshot(user_id)  # one committed state: never half an upload
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
        if snapshot.profile is None or user is None:
            raise ProfileNotFoundError(
                f"{fallback} has no taste profile yet: they upload a watch history first",
                details={"user_id": str(user_id)},
            )
        state = user_state(snapshot, snapshot.profile, self.params)
        state.watched.ids |= snapshot.standing_excluded  # "never show these" holds in a blend too
        return Person(user_id=user_id, name=user.name or fallback, state=state)

    async def _gather_for(self, person: Person, seen: WatchedSet, limit: int) -> Gathered:
        """This person's own candidates, none either has seen, with their collaborative signals."""
        profile = person.state.profile
        return await self._gather.execute(
            profile,
            seen,
            Filters(),
            limit=limit,
            cold_start=is_cold_start(profile),
            history=person.state.history,
        )

    async def _between(self, a: Person, b: Person, seen: WatchedSet) -> list[Movie]:
        """The unseen films nearest the midpoints between the two people's biggest clusters (where shared
        taste lives)."""
        top_a = sorted(a.profile.clusters, key=lambda c: -c.weight)[:3]
        top_b = sorted(b.profile.clusters, key=lambda c: -c.weight)[:3]
        mids = [normalize_rows(normalize_rows(x.centroid)[0] + normalize_rows(y.centroid)[0])[0] for x in top_a for y in top_b]
        if not mids:
            return []
        vectors = [np.asarray(v, dtype=np.float32) for v in mids]
        per = max(20, self._pool // len(vectors))
        found = await self._reader.nearest_many(
            vectors, model=a.profile.embedding_model, limits=[per] * len(vectors), exclude_ids=sorted(seen.ids)
        )
        return [n.movie for neighbours in found for n in neighbours]

    async def _scores(
        self, person: Person, movies: list[Movie], gathered: Gathered
    ) -> tuple[np.ndarray, dict[int | None, ScoredCandidate]]:
        """Each film's score for this person, in `movies` order, as their own list would score it, and each
        film's scored candidate (what carried it) by id."""
        state = person.state
        disliked = await disliked_vectors(self._reader, sorted(state.watched.disliked))
        scored = score_person(
            state, movies, gathered, self.params, alpha=self._alpha,
            cold_start=is_cold_start(state.profile), disliked=disliked,
        )
        by_id = {s.movie.id: s for s in scored}
        return np.array([by_id[m.id].score for m in movies], dtype=np.float64), by_id

    async def _both_loved(self, a: TasteProfile, b: TasteProfile) -> list[BothLoved]:
        liked_a = {m.movie_id: m.rating for m in a.liked if m.movie_id is not None}
        liked_b = {m.movie_id: m.rating for m in b.liked if m.movie_id is not None}
        shared = shared_favourites(liked_a, liked_b, k=BOTH_LOVED)
        movies = {m.id: m for m in await self._reader.get_many([m for m, _, _ in shared])}
        return [BothLoved(movie=movies[m], ratings=(ra, rb)) for m, ra, rb in shared if m in movies]


def _merged(movies: list[Movie], seen: WatchedSet) -> list[Movie]:
    """One of each film with an embedding, none either person has seen, in gathering order."""
    by_id: dict[int, Movie] = {}
    for m in movies:
        if m.id is not None and m.embedding is not None:
            by_id.setdefault(m.id, m)
    return drop_seen(list(by_id.values()), seen)


def _reason(name: str, profile: TasteProfile, scored: ScoredCandidate) -> str:
    """What carried the film for this person: a collaborative signal, citing their films that vouched, else
    the cluster it fits and their liked films nearest it."""
    carried = signal_reason(name, scored.signal, scored.because_you_liked)
    if carried is not None:
        return carried
    movie = scored.movie
    assert movie.embedding is not None
    cluster = profile.clusters[int(best_clusters(cosine_matrix(movie.embedding[None, :], profile.centroids()))[0])]
    near = nearest_titles(movie.embedding[None, :], profile.liked_matrix(), [m.title for m in profile.liked])
    return reason_for(name, cluster.label, near)

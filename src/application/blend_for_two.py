"""A blend for two: unseen films both people would enjoy, each explained per person, and the films both
loved most (the maths: src/domain/pair_blend.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from src.application.ports.catalog import CatalogReader
from src.application.ports.unit_of_work import UnitOfWork
from src.application.user_snapshot import read_user_snapshot
from src.domain.errors import InvalidInputError, ProfileNotFoundError
from src.domain.movie import Movie
from src.domain.pair_blend import explain_pick, nearest_titles, pick_for_two, reason_for, shared_favourites
from src.domain.profile import TasteProfile, UserId
from src.domain.scoring.blend import ScoringParams, score_candidates
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
    """One side of the blend: their profile, what they have seen, how to call them."""

    user_id: UserId
    name: str
    profile: TasteProfile
    watched: WatchedSet


@dataclass(kw_only=True)
class BlendItem:
    movie: Movie
    score: float  # the blend's utility, 0–1.25
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
    """`params`: how each person's taste score is computed (the recommendation's own scoring: cluster
    similarity with the popularity, quality and genre priors; no collaborative or dislike terms)."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        reader: CatalogReader,
        *,
        params: ScoringParams | None = None,
        pool: int = POOL,
    ) -> None:
        self._uow_factory = uow_factory
        self._reader = reader
        self.params = params or ScoringParams()
        self._pool = pool

    async def execute(self, cmd: BlendCommand) -> BlendResult:
        a = await self._person(cmd.first, "the first person")
        b = await self._person(cmd.second, "the second person")
        if a.profile.embedding_model != b.profile.embedding_model:
            raise InvalidInputError(
                "the two profiles were built with different embedding models: upload either history again"
            )
        names = (a.name, b.name) if a.name != b.name else (f"{a.name} (1)", f"{b.name} (2)")
        movies = await self._candidates(a, b)
        both = await self._both_loved(a.profile, b.profile)
        if not movies:
            return BlendResult(names=names, items=[], both_loved=both, message="no unseen film fits both")
        sa, sb = _scores(a.profile, movies, self.params), _scores(b.profile, movies, self.params)
        picks = pick_for_two(sa, sb, k=cmd.limit)
        items = []
        for p in picks:
            m = movies[p.index]
            reasons = (_reason(names[0], a.profile, m), _reason(names[1], b.profile, m))
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
        async def read(uow: UnitOfWork) -> Person | None:
            profile = await uow.profiles.get(user_id)
            user = await uow.users.get(user_id)
            if profile is None or user is None:
                return None
            history = await uow.histories.load(user_id)
            feedback = await uow.histories.feedback(user_id)
            watched = WatchedSet.from_history(
                [(w.movie_id, w.entry) for w in history], [(f.movie_id, f.signal) for f in feedback]
            )
            return Person(user_id=user_id, name=user.name or fallback, profile=profile, watched=watched)

        person = await read_user_snapshot(self._uow_factory, user_id, read)
        if person is None:
            raise ProfileNotFoundError(
                f"{fallback} has no taste profile yet: they upload a watch history first",
                details={"user_id": str(user_id)},
            )
        return person

    async def _candidates(self, a: Person, b: Person) -> list[Movie]:
        """Nearest unseen films to each person's clusters and to the midpoints between their biggest
        clusters (where shared taste lives), none either person has seen."""
        top_a = sorted(a.profile.clusters, key=lambda c: -c.weight)[:3]
        top_b = sorted(b.profile.clusters, key=lambda c: -c.weight)[:3]
        mids = [normalize_rows(normalize_rows(x.centroid)[0] + normalize_rows(y.centroid)[0])[0] for x in top_a for y in top_b]
        vectors = [c.centroid for c in a.profile.clusters] + [c.centroid for c in b.profile.clusters]
        vectors += [np.asarray(v, dtype=np.float32) for v in mids]
        per = max(20, self._pool // len(vectors))
        seen = a.watched.ids | b.watched.ids
        found = await self._reader.nearest_many(
            vectors, model=a.profile.embedding_model, limits=[per] * len(vectors), exclude_ids=sorted(seen)
        )
        merged = WatchedSet(ids=seen, keys=a.watched.keys | b.watched.keys)
        by_id: dict[int, Movie] = {}
        for neighbours in found:
            for n in neighbours:
                if n.movie.id is not None and n.movie.embedding is not None:
                    by_id.setdefault(n.movie.id, n.movie)
        return drop_seen(list(by_id.values()), merged)

    async def _both_loved(self, a: TasteProfile, b: TasteProfile) -> list[BothLoved]:
        liked_a = {m.movie_id: m.rating for m in a.liked if m.movie_id is not None}
        liked_b = {m.movie_id: m.rating for m in b.liked if m.movie_id is not None}
        shared = shared_favourites(liked_a, liked_b, k=BOTH_LOVED)
        movies = {m.id: m for m in await self._reader.get_many([m for m, _, _ in shared])}
        return [BothLoved(movie=movies[m], ratings=(ra, rb)) for m, ra, rb in shared if m in movies]


def _scores(profile: TasteProfile, movies: list[Movie], params: ScoringParams) -> np.ndarray:
    """Each film's taste score for this profile, in `movies` order."""
    scored = {s.movie.id: s.score for s in score_candidates(profile, movies, params)}
    return np.array([scored[m.id] for m in movies], dtype=np.float64)


def _reason(name: str, profile: TasteProfile, movie: Movie) -> str:
    assert movie.embedding is not None
    cluster = profile.clusters[int(best_clusters(cosine_matrix(movie.embedding[None, :], profile.centroids()))[0])]
    near = nearest_titles(movie.embedding[None, :], profile.liked_matrix(), [m.title for m in profile.liked])
    return reason_for(name, cluster.label, near)

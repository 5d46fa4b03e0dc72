"""Which history films feed which taste cluster, which are left out, which fall outside the window; and
the rebuild every change to those choices runs (inside the caller's transaction)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from src.application.ports.collaborative import CollaborativeRefresh
from src.application.ports.history import MovieMatcher
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import StoredWatch
from src.application.profile_inputs import ProfileFromHistory
from src.application.taste_profile_builder import TasteProfileBuilder
from src.domain.errors import ProfileNotFoundError
from src.domain.movie import normalize_title
from src.domain.profile import TasteCluster, TasteProfile, UserId
from src.domain.profile_window import ProfileWindow

FilmKey = tuple[object, ...]
log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class SeedFilm:
    entry_id: int | None
    title: str
    year: int | None
    movie_id: int | None
    rating: float | None
    watched_at: date | None
    weight: float = 0.0


@dataclass(kw_only=True)
class ClusterSeeds:
    cluster: TasteCluster
    films: list[SeedFilm] = field(default_factory=list)  # heaviest first


@dataclass(kw_only=True)
class ProfileSeeds:
    profile: TasteProfile
    window: ProfileWindow
    clusters: list[ClusterSeeds]
    left_out: list[SeedFilm]  # in_profile false: kept in the history, out of the profile
    outside_window: list[SeedFilm]  # no watch of the film falls inside the window


def film_key(movie_id: int | None, title: str, year: int | None) -> FilmKey:
    return ("id", movie_id) if movie_id is not None else ("row", normalize_title(title), year)


def _film(w: StoredWatch) -> SeedFilm:
    e = w.entry
    return SeedFilm(
        entry_id=w.id,
        title=e.title,
        year=e.year,
        movie_id=w.movie_id,
        rating=e.rating,
        watched_at=e.watched_at,
        weight=round(w.weight, 4),
    )


def seeds_of(profile: TasteProfile, history: list[StoredWatch], window: ProfileWindow) -> ProfileSeeds:
    cluster_of = {film_key(m.movie_id, m.title, m.year): m.cluster_id for m in profile.liked}
    by_cluster = {c.id: ClusterSeeds(cluster=c) for c in profile.clusters}
    rows: dict[FilmKey, list[StoredWatch]] = {}
    for w in history:
        key = film_key(w.movie_id, w.entry.title, w.entry.year)
        rows.setdefault(key, []).append(w)
        cluster = cluster_of.get(key)
        if w.liked and cluster in by_cluster:
            by_cluster[cluster].films.append(_film(w))
    for seeds in by_cluster.values():
        seeds.films.sort(key=lambda f: -f.weight)
    left_out, outside = [], []
    for film_rows in rows.values():
        latest = film_rows[-1]
        if not all(w.in_profile for w in film_rows):
            left_out.append(_film(next(w for w in film_rows if not w.in_profile)))
        elif not any(window.contains(w.entry.watched_at) for w in film_rows):
            outside.append(_film(latest))
    return ProfileSeeds(
        profile=profile,
        window=window,
        clusters=list(by_cluster.values()),
        left_out=left_out,
        outside_window=outside,
    )


class ProfileRebuild:
    """Rebuilds a person's profile from their stored history under the stored window and flags, and
    stores the outcome (profile, rows' liked/weight) in `uow`; the caller commits. Raises
    ProfileNotFoundError without a history, InvalidInputError when nothing is left to build from."""

    def __init__(
        self, matcher: MovieMatcher, builder: TasteProfileBuilder, today: Callable[[], date] = date.today
    ) -> None:
        self._inputs = ProfileFromHistory(matcher, builder, today)

    async def rebuild(self, uow: UnitOfWork, user_id: UserId) -> ProfileSeeds:
        window = await uow.seeds.window(user_id)
        history = await uow.histories.load(user_id)
        if not history:
            raise ProfileNotFoundError(
                "no watch history to build a profile from: upload one first (its window is kept)"
            )
        built = await self._inputs.build(
            user_id, [w.entry for w in history], window=window, in_profile=[w.in_profile for w in history]
        )
        weights = [
            (w.id, now.liked, now.weight)
            for w, now in zip(history, built.stored, strict=True)
            if w.id is not None
        ]
        await uow.seeds.set_weights(user_id, weights)
        await uow.profiles.save(built.profile)
        stored = [
            StoredWatch(
                entry=w.entry,
                movie_id=now.movie_id if now.movie_id is not None else w.movie_id,
                match_method=w.match_method,
                liked=now.liked,
                weight=now.weight,
                in_profile=w.in_profile,
                id=w.id,
            )
            for w, now in zip(history, built.stored, strict=True)
        ]
        return seeds_of(built.profile, stored, window)


async def refresh_collaborative(collaborative: CollaborativeRefresh | None) -> None:
    """After a committed rebuild: the liked rows changed, so the shared model may be stale. Its failure
    is logged, never raised (the rebuild has succeeded; the next import or `cinemai cf rebuild` retries)."""
    if collaborative is None:
        return
    try:
        await collaborative.refresh_if_stale()
    except Exception:
        log.exception("collaborative model rebuild after a profile rebuild failed; the profile is kept")

"""History rows → taste profile, shared by the import and every rebuild: match, keep the rows that feed
the profile (inside the person's watch-date window, not left out), weight, embed, cluster."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from src.application.ports.history import MatchResult, MovieMatcher
from src.application.ports.users import StoredWatch
from src.application.taste_profile_builder import TasteProfileBuilder, collapse_rewatches
from src.domain.errors import InvalidInputError
from src.domain.history import WatchEntry
from src.domain.profile import TasteProfile, UserId
from src.domain.profile_window import ProfileWindow, feeds_profile


@dataclass(frozen=True)
class BuiltProfile:
    matches: list[MatchResult]  # one per entry, in order
    distinct: int  # distinct films in the whole history
    liked: int  # of them, those building the profile
    profile: TasteProfile
    stored: list[StoredWatch]  # one per entry, in order: what the history rows now say


class ProfileFromHistory:
    def __init__(
        self, matcher: MovieMatcher, builder: TasteProfileBuilder, today: Callable[[], date] = date.today
    ) -> None:
        self._matcher = matcher
        self._builder = builder
        self._today = today

    async def build(
        self,
        user_id: UserId,
        entries: list[WatchEntry],
        *,
        window: ProfileWindow,
        in_profile: Sequence[bool] | None = None,
        stage: Callable[[str], None] = lambda _: None,
        timings: dict[str, float] | None = None,
    ) -> BuiltProfile:
        """`in_profile`, one flag per entry (all true when None): false keeps a row out of the profile.
        Raises InvalidInputError when no row is left to build from because of the window or the flags."""
        t = timings if timings is not None else {}
        flags = list(in_profile) if in_profile is not None else [True] * len(entries)
        stage("matching")
        clock = time.perf_counter()
        matches = await self._matcher.match(entries, model=self._builder.model_name)
        t["match"], clock = time.perf_counter() - clock, time.perf_counter()
        feeding = [
            m for m, f in zip(matches, flags, strict=True) if feeds_profile(window, m.entry.watched_at, f)
        ]
        if matches and not feeding:
            raise _nothing_left(window)
        watched = collapse_rewatches(feeding)
        liked = self._builder.liked(watched, self._today())
        stage("embedding")
        vectors = await self._builder.embeddings(liked)
        t["embed"], clock = time.perf_counter() - clock, time.perf_counter()
        stage("clustering")
        profile = await self._builder.build(user_id, liked, vectors)
        t["cluster"] = time.perf_counter() - clock
        weights = {id(w.entry): weight for w, weight in liked}
        stored = [_stored(m, weights, f) for m, f in zip(matches, flags, strict=True)]
        return BuiltProfile(matches, len(collapse_rewatches(matches)), len(liked), profile, stored)


def _nothing_left(window: ProfileWindow) -> InvalidInputError:
    if not window.is_open:
        return InvalidInputError(
            f"no film of the history is inside the profile window ({window.describe()}): widen the "
            "window or clear it (since and until both null)",
            details={"since": _iso(window.since), "until": _iso(window.until)},
        )
    return InvalidInputError("every film of the history is left out of the profile: put at least one back")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _stored(m: MatchResult, liked: dict[int, float], in_profile: bool) -> StoredWatch:
    weight = liked.get(id(m.entry))
    return StoredWatch(
        entry=m.entry,
        movie_id=m.movie.id if m.movie is not None else None,
        match_method=m.method,
        liked=weight is not None,
        weight=weight or 0.0,
        in_profile=in_profile,
    )

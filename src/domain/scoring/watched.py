"""What a person has seen, from their history and feedback, and the rule that keeps seen films off the
page: by catalog id, then by exact title+year, then by a fuzzy title match with the year within ±1."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from src.domain.history import DISLIKE_THRESHOLD, WatchEntry
from src.domain.movie import Movie, MovieId, normalize_title

FUZZY_WATCHED_CUTOFF = 85.0  # CINEMAI_FUZZY_THRESHOLD's default (0–100, like rapidfuzz's WRatio)
FuzzyHit = tuple[int, float] | None  # (index into WatchedSet.unmatched, score), or no match


@dataclass(kw_only=True)
class WatchedSet:
    """What a person has seen: catalog ids, and title+year keys of rows the catalog did not match;
    `disliked` the seen catalog movies that count as negative evidence."""

    ids: set[MovieId] = field(default_factory=set)
    keys: set[tuple[str, int | None]] = field(default_factory=set)
    unmatched: list[tuple[str, int | None]] = field(default_factory=list)  # normalised title, year
    disliked: set[MovieId] = field(default_factory=set)

    @classmethod
    def from_history(
        cls,
        watches: Iterable[tuple[MovieId | None, WatchEntry]],
        feedback: Iterable[tuple[MovieId, str]],
        *,
        dislike_threshold: float = DISLIKE_THRESHOLD,
    ) -> WatchedSet:
        """From the stored history (catalog id or None, parsed row) and the feedback (movie, signal),
        oldest first. Feedback meanings (README "Feedback"): every signal takes the movie off the page;
        like = seen and liked, dislike = seen and disliked (its kin are pushed down). An upload's low
        ratings are the same negative evidence, unless feedback since said otherwise."""
        watched = cls()
        rows = list(watches)
        for movie_id, entry in rows:
            if movie_id is not None:
                watched.ids.add(movie_id)
            else:
                key = (normalize_title(entry.title), entry.year)
                watched.keys.add(key)
                watched.unmatched.append(key)
        latest = dict(feedback)  # the latest signal per movie wins
        watched.ids |= set(latest)
        watched.disliked = {m for m, s in latest.items() if s == "dislike"}
        watched.disliked |= {
            m
            for m, e in rows
            if m is not None
            and e.rating is not None
            and e.rating < dislike_threshold
            and latest.get(m, "dislike") == "dislike"
        }
        return watched

    @property
    def unmatched_titles(self) -> list[str]:
        return [t for t, _ in self.unmatched]


def drop_seen(candidates: Sequence[Movie], watched: WatchedSet) -> list[Movie]:
    """Drops watched movies by id and exact title+year, and duplicate title+year pairs (the first
    occurrence stays)."""
    kept: list[Movie] = []
    seen: set[tuple[str, int | None]] = set()
    for m in candidates:
        if m.id in watched.ids or m.key in watched.keys or m.key in seen:
            continue
        seen.add(m.key)
        kept.append(m)
    return kept


def drop_fuzzy_seen(kept: Sequence[Movie], watched: WatchedSet, hits: Sequence[FuzzyHit]) -> list[Movie]:
    """Drops the movies whose normalised title fuzzily matched an unmatched history row (`hits`, one
    per movie, from a title comparison at the cutoff) when the years are within ±1 (or one is unknown)."""
    return [
        movie
        for movie, hit in zip(kept, hits, strict=True)
        if hit is None or not _years_close(movie.year, watched.unmatched[hit[0]][1])
    ]


def fuzzy_titles(movies: Sequence[Movie]) -> list[str]:
    """The titles a fuzzy comparison against WatchedSet.unmatched_titles uses."""
    return [normalize_title(m.title) for m in movies]


def _years_close(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= 1

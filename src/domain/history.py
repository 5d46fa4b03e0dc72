"""A watch history as read from a file: entries, rejected rows, and how the file was understood."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from src.domain.movie import Movie

# how a history or list row found its catalog movie: an external id, the exact normalised title + year,
# a fuzzy title, a short form (subtitle dropped, year within one), or a lookup on TMDB
MatchMethod = Literal["id", "exact", "fuzzy", "short", "tmdb"]

LIKE_THRESHOLD = 7.0  # of 10; DESIGN.md: "liked" = normalised rating of at least 7 (3.5 stars)
DISLIKE_THRESHOLD = 4.0  # of 10: a rating below this is negative evidence (2 stars of 5 and under)
MIN_LIKED_FOR_STRICT = 5  # fewer liked than this and every rated movie counts
RECENCY_HALF_LIFE_DAYS = 3 * 365.0


@dataclass(kw_only=True)
class WatchEntry:
    """One accepted row of a history. `rating` is on the 0–10 scale, None when unrated."""

    line: int
    title: str
    year: int | None = None
    rating: float | None = None
    watched_at: date | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None
    original_title: str | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    description: str | None = None
    rewatch: bool = False

    def as_movie(self) -> Movie:
        """The row's own fields as a movie, for rows the catalog cannot match."""
        return Movie(
            title=self.title,
            year=self.year,
            genres=self.genres,
            directors=self.directors,
            countries=self.countries,
            description=self.description,
            imdb_id=self.imdb_id,
            tmdb_id=self.tmdb_id,
            source="history",
        )


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str
    raw: str = ""


@dataclass(frozen=True)
class SkippedRow:
    """A readable row deliberately left out (a series episode, a TV title type)."""

    line: int
    title: str
    reason: str


@dataclass(kw_only=True)
class ParsedHistory:
    """What a parser made of a file. Every data row is in exactly one of entries/rejected/skipped."""

    format: str
    rating_scale: str | None  # e.g. "0.5-5 stars", "1-10", None when the file has no ratings
    rows_read: int
    entries: list[WatchEntry] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str | None = None


def liked_entries(
    entries: list[WatchEntry], threshold: float = LIKE_THRESHOLD, *, dislike_below: float = DISLIKE_THRESHOLD
) -> list[WatchEntry]:
    """DESIGN.md step 4: liked = rating ≥ threshold; no ratings at all → every watched movie;
    fewer than MIN_LIKED_FOR_STRICT liked → every rated movie except the disliked ones (rated below
    `dislike_below`: negative evidence never builds the taste), or every rated one when all are."""
    rated = [e for e in entries if e.rating is not None]
    if not rated:
        return list(entries)
    liked = [e for e in rated if e.rating is not None and e.rating >= threshold]
    if len(liked) < MIN_LIKED_FOR_STRICT:
        tolerable = [e for e in rated if e.rating is not None and e.rating >= dislike_below]
        return tolerable or rated
    return liked


def disliked_entries(entries: list[WatchEntry], below: float = DISLIKE_THRESHOLD) -> list[WatchEntry]:
    """Entries rated below `below` (0–10): seen and disliked, negative evidence like dislike feedback."""
    return [e for e in entries if e.rating is not None and e.rating < below]


def entry_weight(
    entry: WatchEntry,
    *,
    today: date,
    threshold: float = LIKE_THRESHOLD,
    half_life_days: float = RECENCY_HALF_LIFE_DAYS,
) -> float:
    """Rating weight × recency weight. An unrated entry weighs like a rating at the threshold;
    higher ratings weigh more (a 10 is ~2× a 7). Recency halves every `half_life_days`."""
    rating = entry.rating if entry.rating is not None else threshold
    rating_weight = max(0.1, 1.0 + (rating - threshold) / 3.0)
    if entry.watched_at is None:
        recency = 0.5
    else:
        age = max(0, (today - entry.watched_at).days)
        recency = math.pow(0.5, age / half_life_days)
    return rating_weight * max(recency, 0.05)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from src.domain.history import MatchMethod, ParsedHistory, WatchEntry
from src.domain.movie import Movie, Vector


class HistoryParser(Protocol):
    """Reads a watch-history export. Detects the format from the content (header / JSON shape) unless
    `format` names one; detects encoding and delimiter. Every data row ends up in exactly one of
    entries / rejected (with line number and reason) / skipped (series episodes, TV title types).
    Raises UnreadableHistoryError when nothing in the file can be read as a history (binary data, an
    empty file, no recognisable title column: the message names the columns it found)."""

    def parse(
        self, data: bytes, *, filename: str | None = None, format: str | None = None
    ) -> ParsedHistory: ...


@dataclass(kw_only=True)
class MatchResult:
    entry: WatchEntry
    movie: Movie | None  # the catalog movie, with its stored embedding, or None
    method: MatchMethod | None  # None when unmatched
    reason: str | None = None  # why it did not match


class MovieMatcher(Protocol):
    """Matches history rows to catalog movies: external id first, then exact normalised title+year,
    then fuzzy (score ≥ 85, year within ±1). Returns one result per entry, in order. Matched movies
    carry their stored embedding for `model` when the catalog has one."""

    async def match(self, entries: Sequence[WatchEntry], *, model: str) -> list[MatchResult]: ...


@dataclass(kw_only=True)
class Clustering:
    labels: list[int]  # cluster index per input row, 0..k-1
    centroids: Vector  # (k, dim), weighted means of the members
    algorithm: str  # "single" | "kmeans" | "hdbscan"


class Clusterer(Protocol):
    """Groups weighted embeddings into taste clusters (DESIGN.md step 6): < small_max → one weighted
    cluster; up to large_min → k-means with k by silhouette over 2..10; above → HDBSCAN after PCA,
    noise attached to its nearest cluster. Deterministic for a given input."""

    def cluster(self, embeddings: Vector, weights: Sequence[float]) -> Clustering: ...


class FuzzyTitles(Protocol):
    """Fuzzy title comparison (0–100, like rapidfuzz's WRatio). best() returns, for each query, the
    index of the best choice and its score, or None when no choice reaches `cutoff`."""

    def best(
        self, queries: Sequence[str], choices: Sequence[str], *, cutoff: float
    ) -> list[tuple[int, float] | None]: ...

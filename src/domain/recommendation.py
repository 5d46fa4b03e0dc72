"""What a recommendation request produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from src.domain.movie import Movie
from src.domain.query import QueryInterpretation


@dataclass(kw_only=True)
class ScoredCandidate:
    """A candidate after scoring: its cluster-weighted similarity and the cluster that explains it."""

    movie: Movie
    score: float
    cluster_id: int
    cluster_label: str
    because_you_liked: list[str] = field(default_factory=list)
    # which signal carried it: "content" | "collaborative" | "transitions" | "popular"
    signal: str = "content"
    # distinct users behind the strongest collaborative pair vouching for it (0: no pair). Wording that
    # speaks of other people ("people who loved X also loved this") needs support >= CINEMAI_CF_MIN_SUPPORT.
    support: int = 0


@dataclass(kw_only=True)
class Recommendation:
    movie: Movie
    score: float  # 0–1, 2 decimals
    cluster_id: int
    cluster_label: str
    justification: str
    because_you_liked: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class RecommendationList:
    items: list[Recommendation]
    taste_summary: str
    strategy: str  # "personal" | "blend"
    reranker: str
    message: str | None = None
    interpreted: QueryInterpretation | None = None  # how the request's query was understood

"""What a recommendation request produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from src.domain.errors import NextStep
from src.domain.movie import Movie
from src.domain.query import QueryInterpretation

ItemSignalName = Literal["collaborative", "transitions"]  # a learned signal beside content (scoring/signals.py)
# which signal carried a candidate: its content, a learned item signal, or (cold start) its popularity
CandidateSignal = Literal["content", "popular", "collaborative", "transitions"]
Strategy = Literal["personal", "blend"]  # blend: a cold start, taste mixed with what is popular


@dataclass(kw_only=True)
class ScoredCandidate:
    """A candidate after scoring: its cluster-weighted similarity and the cluster that explains it."""

    movie: Movie
    score: float
    cluster_id: int
    cluster_label: str
    because_you_liked: list[str] = field(default_factory=list)
    signal: CandidateSignal = "content"
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
    strategy: Strategy
    reranker: str  # for display, e.g. "gpt-4o" or "local (fallback: timeout)"
    reranker_fell_back: bool = False  # the chosen reranker fell back (a degraded page, not worth caching)
    message: str | None = None
    next_step: NextStep | None = None  # what `message` advises doing (the front end says how)
    interpreted: QueryInterpretation | None = None  # how the request's query was understood

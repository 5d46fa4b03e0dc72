"""How Recommend orders what it scored before the reranker: the reranker's pool size, a country filter's
own films first, and the cold start's "popular" label."""

from __future__ import annotations

from src.domain.filters import Filters
from src.domain.recommendation import ScoredCandidate


def rerank_pool(limit: int) -> int:
    """How many of the best-scored candidates the reranker chooses from."""
    return max(limit * 3, 30)


def own_country_first(scored: list[ScoredCandidate], filters: Filters, limit: int) -> list[ScoredCandidate]:
    """With a country filter, that country's own films (sole production country) rank above
    co-productions; when there are enough of them to fill the page, the reranker sees only them."""
    if not filters.countries:
        return scored
    own = [s for s in scored if filters.own_country(s.movie)]
    if len(own) >= limit:
        return own
    return own + [s for s in scored if not filters.own_country(s.movie)]


def mark_popular(scored: list[ScoredCandidate]) -> list[ScoredCandidate]:
    for s in scored:
        if s.signal == "content" and (s.movie.vote_count or 0) >= 100:
            s.signal = "popular"
    return scored

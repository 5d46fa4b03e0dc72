"""A film's quality prior: what critics (or, in production, TMDB voters) think of it, on 0–1, shrunk
toward the catalog mean when few reviews back it (a Bayesian average), so a film with five glowing
reviews does not outrank one with three hundred."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# How many reviews count as much as the prior: a film with this many reviews sits halfway between its
# own score and the catalog mean. The offline catalog's critic review counts run 5–388 (median ≈ 30).
OFFLINE_PRIOR_REVIEWS = 20.0
# TMDB: vote counts run into the tens of thousands; the global mean vote is about 6.3/10.
TMDB_PRIOR_VOTES = 200.0
TMDB_PRIOR_MEAN = 0.63


@dataclass(frozen=True, kw_only=True)
class CriticScores:
    """What a catalog row says about a film: mean critic rating (0–10), share of positive reviews
    (0–100), Metacritic (0–100), and how many reviews stand behind them. Any may be missing."""

    rating: float | None = None
    meter: float | None = None
    metacritic: float | None = None
    reviews: int | None = None

    def raw(self) -> float | None:
        """The mean of the available scores, each on 0–1; None when there is none."""
        parts = [
            v / scale
            for v, scale in ((self.rating, 10.0), (self.meter, 100.0), (self.metacritic, 100.0))
            if v is not None and v >= 0
        ]
        return min(1.0, sum(parts) / len(parts)) if parts else None


def shrunk_quality(raw: float | None, evidence: float | None, *, prior_mean: float, prior_weight: float) -> float:
    """(n·raw + m·μ) / (n + m) with n = evidence (reviews, votes), m = prior_weight, μ = prior_mean; μ
    itself without a score or evidence. Always in 0–1."""
    n = max(0.0, float(evidence or 0))
    if raw is None or n == 0:
        return _clip(prior_mean)
    return _clip((n * raw + prior_weight * prior_mean) / (n + prior_weight))


def vote_quality(average: float | None, count: float | None) -> float:
    """A 0–10 vote average (TMDB, a TMDB-like export) shrunk toward TMDB's global mean by the count."""
    raw = float(average) / 10.0 if average is not None and average > 0 else None
    return round(shrunk_quality(raw, count, prior_mean=TMDB_PRIOR_MEAN, prior_weight=TMDB_PRIOR_VOTES), 4)


def catalog_mean(scores: Iterable[CriticScores]) -> float:
    """The mean raw score over a catalog's scored films (0.5 when nothing is scored)."""
    raws = [r for r in (s.raw() for s in scores) if r is not None]
    return sum(raws) / len(raws) if raws else 0.5


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))

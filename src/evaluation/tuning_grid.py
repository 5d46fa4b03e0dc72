"""The grid the product's blend weights are chosen from on the validation hold-out (tuning.py): each
signal's share of the score, MMR, the priors inside the content score, the popularity penalty."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import product

from src.evaluation.variants import Variant

MIN_COVERAGE = 0.40  # the floor for catalog coverage, applied to the validation lists
PENALTIES = (0.0, 0.25, 0.5, 0.75)  # the popularity penalty's grid


@dataclass(frozen=True, kw_only=True)
class Point:
    """One grid point: the signals' shares (content takes the rest), MMR diversity, the like-count
    and quality priors' weights inside the content score."""

    ease: float
    transitions: float
    diversity: float
    popularity: float
    quality: float
    penalty: float = 0.0  # the crowd-popularity penalty (CINEMAI_SIGNAL_POPULARITY_PENALTY)

    def apply(self, variant: Variant) -> Variant:
        params = {
            **variant.params,
            "ease_weight": self.ease,
            "transitions_weight": self.transitions,
            "popularity_penalty": self.penalty,
        }
        return replace(
            variant,
            diversity=self.diversity,
            popularity_weight=self.popularity,
            quality_weight=self.quality,
            params=params,
        )

    def describe(self) -> str:
        return (
            f"EASE {self.ease:g}, transitions {self.transitions:g}, content {1 - self.ease - self.transitions:.2g}, "
            f"MMR {self.diversity:g}, like-count prior {self.popularity:g}, quality {self.quality:g}, "
            f"popularity penalty {self.penalty:g}"
        )


def default_grid() -> list[Point]:
    shares = [
        (e, t)
        for e in (0.2, 0.3, 0.4, 0.5, 0.6)
        for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
        if e + t <= 1.0 + 1e-9
    ]
    return [
        Point(ease=e, transitions=t, diversity=d, popularity=p, quality=q, penalty=x)
        for (e, t), d, p, q, x in product(shares, (0.0, 0.1, 0.3), (0.0, 0.2), (0.0, 0.5), PENALTIES)
    ]

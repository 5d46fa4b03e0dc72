"""What the harness evaluates on: a public ratings dataset, and the ports that load and map it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from src.domain.movie import Movie


@dataclass(frozen=True, slots=True)
class RatingEvent:
    """One rating: `rating` on the product's 0–10 scale, `timestamp` in Unix seconds."""

    user: str
    item: str
    rating: float
    timestamp: int


@dataclass(frozen=True)
class DatasetItem:
    """A dataset's movie as the dataset describes it (title in its own conventions, e.g. 'Net, The')."""

    item: str
    title: str
    year: int | None
    genres: tuple[str, ...] = ()


@dataclass(kw_only=True)
class RatingsDataset:
    name: str
    rating_scale: str  # how the source rated, e.g. "1-5 stars (x2 → 0-10)"
    ratings: list[RatingEvent]
    items: dict[str, DatasetItem]


class RatingsSource(Protocol):
    """Loads a ratings dataset (fetching and caching it as needed). Raises CinemAIError subclasses with
    an actionable message when the data cannot be fetched or read."""

    name: str

    def load(self) -> RatingsDataset: ...


class CatalogMapper(Protocol):
    """Finds each dataset item's catalog movie. Returns item id → one of the given catalog Movie objects
    (the same object, not a copy); unmapped items are absent. Several items may map to one movie.
    `name` says how it matches, for reports."""

    @property
    def name(self) -> str: ...

    def map(self, items: Sequence[DatasetItem], catalog: Sequence[Movie]) -> Mapping[str, Movie]: ...

"""What a reranker's answer is checked against and what the check finds: the history films, the
proposed items, each statement's verdict (see validate_rerank.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from src.domain.profile import LikedMovie

MIN_YEAR, MAX_YEAR = 1880, 2039


@dataclass(frozen=True)
class HistoryFilm:
    """A film from the user's history that a justification may cite. `rating` is on the 0–10 scale,
    None when unknown (then any stated rating of it is false: it cannot be verified)."""

    title: str
    year: int | None = None
    rating: float | None = None
    genres: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    evidence_id: str = ""


@dataclass(frozen=True)
class Statement:
    """One factual claim found in a justification. `expected` says what the facts are when it is false."""

    kind: str  # film | rating | year | decade | director | genre | country | label | evidence
    text: str
    true: bool
    expected: str = ""


@dataclass(frozen=True)
class FalseStatement:
    kind: str
    text: str
    expected: str


@dataclass(frozen=True)
class ProposedItem:
    """One item of a reranker's answer: a candidate id, its justification, the evidence ids it cites."""

    movie_id: int
    justification: str
    cited: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemVerdict:
    movie_id: int
    statements: tuple[Statement, ...]
    reason: str = ""  # why the justification was not kept ("" = kept)
    text: str = ""  # the justification checked

    @property
    def named_films(self) -> list[str]:
        """Titles of the films the justification names, the candidate excepted (true statements only)."""
        return [s.text for s in self.statements if s.kind == "film" and s.true and s.expected != "candidate"]

    @property
    def kept(self) -> bool:
        return not self.reason

    @property
    def false_statements(self) -> list[FalseStatement]:
        return [FalseStatement(s.kind, s.text, s.expected) for s in self.statements if not s.true]


@dataclass
class RerankValidation:
    """The checked answer: the repaired order, what was repaired, and a verdict per candidate in it.
    `usable` is False when no candidate id at all survived (the caller falls back entirely)."""

    order: list[int]
    order_repairs: list[str] = field(default_factory=list)
    verdicts: dict[int, ItemVerdict] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return any(v.reason != "missing" for v in self.verdicts.values())

    @property
    def replaced(self) -> list[int]:
        return [i for i in self.order if not self.verdicts[i].kept]

    @property
    def clean(self) -> bool:
        return not self.order_repairs and not self.replaced


def history_films(liked: Iterable[LikedMovie]) -> list[HistoryFilm]:
    """HistoryFilm for each of a profile's liked movies (`profile.liked`), evidence ids "h1", "h2", …
    in profile order, each with the user's own rating (None when the history had none)."""
    return [
        HistoryFilm(
            title=m.title,
            year=m.year,
            rating=float(m.rating) if m.rating is not None else None,
            genres=tuple(m.genres),
            directors=tuple(m.directors),
            evidence_id=f"h{index}",
        )
        for index, m in enumerate(liked, start=1)
    ]

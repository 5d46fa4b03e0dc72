"""A natural-language query, as understood: typed constraints, anchor films, and the free text left."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from src.domain.filters import Filters
from src.domain.movie import MovieId


@dataclass(frozen=True, kw_only=True)
class ParsedQuery:
    """What a parser read in a query. `anchor_ids` are catalog films the query named ("like Heat");
    `relative_runtime` is "shorter"/"longer" than the anchors; `dropped` are filler words left out of
    the embedded text; `unknown` are values that are not in the catalog's vocabulary or contradict each
    other; `rejected` are values a remote (LLM) parser proposed that validation against the catalog's
    vocabulary dropped (a subset of what `unknown` reports)."""

    text: str
    constraints: Filters = field(default_factory=Filters)
    anchor_ids: tuple[MovieId, ...] = ()
    anchor_phrases: tuple[str, ...] = ()
    relative_runtime: str | None = None
    remaining: str = ""
    dropped: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    parser: str = "local"


@dataclass(frozen=True, kw_only=True)
class AnchorRef:
    phrase: str
    movie_id: MovieId
    title: str
    year: int | None


@dataclass(frozen=True, kw_only=True)
class QueryInterpretation:
    """How a query was applied, shown to the person so they can correct it."""

    query: str
    parser: str
    filters: Filters  # the query's constraints that were applied (after explicit filters won)
    anchors: tuple[AnchorRef, ...] = ()
    remaining_text: str = ""
    dropped: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()  # values an LLM parser proposed that are not in the catalog

    def to_dict(self) -> dict[str, Any]:
        f = self.filters
        return {
            "query": self.query,
            "parser": self.parser,
            "filters": {
                "genres": list(f.genres),
                "exclude_genres": list(f.exclude_genres),
                "countries": list(f.countries),
                "exclude_countries": list(f.exclude_countries),
                "languages": list(f.languages),
                "year_min": f.year_min,
                "year_max": f.year_max,
                "runtime_min": f.runtime_min,
                "runtime_max": f.runtime_max,
            },
            "anchors": [
                {"phrase": a.phrase, "movie_id": a.movie_id, "title": a.title, "year": a.year}
                for a in self.anchors
            ],
            "remaining_text": self.remaining_text,
            "dropped": list(self.dropped),
            "unknown": list(self.unknown),
            "notes": list(self.notes),
            "rejected": list(self.rejected),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QueryInterpretation:
        f = d["filters"]
        return cls(
            query=d["query"],
            parser=d["parser"],
            filters=Filters(
                genres=tuple(f["genres"]),
                exclude_genres=tuple(f["exclude_genres"]),
                countries=tuple(f["countries"]),
                exclude_countries=tuple(f.get("exclude_countries", ())),
                languages=tuple(f.get("languages", ())),
                year_min=f["year_min"],
                year_max=f["year_max"],
                runtime_min=f["runtime_min"],
                runtime_max=f["runtime_max"],
            ),
            anchors=tuple(AnchorRef(**a) for a in d["anchors"]),
            remaining_text=d["remaining_text"],
            dropped=tuple(d["dropped"]),
            unknown=tuple(d["unknown"]),
            notes=tuple(d["notes"]),
            rejected=tuple(d.get("rejected", ())),
        )

    def describe(self) -> str:
        parts = [] if self.filters.is_empty else [self.filters.describe()]
        if self.anchors:
            parts.append("like " + " and ".join(a.title for a in self.anchors))
        if self.remaining_text:
            parts.append(f"about “{self.remaining_text}”")
        return "; ".join(parts) or "no constraint"

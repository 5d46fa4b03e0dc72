"""Schemas for the profile's window and seeds, and the stored history with entry ids."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from src.application.list_history import HistoryPage
from src.application.ports.users import StoredWatch
from src.application.profile_seeds import ProfileSeeds, SeedFilm
from src.domain.profile_window import ProfileWindow
from src.presentation.api.user_schemas import ClusterOut, ProfileOut

DATE_HELP = "a watch date, YYYY-MM-DD (inclusive); null leaves this side open"


class WindowIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    since: date | None = Field(default=None, strict=False, description=DATE_HELP)
    until: date | None = Field(default=None, strict=False, description=DATE_HELP)

    @field_validator("since", "until", mode="before")
    @classmethod
    def _written_as_text(cls, value: object) -> object:
        """JSON has no dates: a date is the string YYYY-MM-DD (a number would be read as a timestamp)."""
        if value is None or isinstance(value, str):
            return value
        raise ValueError("must be a date written as a JSON string, YYYY-MM-DD")


class InProfileIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    in_profile: bool = Field(description="false: keep the film in the history but out of the taste profile")


class WindowOut(BaseModel):
    since: date | None
    until: date | None
    description: str

    @classmethod
    def of(cls, w: ProfileWindow) -> WindowOut:
        return cls(since=w.since, until=w.until, description=w.describe())


class SeedFilmOut(BaseModel):
    entry_id: int | None = Field(description="the history entry: PATCH /history/{entry_id} toggles it")
    title: str
    year: int | None
    movie_id: int | None
    rating: float | None
    watched_at: date | None
    weight: float

    @classmethod
    def of(cls, f: SeedFilm) -> SeedFilmOut:
        return cls(**vars(f))


class ClusterSeedsOut(BaseModel):
    cluster_id: int
    label: str
    films: list[SeedFilmOut] = Field(description="every history film feeding this cluster, heaviest first")


class ProfileSeedsOut(BaseModel):
    """The profile with its seeds: which films feed which cluster, which are left out, which fall
    outside the window."""

    user_id: uuid.UUID
    version: int
    algorithm: str
    embedding_model: str
    liked_count: int
    updated_at: datetime | None
    window: WindowOut
    clusters: list[ClusterOut]
    seeds: list[ClusterSeedsOut] = Field(description="which history films feed which cluster")
    left_out: list[SeedFilmOut] = Field(description="in_profile false: in the history, out of the profile")
    outside_window: list[SeedFilmOut] = Field(description="no watch of the film falls inside the window")

    @classmethod
    def of_seeds(cls, s: ProfileSeeds) -> ProfileSeedsOut:
        return cls(
            **ProfileOut.of(s.profile).model_dump(),
            window=WindowOut.of(s.window),
            seeds=[
                ClusterSeedsOut(
                    cluster_id=c.cluster.id, label=c.cluster.label, films=[SeedFilmOut.of(f) for f in c.films]
                )
                for c in s.clusters
            ],
            left_out=[SeedFilmOut.of(f) for f in s.left_out],
            outside_window=[SeedFilmOut.of(f) for f in s.outside_window],
        )


class HistoryEntryOut(BaseModel):
    id: int | None
    line: int
    title: str
    year: int | None
    rating: float | None = Field(description="0–10")
    watched_at: date | None
    movie_id: int | None
    liked: bool = Field(description="counts as liked in the current profile")
    in_profile: bool = Field(description="false: left out of the taste profile")
    in_window: bool = Field(description="the watch date is inside the profile window")


class HistoryOut(BaseModel):
    total: int
    window: WindowOut
    entries: list[HistoryEntryOut]

    @classmethod
    def of(cls, page: HistoryPage) -> HistoryOut:
        return cls(
            total=page.total,
            window=WindowOut.of(page.window),
            entries=[_entry(w, page.window) for w in page.entries],
        )


def _entry(w: StoredWatch, window: ProfileWindow) -> HistoryEntryOut:
    e = w.entry
    return HistoryEntryOut(
        id=w.id,
        line=e.line,
        title=e.title,
        year=e.year,
        rating=e.rating,
        watched_at=e.watched_at,
        movie_id=w.movie_id,
        liked=w.liked,
        in_profile=w.in_profile,
        in_window=window.contains(e.watched_at),
    )

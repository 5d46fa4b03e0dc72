"""The data export: everything stored about a user, as JSON. Never the API key or its hash."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from src.application.export_user_data import UserExport
from src.application.ports.users import Feedback, StoredWatch
from src.domain.profile import LikedMovie, TasteCluster, TasteProfile
from src.presentation.api.user_schemas import MemberOut


class ExportedUserOut(BaseModel):
    id: uuid.UUID
    name: str | None
    created_at: datetime


class HistoryRowOut(BaseModel):
    line: int = Field(description="the row's line in the uploaded file")
    title: str
    original_title: str | None
    year: int | None
    rating: float | None = Field(description="0–10")
    watched_at: date | None
    imdb_id: str | None
    tmdb_id: int | None
    genres: list[str]
    directors: list[str]
    countries: list[str]
    description: str | None
    rewatch: bool
    movie_id: int | None = Field(description="the catalog movie it matched; null when unmatched")
    match_method: str | None = Field(description="id | exact | fuzzy | ...; null when unmatched")
    liked: bool
    weight: float
    in_profile: bool = Field(description="false: left out of the taste profile by the user")

    @classmethod
    def of(cls, w: StoredWatch) -> HistoryRowOut:
        e = w.entry
        return cls(
            line=e.line,
            title=e.title,
            original_title=e.original_title,
            year=e.year,
            rating=e.rating,
            watched_at=e.watched_at,
            imdb_id=e.imdb_id,
            tmdb_id=e.tmdb_id,
            genres=list(e.genres),
            directors=list(e.directors),
            countries=list(e.countries),
            description=e.description,
            rewatch=e.rewatch,
            movie_id=w.movie_id,
            match_method=w.match_method,
            liked=w.liked,
            weight=w.weight,
            in_profile=w.in_profile,
        )


class ExportedClusterOut(BaseModel):
    id: int
    label: str
    weight: float
    size: int
    members: list[MemberOut]
    centroid: list[float] | None = Field(default=None, description="with include_vectors=true")

    @classmethod
    def of(cls, c: TasteCluster, vectors: bool) -> ExportedClusterOut:
        return cls(
            id=c.id,
            label=c.label,
            weight=c.weight,
            size=c.size,
            members=[
                MemberOut(title=m.title, year=m.year, movie_id=m.movie_id, weight=m.weight) for m in c.members
            ],
            centroid=[float(x) for x in c.centroid] if vectors else None,
        )


class LikedOut(BaseModel):
    title: str
    year: int | None
    movie_id: int | None
    cluster_id: int
    weight: float
    genres: list[str]
    directors: list[str]
    rating: float | None = Field(default=None, description="the user's own rating, 0–10; null when unrated")
    embedding: list[float] | None = Field(default=None, description="with include_vectors=true")

    @classmethod
    def of(cls, m: LikedMovie, vectors: bool) -> LikedOut:
        return cls(
            title=m.title,
            year=m.year,
            movie_id=m.movie_id,
            cluster_id=m.cluster_id,
            weight=m.weight,
            genres=list(m.genres),
            directors=list(m.directors),
            rating=m.rating,
            embedding=[float(x) for x in m.embedding] if vectors else None,
        )


class ExportedProfileOut(BaseModel):
    version: int
    algorithm: str
    embedding_model: str
    updated_at: datetime | None
    clusters: list[ExportedClusterOut]
    liked: list[LikedOut]

    @classmethod
    def of(cls, p: TasteProfile, vectors: bool) -> ExportedProfileOut:
        return cls(
            version=p.version,
            algorithm=p.algorithm,
            embedding_model=p.embedding_model,
            updated_at=p.updated_at,
            clusters=[ExportedClusterOut.of(c, vectors) for c in p.clusters],
            liked=[LikedOut.of(m, vectors) for m in p.liked],
        )


class FeedbackRowOut(BaseModel):
    movie_id: int
    signal: str
    created_at: datetime

    @classmethod
    def of(cls, f: Feedback) -> FeedbackRowOut:
        return cls(movie_id=f.movie_id, signal=f.signal, created_at=f.created_at)


class ExportedWindowOut(BaseModel):
    since: date | None = Field(description="the watch dates the profile is built from; null: open")
    until: date | None


class UserExportOut(BaseModel):
    exported_at: datetime
    user: ExportedUserOut
    profile_window: ExportedWindowOut
    history: list[HistoryRowOut]
    profile: ExportedProfileOut | None = Field(description="null before the first upload")
    feedback: list[FeedbackRowOut]

    @classmethod
    def of(cls, x: UserExport, *, vectors: bool = False) -> UserExportOut:
        return cls(
            exported_at=x.exported_at,
            user=ExportedUserOut(id=x.user.id, name=x.user.name, created_at=x.user.created_at),
            profile_window=ExportedWindowOut(since=x.window.since, until=x.window.until),
            history=[HistoryRowOut.of(w) for w in x.history],
            profile=ExportedProfileOut.of(x.profile, vectors) if x.profile else None,
            feedback=[FeedbackRowOut.of(f) for f in x.feedback],
        )

"""Schemas for users, import reports and profiles."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from src.application.import_watch_history import HistoryImportReport
from src.domain.profile import TasteCluster, TasteProfile
from src.domain.taste_map import TasteMap
from src.presentation.api.schemas import PLAIN_TEXT


class CreateUserIn(BaseModel):
    model_config = ConfigDict(strict=True)
    name: str | None = Field(default=None, max_length=200, pattern=PLAIN_TEXT)


class CreatedUserOut(BaseModel):
    id: uuid.UUID
    api_key: str = Field(description="shown once; send it as `Authorization: Bearer <api_key>`")
    name: str | None


class MemberOut(BaseModel):
    title: str
    year: int | None
    movie_id: int | None
    weight: float


class ClusterOut(BaseModel):
    id: int
    label: str
    size: int
    weight: float
    top_members: list[MemberOut]

    @classmethod
    def of(cls, c: TasteCluster) -> ClusterOut:
        return cls(
            id=c.id,
            label=c.label,
            size=c.size,
            weight=round(c.weight, 4),
            top_members=[
                MemberOut(title=m.title, year=m.year, movie_id=m.movie_id, weight=m.weight) for m in c.members
            ],
        )


class ProfileOut(BaseModel):
    user_id: uuid.UUID
    version: int
    algorithm: str
    embedding_model: str
    liked_count: int
    updated_at: datetime | None
    clusters: list[ClusterOut]

    @classmethod
    def of(cls, p: TasteProfile) -> ProfileOut:
        return cls(
            user_id=p.user_id,
            version=p.version,
            algorithm=p.algorithm,
            embedding_model=p.embedding_model,
            liked_count=p.liked_count,
            updated_at=p.updated_at,
            clusters=[ClusterOut.of(c) for c in p.clusters],
        )


class UnmatchedOut(BaseModel):
    line: int
    title: str
    year: int | None
    reason: str


class RowProblemOut(BaseModel):
    line: int
    reason: str


class SkippedOut(BaseModel):
    line: int
    title: str
    reason: str


class MatchedOut(BaseModel):
    total: int
    by_id: int
    exact: int
    fuzzy: int
    other: int


class ImportReportOut(BaseModel):
    format: str
    rating_scale: str | None
    encoding: str
    mode: str
    rows_read: int
    accepted: int
    matched: MatchedOut
    unmatched: list[UnmatchedOut]
    rejected: list[RowProblemOut]
    skipped: list[SkippedOut]
    distinct_movies: int
    liked_count: int
    algorithm: str
    clusters: list[ClusterOut]
    profile_version: int
    timings_s: dict[str, float]

    @classmethod
    def of(cls, r: HistoryImportReport) -> ImportReportOut:
        m = r.match
        return cls(
            format=m.format,
            rating_scale=r.rating_scale,
            encoding=m.encoding,
            mode=r.mode,
            rows_read=m.rows_read,
            accepted=m.accepted,
            matched=MatchedOut(
                total=m.matched,
                by_id=m.matched_by_id,
                exact=m.matched_exact,
                fuzzy=m.matched_fuzzy,
                other=m.matched_other,
            ),
            unmatched=[
                UnmatchedOut(line=u.line, title=u.title, year=u.year, reason=u.reason) for u in m.unmatched
            ],
            rejected=[RowProblemOut(line=x.line, reason=x.reason) for x in m.rejected],
            skipped=[SkippedOut(line=x.line, title=x.title, reason=x.reason) for x in m.skipped],
            distinct_movies=r.distinct_movies,
            liked_count=r.liked_count,
            algorithm=r.profile.algorithm,
            clusters=[ClusterOut.of(c) for c in r.profile.clusters],
            profile_version=r.profile.version,
            timings_s=r.timings,
        )


class MapPointOut(BaseModel):
    title: str
    year: int | None
    movie_id: int | None
    cluster_id: int
    weight: float
    x: float
    y: float
    favourite: bool = Field(description="one of the most heavily weighted liked movies")


class MapCentreOut(BaseModel):
    cluster_id: int
    label: str
    weight: float
    x: float
    y: float


class ProfileMapOut(BaseModel):
    """The taste map's points: the same 2-D projection the PNG draws (PCA of the liked embeddings)."""

    profile_version: int
    points: list[MapPointOut]
    centres: list[MapCentreOut]

    @classmethod
    def of(cls, version: int, m: TasteMap) -> ProfileMapOut:
        return cls(
            profile_version=version,
            points=[MapPointOut(**vars(p)) for p in m.points],
            centres=[MapCentreOut(**vars(c)) for c in m.centres],
        )

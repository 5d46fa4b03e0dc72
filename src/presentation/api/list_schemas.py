"""Schemas for a person's lists."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from src.application.import_list import ListImportReport
from src.domain.user_list import UserList
from src.presentation.api.user_schemas import (
    ImportReportOut,
    MatchedOut,
    RowProblemOut,
    SkippedOut,
    UnmatchedOut,
)


class ListItemOut(BaseModel):
    line: int
    title: str
    year: int | None
    movie_id: int | None = Field(description="the catalog film; null when it could not be matched")
    match_method: str | None


class ListOut(BaseModel):
    id: int
    name: str
    kind: str = Field(description="watchlist | include | exclude")
    format: str
    standing: bool = Field(description="an exclude list applied to every recommendation request")
    created_at: datetime | None
    item_count: int
    items: list[ListItemOut] | None = Field(default=None, description="only on GET /lists/{list_id}")

    @classmethod
    def of(cls, x: UserList, *, items: bool = False) -> ListOut:
        return cls(
            id=x.id,
            name=x.name,
            kind=x.kind,
            format=x.format,
            standing=x.standing,
            created_at=x.created_at,
            item_count=x.item_count,
            items=[ListItemOut(**vars(i)) for i in x.items] if items else None,
        )


class ListImportOut(BaseModel):
    """The history upload's match report, for a list."""

    saved: ListOut = Field(description="the stored list")
    format: str
    encoding: str
    rows_read: int
    accepted: int
    matched: MatchedOut
    unmatched: list[UnmatchedOut]
    rejected: list[RowProblemOut]
    skipped: list[SkippedOut]

    @classmethod
    def of(cls, r: ListImportReport) -> ListImportOut:
        m = r.match
        return cls(
            saved=ListOut.of(r.saved),
            format=m.format,
            encoding=m.encoding,
            rows_read=m.rows_read,
            accepted=m.accepted,
            matched=MatchedOut(
                total=m.matched, by_id=m.matched_by_id, exact=m.matched_exact, fuzzy=m.matched_fuzzy, other=m.matched_other
            ),
            unmatched=[UnmatchedOut(line=u.line, title=u.title, year=u.year, reason=u.reason) for u in m.unmatched],
            rejected=[RowProblemOut(line=x.line, reason=x.reason) for x in m.rejected],
            skipped=[SkippedOut(line=x.line, title=x.title, reason=x.reason) for x in m.skipped],
        )


class ListPatchIn(BaseModel):
    model_config = ConfigDict(strict=True)
    standing: bool = Field(description="true: apply this exclude list to every recommendation request")


class HistoryUploadOut(ImportReportOut):
    watchlist: ListImportOut | None = Field(
        default=None, description="a Letterboxd export zip's watchlist.csv, stored as a watchlist list"
    )

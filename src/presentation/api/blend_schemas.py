"""Schemas for a blend for two."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from src.application.blend_for_two import BlendItem, BlendResult, BothLoved
from src.presentation.api.recommend_schemas import INTEGER_ONLY
from src.presentation.api.schemas import MovieOut


class BlendIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    partner_id: uuid.UUID | None = Field(
        default=None,
        strict=False,
        description="the partner's user id; when given, X-Partner-Key must be that user's key "
        "(left out: the partner is whoever X-Partner-Key belongs to)",
    )
    limit: int = Field(default=10, ge=1, le=50, description=INTEGER_ONLY)


class PersonScoreOut(BaseModel):
    name: str
    score: float = Field(description="this person's own taste score for the film")
    rank: float = Field(description="0–1: the film's percentile in the pool for this person (0.5: median)")
    reason: str


class BlendItemOut(BaseModel):
    movie: MovieOut
    score: float = Field(description="what chose it: the mean of the two people's standardised scores plus the fairness bonus")
    justification: str = Field(description='"for Ana: …; for Ben: …"')
    for_each: list[PersonScoreOut] = Field(description="the first person, then the partner")

    @classmethod
    def of(cls, x: BlendItem, names: tuple[str, str]) -> BlendItemOut:
        return cls(
            movie=MovieOut.of(x.movie),
            score=x.score,
            justification=x.justification,
            for_each=[
                PersonScoreOut(name=names[i], score=x.scores[i], rank=x.ranks[i], reason=x.reasons[i])
                for i in (0, 1)
            ],
        )


class BothLovedOut(BaseModel):
    movie: MovieOut
    ratings: list[float | None] = Field(description="each person's rating, 0–10 (null: unrated)")

    @classmethod
    def of(cls, x: BothLoved) -> BothLovedOut:
        return cls(movie=MovieOut.of(x.movie), ratings=list(x.ratings))


class BlendOut(BaseModel):
    people: list[str] = Field(description="the two names the explanations use")
    user_ids: list[uuid.UUID]
    items: list[BlendItemOut] = Field(description="unseen by either, best for both first")
    both_loved: list[BothLovedOut] = Field(description="films both histories liked, most loved first")
    pool: int = Field(description="candidates considered")
    message: str | None = None

    @classmethod
    def of(cls, r: BlendResult, ids: tuple[uuid.UUID, uuid.UUID]) -> BlendOut:
        return cls(
            people=list(r.names),
            user_ids=list(ids),
            items=[BlendItemOut.of(x, r.names) for x in r.items],
            both_loved=[BothLovedOut.of(x) for x in r.both_loved],
            pool=r.pool,
            message=r.message,
        )

"""Schemas for recommendations and feedback."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from src.application.reranker_choice import RerankMode
from src.domain.filters import Filters
from src.domain.query import QueryInterpretation
from src.domain.recommendation import Recommendation, RecommendationList
from src.presentation.api.schemas import PLAIN_TEXT, PLAIN_WORDS, MovieOut
from src.presentation.next_steps import API, with_next_step

FilterValue = Annotated[str, Field(min_length=1, max_length=60, pattern=PLAIN_WORDS)]
STRICT = ConfigDict(strict=True)  # JSON types as documented: false is not 0.0, "5" is not 5, 8766.0 is not 8766
# JSON Schema counts 8766.0 as an integer; the server does not, so the id fields and the models say so.
INTEGER_ONLY = "a JSON integer: 8766 (8766.0 and \"8766\" are refused)"
LLM_RERANK = "llm"  # left out of the served schema when the server has no LLM reranker


class RecommendIn(BaseModel):
    """Every integer field takes a JSON integer: 2000, not 2000.0 or "2000"; e.g. movie ids: 8766, not 8766.0."""

    model_config = STRICT
    genres: list[FilterValue] = Field(default_factory=list, max_length=30, description="any of these genres")
    exclude_genres: list[FilterValue] = Field(default_factory=list, max_length=30)
    countries: list[FilterValue] = Field(
        default_factory=list, max_length=30, description="any of these countries"
    )
    year_min: int | None = Field(default=None, ge=1870, le=2100)
    year_max: int | None = Field(default=None, ge=1870, le=2100)
    runtime_min: int | None = Field(default=None, ge=0, le=1000)
    runtime_max: int | None = Field(default=None, ge=0, le=1000)
    min_votes: int | None = Field(default=None, ge=0, le=1_000_000_000)  # bounded: the column is a 32-bit int
    limit: int = Field(default=10, ge=1, le=50)
    alpha: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="softmax sharpness: 0 = mean over clusters, large = max (default: the server's CINEMAI_ALPHA)",
    )
    diversity: float | None = Field(
        default=None, ge=0, le=1, description="maximal marginal relevance weight (default: CINEMAI_DIVERSITY)"
    )
    rerank: RerankMode = Field(
        default="auto",
        description='"auto": the LLM reranker when the server has one, else the local one; '
        '"llm": the LLM reranker, which needs OPENAI_API_KEY on the server (without it the served schema '
        'leaves "llm" out and the request is a 422); "local": the local reranker; '
        '"none": the local reranker without diversity',
    )
    query: str | None = Field(
        default=None,
        min_length=1,
        max_length=300,
        pattern=PLAIN_TEXT,
        description='in your own words, e.g. "a 90s French crime film like Heat but shorter"; '
        "its constraints join the filters (an explicit filter wins), the rest is matched by meaning",
    )
    from_list: int | None = Field(
        default=None,
        ge=1,
        le=2_147_483_647,
        description=f"rank only this list's films (GET …/lists); {INTEGER_ONLY}",
    )
    exclude_lists: list[Annotated[int, Field(ge=1, le=2_147_483_647, description=INTEGER_ONLY)]] = Field(
        default_factory=list, max_length=50, description="never show these lists' films"
    )

    @staticmethod
    def served_schema(openapi: dict[str, Any], *, llm_rerank: bool) -> None:
        """Make the served OpenAPI schema say what this server accepts: without an LLM reranker,
        rerank="llm" is refused (a 422), so its enum leaves "llm" out."""
        if llm_rerank:
            return
        rerank = openapi.get("components", {}).get("schemas", {}).get("RecommendIn", {}).get("properties", {})
        enum = rerank.get("rerank", {}).get("enum")
        if enum is not None:
            rerank["rerank"]["enum"] = [mode for mode in enum if mode != LLM_RERANK]

    @model_validator(mode="after")
    def _ranges(self) -> RecommendIn:
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            raise ValueError("year_min is after year_max")
        if (
            self.runtime_min is not None
            and self.runtime_max is not None
            and self.runtime_min > self.runtime_max
        ):
            raise ValueError("runtime_min is above runtime_max")
        for name in ("genres", "exclude_genres", "countries"):
            if any(not v.strip() or len(v) > 60 for v in getattr(self, name)):
                raise ValueError(f"{name}: values must be 1–60 characters")
        return self

    def filters(self) -> Filters:
        return Filters(
            genres=tuple(self.genres),
            exclude_genres=tuple(self.exclude_genres),
            countries=tuple(self.countries),
            year_min=self.year_min,
            year_max=self.year_max,
            runtime_min=self.runtime_min,
            runtime_max=self.runtime_max,
            min_votes=self.min_votes,
        )


class ClusterRef(BaseModel):
    id: int
    label: str


class RecommendationOut(BaseModel):
    movie: MovieOut
    score: float = Field(description="0–1, two decimals")
    cluster: ClusterRef
    justification: str
    because_you_liked: list[str]

    @classmethod
    def of(cls, r: Recommendation) -> RecommendationOut:
        return cls(
            movie=MovieOut.of(r.movie),
            score=round(max(0.0, min(1.0, r.score)), 2),
            cluster=ClusterRef(id=r.cluster_id, label=r.cluster_label),
            justification=r.justification,
            because_you_liked=r.because_you_liked,
        )


class QueryFiltersOut(BaseModel):
    genres: list[str]
    exclude_genres: list[str]
    countries: list[str]
    exclude_countries: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description="original language, any of")
    year_min: int | None
    year_max: int | None
    runtime_min: int | None
    runtime_max: int | None


class AnchorOut(BaseModel):
    phrase: str = Field(description="the words of the query that named the film")
    movie_id: int
    title: str
    year: int | None


class InterpretedOut(BaseModel):
    """How the query was understood: correct it by rephrasing, or with explicit filters."""

    query: str
    parser: str = Field(description='"local", "openai:<model>", or "local (fallback: …)"')
    filters: QueryFiltersOut = Field(description="the query's constraints that were applied")
    anchors: list[AnchorOut] = Field(description="films named in the query; never recommended back")
    remaining_text: str = Field(description="the words matched by meaning (embedded)")
    dropped: list[str] = Field(description="filler words left out")
    unknown: list[str] = Field(description="values not in the catalog's vocabulary, or contradictory")
    notes: list[str] = Field(description="where an explicit filter won over the query")
    rejected: list[str] = Field(
        default_factory=list,
        description="values the LLM parser proposed that are not in the catalog (dropped)",
    )

    @classmethod
    def of(cls, i: QueryInterpretation) -> InterpretedOut:
        return cls.model_validate(i.to_dict())


class RecommendationsOut(BaseModel):
    items: list[RecommendationOut]
    taste_summary: str
    strategy: Literal["personal", "blend"]
    reranker: str
    message: str | None = None
    interpreted: InterpretedOut | None = None

    @classmethod
    def of(cls, r: RecommendationList) -> RecommendationsOut:
        return cls(
            items=[RecommendationOut.of(i) for i in r.items],
            taste_summary=r.taste_summary,
            strategy=r.strategy,
            reranker=r.reranker,
            message=with_next_step(r.message, r.next_step, API) if r.message is not None else None,
            interpreted=InterpretedOut.of(r.interpreted) if r.interpreted is not None else None,
        )


class FeedbackIn(BaseModel):
    """movie_id is a JSON integer: 8766, not 8766.0 or "8766"."""

    model_config = STRICT
    movie_id: int = Field(ge=1, le=2_147_483_647, description=f"catalog movie id; {INTEGER_ONLY}")
    signal: Literal["like", "dislike", "watched", "not_interested"]


class FeedbackOut(BaseModel):
    signal: str
    movie_id: int
    profile_version: int
    cluster_id: int | None

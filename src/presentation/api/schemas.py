"""Response/request schemas. Built from domain objects here; never passed into the domain."""

from __future__ import annotations

from pydantic import BaseModel, Field

from src.domain.movie import Movie

# Text a client sends (names, filters, queries): no control characters, C0 (U+0000–U+001F), DEL or C1
# (U+007F–U+009F). PostgreSQL cannot store NUL, and none belongs in a name or a genre; in the OpenAPI
# schema, so clients and fuzzers see the rule.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f-\x9f]*$"
# The same, with at least one character that is not white space (what Python's str.strip() removes,
# controls aside): the server strips the text, so a blank one would be refused after all.
_BLANK = r"\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
PLAIN_WORDS = rf"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f{_BLANK}][^\x00-\x1f\x7f-\x9f]*$"


class MovieOut(BaseModel):
    id: int
    title: str
    year: int | None
    genres: list[str]
    countries: list[str]
    runtime: int | None
    directors: list[str]
    cast: list[str]
    language: str | None
    description: str | None
    vote_count: int | None
    vote_average: float | None
    imdb_id: str | None
    tmdb_id: int | None

    @classmethod
    def of(cls, m: Movie) -> MovieOut:
        assert m.id is not None
        return cls(
            id=m.id,
            title=m.title,
            year=m.year,
            genres=list(m.genres),
            countries=list(m.countries),
            runtime=m.runtime,
            directors=list(m.directors),
            cast=list(m.cast),
            language=m.language,
            description=m.description,
            vote_count=m.vote_count,
            vote_average=m.vote_average,
            imdb_id=m.imdb_id,
            tmdb_id=m.tmdb_id,
        )


class SearchHitOut(BaseModel):
    movie: MovieOut
    match: str
    score: float


class SearchOut(BaseModel):
    query: str
    results: list[SearchHitOut]
    personalised: bool = Field(
        default=False, description="semantic matches ranked by the key owner's taste too"
    )


class NeighbourOut(BaseModel):
    movie: MovieOut
    similarity: float


class SimilarOut(BaseModel):
    movie: MovieOut
    similar: list[NeighbourOut]


class CountOut(BaseModel):
    value: str
    movies: int


class RangeOut(BaseModel):
    min: int | None
    max: int | None


class FiltersOut(BaseModel):
    genres: list[CountOut]
    countries: list[CountOut]
    years: RangeOut
    runtime: RangeOut
    movies: int
    embedded: int
    languages: list[CountOut] = Field(default_factory=list, description="original languages")


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, object]


class ErrorOut(BaseModel):
    error: ErrorDetail

"""Catalog routes: search, a movie, its nearest neighbours, and the filter vocabulary."""

from __future__ import annotations

from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Header, Path, Query

from src.application.find_similar_movies import MAX_SIMILAR, FindSimilarMovies
from src.application.manage_users import AuthenticateUser
from src.application.ports.catalog import CatalogReader
from src.application.search_movies import SearchMovies
from src.container import Container
from src.domain.errors import MovieNotFoundError
from src.presentation.api.auth import bearer_key
from src.presentation.api.provide import Provide
from src.presentation.api.schemas import (
    PLAIN_WORDS,
    CountOut,
    ErrorOut,
    FiltersOut,
    MovieOut,
    NeighbourOut,
    RangeOut,
    SearchHitOut,
    SearchOut,
    SimilarOut,
)

router = APIRouter(prefix="/api/v1", tags=["catalog"], responses={422: {"model": ErrorOut}})

MovieIdPath = Annotated[int, Path(ge=1, le=2_147_483_647, description="catalog movie id")]


@router.get("/movies/search", response_model=SearchOut)
@inject
async def search_movies(
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=PLAIN_WORDS,
            description="a title, or words describing a film: no control characters (C0, DEL, C1 such as "
            "U+0085) and not only white space",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    semantic: bool = True,
    authorization: Annotated[
        str | None,
        Header(
            max_length=200,
            description="optional `Bearer <api_key>`: rank the semantic matches by that person's taste too",
        ),
    ] = None,
    use_case: SearchMovies = Depends(Provide[Container.search_movies]),
    authenticate: AuthenticateUser = Depends(Provide[Container.authenticate_user]),
) -> SearchOut:
    """With a user's key (`Authorization: Bearer <key>`) the semantic matches are ranked by that
    person's taste too; without one, for everyone alike. A wrong key is a 401."""
    key = bearer_key(authorization)
    user = await authenticate.by_key(key) if key else None
    found = await use_case.execute(q, limit=limit, semantic=semantic, user_id=user.id if user else None)
    return SearchOut(
        query=q,
        results=[SearchHitOut(movie=MovieOut.of(h.movie), match=h.match, score=h.score) for h in found.hits],
        personalised=found.personalised,
    )


@router.get("/movies/{movie_id}", response_model=MovieOut, responses={404: {"model": ErrorOut}})
@inject
async def get_movie(
    movie_id: MovieIdPath, reader: CatalogReader = Depends(Provide[Container.catalog_reader])
) -> MovieOut:
    movie = await reader.get(movie_id)
    if movie is None:
        raise MovieNotFoundError(f"no movie with id {movie_id}: find ids with /api/v1/movies/search?q=")
    return MovieOut.of(movie)


@router.get("/movies/{movie_id}/similar", response_model=SimilarOut, responses={404: {"model": ErrorOut}})
@inject
async def similar_movies(
    movie_id: MovieIdPath,
    limit: Annotated[int, Query(ge=1, le=MAX_SIMILAR)] = 10,
    use_case: FindSimilarMovies = Depends(Provide[Container.find_similar_movies]),
) -> SimilarOut:
    found = await use_case.execute(movie_id, limit=limit)
    return SimilarOut(
        movie=MovieOut.of(found.movie),
        similar=[
            NeighbourOut(movie=MovieOut.of(n.movie), similarity=round(n.similarity, 4))
            for n in found.neighbours
        ],
    )


@router.get("/filters", response_model=FiltersOut)
@inject
async def filters(reader: CatalogReader = Depends(Provide[Container.catalog_reader])) -> FiltersOut:
    f = await reader.facets()
    return FiltersOut(
        genres=[CountOut(value=v, movies=n) for v, n in f.genres],
        countries=[CountOut(value=v, movies=n) for v, n in f.countries],
        years=RangeOut(min=f.year_min, max=f.year_max),
        runtime=RangeOut(min=f.runtime_min, max=f.runtime_max),
        movies=f.movies,
        embedded=f.embedded,
        languages=[CountOut(value=v, movies=n) for v, n in f.languages],
    )

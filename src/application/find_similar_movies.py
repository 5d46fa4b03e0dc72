"""Movies nearest to a given catalog movie in embedding space."""

from __future__ import annotations

from dataclasses import dataclass

from src.application.ports.catalog import CatalogReader, Neighbour
from src.domain.errors import InvalidInputError, MovieNotFoundError, NextStep
from src.domain.movie import Movie, MovieId

MAX_SIMILAR = 100


@dataclass(frozen=True)
class SimilarMovies:
    movie: Movie
    neighbours: list[Neighbour]


class FindSimilarMovies:
    """Nearest neighbours of a movie's stored vector, never the movie itself nor another copy of it
    (same normalised title and year), within the same model's vector space."""

    def __init__(self, reader: CatalogReader, model_name: str) -> None:
        self._reader = reader
        self._model = model_name

    async def execute(self, movie_id: MovieId, *, limit: int = 10) -> SimilarMovies:
        if not 1 <= limit <= MAX_SIMILAR:
            raise InvalidInputError(f"limit must be between 1 and {MAX_SIMILAR} (got {limit})")
        movie = await self._reader.get(movie_id)
        if movie is None:
            raise MovieNotFoundError(f"no movie with id {movie_id}", next_step=NextStep.SEARCH_MOVIES)
        if movie.embedding is None:
            raise InvalidInputError(
                f"movie {movie_id} has no embedding yet: run `cinemai catalog import` to embed the catalog"
            )
        found = await self._reader.nearest(
            movie.embedding, model=self._model, limit=limit + 3, exclude_ids=[movie_id]
        )
        neighbours = [n for n in found if n.movie.key != movie.key][:limit]
        return SimilarMovies(movie, neighbours)

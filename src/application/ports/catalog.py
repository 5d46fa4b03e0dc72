from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId, Vector


@dataclass(frozen=True)
class StoredFingerprint:
    """What the catalog remembers about a stored movie's vector, to decide whether to re-embed."""

    movie_id: MovieId
    content_hash: str | None
    embedding_model: str | None
    meta_hash: str | None


@dataclass(frozen=True)
class CatalogFacets:
    genres: list[tuple[str, int]]
    countries: list[tuple[str, int]]
    year_min: int | None
    year_max: int | None
    runtime_min: int | None
    runtime_max: int | None
    movies: int
    embedded: int
    languages: list[tuple[str, int]] = field(default_factory=list)  # original (first listed) languages


@dataclass(frozen=True)
class Neighbour:
    movie: Movie
    similarity: float  # cosine similarity, -1..1


class MovieRepository(Protocol):
    """Catalog writes, inside a UnitOfWork. Never commits.

    fingerprints() maps each given external key to what is stored under it; a key is the movie's
    imdb_id when it has one, else "tmdb:<id>", else "<normalised title>|<year>" (see catalog_key()).
    upsert() inserts or updates by that key and returns the ids in input order; movies given an
    embedding get it stored with `embedding_model`, others keep their stored vector.
    """

    async def fingerprints(self, keys: Sequence[str]) -> dict[str, StoredFingerprint]: ...

    async def upsert(self, movies: Sequence[Movie], *, embedding_model: str) -> list[MovieId]: ...


class CatalogReader(Protocol):
    """Read-only catalog queries for routes and candidate sources. Filters are applied in SQL.

    nearest() returns movies with embeddings of `model`, closest first by cosine similarity, never one
    in `exclude_ids`, and a full `limit` whenever that many movies pass the filters. get() returns None
    for an unknown id; get_many() skips unknown ids.
    """

    async def get(self, movie_id: MovieId) -> Movie | None: ...

    async def get_many(
        self, movie_ids: Sequence[MovieId], *, with_embeddings: bool = False
    ) -> list[Movie]: ...

    async def search_titles(self, query: str, limit: int) -> list[Movie]: ...

    async def nearest(
        self,
        vector: Vector,
        *,
        model: str,
        limit: int,
        filters: Filters | None = None,
        exclude_ids: Sequence[MovieId] = (),
    ) -> list[Neighbour]: ...

    async def nearest_many(
        self,
        vectors: Sequence[Vector],
        *,
        model: str,
        limits: Sequence[int],
        filters: Filters | None = None,
        exclude_ids: Sequence[MovieId] = (),
    ) -> list[list[Neighbour]]:
        """nearest() for several query vectors in one round of work (one session), one list per vector."""
        ...

    async def popular(
        self, *, limit: int, filters: Filters | None = None, exclude_ids: Sequence[MovieId] = ()
    ) -> list[Movie]: ...

    async def facets(self) -> CatalogFacets: ...

    async def count(self, *, embedded_with: str | None = None) -> int: ...


def catalog_key(movie: Movie) -> str:
    if movie.imdb_id:
        return movie.imdb_id
    if movie.tmdb_id is not None:
        return f"tmdb:{movie.tmdb_id}"
    return f"{movie.key[0]}|{movie.year or ''}"

"""Stateful in-memory fakes for the catalog ports the TMDB adapters use (tests only)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

import numpy as np

from src.application.ports.catalog import (
    CatalogFacets,
    MovieRepository,
    Neighbour,
    StoredFingerprint,
    catalog_key,
)
from src.application.ports.history import MatchResult
from src.domain.filters import Filters
from src.domain.history import WatchEntry
from src.domain.movie import Movie, MovieId, Vector


@dataclasses.dataclass
class _Row:
    movie: Movie
    model: str | None


class FakeCatalog:
    """The stored catalog: rows by catalog key, ids from 1. `commits` counts committed transactions."""

    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}
        self.commits = 0

    def add(self, movie: Movie, *, model: str | None) -> Movie:
        stored = dataclasses.replace(movie, id=len(self.rows) + 1)
        self.rows[catalog_key(movie)] = _Row(stored, model)
        return stored

    def by_id(self, movie_id: MovieId) -> Movie | None:
        return next((r.movie for r in self.rows.values() if r.movie.id == movie_id), None)


class FakeMovieRepository:
    def __init__(self, catalog: FakeCatalog, pending: dict[str, _Row]) -> None:
        self._catalog, self._pending = catalog, pending

    async def fingerprints(self, keys: Sequence[str]) -> dict[str, StoredFingerprint]:
        rows = self._catalog.rows
        return {k: StoredFingerprint(rows[k].movie.id or 0, rows[k].movie.content_hash(), rows[k].model,
                                     rows[k].movie.metadata_hash())
                for k in keys if k in rows}

    async def upsert(self, movies: Sequence[Movie], *, embedding_model: str) -> list[MovieId]:
        ids = []
        for movie in movies:
            key = catalog_key(movie)
            old = self._pending.get(key) or self._catalog.rows.get(key)
            movie_id = old.movie.id if old else len(self._catalog.rows) + len(self._pending) + 1
            self._pending[key] = _Row(dataclasses.replace(movie, id=movie_id), embedding_model)
            ids.append(movie_id or 0)
        return ids


class FakeUnitOfWork:
    """Writes become visible in the catalog only on commit; leaving the block drops the rest."""

    users: Any = None
    histories: Any = None
    profiles: Any = None

    def __init__(self, catalog: FakeCatalog) -> None:
        self._catalog = catalog
        self._pending: dict[str, _Row] = {}
        self.movies: MovieRepository = FakeMovieRepository(catalog, self._pending)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._pending.clear()

    async def commit(self) -> None:
        self._catalog.rows.update(self._pending)
        self._pending.clear()
        self._catalog.commits += 1

    async def rollback(self) -> None:
        self._pending.clear()


class FakeCatalogReader:
    def __init__(self, catalog: FakeCatalog) -> None:
        self._catalog = catalog

    async def get(self, movie_id: MovieId) -> Movie | None:
        return self._catalog.by_id(movie_id)

    async def get_many(self, movie_ids: Sequence[MovieId], *, with_embeddings: bool = False) -> list[Movie]:
        found = [self._catalog.by_id(i) for i in movie_ids]
        return [m if with_embeddings else dataclasses.replace(m, embedding=None) for m in found if m is not None]

    async def search_titles(self, query: str, limit: int) -> list[Movie]:
        return []

    async def nearest(self, vector: Vector, *, model: str, limit: int, filters: Filters | None = None,
                      exclude_ids: Sequence[MovieId] = ()) -> list[Neighbour]:
        return []

    async def nearest_many(self, vectors: Sequence[Vector], *, model: str, limits: Sequence[int],
                           filters: Filters | None = None,
                           exclude_ids: Sequence[MovieId] = ()) -> list[list[Neighbour]]:
        return [[] for _ in vectors]  # as nearest(): no vector neighbours in the fake

    async def popular(self, *, limit: int, filters: Filters | None = None,
                      exclude_ids: Sequence[MovieId] = ()) -> list[Movie]:
        return []

    async def facets(self) -> CatalogFacets:
        return CatalogFacets([], [], None, None, None, None, len(self._catalog.rows), len(self._catalog.rows))

    async def count(self, *, embedded_with: str | None = None) -> int:
        return len(self._catalog.rows)


class FakeEmbedder:
    """Deterministic 4-d unit vectors from a hash of the text; remembers every text it embedded."""

    def __init__(self, model_name: str = "fake:hash-4") -> None:
        self.embedded: list[str] = []
        self._model_name = model_name

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def dimension(self) -> int:
        return 4

    async def embed(self, texts: Sequence[str]) -> Vector:
        self.embedded.extend(texts)
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:16], dtype=np.uint32).astype(np.float32) + 1
                for t in texts]
        matrix = np.stack(rows) if rows else np.zeros((0, 4), dtype=np.float32)
        return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32) if rows else matrix


class FakeLocalMatcher:
    """Matches rows whose exact title is in `known`; everything else is left unmatched."""

    def __init__(self, known: dict[str, Movie]) -> None:
        self.known = known

    async def match(self, entries: Sequence[WatchEntry], *, model: str) -> list[MatchResult]:
        return [MatchResult(entry=e, movie=self.known[e.title], method="exact") if e.title in self.known
                else MatchResult(entry=e, movie=None, method=None, reason="no catalog match")
                for e in entries]

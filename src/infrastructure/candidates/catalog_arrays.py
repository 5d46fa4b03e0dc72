"""The catalog's vectors and filter columns as numpy arrays: nearest neighbours and Filters as array ops.

Built once per catalog version (CatalogSnapshots) and shared read-only by every request of a process.
The filters follow the SQL of db/rows.filter_clauses exactly (case-sensitive array overlaps on the
catalog's own spelling, the original language as lower(trim(first listed)), NULL years and runtimes
failing a bound, a missing review count counting 0), and neighbours are ordered like pgvector's exact
cosine-distance scan, ties by id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId, Vector

_EXACT_SUBSET = 4  # a filter keeping fewer than 1/this of the rows scores just those rows


def _index(values: dict[str, list[int]]) -> dict[str, npt.NDArray[np.int32]]:
    return {k: np.asarray(v, dtype=np.int32) for k, v in values.items()}


def first_language(language: str | None) -> str | None:
    """lower(trim(split_part(language, ',', 1))) as PostgreSQL computes it (trim strips spaces only)."""
    if language is None:
        return None
    return language.split(",", 1)[0].strip(" ").lower()


@dataclass(frozen=True)
class ModelArrays:
    """Every movie embedded with one model and dimension, in id order."""

    movies: list[Movie]
    ids: npt.NDArray[np.int64]
    matrix: npt.NDArray[np.float32]  # n × d, the stored vectors (Movie.embedding rows are views of it)
    norms: npt.NDArray[np.float32]
    year: npt.NDArray[np.float64]  # NaN when unknown
    runtime: npt.NDArray[np.float64]
    votes: npt.NDArray[np.int64]  # coalesce(vote_count, 0)
    language: npt.NDArray[np.int32]  # code of first_language(), -1 when NULL
    languages: dict[str, int]
    genres: dict[str, npt.NDArray[np.int32]]  # value → rows holding it
    countries: dict[str, npt.NDArray[np.int32]]

    @classmethod
    def build(cls, movies: list[Movie]) -> ModelArrays:
        movies = sorted(movies, key=lambda m: m.id or 0)
        vectors = [np.asarray(m.embedding, dtype=np.float32) for m in movies]
        dim = len(vectors[0]) if vectors else 0
        matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32)
        genres: dict[str, list[int]] = defaultdict(list)
        countries: dict[str, list[int]] = defaultdict(list)
        languages: dict[str, int] = {}
        codes = []
        for row, m in enumerate(movies):
            m.embedding = matrix[row]
            for g in set(m.genres):
                genres[g].append(row)
            for c in set(m.countries):
                countries[c].append(row)
            lang = first_language(m.language)
            codes.append(-1 if lang is None else languages.setdefault(lang, len(languages)))
        return cls(
            movies=movies,
            ids=np.asarray([m.id for m in movies], dtype=np.int64),
            matrix=matrix,
            norms=np.linalg.norm(matrix, axis=1).astype(np.float32),
            year=np.asarray([np.nan if m.year is None else m.year for m in movies], dtype=np.float64),
            runtime=np.asarray([np.nan if m.runtime is None else m.runtime for m in movies], np.float64),
            votes=np.asarray([m.vote_count or 0 for m in movies], dtype=np.int64),
            language=np.asarray(codes, dtype=np.int32),
            languages=languages,
            genres=_index(genres),
            countries=_index(countries),
        )

    def _any_of(self, index: dict[str, npt.NDArray[np.int32]], values: Iterable[str]) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.movies), dtype=bool)
        for v in values:
            rows = index.get(v)
            if rows is not None:
                mask[rows] = True
        return mask

    def mask(self, filters: Filters | None, exclude_ids: Sequence[MovieId]) -> npt.NDArray[np.bool_]:
        """Rows passing `filters` and not in `exclude_ids`."""
        keep = np.ones(len(self.movies), dtype=bool)
        f = filters or Filters()
        if f.genres:
            keep &= self._any_of(self.genres, f.genres)
        if f.exclude_genres:
            keep &= ~self._any_of(self.genres, f.exclude_genres)
        if f.countries:
            keep &= self._any_of(self.countries, f.countries)
        if f.exclude_countries:
            keep &= ~self._any_of(self.countries, f.exclude_countries)
        if f.languages:
            codes = [self.languages[v.lower()] for v in f.languages if v.lower() in self.languages]
            keep &= np.isin(self.language, np.asarray(codes, dtype=np.int32))
        with np.errstate(invalid="ignore"):
            if f.year_min is not None:
                keep &= self.year >= f.year_min
            if f.year_max is not None:
                keep &= self.year <= f.year_max
            if f.runtime_min is not None:
                keep &= self.runtime >= f.runtime_min
            if f.runtime_max is not None:
                keep &= self.runtime <= f.runtime_max
        if f.min_votes is not None:
            keep &= self.votes >= f.min_votes
        if len(exclude_ids) and len(self.ids):
            wanted = np.asarray(exclude_ids, dtype=np.int64)
            pos = np.clip(np.searchsorted(self.ids, wanted), 0, len(self.ids) - 1)
            keep[pos[self.ids[pos] == wanted]] = False
        return keep

    def nearest_many(
        self, vectors: Sequence[Vector], limits: Sequence[int], keep: npt.NDArray[np.bool_]
    ) -> list[list[Movie]]:
        """For each vector, up to its limit of the kept rows by ascending cosine distance (ties: id)."""
        rows = np.flatnonzero(keep)
        if not len(rows) or not vectors:
            return [[] for _ in vectors]
        queries = np.vstack([np.asarray(v, dtype=np.float32) for v in vectors])  # k × d
        qnorms = np.linalg.norm(queries, axis=1)
        if len(rows) * _EXACT_SUBSET < len(self.movies):
            dots, norms = self.matrix[rows] @ queries.T, self.norms[rows]
        else:
            dots, norms = (self.matrix @ queries.T)[rows], self.norms[rows]
        with np.errstate(invalid="ignore", divide="ignore"):
            sims = dots / (norms[:, None] * qnorms[None, :])
        sims = np.nan_to_num(sims, nan=-2.0)  # a zero vector's NaN distance sorts last, as in PostgreSQL
        ids = self.ids[rows]
        found: list[list[Movie]] = []
        for j, limit in enumerate(limits):
            column = sims[:, j]
            if limit < len(rows):
                # every row tied with the limit-th best goes into the sort, so ties resolve by id
                threshold = np.partition(column, len(rows) - limit)[len(rows) - limit]
                pick = np.flatnonzero(column >= threshold)
            else:
                pick = np.arange(len(rows))
            order = pick[np.lexsort((ids[pick], -column[pick]))][: max(0, limit)]
            found.append([self.movies[rows[i]] for i in order])
        return found


@dataclass(frozen=True)
class CatalogArrays:
    """One catalog version in memory: ModelArrays per (embedding model, dimension)."""

    version: int
    by_model: dict[tuple[str, int], ModelArrays] = field(default_factory=dict)
    by_id: dict[MovieId, Movie] = field(default_factory=dict)  # every movie held, any model

    @classmethod
    def build(cls, version: int, movies: Iterable[tuple[Movie, str]]) -> CatalogArrays:
        groups: dict[tuple[str, int], list[Movie]] = defaultdict(list)
        for movie, model in movies:
            if movie.embedding is not None:
                groups[(model, int(movie.embedding.shape[0]))].append(movie)
        by_model = {key: ModelArrays.build(ms) for key, ms in groups.items()}
        by_id = {m.id: m for arrays in by_model.values() for m in arrays.movies if m.id is not None}
        return cls(version, by_model, by_id)

    def model(self, model: str, dim: int) -> ModelArrays | None:
        return self.by_model.get((model, dim))

    @property
    def nbytes(self) -> int:
        return sum(a.matrix.nbytes for a in self.by_model.values())

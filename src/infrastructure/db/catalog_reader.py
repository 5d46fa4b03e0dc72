"""Read-only catalog queries: title search, pgvector nearest neighbours with filters in SQL, facets."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.application.ports.catalog import CatalogFacets, CatalogReader, Neighbour
from src.domain.filters import Filters
from src.domain.movie import Movie, MovieId, Vector, normalize_title
from src.infrastructure.db.rows import MOVIE_COLUMNS, filter_clauses, movie_from_row
from src.infrastructure.db.tables import INDEXED_DIMENSIONS, movies
from src.infrastructure.db.vector_type import BinaryVector as VectorType


class PgvectorCatalogReader(CatalogReader):
    """pgvector 0.6 has no iterative index scans: the HNSW query sets ef_search to the over-fetched
    limit, and when filters or exclusions leave fewer rows than asked, the query is re-run as an exact
    scan (an exact top-k over 17k vectors takes a few ms), so a filtered request still gets a full page.
    A filter that leaves fewer than `exact_below` rows goes straight to the exact scan."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        max_ef_search: int = 1000,
        exact_below: int = 3000,
        facets_ttl: float = 60.0,
    ) -> None:
        self._sessions = session_factory
        self._max_ef = max_ef_search
        self._exact_below = exact_below  # filtered queries matching fewer rows than this scan exactly
        self._facets_ttl = facets_ttl
        self._facets: tuple[float, CatalogFacets] | None = None

    async def get(self, movie_id: MovieId) -> Movie | None:
        found = await self.get_many([movie_id], with_embeddings=True)
        return found[0] if found else None

    async def get_many(self, movie_ids: Sequence[MovieId], *, with_embeddings: bool = False) -> list[Movie]:
        if not movie_ids:
            return []
        cols: list[Any] = [*MOVIE_COLUMNS, movies.c.embedding] if with_embeddings else list(MOVIE_COLUMNS)
        async with self._sessions() as session:
            rows = (await session.execute(select(*cols).where(movies.c.id.in_(list(movie_ids))))).mappings()
            by_id = {r["id"]: movie_from_row(r, with_embedding=with_embeddings) for r in rows}
        return [by_id[i] for i in movie_ids if i in by_id]

    async def search_titles(self, query: str, limit: int) -> list[Movie]:
        norm = normalize_title(query)
        if not norm:
            return []
        pattern = "%" + norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = (
            select(*MOVIE_COLUMNS)
            .where(movies.c.norm_title.like(pattern))
            .order_by(
                (movies.c.norm_title == norm).desc(),
                movies.c.norm_title.startswith(norm, autoescape=True).desc(),
                func.coalesce(movies.c.vote_count, 0).desc(),
                movies.c.id,
            )
            .limit(limit)
        )
        async with self._sessions() as session:
            return [movie_from_row(r) for r in (await session.execute(stmt)).mappings()]

    async def nearest(
        self,
        vector: Vector,
        *,
        model: str,
        limit: int,
        filters: Filters | None = None,
        exclude_ids: Sequence[MovieId] = (),
    ) -> list[Neighbour]:
        found = await self.nearest_many(
            [vector], model=model, limits=[limit], filters=filters, exclude_ids=exclude_ids
        )
        return found[0]

    async def nearest_many(
        self,
        vectors: Sequence[Vector],
        *,
        model: str,
        limits: Sequence[int],
        filters: Filters | None = None,
        exclude_ids: Sequence[MovieId] = (),
    ) -> list[list[Neighbour]]:
        if not vectors:
            return []
        dim = int(vectors[0].shape[0])
        where = [movies.c.embedding_dim == dim, movies.c.embedding_model == model, *filter_clauses(filters)]
        if exclude_ids:
            where.append(movies.c.id.notin_(list(exclude_ids)))
        results: list[list[Neighbour]] = []
        async with self._sessions() as session, session.begin():
            use_index = dim in INDEXED_DIMENSIONS
            if use_index and filters is not None and not filters.is_empty:
                use_index = await self._matching(session, where) > self._exact_below
            if use_index:
                ef = min(self._max_ef, max(40, 2 * (max(limits) + len(exclude_ids))))
                await session.execute(text(f"SET LOCAL hnsw.ef_search = {int(ef)}"))
            for vector, limit in zip(vectors, limits, strict=True):
                results.append(await self._nearest_one(session, vector, dim, limit, where, use_index))
        return results

    @staticmethod
    async def _matching(session: AsyncSession, where: list[Any]) -> int:
        """How many rows pass the filters: few → an exact scan is both cheaper and complete."""
        stmt = select(func.count()).select_from(movies).where(and_(*where))
        return int((await session.execute(stmt)).scalar_one())

    async def _nearest_one(
        self, session: AsyncSession, vector: Vector, dim: int, limit: int, where: list[Any], use_index: bool
    ) -> list[Neighbour]:
        query = [float(x) for x in vector]
        if use_index:
            distance = func.cast(movies.c.embedding, VectorType(dim)).cosine_distance(query)
            rows = await self._fetch(session, _nearest_stmt(distance, where, limit))
            if len(rows) >= limit:
                return rows
        # exact scan: the untyped column matches no index expression, so this orders every row
        exact = movies.c.embedding.cosine_distance(literal(query, VectorType(dim)))
        return await self._fetch(session, _nearest_stmt(exact, where, limit))

    async def _fetch(self, session: AsyncSession, stmt: Select[Any]) -> list[Neighbour]:
        rows = (await session.execute(stmt)).mappings()
        return [Neighbour(movie_from_row(r, with_embedding=True), 1.0 - float(r["distance"])) for r in rows]

    async def popular(
        self, *, limit: int, filters: Filters | None = None, exclude_ids: Sequence[MovieId] = ()
    ) -> list[Movie]:
        where = [movies.c.embedding.is_not(None), *filter_clauses(filters)]
        if exclude_ids:
            where.append(movies.c.id.notin_(list(exclude_ids)))
        stmt = (
            select(*MOVIE_COLUMNS, movies.c.embedding)
            .where(and_(*where))
            .order_by(func.coalesce(movies.c.vote_count, 0).desc(), movies.c.vote_average.desc().nulls_last())
            .limit(limit)
        )
        async with self._sessions() as session:
            return [movie_from_row(r, with_embedding=True) for r in (await session.execute(stmt)).mappings()]

    async def facets(self) -> CatalogFacets:
        """Cached for `facets_ttl` seconds: the vocabulary only changes with a catalog import, and
        computing it unnests every genre and country (tens of milliseconds)."""
        now = time.monotonic()
        if self._facets is not None and now - self._facets[0] < self._facets_ttl:
            return self._facets[1]
        facets = await self._compute_facets()
        self._facets = (now, facets)
        return facets

    async def _compute_facets(self) -> CatalogFacets:
        async with self._sessions() as session:
            genres = await _unnest_counts(session, movies.c.genres)
            countries = await _unnest_counts(session, movies.c.countries)
            languages = await _first_language_counts(session)
            r = (
                await session.execute(
                    select(
                        func.min(movies.c.year),
                        func.max(movies.c.year),
                        func.min(movies.c.runtime),
                        func.max(movies.c.runtime),
                        func.count(),
                        func.count(movies.c.embedding),
                    )
                )
            ).one()
        return CatalogFacets(genres, countries, r[0], r[1], r[2], r[3], r[4], r[5], languages)

    async def count(self, *, embedded_with: str | None = None) -> int:
        stmt = select(func.count()).select_from(movies)
        if embedded_with is not None:
            stmt = stmt.where(movies.c.embedding_model == embedded_with)
        async with self._sessions() as session:
            return int((await session.execute(stmt)).scalar_one())


def _nearest_stmt(distance: Any, where: list[Any], limit: int) -> Select[Any]:
    return (
        select(*MOVIE_COLUMNS, movies.c.embedding, distance.label("distance"))
        .where(and_(*where))
        .order_by(distance)
        .limit(limit)
    )


async def _unnest_counts(session: AsyncSession, column: Any) -> list[tuple[str, int]]:
    value = func.unnest(column).label("value")
    sub = select(value).subquery()
    stmt = select(sub.c.value, func.count()).group_by(sub.c.value).order_by(func.count().desc(), sub.c.value)
    return [(str(v), int(n)) for v, n in (await session.execute(stmt)).all()]


async def _first_language_counts(session: AsyncSession) -> list[tuple[str, int]]:
    """Original languages (the first listed, as Filters.languages matches them), most films first."""
    value = func.trim(func.split_part(movies.c.language, ",", 1)).label("value")
    sub = select(value).where(movies.c.language.is_not(None)).subquery()
    stmt = (
        select(sub.c.value, func.count())
        .where(sub.c.value != "")
        .group_by(sub.c.value)
        .order_by(func.count().desc(), sub.c.value)
    )
    return [(str(v), int(n)) for v, n in (await session.execute(stmt)).all()]

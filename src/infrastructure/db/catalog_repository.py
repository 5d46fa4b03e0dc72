"""Catalog writes (inside a unit of work): fingerprints and upserts by external key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from src.application.ports.catalog import MovieRepository, StoredFingerprint, catalog_key
from src.domain.movie import Movie, MovieId, normalize_title
from src.infrastructure.db.tables import movies

_CHUNK = 500


class SqlAlchemyMovieRepository(MovieRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def fingerprints(self, keys: Sequence[str]) -> dict[str, StoredFingerprint]:
        found: dict[str, StoredFingerprint] = {}
        for start in range(0, len(keys), 5000):
            chunk = list(keys[start : start + 5000])
            rows = await self._session.execute(
                select(
                    movies.c.id,
                    movies.c.ext_key,
                    movies.c.content_hash,
                    movies.c.embedding_model,
                    movies.c.meta_hash,
                ).where(movies.c.ext_key.in_(chunk))
            )
            for row in rows:
                found[row.ext_key] = StoredFingerprint(
                    row.id, row.content_hash, row.embedding_model, row.meta_hash
                )
        return found

    async def upsert(self, items: Sequence[Movie], *, embedding_model: str) -> list[MovieId]:
        by_key: dict[str, MovieId] = {}
        keyed = {catalog_key(m): m for m in items}  # a key twice in one batch: the last one wins
        rows = [_row(key, m, embedding_model) for key, m in keyed.items()]
        for start in range(0, len(rows), _CHUNK):
            stmt = insert(movies).values(rows[start : start + _CHUNK])
            ex = stmt.excluded
            updates: dict[str, Any] = {
                c.name: ex[c.name] for c in movies.c if c.name not in {"id", "ext_key", "updated_at"}
            }
            updates["embedding"] = func.coalesce(ex.embedding, movies.c.embedding)
            for name in ("embedding_model", "embedding_dim", "content_hash"):
                updates[name] = func.coalesce(ex[name], movies.c[name])
            updates["updated_at"] = func.now()
            stmt = stmt.on_conflict_do_update(index_elements=[movies.c.ext_key], set_=updates)
            result = await self._session.execute(stmt.returning(movies.c.id, movies.c.ext_key))
            by_key.update({r.ext_key: r.id for r in result})
        ids = [by_key[catalog_key(m)] for m in items]
        for movie, movie_id in zip(items, ids, strict=True):
            movie.id = movie_id
        return ids


def _row(key: str, m: Movie, embedding_model: str) -> dict[str, object]:
    has_vector = m.embedding is not None
    return {
        "ext_key": key,
        "title": m.title,
        "norm_title": normalize_title(m.title),
        "year": m.year,
        "genres": list(m.genres),
        "countries": list(m.countries),
        "runtime": m.runtime,
        "directors": list(m.directors),
        "cast_names": list(m.cast),
        "language": m.language,
        "description": m.description,
        "popularity": m.popularity,
        "vote_average": m.vote_average,
        "vote_count": m.vote_count,
        "quality": m.quality,
        "imdb_id": m.imdb_id,
        "tmdb_id": m.tmdb_id,
        "source": m.source,
        "content_hash": m.content_hash() if has_vector else None,
        "meta_hash": m.metadata_hash(),
        "embedding": m.embedding if has_vector else None,
        "embedding_model": embedding_model if has_vector else None,
        "embedding_dim": int(m.embedding.shape[0]) if m.embedding is not None else None,
    }

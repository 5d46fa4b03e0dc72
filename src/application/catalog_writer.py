"""The one place catalog rows are written: look up what is stored (one query), embed only what needs a
vector (outside any transaction), upsert and commit — for the catalog import and for movies looked up on
an outside service (TMDB) during a recommendation or a history import."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from src.application.ports.catalog import CatalogReader, StoredFingerprint, catalog_key
from src.application.ports.embedder import Embedder
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.movie import Movie, MovieId


@dataclass
class CatalogWrite:
    """What one write did. `kept` maps the key of each input movie left as stored (same model's vector)
    to its id; `written` the key of each upserted movie to it, with its id (and its vector if embedded)."""

    inserted: int = 0
    re_embedded: int = 0
    metadata_updated: int = 0
    unchanged: int = 0
    embed_seconds: float = 0.0
    kept: dict[str, MovieId] = field(default_factory=dict)
    written: dict[str, Movie] = field(default_factory=dict)


class CatalogWriter:
    """write(movies, refresh=True) (the catalog import): a new movie, or one whose text changed or whose
    vector came from another model, is embedded and upserted; one whose other fields changed is upserted
    without a new vector; the rest is unchanged. refresh=False (lookups): a movie stored with this
    model's vector is kept as stored, neither re-embedded nor overwritten; the others are embedded and
    upserted. Movies are taken once per catalog key; a written movie gets its id (and its new vector) set
    in place, on the caller's objects. Everything written commits in one transaction; when
    the embedder fails (ExternalServiceError) nothing is written."""

    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], embedder: Embedder, reader: CatalogReader | None = None
    ) -> None:
        self._uow_factory = uow_factory
        self._embedder = embedder
        self._reader = reader

    @property
    def model_name(self) -> str:
        return self._embedder.model_name

    async def write(self, movies: Sequence[Movie], *, refresh: bool) -> CatalogWrite:
        unique: dict[str, Movie] = {}
        for movie in movies:
            unique.setdefault(catalog_key(movie), movie)
        out = CatalogWrite()
        if not unique:
            return out
        async with self._uow_factory() as uow:
            stored = await uow.movies.fingerprints(list(unique))
        to_embed, to_update = self._classify(unique, stored, out, refresh=refresh)
        if to_embed:
            started = time.perf_counter()
            vectors = await self._embedder.embed([m.text() for m in to_embed])
            out.embed_seconds = time.perf_counter() - started
            for movie, vector in zip(to_embed, vectors, strict=True):
                movie.embedding = vector
        rows = to_embed + to_update
        if rows:
            async with self._uow_factory() as uow:
                ids = await uow.movies.upsert(rows, embedding_model=self.model_name)
                await uow.commit()
            for movie, movie_id in zip(rows, ids, strict=True):
                movie.id = movie_id
                out.written[catalog_key(movie)] = movie
        return out

    async def store(self, movies: Sequence[Movie]) -> dict[str, Movie]:
        """Catalog movies (with id and a vector of this embedder) by catalog_key() of the inputs: stored
        ones read back as stored (one whose vector cannot be read back is left out), the others written."""
        write = await self.write(movies, refresh=False)
        out = dict(write.written)
        if write.kept:
            if self._reader is None:
                raise ValueError("CatalogWriter.store needs a reader to read kept movies back")
            found = {
                m.id: m for m in await self._reader.get_many(list(write.kept.values()), with_embeddings=True)
            }
            for key, movie_id in write.kept.items():
                movie = found.get(movie_id)
                if movie is not None and movie.embedding is not None:
                    out[key] = movie
        return out

    def _classify(
        self,
        unique: dict[str, Movie],
        stored: dict[str, StoredFingerprint],
        out: CatalogWrite,
        *,
        refresh: bool,
    ) -> tuple[list[Movie], list[Movie]]:
        to_embed: list[Movie] = []
        to_update: list[Movie] = []
        for key, movie in unique.items():
            fp = stored.get(key)
            if fp is None:
                out.inserted += 1
                to_embed.append(movie)
            elif fp.embedding_model != self.model_name or (
                refresh and fp.content_hash != movie.content_hash()
            ):
                out.re_embedded += 1
                to_embed.append(movie)
            elif refresh and fp.meta_hash != movie.metadata_hash():
                out.metadata_updated += 1
                to_update.append(movie)
            else:
                out.unchanged += 1
                out.kept[key] = fp.movie_id
        return to_embed, to_update

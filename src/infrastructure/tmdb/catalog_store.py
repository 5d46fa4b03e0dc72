"""Put TMDB movies into the catalog, embedding only the ones it has not embedded with this model."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from src.application.ports.catalog import CatalogReader, catalog_key
from src.application.ports.embedder import Embedder
from src.application.ports.unit_of_work import UnitOfWork
from src.domain.movie import Movie


async def store_and_embed(
    movies: Sequence[Movie],
    *,
    embedder: Embedder,
    uow_factory: Callable[[], UnitOfWork],
    reader: CatalogReader,
) -> dict[str, Movie]:
    """Catalog movies (with id and embedding in `embedder`'s space) by catalog_key() of the inputs.

    A movie already stored with a vector of `embedder.model_name` is read back as stored, neither
    re-embedded nor overwritten. The others (new, or stored under another model) are embedded in one
    call and upserted in one transaction, so each movie is embedded once. A stored movie whose vector
    cannot be read back is left out. Raises ExternalServiceError when the embedder does; the catalog
    is then unchanged.
    """
    unique: dict[str, Movie] = {}
    for movie in movies:
        unique.setdefault(catalog_key(movie), movie)
    if not unique:
        return {}
    model = embedder.model_name
    async with uow_factory() as uow:
        stored = await uow.movies.fingerprints(list(unique))
    reuse = {key: fp.movie_id for key, fp in stored.items() if fp.embedding_model == model}
    fresh = [movie for key, movie in unique.items() if key not in reuse]
    out: dict[str, Movie] = {}
    if fresh:
        vectors = await embedder.embed([m.text() for m in fresh])
        fresh = [dataclasses.replace(m, id=None, embedding=v) for m, v in zip(fresh, vectors, strict=True)]
        async with uow_factory() as uow:
            ids = await uow.movies.upsert(fresh, embedding_model=model)
            await uow.commit()
        for movie, movie_id in zip(fresh, ids, strict=True):
            movie.id = movie_id
            out[catalog_key(movie)] = movie
    if reuse:
        by_id = {m.id: m for m in await reader.get_many(list(reuse.values()), with_embeddings=True)}
        for key, movie_id in reuse.items():
            found = by_id.get(movie_id)
            if found is not None and found.embedding is not None:
                out[key] = found
    return out

"""Catalog: TMDB (used only with TMDB_API_KEY), candidate sources, the catalog import, search and similar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from src.application.catalog_writer import CatalogWriter
from src.application.find_similar_movies import FindSimilarMovies
from src.application.import_catalog import ImportCatalog
from src.application.looked_up_candidates import LookedUpCandidates
from src.application.ports.catalog import CatalogReader
from src.application.ports.embedder import Embedder
from src.application.ports.recommend import Cache, CandidateSource
from src.application.ports.unit_of_work import UnitOfWork
from src.application.search_movies import SearchMovies
from src.composition.kinds import lookup_kind
from src.infrastructure.candidates.catalog_snapshot import CatalogSnapshots
from src.infrastructure.candidates.numpy_source import NumpyCandidateSource
from src.infrastructure.candidates.pgvector_source import PgvectorCandidateSource
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    from src.infrastructure.tmdb.client import TmdbClient


def tmdb_client(settings: Settings, cache: Cache) -> TmdbClient:
    from src.infrastructure.tmdb.client import TmdbClient

    return TmdbClient(
        settings.tmdb_api_key or "",
        base_url=settings.tmdb_base_url,
        timeout_s=settings.tmdb_timeout_s,
        cache=cache,
    )


def _tmdb_candidates(client: TmdbClient, writer: CatalogWriter, pages: int) -> CandidateSource:
    from src.infrastructure.tmdb.candidates import TmdbCandidateLookup

    return LookedUpCandidates(TmdbCandidateLookup(client, pages=pages), writer)


class Catalog(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    cache: providers.Dependency[Cache] = providers.Dependency()
    embedder: providers.Dependency[Embedder] = providers.Dependency()
    cached_embedder: providers.Dependency[Embedder] = providers.Dependency()
    uow_factory: providers.Dependency[Callable[[], UnitOfWork]] = providers.Dependency()
    catalog_reader: providers.Dependency[CatalogReader] = providers.Dependency()
    catalog_snapshots: providers.Dependency[CatalogSnapshots] = providers.Dependency()

    tmdb_client: providers.Provider[TmdbClient] = providers.Singleton(tmdb_client, settings, cache)
    # the one writer of catalog rows: the catalog import, and what TMDB lookups find
    catalog_writer: providers.Provider[CatalogWriter] = providers.Singleton(
        CatalogWriter, uow_factory, embedder, catalog_reader
    )
    # CINEMAI_CANDIDATE_INDEX: numpy over the catalog held in process (default), or pgvector queries
    local_candidates: providers.Provider[CandidateSource] = providers.Selector(
        settings.provided.candidate_index,
        numpy=providers.Singleton(NumpyCandidateSource, catalog_snapshots),
        pgvector=providers.Singleton(PgvectorCandidateSource, catalog_reader),
    )
    # TMDB's discover with TMDB_API_KEY (Recommend falls back to the local source when it fails)
    candidates: providers.Provider[CandidateSource] = providers.Selector(
        providers.Callable(lookup_kind, settings),
        local=local_candidates,
        tmdb=providers.Singleton(_tmdb_candidates, tmdb_client, catalog_writer, settings.provided.tmdb_pages),
    )
    import_catalog = providers.Factory(ImportCatalog, uow_factory=uow_factory, embedder=embedder)
    search_movies = providers.Factory(
        SearchMovies,
        reader=catalog_reader,
        embedder=cached_embedder,
        uow_factory=uow_factory,
        query_weight=settings.provided.query_weight,
        alpha=settings.provided.alpha,
    )
    find_similar_movies = providers.Factory(
        FindSimilarMovies, reader=catalog_reader, model_name=embedder.provided.model_name
    )

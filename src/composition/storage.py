"""Storage: the database (embedded PostgreSQL without DATABASE_URL), its unit of work and readers."""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from src.application.ports.catalog import CatalogReader
from src.application.ports.recommend import PageStamps
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import UserSnapshotReader
from src.infrastructure.candidates.catalog_snapshot import CatalogSnapshots
from src.infrastructure.candidates.snapshot_catalog_reader import SnapshotCatalogReader
from src.infrastructure.db.backup import PgDumpBackups
from src.infrastructure.db.catalog_reader import PgvectorCatalogReader
from src.infrastructure.db.embedded import create_engine, resolve_database_url
from src.infrastructure.db.snapshot_reader import AsyncpgSnapshotReader
from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from src.infrastructure.matching.catalog_index import CatalogIndexCache
from src.infrastructure.settings import Settings


class Storage(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    page_stamps: providers.Dependency[PageStamps | None] = providers.Dependency()

    database_url: providers.Provider[str] = providers.Singleton(resolve_database_url, settings)
    engine: providers.Provider[AsyncEngine] = providers.Singleton(
        create_engine, database_url, pool_size=settings.provided.db_pool_size
    )
    session_factory: providers.Provider[async_sessionmaker[AsyncSession]] = providers.Singleton(
        async_sessionmaker, engine, expire_on_commit=False
    )
    # a fresh unit of work per use; use cases take `uow.provider` (a factory of units of work)
    uow: providers.Provider[UnitOfWork] = providers.Factory(
        SqlAlchemyUnitOfWork, session_factory=session_factory, stamps=page_stamps
    )
    catalog_reader: providers.Provider[CatalogReader] = providers.Singleton(
        PgvectorCatalogReader, session_factory
    )
    # the recommendation hot path's per-request user reads, as raw asyncpg statements
    snapshot_reader: providers.Provider[UserSnapshotReader] = providers.Singleton(
        AsyncpgSnapshotReader, session_factory
    )
    # the catalog's vectors and filter columns in memory (CINEMAI_CANDIDATE_INDEX=numpy), reloaded on change
    catalog_snapshots: providers.Provider[CatalogSnapshots] = providers.Singleton(
        CatalogSnapshots, session_factory, recheck_seconds=settings.provided.catalog_recheck_seconds
    )
    # what the recommendation pipeline reads films through: with the numpy index, films by id (with their
    # vectors) come from the catalog held in process
    hot_catalog_reader: providers.Provider[CatalogReader] = providers.Selector(
        settings.provided.candidate_index,
        numpy=providers.Singleton(SnapshotCatalogReader, catalog_reader, catalog_snapshots),
        pgvector=catalog_reader,
    )
    # the catalog's titles in memory, for matching history rows and query titles
    catalog_index = providers.Singleton(CatalogIndexCache, session_factory)
    # `cinemai backup` / `cinemai restore`: pg_dump/pg_restore of the same database
    backups = providers.Factory(PgDumpBackups, database_url, engine)

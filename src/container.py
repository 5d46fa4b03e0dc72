"""The composition root: the one place that knows every concrete class, assembled from one container per
feature (src/composition/<feature>.py).

Adapters are chosen from Settings: no DATABASE_URL → embedded PostgreSQL; no REDIS_URL → in-process cache;
no OPENAI_API_KEY → local embedder and reranker; no TMDB_API_KEY → local catalog candidates.
Tests swap adapters with `container.<provider>.override(...)`: the names below are the feature containers'
own providers, so an override reaches everything built from them.

Adding a provider: put it in the container of its feature; if presentation or a test reaches it, alias it
on `Container` in that feature's block below.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from dependency_injector import containers, providers

from src.application.ports.catalog_source import CatalogSource
from src.application.ports.collaborative import CollaborativeRefresh
from src.application.refit_in_background import RefitInBackground
from src.application.show_job import ShowJob
from src.composition.catalog import Catalog
from src.composition.collaborative import Collaborative
from src.composition.embedding import Embedding
from src.composition.jobs import Jobs
from src.composition.jobs import job_worker as job_worker
from src.composition.jobs import redis_display_url as redis_display_url
from src.composition.kinds import embedder_kind as embedder_kind
from src.composition.kinds import has_llm_reranker as has_llm_reranker
from src.composition.kinds import job_queue_kind as job_queue_kind
from src.composition.kinds import query_parser_kind as query_parser_kind
from src.composition.kinds import reranker_kind as reranker_kind
from src.composition.queries import Queries
from src.composition.recommendation import Recommendation
from src.composition.shared_state import SharedState
from src.composition.storage import Storage
from src.composition.users import Users
from src.domain.errors import InvalidInputError
from src.infrastructure.db import embedded
from src.infrastructure.db.backup import BackupSummary as BackupSummary

# Re-exported for presentation (which may not import infrastructure): what "the database is unreachable" means.
from src.infrastructure.db.errors import DATABASE_ERROR_TYPES as DATABASE_ERROR_TYPES
from src.infrastructure.db.errors import database_unavailable as database_unavailable
from src.infrastructure.db.migrate import upgrade
from src.infrastructure.history.parser import FORMATS
from src.infrastructure.settings import Settings

HISTORY_FORMATS: tuple[str, ...] = FORMATS  # the `format` names the history parser reads, for the API schema


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings)

    # --- shared state: cache, rate limits, revocations (Redis with REDIS_URL, else this process)
    shared_state = providers.Container(SharedState, settings=settings)
    cache = shared_state.cache
    rate_limiter = shared_state.rate_limiter
    signup_rate_limiter = shared_state.signup_rate_limiter
    search_rate_limiter = shared_state.search_rate_limiter
    anonymous_rate_limiter = shared_state.anonymous_rate_limiter
    page_stamps = shared_state.page_stamps

    # --- storage: the database, its unit of work and readers
    storage = providers.Container(Storage, settings=settings, page_stamps=shared_state.page_stamps)
    database_url = storage.database_url
    engine = storage.engine
    session_factory = storage.session_factory
    uow = storage.uow
    catalog_reader = storage.catalog_reader
    catalog_snapshots = storage.catalog_snapshots
    snapshot_reader = storage.snapshot_reader
    backups = storage.backups

    # --- embedding (and the OpenAI client the LLM adapters share)
    embedding = providers.Container(Embedding, settings=settings, cache=cache)
    openai_client = embedding.openai_client
    embedder = embedding.embedder

    # --- catalog: TMDB, candidate sources, the catalog import, search, similar movies
    catalog = providers.Container(
        Catalog,
        settings=settings,
        cache=cache,
        embedder=embedder,
        cached_embedder=embedding.cached_embedder,
        uow_factory=uow.provider,
        catalog_reader=catalog_reader,
        catalog_snapshots=storage.catalog_snapshots,
    )
    tmdb_client = catalog.tmdb_client
    import_catalog = catalog.import_catalog
    candidates = catalog.candidates
    local_candidates = catalog.local_candidates
    search_movies = catalog.search_movies
    find_similar_movies = catalog.find_similar_movies

    # --- collaborative signal: the stored model, its fitter, the rebuild
    collaborative = providers.Container(Collaborative, settings=settings, session_factory=session_factory)
    collaborative_store = collaborative.collaborative_store
    cooccurrence_fitter = collaborative.cooccurrence_fitter
    transitions_fitter = collaborative.transitions_fitter
    rebuild_collaborative_model = collaborative.rebuild_collaborative_model

    # --- background jobs
    jobs = providers.Container(Jobs, settings=settings, session_factory=session_factory)
    job_store = jobs.job_store
    job_handlers = jobs.job_handlers
    run_job = jobs.run_job
    job_queue = jobs.job_queue
    submit_job = jobs.submit_job
    # what an import or a profile edit tells when the data changed (CINEMAI_CF_REFIT)
    collaborative_refresh: providers.Provider[CollaborativeRefresh] = providers.Selector(
        settings.provided.collaborative_refit,
        background=providers.Singleton(
            RefitInBackground, rebuild=rebuild_collaborative_model, submit=submit_job, jobs=job_store
        ),
        inline=rebuild_collaborative_model,
    )

    # --- users: accounts, history import, lists, export
    users = providers.Container(
        Users,
        settings=settings,
        uow_factory=uow.provider,
        catalog_reader=catalog_reader,
        catalog_index=storage.catalog_index,
        embedder=embedder,
        cached_embedder=embedding.cached_embedder,
        tmdb_client=tmdb_client,
        catalog_writer=catalog.catalog_writer,
        revocations=shared_state.auth_revocations,
        collaborative=collaborative_refresh,
    )
    create_user = users.create_user
    authenticate_user = users.authenticate_user
    authenticate_pair = users.authenticate_pair
    delete_user = users.delete_user
    matcher = users.matcher
    profile_map = users.profile_map
    import_watch_history = users.import_watch_history
    set_profile_window = users.set_profile_window
    set_in_profile = users.set_in_profile
    show_profile_seeds = users.show_profile_seeds
    list_history = users.list_history
    import_list = users.import_list
    delete_list = users.delete_list
    set_list_standing = users.set_list_standing
    export_user_data = users.export_user_data

    # --- free-text queries
    queries = providers.Container(
        Queries,
        settings=settings,
        openai_client=openai_client,
        embedder=embedder,
        cached_embedder=embedding.cached_embedder,
        catalog_reader=catalog_reader,
        catalog_index=storage.catalog_index,
    )
    query_parser = queries.query_parser
    query_understanding = queries.query_understanding

    # --- recommendation: rerankers, the recommend use case, its page cache, feedback
    recommendation = providers.Container(
        Recommendation,
        settings=settings,
        cache=cache,
        openai_client=openai_client,
        uow_factory=uow.provider,
        catalog_reader=storage.hot_catalog_reader,
        candidates=catalog.candidates,
        local_candidates=catalog.local_candidates,
        collaborative_store=collaborative_store,
        collaborative_options=collaborative.options,
        query_understanding=query_understanding,
        snapshot_reader=storage.snapshot_reader,
        page_stamps=shared_state.page_stamps,
    )
    stage_timer = recommendation.stage_timer
    rerank_metrics = recommendation.rerank_metrics
    local_reranker = recommendation.local_reranker
    llm_reranker = recommendation.llm_reranker
    recommend = recommendation.recommend
    cached_recommend = recommendation.cached_recommend
    record_feedback = recommendation.record_feedback
    blend_for_two = recommendation.blend_for_two

    # --- background jobs (state in PostgreSQL, queue on Redis or in process); show_job needs the users' auth
    show_job = providers.Factory(ShowJob, store=job_store, authenticate=authenticate_user)


def catalog_source(
    container: Container, kind: str, *, path: Path | None = None, pages: int | None = None
) -> CatalogSource:
    """The catalog source a CLI user asked for, by name."""
    if kind == "offline":
        from src.infrastructure.catalog.offline import OfflineCatalogSource

        return OfflineCatalogSource()
    if kind == "file":
        from src.infrastructure.catalog.file import FileCatalogSource

        if path is None:
            raise ValueError("the file source needs a path")
        return FileCatalogSource(path)
    if kind == "tmdb":
        from src.infrastructure.tmdb.catalog_source import TmdbCatalogSource

        settings = container.settings()
        if not settings.tmdb_api_key:
            raise InvalidInputError("--source tmdb needs TMDB_API_KEY (and optionally TMDB_BASE_URL)")
        return TmdbCatalogSource(container.catalog.tmdb_client(), pages or settings.tmdb_pages)
    raise ValueError(f"unknown catalog source {kind!r}")


async def prepare_database(container: Container) -> None:
    """Start the embedded server if configured that way and bring the schema to head."""
    if container.settings().auto_migrate:
        await upgrade(container.engine())


def exit_on_termination_signals() -> None:
    """SIGTERM/SIGHUP end the process through a normal exit, so the embedded server it owns is stopped."""
    embedded.exit_on_termination_signals()


def embedded_database_uri(container: Container) -> str | None:
    """The URL of the embedded server this process started (None with DATABASE_URL or before start)."""
    settings = container.settings()
    return None if settings.database_url else embedded.embedded_uri(settings.data_dir / "pgdata")


@asynccontextmanager
async def database(container: Container) -> AsyncIterator[None]:
    """For CLI commands: prepared on entry; on exit the jobs this process started (in-process queue: a
    refit an import queued) are waited for, then the connection pool is closed."""
    await prepare_database(container)
    try:
        yield
    finally:
        try:
            if job_queue_kind(container.settings()) == "in-process":
                await container.job_queue().aclose()
        finally:
            await container.engine().dispose()

"""The dependency-injector container: the one place that knows every concrete class.

Adapters are chosen from Settings: no DATABASE_URL → embedded PostgreSQL; no REDIS_URL → in-process cache;
no OPENAI_API_KEY → local embedder and reranker; no TMDB_API_KEY → local catalog candidates.
Tests swap adapters with `container.<provider>.override(...)`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from src.application.export_user_data import ExportUserData
from src.application.find_similar_movies import FindSimilarMovies
from src.application.gather_candidates import CollaborativeOptions, GatherCandidates, GatherParams  # core
from src.application.import_catalog import ImportCatalog
from src.application.import_list import ImportList
from src.application.import_watch_history import ImportWatchHistory
from src.application.manage_lists import DeleteList, SetListStanding
from src.application.manage_users import AuthCache, AuthenticateUser, CreateUser, DeleteUser
from src.application.ports.catalog_source import CatalogSource
from src.application.ports.collaborative import ItemSimilarityFitter
from src.application.ports.rate_limit import RateLimiter
from src.application.query_parser import LocalQueryParser
from src.application.rate_limiting import ProcessLocalRevocations, TokenBucketRateLimiter
from src.application.rebuild_collaborative_model import RebuildCollaborativeModel
from src.application.recommend import Recommend, RecommendParams  # core
from src.application.recommendation_pages import CachedRecommend
from src.application.record_feedback import RecordFeedback
from src.application.reranker_choice import Rerankers  # core
from src.application.run_job import RunJob
from src.application.search_movies import SearchMovies
from src.application.show_job import ShowJob
from src.application.submit_job import SubmitJob
from src.application.taste_profile_builder import TasteProfileBuilder
from src.application.understand_query import UnderstandQuery
from src.domain.collaborative import CooccurrenceParams
from src.domain.errors import InvalidInputError
from src.infrastructure.cache.keys import CachedEmbedder
from src.infrastructure.cache.memory import InProcessLruCache
from src.infrastructure.candidates.pgvector_source import PgvectorCandidateSource
from src.infrastructure.clustering.adaptive import AdaptiveClusterer
from src.infrastructure.db import embedded
from src.infrastructure.db.backup import BackupSummary as BackupSummary
from src.infrastructure.db.backup import PgDumpBackups
from src.infrastructure.db.catalog_reader import PgvectorCatalogReader
from src.infrastructure.db.collaborative_store import SqlAlchemyCollaborativeStore
from src.infrastructure.db.embedded import (
    create_engine,
    embedded_uri,
    resolve_database_url,
)

# Re-exported for presentation (which may not import infrastructure): what "the database is unreachable" means.
from src.infrastructure.db.errors import DATABASE_ERROR_TYPES as DATABASE_ERROR_TYPES
from src.infrastructure.db.errors import database_unavailable as database_unavailable
from src.infrastructure.db.migrate import upgrade
from src.infrastructure.db.unit_of_work import SqlAlchemyUnitOfWork
from src.infrastructure.history.list_files import LetterboxdAwareListReader
from src.infrastructure.history.parser import FORMATS, AutoDetectHistoryParser
from src.infrastructure.jobs.in_process import InProcessJobQueue
from src.infrastructure.jobs.postgres_store import SqlAlchemyJobStore
from src.infrastructure.matching.catalog_index import CatalogIndexCache
from src.infrastructure.matching.query_titles import IndexTitleLookup
from src.infrastructure.matching.rapidfuzz_matcher import RapidfuzzMovieMatcher
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.infrastructure.metrics import PrometheusRerankMetrics, PrometheusStageTimer
from src.infrastructure.plotting.profile_map import MatplotlibProfileMap
from src.infrastructure.rerank.local import LocalReranker
from src.infrastructure.settings import Settings


def embedder_kind(settings: Settings) -> str:
    if settings.embedder != "auto":
        return settings.embedder
    return "openai" if settings.openai_api_key else "local"


def _local_embedder(batch_size: int) -> object:
    from src.infrastructure.embedding.local import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(batch_size=batch_size)


def _hashing_embedder() -> object:
    from src.infrastructure.embedding.hashing import HashingEmbedder

    return HashingEmbedder()


def _openai_client(settings: Settings) -> object:
    import openai

    return openai.AsyncOpenAI(
        api_key=settings.openai_api_key or "missing",
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout_s,
        max_retries=1,
    )


def _openai_embedder(client: object, settings: Settings) -> object:
    from src.infrastructure.openai.embedder import OpenAIEmbedder

    return OpenAIEmbedder(client, model=settings.openai_embedding_model)  # type: ignore[arg-type]


def _redis_cache(url: str) -> object:
    from src.infrastructure.cache.redis import RedisCache

    return RedisCache(url)


def _redis_client(settings: Settings) -> object:
    from src.infrastructure.redis.client import redis_client

    return redis_client(settings.redis_url or "")


def _redis_rate_limiter(client: object, settings: Settings, name: str, per_minute: int) -> object:
    from src.infrastructure.redis.rate_limiter import RedisTokenBucketRateLimiter

    return RedisTokenBucketRateLimiter(
        client, per_minute, prefix=f"cinemai:rl:{name}:", url=settings.redis_url or ""  # type: ignore[arg-type]
    )


def _rate_limiter(
    settings: providers.Provider[Settings],
    client: providers.Provider[object],
    kind: providers.Provider[str],
    name: str,
    per_minute: object,
) -> providers.Provider[RateLimiter]:
    """A rate limiter provider: in process without REDIS_URL, a shared Redis bucket with it."""
    return providers.Selector(
        kind,
        memory=providers.Singleton(TokenBucketRateLimiter, per_minute),
        redis=providers.Singleton(_redis_rate_limiter, client, settings, name, per_minute),
    )


def _redis_revocations(client: object, settings: Settings) -> object:
    from src.infrastructure.redis.auth_revocations import RedisAuthRevocations

    # longer than any worker caches a user, with room for a request that was reading the user meanwhile
    ttl = int(settings.auth_cache_seconds) + 300
    return RedisAuthRevocations(client, ttl_seconds=ttl, url=settings.redis_url or "")  # type: ignore[arg-type]


def job_queue_kind(settings: Settings) -> str:
    if settings.jobs != "auto":
        return settings.jobs
    return "redis" if settings.redis_url else "in-process"


def _saq_queue(settings: Settings) -> object:
    from src.infrastructure.jobs.saq_queue import SaqJobQueue

    if not settings.redis_url:
        raise InvalidInputError("CINEMAI_JOBS=redis needs REDIS_URL")
    return SaqJobQueue(settings.redis_url, timeout_s=settings.job_timeout_seconds)


def job_worker(settings: Settings, execute: Callable[[str], Awaitable[object]], *, concurrency: int) -> Any:
    """The queue's worker (SAQ on REDIS_URL) running `execute(job_id)` for each job; start()/stop() it."""
    from src.infrastructure.jobs.saq_queue import saq_worker

    return saq_worker(settings.redis_url or "", execute, concurrency=concurrency)


def redis_display_url(settings: Settings) -> str:
    """REDIS_URL with any password replaced by ***, for messages."""
    from src.infrastructure.cache.redis import redact_url

    return redact_url(settings.redis_url or "")


def _in_process_queue(run_job: providers.Provider[RunJob]) -> InProcessJobQueue:
    return InProcessJobQueue(lambda: run_job().execute)


def _config_salt(settings: Settings) -> str:
    """What a cached recommendation page depends on besides the request and the profile version."""
    scoring = (
        f"{settings.quality_weight}|{settings.genre_weight}|{settings.dislike_threshold}|{settings.cf_min_support}"
    )
    kinds = f"{embedder_kind(settings)}|{reranker_kind(settings)}|{query_parser_kind(settings)}"
    return f"{kinds}|{bool(settings.tmdb_api_key)}|{scoring}"


HISTORY_FORMATS: tuple[str, ...] = FORMATS  # the `format` names the history parser reads, for the API schema

def reranker_kind(settings: Settings) -> str:
    if settings.reranker != "auto":
        return settings.reranker
    return "openai" if settings.openai_api_key else "local"


def has_llm_reranker(settings: Settings) -> bool:
    """Whether rerank="llm" can be served: the same choice the llm_reranker provider makes."""
    return reranker_kind(settings) == "openai"


def _openai_reranker(
    client: object, fallback: object, settings: Settings, cache: object, metrics: object
) -> object:
    from src.infrastructure.openai.reranker import OpenAIReranker

    return OpenAIReranker(
        client,  # type: ignore[arg-type]
        fallback,  # type: ignore[arg-type]
        model=settings.openai_rerank_model,
        timeout_s=settings.openai_timeout_s,
        cache=cache,  # type: ignore[arg-type]
        metrics=metrics,  # type: ignore[arg-type]
        min_support=settings.cf_min_support,
    )


def query_parser_kind(settings: Settings) -> str:
    if settings.query_parser != "auto":
        return settings.query_parser
    return "openai" if settings.openai_api_key else "local"


def _openai_query_parser(client: object, settings: Settings) -> object:
    from src.infrastructure.openai.query_parser import OpenAIQueryParser

    return OpenAIQueryParser(
        client,  # type: ignore[arg-type]
        model=settings.openai_query_model,
        timeout_s=settings.query_parser_timeout_s,
    )


def _tmdb_client(settings: Settings, cache: object) -> object:
    from src.infrastructure.tmdb.client import TmdbClient

    return TmdbClient(
        settings.tmdb_api_key or "",
        base_url=settings.tmdb_base_url,
        timeout_s=settings.tmdb_timeout_s,
        cache=cache,  # type: ignore[arg-type]
    )


def _tmdb_candidates(
    client: object, embedder: object, uow_factory: object, reader: object, pages: int
) -> object:
    from src.infrastructure.tmdb.candidates import TmdbCandidateSource

    return TmdbCandidateSource(client, embedder, uow_factory, reader, pages=pages)  # type: ignore[arg-type]


def _tmdb_matcher(
    inner: object, client: object, embedder: object, uow_factory: object, reader: object
) -> object:
    from src.infrastructure.tmdb.matcher import TmdbMovieMatcher

    return TmdbMovieMatcher(inner, client, embedder, uow_factory, reader)  # type: ignore[arg-type]


def _cooccurrence_fitter(settings: Settings) -> ItemSimilarityFitter:
    if settings.cf_model == "ease":
        from src.infrastructure.collaborative.numpy_ease import NumpyEaseFitter

        return NumpyEaseFitter(lam=settings.cf_ease_lambda)
    from src.infrastructure.collaborative.scipy_cooccurrence import ScipyCooccurrenceFitter

    return ScipyCooccurrenceFitter()


def _cooccurrence_params(settings: Settings) -> CooccurrenceParams:
    return CooccurrenceParams(
        neighbours=settings.cf_neighbours,
        user_weighting=settings.cf_user_weighting,
        shrink=settings.cf_shrink,
        min_support=settings.cf_min_support,
    )


# --- core ---
def _gather_params(settings: Settings) -> GatherParams:
    return GatherParams(
        pool=settings.candidate_pool,
        fuzzy_threshold=settings.fuzzy_threshold,
        collaborative=CollaborativeOptions(
            weight=settings.collaborative_weight,
            min_users=settings.cf_min_users,
            full_weight_users=settings.cf_full_weight_users,
            popularity_min_users=settings.cf_popularity_min_users,
            candidates=settings.cf_candidates,
        ),
    )


def _recommend_params(settings: Settings) -> RecommendParams:
    return RecommendParams(
        popularity_weight=settings.popularity_weight,
        quality_weight=settings.quality_weight,
        genre_weight=settings.genre_weight,
        dislike_threshold=settings.dislike_threshold,
    )


# --- end core ---


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

        if not container.settings().tmdb_api_key:
            raise InvalidInputError("--source tmdb needs TMDB_API_KEY (and optionally TMDB_BASE_URL)")
        return TmdbCatalogSource(container.tmdb_client(), pages or container.settings().tmdb_pages)  # type: ignore[arg-type]
    raise ValueError(f"unknown catalog source {kind!r}")


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings)
    # One redis.asyncio client for the shared limits and revocations (built lazily, only with REDIS_URL).
    redis_client = providers.Singleton(_redis_client, settings)
    shared_state_kind = providers.Callable(lambda s: "redis" if s.redis_url else "memory", settings)

    # storage
    database_url = providers.Singleton(resolve_database_url, settings)
    engine: providers.Provider[AsyncEngine] = providers.Singleton(
        create_engine, database_url, pool_size=settings.provided.db_pool_size
    )
    session_factory = providers.Singleton(async_sessionmaker, engine, expire_on_commit=False)
    uow = providers.Factory(SqlAlchemyUnitOfWork, session_factory=session_factory)
    catalog_reader = providers.Singleton(PgvectorCatalogReader, session_factory)
    # `cinemai backup` / `cinemai restore`: pg_dump/pg_restore of the same database
    backups = providers.Factory(PgDumpBackups, database_url, engine)

    # models
    openai_client = providers.Singleton(_openai_client, settings)
    embedder = providers.Selector(
        providers.Callable(embedder_kind, settings),
        local=providers.Singleton(_local_embedder, settings.provided.embed_batch_size),
        hashing=providers.Singleton(_hashing_embedder),
        openai=providers.Singleton(_openai_embedder, openai_client, settings),
    )

    # cache and metrics. No REDIS_URL → in-process LRU.
    cache = providers.Selector(
        providers.Callable(lambda s: "redis" if s.redis_url else "memory", settings),
        memory=providers.Singleton(InProcessLruCache, max_items=settings.provided.cache_max_items),
        redis=providers.Singleton(_redis_cache, settings.provided.redis_url),
    )
    stage_timer = providers.Singleton(PrometheusStageTimer)
    rerank_metrics = providers.Singleton(PrometheusRerankMetrics)
    # query texts and unmatched history rows; the catalog import uses the plain embedder
    cached_embedder = providers.Singleton(CachedEmbedder, embedder, cache)

    # external services (used only when their keys are set)
    tmdb_client = providers.Singleton(_tmdb_client, settings, cache)

    # history → profile
    catalog_index = providers.Singleton(CatalogIndexCache, session_factory)
    history_parser = providers.Singleton(
        AutoDetectHistoryParser,
        max_rows=settings.provided.max_rows,
        max_bytes=settings.provided.max_upload_bytes,
        max_zip_bytes=settings.provided.max_upload_bytes,
    )
    local_matcher = providers.Singleton(
        RapidfuzzMovieMatcher, catalog_index, catalog_reader, cutoff=settings.provided.fuzzy_threshold
    )
    matcher = providers.Selector(
        providers.Callable(lambda s: "tmdb" if s.tmdb_api_key else "local", settings),
        local=local_matcher,
        tmdb=providers.Singleton(
            _tmdb_matcher, local_matcher, tmdb_client, embedder, uow.provider, catalog_reader
        ),
    )
    clusterer = providers.Singleton(AdaptiveClusterer)
    profile_builder = providers.Factory(
        TasteProfileBuilder,
        cached_embedder,
        clusterer,
        like_threshold=settings.provided.like_threshold,
        dislike_threshold=settings.provided.dislike_threshold,
    )
    profile_map = providers.Singleton(MatplotlibProfileMap)

    # recommend
    fuzzy_titles = providers.Singleton(RapidfuzzTitles)
    local_candidates = providers.Singleton(PgvectorCandidateSource, catalog_reader)
    candidates = providers.Selector(
        providers.Callable(lambda s: "tmdb" if s.tmdb_api_key else "local", settings),
        local=local_candidates,
        tmdb=providers.Singleton(
            _tmdb_candidates,
            tmdb_client,
            embedder,
            uow.provider,
            catalog_reader,
            settings.provided.tmdb_pages,
        ),
    )
    local_reranker = providers.Singleton(LocalReranker, min_support=settings.provided.cf_min_support)
    llm_reranker: providers.Provider[object] = providers.Selector(
        providers.Callable(reranker_kind, settings),
        local=providers.Object(None),
        openai=providers.Singleton(
            _openai_reranker, openai_client, local_reranker, settings, cache, rerank_metrics
        ),
    )

    # collaborative signal: one in-process copy of the stored model, reloaded when a newer build lands
    collaborative_store = providers.Singleton(SqlAlchemyCollaborativeStore, session_factory)
    cooccurrence_fitter = providers.Singleton(_cooccurrence_fitter, settings)
    rebuild_collaborative_model = providers.Factory(
        RebuildCollaborativeModel,
        store=collaborative_store,
        fitter=cooccurrence_fitter,
        params=providers.Callable(_cooccurrence_params, settings),
        min_change=settings.provided.cf_rebuild_min_change,
        min_growth=settings.provided.cf_rebuild_min_growth,
    )

    # use cases
    create_user = providers.Factory(CreateUser, uow_factory=uow.provider)
    auth_cache = providers.Singleton(AuthCache, ttl_seconds=settings.provided.auth_cache_seconds)
    # with REDIS_URL a deleted user's cached key is refused by every worker at once (a marker per user)
    auth_revocations = providers.Selector(
        shared_state_kind,
        memory=providers.Singleton(ProcessLocalRevocations),
        redis=providers.Singleton(_redis_revocations, redis_client, settings),
    )
    authenticate_user = providers.Factory(
        AuthenticateUser, uow_factory=uow.provider, cache=auth_cache, revocations=auth_revocations
    )
    delete_user = providers.Factory(
        DeleteUser,
        uow_factory=uow.provider,
        cache=auth_cache,
        collaborative=rebuild_collaborative_model,
        revocations=auth_revocations,
    )
    query_titles = providers.Singleton(IndexTitleLookup, catalog_index, embedder.provided.model_name)
    query_parser: providers.Provider[object] = providers.Selector(
        providers.Callable(query_parser_kind, settings),
        local=providers.Singleton(LocalQueryParser),
        openai=providers.Singleton(_openai_query_parser, openai_client, settings),
    )
    query_understanding = providers.Factory(
        UnderstandQuery,
        reader=catalog_reader,
        titles=query_titles,
        embedder=cached_embedder,
        parser=query_parser,
        weight=settings.provided.query_weight,
    )
    # --- core ---
    gather_candidates = providers.Factory(
        GatherCandidates,
        reader=catalog_reader,
        source=candidates,
        fallback=local_candidates,
        fuzzy=fuzzy_titles,
        collaborative=collaborative_store,
        params=providers.Callable(_gather_params, settings),
    )
    recommend = providers.Factory(
        Recommend,
        uow_factory=uow.provider,
        reader=catalog_reader,
        gather=gather_candidates,
        rerankers=providers.Factory(Rerankers, local=local_reranker, llm=llm_reranker),
        params=providers.Callable(_recommend_params, settings),
        query=query_understanding,
        timer=stage_timer,
    )
    # --- end core ---
    cached_recommend = providers.Factory(
        CachedRecommend,
        inner=recommend,
        cache=cache,
        uow_factory=uow.provider,
        ttl_seconds=settings.provided.cache_ttl_seconds,
        salt=providers.Callable(_config_salt, settings),
        collaborative=collaborative_store,
    )
    record_feedback = providers.Factory(RecordFeedback, uow_factory=uow.provider, reader=catalog_reader)
    import_watch_history = providers.Factory(
        ImportWatchHistory,
        uow_factory=uow.provider,
        parser=history_parser,
        matcher=matcher,
        builder=profile_builder,
        max_rows=settings.provided.max_rows,
        collaborative=rebuild_collaborative_model,
    )
    # a person's lists (watchlist / include / exclude), matched like a history
    list_reader = providers.Singleton(
        LetterboxdAwareListReader, history_parser, max_zip_bytes=settings.provided.max_upload_bytes
    )
    import_list = providers.Factory(
        ImportList,
        uow_factory=uow.provider,
        reader=list_reader,
        matcher=matcher,
        model=embedder.provided.model_name,
        max_rows=settings.provided.max_rows,
    )
    delete_list = providers.Factory(DeleteList, uow_factory=uow.provider)
    set_list_standing = providers.Factory(SetListStanding, uow_factory=uow.provider)
    export_user_data = providers.Factory(ExportUserData, uow_factory=uow.provider)
    import_catalog = providers.Factory(ImportCatalog, uow_factory=uow.provider, embedder=embedder)
    search_movies = providers.Factory(
        SearchMovies,
        reader=catalog_reader,
        embedder=cached_embedder,
        uow_factory=uow.provider,
        query_weight=settings.provided.query_weight,
    )
    find_similar_movies = providers.Factory(
        FindSimilarMovies, reader=catalog_reader, model_name=embedder.provided.model_name
    )

    # background jobs: state in PostgreSQL; the queue is SAQ on Redis, or this process (embedded mode).
    # The handlers (one per job kind) are installed by the presentation layer (src/presentation/jobs.py).
    job_store = providers.Singleton(SqlAlchemyJobStore, session_factory)
    job_handlers: providers.Provider[dict[str, object]] = providers.Dependency(instance_of=dict)
    run_job = providers.Factory(RunJob, store=job_store, handlers=job_handlers)
    job_queue = providers.Selector(
        providers.Callable(lambda s: job_queue_kind(s).replace("-", "_"), settings),
        in_process=providers.Singleton(_in_process_queue, run_job.provider),
        redis=providers.Singleton(_saq_queue, settings),
    )
    submit_job = providers.Factory(SubmitJob, store=job_store, queue=job_queue)
    show_job = providers.Factory(ShowJob, store=job_store, authenticate=authenticate_user)

    # limits: with REDIS_URL one bucket per caller shared by every worker and node, else one bucket table
    # per process
    rate_limiter = _rate_limiter(settings, redis_client, shared_state_kind, "key", settings.provided.rate_limit_per_minute)
    signup_rate_limiter = _rate_limiter(settings, redis_client, shared_state_kind, "signup", settings.provided.signup_rate_per_minute)
    search_rate_limiter = _rate_limiter(settings, redis_client, shared_state_kind, "search", settings.provided.search_rate_per_minute)
    anonymous_rate_limiter = _rate_limiter(settings, redis_client, shared_state_kind, "anon", settings.provided.anonymous_rate_per_minute)


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
    return None if settings.database_url else embedded_uri(settings.data_dir / "pgdata")


@asynccontextmanager
async def database(container: Container) -> AsyncIterator[None]:
    """For CLI commands: prepared on entry, the connection pool closed on exit."""
    await prepare_database(container)
    try:
        yield
    finally:
        await container.engine().dispose()


def evaluation_query_parser(container: Container, kind: str) -> object:
    """`cinemai eval queries --parser`: "local"; "llm" = the OpenAI parser as configured (OPENAI_API_KEY,
    OPENAI_BASE_URL: the real API or a stub); "scripted" = the OpenAI parser through the real SDK over
    scripted answers with planted invalid values (no network)."""
    settings = container.settings()
    if kind == "local":
        return LocalQueryParser()
    if kind == "llm":
        if not settings.openai_api_key:
            raise InvalidInputError(
                "--parser llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a stub); "
                "--parser scripted runs the same parser over scripted answers"
            )
        return _openai_query_parser(container.openai_client(), settings)
    import httpx
    import openai

    from src.infrastructure.openai.scripted_query import scripted_query_transport

    client = openai.AsyncOpenAI(
        api_key="eval",
        base_url="http://scripted.invalid/v1",
        http_client=httpx.AsyncClient(transport=scripted_query_transport()),  # type: ignore[arg-type]
        max_retries=0,
    )
    return _openai_query_parser(client, settings)

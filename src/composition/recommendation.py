"""Recommendation: rerankers (local, and the LLM one with OPENAI_API_KEY), metrics, the recommend use case,
its page cache and feedback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from src.application.blend_for_two import BlendForTwo
from src.application.gather_candidates import CollaborativeOptions, GatherCandidates, GatherParams
from src.application.personal_scoring import RecommendParams
from src.application.ports.catalog import CatalogReader
from src.application.ports.collaborative import CollaborativeStore
from src.application.ports.history import FuzzyTitles
from src.application.ports.metrics import RerankMetrics, StageTimer
from src.application.ports.ranking import LearnedRanker
from src.application.ports.recommend import Cache, CandidateSource, PageStamps, Reranker
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import UserSnapshotReader
from src.application.recommend import Recommend
from src.application.recommendation_pages import CachedRecommend
from src.application.record_feedback import RecordFeedback
from src.application.reranker_choice import Rerankers
from src.application.understand_query import UnderstandQuery
from src.application.user_state import UserReads
from src.composition.kinds import embedder_kind, query_parser_kind, reranker_kind
from src.infrastructure.matching.rapidfuzz_titles import RapidfuzzTitles
from src.infrastructure.metrics import PrometheusRerankMetrics, PrometheusStageTimer
from src.infrastructure.rerank.local import LocalReranker
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)


def openai_reranker(
    client: openai.AsyncOpenAI, fallback: Reranker, settings: Settings, cache: Cache, metrics: RerankMetrics
) -> Reranker:
    from src.infrastructure.openai.reranker import OpenAIReranker

    return OpenAIReranker(
        client,
        fallback,
        model=settings.openai_rerank_model,
        timeout_s=settings.openai_timeout_s,
        cache=cache,
        metrics=metrics,
        min_support=settings.collaborative_min_support,
    )


def learned_ranker(settings: Settings) -> LearnedRanker | None:
    """The LambdaMART model of CINEMAI_RANKER_MODEL, or None (the hand-set blend) when unset or unusable."""
    if not settings.ranker_model:
        return None
    from src.infrastructure.ranking.lightgbm_ranker import LightGbmRanker

    try:
        return LightGbmRanker.load(Path(settings.ranker_model))
    except ValueError as exc:
        log.warning("CINEMAI_RANKER_MODEL not used (%s): ranking by the hand-set blend", exc)
        return None


def gather_params(settings: Settings, collaborative: CollaborativeOptions) -> GatherParams:
    return GatherParams(
        pool=settings.candidate_pool, fuzzy_threshold=settings.fuzzy_threshold, collaborative=collaborative
    )


def recommend_params(settings: Settings, ranker: LearnedRanker | None) -> RecommendParams:
    return RecommendParams(
        popularity_weight=settings.popularity_weight,
        quality_weight=settings.quality_weight,
        genre_weight=settings.genre_weight,
        dislike_threshold=settings.dislike_threshold,
        ranker=ranker,
    )


def config_salt(settings: Settings) -> str:
    """What a cached recommendation page depends on besides the request and the profile version."""
    scoring = f"{settings.quality_weight}|{settings.genre_weight}|{settings.dislike_threshold}|{settings.collaborative_min_support}"
    scoring += f"|{settings.signal_blend}|{settings.collaborative_weight}|{settings.transitions_weight}"
    scoring += f"|{settings.transitions_recent}|{settings.transitions_decay}|{settings.ranker_model}"
    scoring += f"|{settings.collaborative_recency_floor}|{settings.signal_popularity_penalty}"
    kinds = f"{embedder_kind(settings)}|{reranker_kind(settings)}|{query_parser_kind(settings)}"
    return f"{kinds}|{bool(settings.tmdb_api_key)}|{scoring}"


class Recommendation(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    cache: providers.Dependency[Cache] = providers.Dependency()
    openai_client: providers.Dependency[openai.AsyncOpenAI] = providers.Dependency()
    uow_factory: providers.Dependency[Callable[[], UnitOfWork]] = providers.Dependency()
    catalog_reader: providers.Dependency[CatalogReader] = providers.Dependency()
    candidates: providers.Dependency[CandidateSource] = providers.Dependency()
    local_candidates: providers.Dependency[CandidateSource] = providers.Dependency()
    collaborative_store: providers.Dependency[CollaborativeStore] = providers.Dependency()
    collaborative_options: providers.Dependency[CollaborativeOptions] = providers.Dependency()
    query_understanding: providers.Dependency[UnderstandQuery] = providers.Dependency()
    snapshot_reader: providers.Dependency[UserSnapshotReader] = providers.Dependency()
    page_stamps: providers.Dependency[PageStamps | None] = providers.Dependency()

    stage_timer: providers.Provider[StageTimer] = providers.Singleton(PrometheusStageTimer)
    rerank_metrics: providers.Provider[RerankMetrics] = providers.Singleton(PrometheusRerankMetrics)
    fuzzy_titles: providers.Provider[FuzzyTitles] = providers.Singleton(RapidfuzzTitles)
    local_reranker: providers.Provider[Reranker] = providers.Singleton(
        LocalReranker, min_support=settings.provided.collaborative_min_support
    )
    # None without an LLM: rerank="llm" is then refused (see kinds.has_llm_reranker)
    llm_reranker: providers.Provider[Reranker | None] = providers.Selector(
        providers.Callable(reranker_kind, settings),
        local=providers.Object(None),
        openai=providers.Singleton(
            openai_reranker, openai_client, local_reranker, settings, cache, rerank_metrics
        ),
    )
    gather_candidates: providers.Provider[GatherCandidates] = providers.Factory(
        GatherCandidates,
        reader=catalog_reader,
        source=candidates,
        fallback=local_candidates,
        fuzzy=fuzzy_titles,
        collaborative=collaborative_store,
        params=providers.Callable(gather_params, settings, collaborative_options),
    )
    learned_ranker: providers.Provider[LearnedRanker | None] = providers.Singleton(learned_ranker, settings)
    recommend: providers.Provider[Recommend] = providers.Factory(
        Recommend,
        users=providers.Factory(UserReads, uow_factory=uow_factory, snapshots=snapshot_reader),
        reader=catalog_reader,
        gather=gather_candidates,
        rerankers=providers.Factory(Rerankers, local=local_reranker, llm=llm_reranker),
        params=providers.Callable(recommend_params, settings, learned_ranker),
        query=query_understanding,
        timer=stage_timer,
    )
    cached_recommend: providers.Provider[CachedRecommend] = providers.Factory(
        CachedRecommend,
        inner=recommend,
        cache=cache,
        uow_factory=uow_factory,
        ttl_seconds=settings.provided.cache_ttl_seconds,
        salt=providers.Callable(config_salt, settings),
        collaborative=collaborative_store,
        stamps=page_stamps,
        snapshots=snapshot_reader,
    )
    record_feedback = providers.Factory(RecordFeedback, uow_factory=uow_factory, reader=catalog_reader)
    # a blend for two (POST /api/v1/blends, `cinemai blend`)
    blend_for_two = providers.Factory(
        BlendForTwo,
        users=providers.Factory(UserReads, uow_factory=uow_factory, snapshots=snapshot_reader),
        uow_factory=uow_factory,
        reader=catalog_reader,
        gather=gather_candidates,
        params=providers.Callable(recommend_params, settings, learned_ranker),
        alpha=settings.provided.alpha,
    )

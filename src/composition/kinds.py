"""Which adapter each port gets, decided from Settings alone (pure functions, shared by the containers)."""

from __future__ import annotations

from src.infrastructure.settings import Settings


def embedder_kind(settings: Settings) -> str:
    if settings.embedder != "auto":
        return settings.embedder
    return "openai" if settings.openai_api_key else "local"


def reranker_kind(settings: Settings) -> str:
    if settings.reranker != "auto":
        return settings.reranker
    return "openai" if settings.openai_api_key else "local"


def has_llm_reranker(settings: Settings) -> bool:
    """Whether rerank="llm" can be served: the same choice the llm_reranker provider makes."""
    return reranker_kind(settings) == "openai"


def query_parser_kind(settings: Settings) -> str:
    if settings.query_parser != "auto":
        return settings.query_parser
    return "openai" if settings.openai_api_key else "local"


def job_queue_kind(settings: Settings) -> str:
    if settings.jobs != "auto":
        return settings.jobs
    return "redis" if settings.redis_url else "in-process"


def shared_state_kind(settings: Settings) -> str:
    """Where caches, limits and revocations live: "redis" with REDIS_URL, else "memory" (this process)."""
    return "redis" if settings.redis_url else "memory"


def lookup_kind(settings: Settings) -> str:
    """Where missing movies are looked up: "tmdb" with TMDB_API_KEY, else "local" (the catalog alone)."""
    return "tmdb" if settings.tmdb_api_key else "local"

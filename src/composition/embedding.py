"""Embedding: the text embedder (local sentence-transformers, hashing, or OpenAI) and its cached form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from src.application.ports.embedder import Embedder
from src.application.ports.recommend import Cache
from src.composition.kinds import embedder_kind
from src.infrastructure.cache.embedding_cache import CachedEmbedder
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    import openai


def openai_client(settings: Settings) -> openai.AsyncOpenAI:
    import openai

    return openai.AsyncOpenAI(
        api_key=settings.openai_api_key or "missing",
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout_s,
        max_retries=1,
    )


def _local_embedder(batch_size: int) -> Embedder:
    from src.infrastructure.embedding.local import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(batch_size=batch_size)


def _hashing_embedder() -> Embedder:
    from src.infrastructure.embedding.hashing import HashingEmbedder

    return HashingEmbedder()


def _openai_embedder(client: openai.AsyncOpenAI, settings: Settings) -> Embedder:
    from src.infrastructure.openai.embedder import OpenAIEmbedder

    return OpenAIEmbedder(client, model=settings.openai_embedding_model)


class Embedding(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    cache: providers.Dependency[Cache] = providers.Dependency()

    # one OpenAI client for the embedder, the reranker and the query parser (used only with OPENAI_API_KEY)
    openai_client: providers.Provider[openai.AsyncOpenAI] = providers.Singleton(openai_client, settings)
    embedder: providers.Provider[Embedder] = providers.Selector(
        providers.Callable(embedder_kind, settings),
        local=providers.Singleton(_local_embedder, settings.provided.embed_batch_size),
        hashing=providers.Singleton(_hashing_embedder),
        openai=providers.Singleton(_openai_embedder, openai_client, settings),
    )
    # query texts and unmatched history rows; the catalog import uses the plain embedder
    cached_embedder: providers.Provider[Embedder] = providers.Singleton(CachedEmbedder, embedder, cache)

"""Free-text queries: the query parser (local rules, or OpenAI) and the query understanding use case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from src.application.ports.catalog import CatalogReader
from src.application.ports.embedder import Embedder
from src.application.ports.query import QueryParser, TitleLookup
from src.application.query_parser import LocalQueryParser
from src.application.understand_query import UnderstandQuery
from src.composition.kinds import query_parser_kind
from src.infrastructure.matching.catalog_index import CatalogIndexCache
from src.infrastructure.matching.query_titles import IndexTitleLookup
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    import openai


def openai_query_parser(client: openai.AsyncOpenAI, settings: Settings) -> QueryParser:
    from src.infrastructure.openai.query_parser import OpenAIQueryParser

    return OpenAIQueryParser(
        client, model=settings.openai_query_model, timeout_s=settings.query_parser_timeout_s
    )


class Queries(containers.DeclarativeContainer):
    settings: providers.Dependency[Settings] = providers.Dependency()
    openai_client: providers.Dependency[openai.AsyncOpenAI] = providers.Dependency()
    embedder: providers.Dependency[Embedder] = providers.Dependency()
    cached_embedder: providers.Dependency[Embedder] = providers.Dependency()
    catalog_reader: providers.Dependency[CatalogReader] = providers.Dependency()
    catalog_index: providers.Dependency[CatalogIndexCache] = providers.Dependency()

    query_titles: providers.Provider[TitleLookup] = providers.Singleton(
        IndexTitleLookup, catalog_index, embedder.provided.model_name
    )
    query_parser: providers.Provider[QueryParser] = providers.Selector(
        providers.Callable(query_parser_kind, settings),
        local=providers.Singleton(LocalQueryParser),
        openai=providers.Singleton(openai_query_parser, openai_client, settings),
    )
    query_understanding = providers.Factory(
        UnderstandQuery,
        reader=catalog_reader,
        titles=query_titles,
        embedder=cached_embedder,
        parser=query_parser,
        weight=settings.provided.query_weight,
    )

"""The query parsers `cinemai eval queries --parser` compares: the local rules, the OpenAI parser as
configured, or the OpenAI parser over scripted answers (no network)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from src.application.ports.query import QueryParser
from src.application.query_parser import LocalQueryParser
from src.composition.queries import openai_query_parser
from src.container import Container
from src.domain.errors import InvalidInputError
from src.infrastructure.settings import Settings

if TYPE_CHECKING:
    import openai


def selected_query_parser(
    settings: Settings, client: Callable[[], openai.AsyncOpenAI], kind: str
) -> QueryParser:
    """`cinemai eval queries --parser local|llm`: the local rules, or the OpenAI parser as configured."""
    if kind == "local":
        return LocalQueryParser()
    if not settings.openai_api_key:
        raise InvalidInputError(
            "--parser llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a stub); "
            "--parser scripted runs the same parser over scripted answers"
        )
    return openai_query_parser(client(), settings)


def scripted_query_parser(settings: Settings) -> QueryParser:
    """The OpenAI parser through the real SDK over scripted answers with planted invalid values (no network)."""
    from src.infrastructure.openai.scripted_query import scripted_query_client

    return openai_query_parser(scripted_query_client(), settings)


def evaluation_query_parser(container: Container, kind: str) -> QueryParser:
    """`cinemai eval queries --parser`: "local"; "llm" = the OpenAI parser as configured (OPENAI_API_KEY,
    OPENAI_BASE_URL: the real API or a stub); "scripted" = the OpenAI parser through the real SDK over
    scripted answers with planted invalid values (no network)."""
    if kind == "scripted":
        return scripted_query_parser(container.settings())
    return selected_query_parser(container.settings(), container.openai_client, kind)

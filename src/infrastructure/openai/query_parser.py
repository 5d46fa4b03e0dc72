"""The LLM query parser: OpenAI chat completions with strict structured output, every answer checked
against the catalog's vocabulary (src/application/validate_query.py) before it is used.

The prompt gives the model the catalog's genres, countries, languages and year range and the person's
words in a delimited block (treated as data, never as instructions). Any remote problem — time-out
(whole call, retries included, bounded by `timeout_s`), API or connection error, refusal, truncated or
non-JSON answer — raises ExternalServiceError, and UnderstandQuery then uses the local parser.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from src.application.ports.query import QueryParser, QueryVocabulary
from src.application.validate_query import ANSWER_FIELDS, validate_answer
from src.domain.errors import ExternalServiceError
from src.domain.query import ParsedQuery
from src.infrastructure.openai.errors import short_reason

log = logging.getLogger(__name__)

PROMPT_VERSION = 1
_STRINGS = {"type": "array", "items": {"type": "string"}}
_INT_OR_NULL = {"type": ["integer", "null"]}
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "genres": _STRINGS,
        "exclude_genres": _STRINGS,
        "countries": _STRINGS,
        "exclude_countries": _STRINGS,
        "languages": _STRINGS,
        "year_min": _INT_OR_NULL,
        "year_max": _INT_OR_NULL,
        "runtime_min": _INT_OR_NULL,
        "runtime_max": _INT_OR_NULL,
        "anchors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"title": {"type": "string"}, "year": _INT_OR_NULL},
                "required": ["title", "year"],
                "additionalProperties": False,
            },
        },
        "relative_runtime": {"type": ["string", "null"], "enum": ["shorter", "longer", None]},
        "remaining_text": {"type": "string"},
    },
    "required": list(ANSWER_FIELDS),
    "additionalProperties": False,
}

SYSTEM = """You turn a person's request for a film into search constraints for a film catalog.
Answer with the JSON object the schema describes:
- genres (any of), exclude_genres, countries (production countries, any of), exclude_countries and
  languages (the original language, any of): ONLY values from the catalog lists given, spelled exactly as
  listed. Everyday words map to genres ("scary" -> Horror, "funny" -> Comedy, "animated" -> Animation).
  A nationality ("French film") is a country; "in Korean", "Korean-language" is a language.
  "not horror" / "no French films" / "not American" go to the exclude lists.
- year_min / year_max: inclusive years ("90s" -> 1990..1999, "before 1980" -> year_max 1979,
  "recent" -> the catalog's last 10 years). runtime_min / runtime_max in minutes ("short" -> max 90,
  "under two hours" -> max 120, "long" -> min 150).
- anchors: films the person names as a reference ("like Heat", "similar to Alien"), with the year if
  given or certain, else null. relative_runtime: "shorter" / "longer" than the anchors if asked.
- remaining_text: the words about mood, theme or plot that are not a constraint above (may be "").
Leave a field empty (or null) when the request does not say it. Never invent values."""


def build_messages(text: str, vocab: QueryVocabulary) -> list[ChatCompletionMessageParam]:
    catalog = {
        "genres": list(vocab.genres),
        "countries": list(vocab.countries),
        "languages": list(vocab.languages),
        "years": [vocab.year_min, vocab.year_max],
    }
    user = (
        "<catalog_vocabulary>\n"
        + json.dumps(catalog, ensure_ascii=False)
        + "\n</catalog_vocabulary>\n<request>\n"
        + text.replace("</request>", "")
        + "\n</request>"
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def response_format() -> ResponseFormatJSONSchema:
    return {
        "type": "json_schema",
        "json_schema": {"name": "parsed_query", "strict": True, "schema": ANSWER_SCHEMA},
    }


class OpenAIQueryParser(QueryParser):
    """Asks `model` to read the query; validate_answer keeps only the catalog's own values."""

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str = "gpt-4o-mini",
        timeout_s: float = 5.0,
        *,
        max_retries: int = 0,
    ) -> None:
        self._client = client.with_options(
            timeout=timeout_s, max_retries=min(client.max_retries, max_retries)
        )
        self._model = model
        self._timeout_s = timeout_s
        self.name = f"openai:{model}"

    async def parse(self, text: str, vocab: QueryVocabulary) -> ParsedQuery:
        try:
            async with asyncio.timeout(self._timeout_s):
                completion = await self._client.chat.completions.create(
                    model=self._model,
                    messages=build_messages(text, vocab),
                    response_format=response_format(),
                    temperature=0,
                    max_tokens=500,
                )
        except (TimeoutError, openai.OpenAIError) as exc:
            raise _failed(short_reason(exc)) from exc
        if not isinstance(completion, ChatCompletion):  # e.g. an HTML error page from a proxy
            raise _failed("unexpected response shape")
        if not completion.choices:
            raise _failed("no choices")
        choice = completion.choices[0]
        if choice.message.refusal:
            raise _failed("refused")
        if choice.finish_reason == "length":
            raise _failed("truncated answer")
        try:
            answer = json.loads(choice.message.content or "")
        except json.JSONDecodeError as exc:
            raise _failed("answer is not JSON") from exc
        if not isinstance(answer, dict):
            raise _failed("answer is not a JSON object")
        parsed = validate_answer(answer, text, vocab, parser=self.name)
        if parsed.rejected:
            log.info("OpenAI query parser: dropped %s", "; ".join(parsed.rejected))
        return parsed


def _failed(reason: str) -> ExternalServiceError:
    return ExternalServiceError(
        f"OpenAI query parsing failed: {reason}", details={"service": "openai", "reason": reason}
    )

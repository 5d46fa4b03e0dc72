"""The OpenAI query parser's loopback stub: POST /v1/chat/completions answers like a model following
the query prompt (src/infrastructure/openai/scripted_query.py), planted invalid values included."""

from __future__ import annotations

import json

from src.infrastructure.openai.scripted_query import scripted_query_answer
from tests.stubs.openai_tmdb import RecordedRequest, StubResponse, StubServer, chat_completion


def scripted_query_route(stub: StubServer, *, plant: bool = True) -> None:
    def handle(request: RecordedRequest) -> StubResponse:
        body = request.json()
        content = json.dumps(scripted_query_answer(body, plant=plant), ensure_ascii=False)
        return StubResponse(json=chat_completion(content, model=body["model"]))

    stub.route(r"/v1/chat/completions", handle)


def answer(**fields: object) -> StubResponse:
    """One structured-output answer: the query schema's fields, empty unless given."""
    base: dict[str, object] = {
        "genres": [], "exclude_genres": [], "countries": [], "exclude_countries": [], "languages": [],
        "year_min": None, "year_max": None, "runtime_min": None, "runtime_max": None, "anchors": [],
        "relative_runtime": None, "remaining_text": "",
    }  # fmt: skip
    return StubResponse(json=chat_completion(json.dumps(base | fields)))

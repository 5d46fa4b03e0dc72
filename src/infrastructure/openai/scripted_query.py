"""Scripted GPT-style query-parsing answers with planted invalid values, for `cinemai eval queries
--parser scripted` and the tests (the loopback stub in tests/stubs/openai_query.py serves the same).

`scripted_query_answer(body)` reads the prompt the OpenAI query parser sent (the catalog vocabulary and
the request between their tags) and answers like a model following it: the films named after "like",
"similar to"… (as the person capitalised them, with a year in brackets when given), and the
constraints the words carry over the prompt's own lists. Then, for about one query in three (chosen
by a hash of the text, so runs repeat), it plants one value a model plausibly invents and that is not
in the catalog: a sub-genre, a region for a country, an unlisted language, a film that does not exist,
an impossible year or runtime. Validation must drop every planted value.

`scripted_query_transport(calls)` serves it through the real openai SDK with no network
(`scripted_query_client()` is a client over it). Never used by
the service itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import httpx
import openai

from src.application.ports.query import QueryVocabulary
from src.application.query_parser import ANCHOR_TRIGGERS, parse_query
from src.infrastructure.openai.scripted import chat_completion_body

PLANTS = ("genre", "country", "language", "film", "year", "runtime")
PLANTED_GENRES = ("Neo-Noir", "Psychological Thriller", "Feel-Good")
PLANTED_COUNTRIES = ("Scandinavia", "Latin America", "Europe")
PLANTED_LANGUAGES = ("Elvish", "Klingon")
INVENTED_FILM = {"title": "The Midnight Courier", "year": 1994}
_STOP = {"but", "from", "with", "in", "set", "only", "that", "which", "except", "without", "not", "no",
         "shorter", "longer", "made", "for", "please", "and", "or"}  # fmt: skip


def prompt_parts(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(the request text, the catalog vocabulary) of a chat.completions request body."""
    user = body["messages"][1]["content"]
    vocab = json.loads(user.split("<catalog_vocabulary>\n", 1)[1].split("\n</catalog_vocabulary>", 1)[0])
    text = user.split("<request>\n", 1)[1].rsplit("\n</request>", 1)[0]
    return text, vocab


def plant_for(text: str) -> str | None:
    """The value kind planted in the answer to `text` (None for about two queries in three)."""
    h = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
    return PLANTS[(h // 3) % len(PLANTS)] if h % 3 == 0 else None


def scripted_query_answer(body: dict[str, Any], *, plant: bool = True) -> dict[str, Any]:
    text, catalog = prompt_parts(body)
    anchors, rest = _anchors(text)
    relative = None
    if anchors:
        for word in ("shorter", "longer"):
            if re.search(rf"\b{word}\b", rest, re.I):
                relative = word
                rest = re.sub(rf"\b{word}\b", " ", rest, flags=re.I)
    years = catalog.get("years") or [None, None]
    vocab = QueryVocabulary(
        genres=tuple(catalog["genres"]),
        countries=tuple(catalog["countries"]),
        languages=tuple(catalog["languages"]),
        year_min=years[0],
        year_max=years[1],
    )
    parsed = parse_query(rest, vocab)
    c = parsed.constraints
    answer: dict[str, Any] = {
        "genres": list(c.genres),
        "exclude_genres": list(c.exclude_genres),
        "countries": list(c.countries),
        "exclude_countries": list(c.exclude_countries),
        "languages": list(c.languages),
        "year_min": c.year_min,
        "year_max": c.year_max,
        "runtime_min": c.runtime_min,
        "runtime_max": c.runtime_max,
        "anchors": anchors,
        "relative_runtime": relative,
        "remaining_text": parsed.remaining,
    }
    kind = plant_for(text) if plant else None
    if kind is not None:
        _plant(answer, kind, catalog)
    return answer


def _anchors(text: str) -> tuple[list[dict[str, Any]], str]:
    """Films the text names after a trigger, as capitalised words; the text without them."""
    words = re.findall(r"\(\d{4}\)|[A-Za-z0-9'’:!&.-]+|[,;?]", text)
    triggers = sorted(ANCHOR_TRIGGERS, key=len, reverse=True)
    out: list[dict[str, Any]] = []
    keep = [True] * len(words)
    i = 0
    while i < len(words):
        n = next((len(t) for t in triggers if [w.lower() for w in words[i : i + len(t)]] == list(t)), 0)
        if not n or i + n >= len(words) or not words[i + n][:1].isupper():
            i += 1
            continue
        j = i + n
        for k in range(i, j):
            keep[k] = False
        while j < len(words) and words[j][:1].isupper():
            start = j
            while j < len(words) and words[j] not in {",", ";", "?"} and not words[j].startswith("("):
                if words[j].lower() in _STOP and j > start:
                    break
                if re.fullmatch(r"\d0s|\d{4}s?", words[j]):
                    break
                j += 1
            title = " ".join(words[start:j]).rstrip(".")
            year = None
            if j < len(words) and re.fullmatch(r"\(\d{4}\)", words[j]):
                year = int(words[j][1:5])
                j += 1
            out.append({"title": title, "year": year})
            for k in range(start, j):
                keep[k] = False
            if j + 1 < len(words) and words[j].lower() in {"and", "or"} and words[j + 1][:1].isupper():
                keep[j] = False
                j += 1
        i = j
    return out, " ".join(w for w, k in zip(words, keep, strict=True) if k)


def _absent(candidates: tuple[str, ...], known: list[str]) -> str:
    folded = {k.lower() for k in known}
    return next((c for c in candidates if c.lower() not in folded), candidates[-1] + " (invented)")


def _plant(answer: dict[str, Any], kind: str, catalog: dict[str, Any]) -> None:
    if kind == "genre":
        answer["genres"].append(_absent(PLANTED_GENRES, catalog["genres"]))
    elif kind == "country":
        answer["countries"].append(_absent(PLANTED_COUNTRIES, catalog["countries"]))
    elif kind == "language":
        answer["languages"].append(_absent(PLANTED_LANGUAGES, catalog["languages"]))
    elif kind == "film":
        answer["anchors"].append(dict(INVENTED_FILM))
    elif kind == "year":  # a digit too many, on a bound the request left open
        free = (
            "year_min" if answer["year_min"] is None else "year_max" if answer["year_max"] is None else None
        )
        if free is None:
            _plant(answer, "genre", catalog)
        else:
            answer[free] = 20_199
    elif kind == "runtime":
        free = (
            "runtime_min"
            if answer["runtime_min"] is None
            else "runtime_max"
            if answer["runtime_max"] is None
            else None
        )
        if free is None:
            _plant(answer, "genre", catalog)
        else:
            answer[free] = -15


def scripted_query_transport(calls: list[dict[str, Any]] | None = None) -> httpx.MockTransport:
    """An httpx transport answering POST …/chat/completions with scripted_query_answer."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if calls is not None:
            calls.append(body)
        content = json.dumps(scripted_query_answer(body), ensure_ascii=False)
        return httpx.Response(200, json=chat_completion_body(content, body["model"]))

    return httpx.MockTransport(handle)


def scripted_query_client() -> openai.AsyncOpenAI:
    """An OpenAI client whose chat completions are scripted_query_answer (no network, no retries)."""
    # openai types `http_client` against its own copy of httpx's classes; the object is the same class
    http: Any = httpx.AsyncClient(transport=scripted_query_transport())
    return openai.AsyncOpenAI(
        api_key="eval", base_url="http://scripted.invalid/v1", http_client=http, max_retries=0
    )

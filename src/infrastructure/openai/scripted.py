"""Scripted GPT-style rerank answers with planted errors, for `cinemai eval explanations` and the tests.

`scripted_answer(body, plant)` reads the prompt the reranker sent (the JSON between <catalog_data> tags)
and answers like a model following it: a slightly reordered list, one realistic justification per
candidate citing its evidence, then plants the errors named in `plant`, one candidate each:

- "wrong_year": the candidate's year is off by three;
- "invented_director": "directed by Jonathan Whitfield" (no such credit);
- "unrated_film": says the user loved a film that is not in their history;
- "wrong_rating": states a cited film's rating one point higher;
- "swapped": two candidates' justifications are swapped (each names the other film);
- "missing_id": one candidate is left out;
- "duplicate_id" / "hallucinated_id": a candidate repeated / an id that is not a candidate.

`scripted_transport(plant)` serves it through the real openai SDK with no network
(openai.AsyncOpenAI(http_client=httpx.AsyncClient(transport=...))). Never used by the service itself.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

import httpx

PLANTS = (
    "wrong_year", "invented_director", "unrated_film", "wrong_rating", "swapped", "missing_id",
    "duplicate_id", "hallucinated_id",
)  # fmt: skip
INVENTED_DIRECTOR = "Jonathan Whitfield"
_UNRATED = ("The Shining", "Suspiria", "Chinatown", "Amélie", "Vertigo", "Rashomon")
HALLUCINATED_ID = 987_654_321


def prompt_data(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON document of the user message."""
    user = body["messages"][1]["content"]
    block = user.split("<catalog_data>\n", 1)[1].split("\n</catalog_data>", 1)[0]
    data: dict[str, Any] = json.loads(block)
    return data


def justification(candidate: dict[str, Any]) -> tuple[str, list[str]]:
    """A realistic, faithful justification for one candidate of the prompt, and the evidence it cites."""
    genres = " and ".join(g.lower() if not g.isupper() else g for g in candidate["genres"][:2])
    year = f"{candidate['year']} " if candidate.get("year") else ""
    director = f", directed by {candidate['directors'][0]}," if candidate.get("directors") else ""
    head = f"{candidate['title']} is a {year}{genres or 'feature'} film{director}".rstrip(",")
    evidence = candidate.get("evidence") or []
    if not evidence:
        label = candidate.get("cluster") or ""
        return f"{head} that fits your “{label}” taste." if label else f"{head}.", []
    first = evidence[0]
    rating = f", which you rated {first['your_rating']:g}/10" if first.get("your_rating") is not None else ""
    also = f" and {evidence[1]['title']}" if len(evidence) > 1 else ""
    cited = [first["evidence_id"]] + ([evidence[1]["evidence_id"]] if len(evidence) > 1 else [])
    return f"{head}, in the vein of {first['title']}{rating}{also}.", cited


def scripted_answer(body: dict[str, Any], plant: Collection[str] = ()) -> dict[str, Any]:
    """The `{"items": [...]}` answer for a chat.completions request body, with `plant` errors."""
    data = prompt_data(body)
    candidates: list[dict[str, Any]] = data["candidates"]
    items = []
    for c in candidates:
        text, cited = justification(c)
        items.append({"id": c["id"], "justification": text, "cited": cited})
    if len(items) > 1:
        items[0], items[1] = items[1], items[0]  # a model reorders: a legitimate swap of places
    known = {c["title"] for c in candidates} | {
        e["title"] for c in candidates for e in c.get("evidence") or []
    }
    _plant(items, candidates, plant, known)
    return {"items": items}


def planted_ids(body: dict[str, Any], plant: Collection[str]) -> dict[str, list[int]]:
    """Which candidate ids each planted error hits (same choice as scripted_answer)."""
    answer = scripted_answer(body, ())
    ids = [i["id"] for i in answer["items"]]
    return {name: _targets(name, ids) for name in plant if name in PLANTS}


def _targets(name: str, ids: Sequence[int]) -> list[int]:
    slot = {"wrong_year": 0, "invented_director": 1, "unrated_film": 2, "wrong_rating": 3, "swapped": 4,
            "missing_id": 6, "duplicate_id": 7, "hallucinated_id": 8}[name]  # fmt: skip
    if name == "swapped":
        return [ids[slot % len(ids)], ids[(slot + 1) % len(ids)]]
    return [ids[slot % len(ids)]]


def _plant(
    items: list[dict[str, Any]], candidates: list[dict[str, Any]], plant: Collection[str], known: set[str]
) -> None:
    by_id = {c["id"]: c for c in candidates}
    ids = [i["id"] for i in items]
    at = {i["id"]: i for i in items}
    for name in plant:
        targets = _targets(name, ids)
        item, movie = at[targets[0]], by_id[targets[0]]
        if name == "wrong_year" and movie.get("year"):
            item["justification"] = item["justification"].replace(
                str(movie["year"]), str(movie["year"] + 3), 1
            )
        elif name == "invented_director":
            item["justification"] = (
                f"{movie['title']}, directed by {INVENTED_DIRECTOR}, is right up your street."
            )
        elif name == "unrated_film":
            unrated = next(t for t in _UNRATED if t not in known)
            item["justification"] = f"Since you loved {unrated}, {movie['title']} will grip you the same way."
            item["cited"] = []
        elif name == "wrong_rating":
            evidence = movie.get("evidence") or []
            if evidence:
                rated = evidence[0]
                stated = (rated.get("your_rating") or 7.0) + 1
                item["justification"] = (
                    f"{movie['title']} echoes {rated['title']}, which you rated {stated:g}/10."
                )
                item["cited"] = [rated["evidence_id"]]
        elif name == "swapped":
            other = at[targets[1]]
            item["justification"], other["justification"] = other["justification"], item["justification"]
            item["cited"], other["cited"] = other["cited"], item["cited"]
        elif name == "missing_id":
            items.remove(item)
        elif name == "duplicate_id":
            items.append(dict(item, justification=item["justification"] + " Worth a second look."))
        elif name == "hallucinated_id":
            items.append({"id": HALLUCINATED_ID, "justification": "A hidden gem.", "cited": []})


def chat_completion_body(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted", "object": "chat.completion", "created": 1_767_225_600, "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": None}}],
        "usage": {"prompt_tokens": 1800, "completion_tokens": 420, "total_tokens": 2220},
    }  # fmt: skip


def scripted_transport(
    plant: Collection[str] = (), calls: list[dict[str, Any]] | None = None
) -> httpx.MockTransport:
    """An httpx transport answering POST …/chat/completions with scripted_answer (requests in `calls`)."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if calls is not None:
            calls.append(body)
        content = json.dumps(scripted_answer(body, plant), ensure_ascii=False)
        return httpx.Response(200, json=chat_completion_body(content, body["model"]))

    return httpx.MockTransport(handle)

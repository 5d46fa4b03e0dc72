"""Stub OpenAI and TMDB on loopback, answering with the real APIs' JSON shapes.

Usage in a test module:

    @pytest.fixture
    def stub() -> Iterator[StubServer]:
        with StubServer() as server:
            yield server

    stub.queue("/v1/chat/completions", StubResponse(429, openai_error(...), headers={"retry-after-ms": "50"}),
               StubResponse(json=chat_completion('{"items": []}')))
    client = openai.AsyncOpenAI(base_url=stub.url + "/v1", api_key="test", max_retries=1)

For TMDB, `FakeTmdb(stub, movies).install()` serves genres, discover, details, find, search, popular and
top_rated from a small list of StubMovie under /3 (use base_url=stub.url + "/3").
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tests.stubs.http_stub import RecordedRequest, StubResponse, StubServer

__all__ = [
    "TMDB_GENRES",
    "FakeTmdb",
    "RecordedRequest",
    "StubMovie",
    "StubResponse",
    "StubServer",
    "chat_completion",
    "embeddings_route",
    "fake_vector",
    "openai_error",
    "scripted_rerank_route",
    "tmdb_error",
]

# ---------------------------------------------------------------- OpenAI shapes


def chat_completion(
    content: str | None, *, model: str = "gpt-4o-2024-08-06", finish_reason: str = "stop",
    refusal: str | None = None,
) -> dict[str, Any]:
    """A `chat.completion` object as POST /v1/chat/completions returns it."""
    return {
        "id": "chatcmpl-stub123",
        "object": "chat.completion",
        "created": 1_767_225_600,
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": refusal, "annotations": []},
            "logprobs": None,
            "finish_reason": finish_reason,
        }],
        "usage": {"prompt_tokens": 812, "completion_tokens": 240, "total_tokens": 1052},
        "service_tier": "default",
        "system_fingerprint": "fp_stub",
    }


def openai_error(message: str, *, type_: str = "server_error", code: str | None = None) -> dict[str, Any]:
    """The body OpenAI sends with a 4xx/5xx."""
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def fake_vector(text: str, dimension: int) -> list[float]:
    """A deterministic, not normalised vector per text (so the adapter's normalisation shows)."""
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    return [float(x) for x in np.random.default_rng(seed).normal(size=dimension) * 3.0]


def embeddings_route(stub: StubServer, *, dimension: int = 8, reverse: bool = True) -> None:
    """POST /v1/embeddings answers a `list` of `embedding` objects, honouring `dimensions` and
    `encoding_format` (the SDK asks for base64 float32 by default). `reverse` returns the items
    in reverse order, each with its own `index`, to prove the adapter orders by index."""

    def handle(request: RecordedRequest) -> StubResponse:
        body = request.json()
        texts = [body["input"]] if isinstance(body["input"], str) else list(body["input"])
        dim = int(body.get("dimensions") or dimension)
        items = []
        for i, text in enumerate(texts):
            vec = fake_vector(text, dim)
            if body.get("encoding_format") == "base64":
                data: object = base64.b64encode(np.asarray(vec, dtype="<f4").tobytes()).decode()
            else:
                data = vec
            items.append({"object": "embedding", "index": i, "embedding": data})
        if reverse:
            items.reverse()
        usage = {"prompt_tokens": 5 * len(texts), "total_tokens": 5 * len(texts)}
        return StubResponse(json={"object": "list", "data": items, "model": body["model"], "usage": usage})

    stub.route(r"/v1/embeddings", handle)


# ---------------------------------------------------------------- TMDB shapes

TMDB_GENRES = [
    (28, "Action"), (12, "Adventure"), (16, "Animation"), (35, "Comedy"), (80, "Crime"),
    (99, "Documentary"), (18, "Drama"), (10751, "Family"), (14, "Fantasy"), (36, "History"),
    (27, "Horror"), (10402, "Music"), (9648, "Mystery"), (10749, "Romance"), (878, "Science Fiction"),
    (10770, "TV Movie"), (53, "Thriller"), (10752, "War"), (37, "Western"),
]
_GENRE_IDS = {name: gid for gid, name in TMDB_GENRES}
_COUNTRY_NAMES = {"US": "United States of America", "GB": "United Kingdom", "FR": "France",
                  "JP": "Japan", "KR": "South Korea", "DE": "Germany"}


def tmdb_error(status: int, code: int, message: str) -> StubResponse:
    return StubResponse(status, {"success": False, "status_code": code, "status_message": message})


@dataclass
class StubMovie:
    id: int
    title: str
    release_date: str
    genres: list[str]
    imdb_id: str | None = None
    overview: str = "A story."
    countries: list[str] = field(default_factory=lambda: ["US"])
    runtime: int | None = 110
    director: str = "Some Director"
    cast: list[str] = field(default_factory=lambda: ["Lead Actor", "Second Actor"])
    popularity: float = 10.0
    vote_average: float = 7.1
    vote_count: int = 1000
    original_title: str | None = None

    def list_item(self) -> dict[str, Any]:
        """A movie as /discover, /search, /popular, /top_rated and /find list it."""
        return {
            "adult": False, "backdrop_path": f"/b{self.id}.jpg", "genre_ids": [_GENRE_IDS[g] for g in self.genres],
            "id": self.id, "original_language": "en", "original_title": self.original_title or self.title,
            "overview": self.overview, "popularity": self.popularity, "poster_path": f"/p{self.id}.jpg",
            "release_date": self.release_date, "title": self.title, "video": False,
            "vote_average": self.vote_average, "vote_count": self.vote_count,
        }

    def details(self, append: str = "") -> dict[str, Any]:
        """GET /movie/{id}, with `credits` when append_to_response asks for it."""
        out = self.list_item() | {
            "belongs_to_collection": None, "budget": 1_000_000, "homepage": "", "imdb_id": self.imdb_id,
            "origin_country": self.countries, "production_companies": [],
            "production_countries": [{"iso_3166_1": c, "name": _COUNTRY_NAMES.get(c, c)} for c in self.countries],
            "revenue": 5_000_000, "runtime": self.runtime, "status": "Released", "tagline": "",
            "spoken_languages": [{"english_name": "English", "iso_639_1": "en", "name": "English"}],
            "genres": [{"id": _GENRE_IDS[g], "name": g} for g in self.genres],
        }
        del out["genre_ids"]
        if "credits" in append.split(","):
            out["credits"] = {
                "cast": [{"id": 100 + i, "name": n, "character": "X", "order": i, "known_for_department": "Acting"}
                         for i, n in enumerate(self.cast)],
                "crew": [
                    {"id": 7, "name": "A Producer", "department": "Production", "job": "Producer"},
                    {"id": 8, "name": self.director, "department": "Directing", "job": "Director"},
                ],
            }
        return out


def _page(items: list[dict[str, Any]], page: int, per_page: int = 20) -> dict[str, Any]:
    total_pages = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page: page * per_page]
    return {"page": page, "results": chunk, "total_pages": total_pages, "total_results": len(items)}


class FakeTmdb:
    """A tiny TMDB over `movies`. discover/popular/top_rated list every movie (no server-side
    filtering: the adapter must re-check filters itself); search matches a case-insensitive substring."""

    def __init__(self, stub: StubServer, movies: list[StubMovie], per_page: int = 20) -> None:
        self.stub = stub
        self.movies = {m.id: m for m in movies}
        self.per_page = per_page

    def install(self) -> FakeTmdb:
        s = self.stub
        s.route(r"/3/genre/movie/list", lambda r: StubResponse(
            json={"genres": [{"id": i, "name": n} for i, n in TMDB_GENRES]}))
        for path in (r"/3/discover/movie", r"/3/movie/popular", r"/3/movie/top_rated"):
            s.route(path, self._listing)
        s.route(r"/3/movie/\d+", self._details)
        s.route(r"/3/find/[^/]+", self._find)
        s.route(r"/3/search/movie", self._search)
        return self

    def _listing(self, request: RecordedRequest) -> StubResponse:
        items = [m.list_item() for m in self.movies.values()]
        return StubResponse(json=_page(items, int(request.query.get("page", "1")), self.per_page))

    def _details(self, request: RecordedRequest) -> StubResponse:
        movie = self.movies.get(int(request.path.rsplit("/", 1)[1]))
        if movie is None:
            return tmdb_error(404, 34, "The resource you requested could not be found.")
        return StubResponse(json=movie.details(request.query.get("append_to_response", "")))

    def _find(self, request: RecordedRequest) -> StubResponse:
        imdb_id = request.path.rsplit("/", 1)[1]
        found = [m.list_item() | {"media_type": "movie"} for m in self.movies.values() if m.imdb_id == imdb_id]
        return StubResponse(json={"movie_results": found, "person_results": [], "tv_results": [],
                                  "tv_episode_results": [], "tv_season_results": []})

    def _search(self, request: RecordedRequest) -> StubResponse:
        query = request.query.get("query", "").lower()
        year = request.query.get("year") or request.query.get("primary_release_year")
        items = [m.list_item() for m in self.movies.values()
                 if query in m.title.lower() and (not year or m.release_date.startswith(year))]
        return StubResponse(json=_page(items, int(request.query.get("page", "1")), self.per_page))



def scripted_rerank_route(stub: StubServer, plant: tuple[str, ...] = ()) -> None:
    """POST /v1/chat/completions answers like GPT-4o following the rerank prompt, with the errors named
    in `plant` (see src/infrastructure/openai/scripted.py for the list)."""
    import json

    from src.infrastructure.openai.scripted import scripted_answer

    def handle(request: RecordedRequest) -> StubResponse:
        body = request.json()
        content = json.dumps(scripted_answer(body, plant), ensure_ascii=False)
        return StubResponse(json=chat_completion(content, model=body["model"]))

    stub.route(r"/v1/chat/completions", handle)

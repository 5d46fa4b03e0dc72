"""Recommendation pages behind a cache, keyed by user, profile version and the normalised request.

An upload or feedback bumps the profile version, so a page for an old profile is never served again
(it simply ages out of the cache). A new build of the collaborative model changes the key too."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from src.application.cache_keys import cache_key
from src.application.ports.collaborative import CollaborativeSignal
from src.application.ports.recommend import Cache
from src.application.ports.unit_of_work import UnitOfWork
from src.application.recommend import Recommend, RecommendCommand
from src.domain.errors import NextStep
from src.domain.movie import Movie
from src.domain.query import QueryInterpretation
from src.domain.recommendation import Recommendation, RecommendationList

_MOVIE_FIELDS = [f.name for f in dataclasses.fields(Movie) if f.name != "embedding"]


class CachedRecommend:
    def __init__(
        self,
        inner: Recommend,
        cache: Cache,
        uow_factory: Callable[[], UnitOfWork],
        *,
        ttl_seconds: int = 600,
        salt: str = "",
        collaborative: CollaborativeSignal | None = None,
    ) -> None:
        self._collaborative = collaborative
        self._inner = inner
        self._cache = cache
        self._uow_factory = uow_factory
        self._ttl = ttl_seconds
        self._salt = salt  # e.g. the reranker/candidate configuration, so a config change misses

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        async with self._uow_factory() as uow:
            version = await uow.profiles.version(cmd.user_id)
            lists = await uow.lists.stamp(cmd.user_id)  # a new, deleted or standing list changes pages
        if version is None:
            return await self._inner.execute(cmd)  # raises the "upload a history first" 404
        key = _key(cmd, version, self._salt + await self._model_stamp() + "|lists:" + lists)
        cached = await self._cache.get(key)
        if cached is not None:
            return decode(cached)
        result = await self._inner.execute(cmd)
        if not result.reranker_fell_back:  # a degraded page is not worth keeping
            await self._cache.set(key, encode(result), ttl_seconds=self._ttl)
        return result

    async def _model_stamp(self) -> str:
        """'|collaborative:<built_at>' of the collaborative model in use ('' without one): pages from before a
        rebuild are not served after it."""
        model = await self._collaborative.current() if self._collaborative is not None else None
        return f"|collaborative:{model.built_at.isoformat()}" if model is not None and model.built_at else ""


def _key(cmd: RecommendCommand, version: int, salt: str) -> str:
    request = dataclasses.asdict(cmd)
    request["user_id"] = str(cmd.user_id)
    request["filters"] = {k: sorted(v) if isinstance(v, tuple) else v for k, v in request["filters"].items()}
    return cache_key("rec:v1", salt, version, request)


def encode(result: RecommendationList) -> bytes:
    items = [
        {**{k: v for k, v in dataclasses.asdict(i).items() if k != "movie"}, "movie": _movie(i.movie)}
        for i in result.items
    ]
    body = {
        "items": items,
        "taste_summary": result.taste_summary,
        "strategy": result.strategy,
        "reranker": result.reranker,
        "message": result.message,
        "next_step": result.next_step.value if result.next_step is not None else None,
        "interpreted": result.interpreted.to_dict() if result.interpreted is not None else None,
    }
    return json.dumps(body, separators=(",", ":")).encode()


def decode(data: bytes) -> RecommendationList:
    body = json.loads(data)
    items = [
        Recommendation(**{**{k: v for k, v in i.items() if k != "movie"}, "movie": _unmovie(i["movie"])})
        for i in body.pop("items")
    ]
    step = body.pop("next_step", None)
    body["next_step"] = NextStep(step) if step is not None else None
    interpreted = body.pop("interpreted", None)
    body["interpreted"] = QueryInterpretation.from_dict(interpreted) if interpreted is not None else None
    return RecommendationList(items=items, **body)


def _movie(m: Movie) -> dict[str, Any]:
    return {name: getattr(m, name) for name in _MOVIE_FIELDS}


def _unmovie(d: dict[str, Any]) -> Movie:
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}
    return Movie(**fields)

"""Recommendation pages behind a cache, keyed by user, profile version (or its stamp token) and the
normalised request.

An upload or feedback bumps the profile version (and the stamp token), so a page for an old profile is
never served again (it simply ages out of the cache). A new build of the collaborative model changes the
key too."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from src.application.cache_keys import cache_key
from src.application.ports.collaborative import CollaborativeSignal
from src.application.ports.recommend import Cache, PageStamps
from src.application.ports.unit_of_work import UnitOfWork
from src.application.ports.users import UserSnapshotReader
from src.application.recommend import Recommend, RecommendCommand
from src.application.user_state import UowSnapshotReader
from src.domain.errors import NextStep
from src.domain.filters import Filters
from src.domain.movie import Movie
from src.domain.query import QueryInterpretation
from src.domain.recommendation import Recommendation, RecommendationList

LIST_NAMESPACE = "rec:v3"  # encode()d RecommendationLists
PAGE_NAMESPACE = "recpage:v1"  # rendered response bodies (bump when the API's response shape changes)
_MOVIE_FIELDS = [f.name for f in dataclasses.fields(Movie) if f.name != "embedding"]
_COMMAND_FIELDS = dataclasses.fields(RecommendCommand)
_FILTER_FIELDS = dataclasses.fields(Filters)


class CachedRecommend:
    """execute() answers a RecommendationList; page() the rendered response bytes, stored as they are
    sent, so a hit does no work beyond two cache reads. With `stamps` the profile version lives beside
    the cache (bumped by every committed write to the user: see PageStamps) and a hit reads no database;
    without, the version and lists stamp are read from the database (`snapshots`) each request."""

    def __init__(
        self,
        inner: Recommend,
        cache: Cache,
        uow_factory: Callable[[], UnitOfWork],
        *,
        ttl_seconds: int = 600,
        salt: str = "",
        collaborative: CollaborativeSignal | None = None,
        stamps: PageStamps | None = None,
        snapshots: UserSnapshotReader | None = None,
    ) -> None:
        self._collaborative = collaborative
        self._inner = inner
        self._cache = cache
        self._ttl = ttl_seconds
        self._salt = salt  # e.g. the reranker/candidate configuration, so a config change misses
        self._stamps = stamps
        self._snapshots = snapshots or UowSnapshotReader(uow_factory)

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        stamp = await self._stamp(cmd)
        if stamp is None:
            return await self._inner.execute(cmd)  # raises the "upload a history first" 404
        key = _key(cmd, stamp, self._salt + await self._model_stamp())
        cached = await self._cache.get(key)
        if cached is not None:
            return decode(cached)
        result = await self._inner.execute(cmd)
        if not result.reranker_fell_back:  # a degraded page is not worth keeping
            await self._cache.set(key, encode(result), ttl_seconds=self._ttl)
        return result

    async def page(self, cmd: RecommendCommand, render: Callable[[RecommendationList], bytes]) -> bytes:
        """The response body `render` makes of execute()'s answer; a hit returns the stored bytes."""
        stamp = await self._stamp(cmd)
        if stamp is None:
            return render(await self._inner.execute(cmd))
        key = _key(cmd, stamp, self._salt + await self._model_stamp(), namespace=PAGE_NAMESPACE)
        cached = await self._cache.get(key)
        if cached is not None:
            return cached
        result = await self._inner.execute(cmd)
        body = render(result)
        if not result.reranker_fell_back:
            await self._cache.set(key, body, ttl_seconds=self._ttl)
        return body

    async def _stamp(self, cmd: RecommendCommand) -> str | None:
        """What the user's pages depend on: the stamp token, else the database's version and lists
        (a new, deleted or standing list changes pages); None when the user has no profile."""
        if self._stamps is not None:
            token = await self._stamps.get(cmd.user_id)
            if token is not None:
                return "t:" + token
        stamp = await self._snapshots.page_stamp(cmd.user_id)
        if stamp is None:
            return None
        if self._stamps is not None:
            token = await self._stamps.start(cmd.user_id)
            if token is not None:
                return "t:" + token
        return "db:" + stamp

    async def _model_stamp(self) -> str:
        """'|collaborative:<built_at>' of the collaborative model in use ('' without one): pages from before a
        rebuild are not served after it."""
        model = await self._collaborative.current() if self._collaborative is not None else None
        return f"|collaborative:{model.built_at.isoformat()}" if model is not None and model.built_at else ""


def _key(cmd: RecommendCommand, stamp: str, salt: str, *, namespace: str = LIST_NAMESPACE) -> str:
    """The command's fields as a flat dict (the same keys dataclasses.asdict gave, without its deep copies:
    a fifth of a cache hit's own work), with the filters' tuples sorted."""
    request: dict[str, Any] = {f.name: getattr(cmd, f.name) for f in _COMMAND_FIELDS}
    request["user_id"] = str(cmd.user_id)
    request["filters"] = {
        f.name: sorted(v) if isinstance(v, tuple) else v
        for f in _FILTER_FIELDS
        for v in (getattr(cmd.filters, f.name),)
    }
    return cache_key(namespace, salt, stamp, request)


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

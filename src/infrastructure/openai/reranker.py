"""LLM reranking with justifications through OpenAI chat completions (structured output)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Sequence

import openai

from src.application.ports.recommend import Cache, Reranker, RerankResult
from src.domain.profile import TasteProfile
from src.domain.recommendation import Recommendation, ScoredCandidate
from src.infrastructure.openai.errors import short_reason
from src.infrastructure.openai.rerank_prompt import (
    PROMPT_VERSION,
    InvalidAnswer,
    build_messages,
    dump_answer,
    parse_answer,
    response_format,
)

log = logging.getLogger(__name__)

Answer = list[tuple[int, str]]


class _Failure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OpenAIReranker(Reranker):
    """Asks `model` to order every candidate and justify each; shows the first `limit`.

    Never raises for a remote problem: on a time-out (whole call, retries included, bounded by
    `timeout_s`), an API or connection error, a refusal, a truncated or malformed answer, or one that
    breaks the contract (an id that is not a candidate, a repeat, a missing candidate, an empty
    justification), it returns `fallback.rerank(...)` with reranker "<fallback label> (fallback: <reason>)".
    Results are built by id, so a justification always stays with its own movie. Valid answers are
    cached per user + profile version + candidate id set + limit + diversity + model, for
    `cache_ttl_s`. The SDK retries at most `max_retries` times (the fallback is the safety net).
    """

    name = "openai"

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        fallback: Reranker,
        model: str = "gpt-4o",
        timeout_s: float = 20.0,
        cache: Cache | None = None,
        *,
        max_retries: int = 1,
        cache_ttl_s: int = 7 * 24 * 3600,
    ) -> None:
        self._client = client.with_options(
            timeout=timeout_s, max_retries=min(client.max_retries, max_retries)
        )
        self._fallback = fallback
        self._model = model
        self._timeout_s = timeout_s
        self._cache = cache
        self._cache_ttl_s = cache_ttl_s

    def taste_summary(self, profile: TasteProfile) -> str:
        return self._fallback.taste_summary(profile)

    async def rerank(
        self, profile: TasteProfile, candidates: Sequence[ScoredCandidate], *, limit: int, diversity: float
    ) -> RerankResult:
        if not candidates or limit <= 0:
            return RerankResult(items=[], reranker=self._model)
        by_id = _index(candidates)
        if by_id is None:
            return await self._fall_back(
                profile, candidates, limit, diversity, "candidates without distinct ids"
            )
        ids = list(by_id)
        key = self._cache_key(profile, ids, limit, diversity)
        answer = await self._cached(key, ids)
        if answer is None:
            try:
                answer = await self._ask(profile, candidates, ids, limit, diversity)
            except _Failure as failure:
                return await self._fall_back(profile, candidates, limit, diversity, failure.reason)
            if self._cache is not None:
                await self._cache.set(key, dump_answer(answer).encode(), ttl_seconds=self._cache_ttl_s)
        return RerankResult(
            items=[_recommendation(by_id[i], text) for i, text in answer[:limit]], reranker=self._model
        )

    async def _ask(
        self,
        profile: TasteProfile,
        candidates: Sequence[ScoredCandidate],
        ids: list[int],
        limit: int,
        diversity: float,
    ) -> Answer:
        messages = build_messages(profile, candidates, limit=limit, diversity=diversity)
        try:
            async with asyncio.timeout(self._timeout_s):
                completion = await self._client.chat.completions.create(
                    model=self._model,
                    messages=messages,
                    response_format=response_format(ids),
                )
        except (TimeoutError, openai.OpenAIError) as exc:
            raise _Failure(short_reason(exc)) from exc
        if not completion.choices:
            raise _Failure("invalid answer: no choices")
        choice = completion.choices[0]
        if choice.message.refusal:
            raise _Failure("refused")
        if choice.finish_reason == "length":
            raise _Failure("invalid answer: truncated")
        try:
            return parse_answer(choice.message.content, ids)
        except InvalidAnswer as exc:
            raise _Failure(f"invalid answer: {exc.reason}") from exc

    async def _fall_back(
        self,
        profile: TasteProfile,
        candidates: Sequence[ScoredCandidate],
        limit: int,
        diversity: float,
        reason: str,
    ) -> RerankResult:
        log.warning("OpenAI rerank (%s) fell back to the local reranker: %s", self._model, reason)
        result = await self._fallback.rerank(profile, candidates, limit=limit, diversity=diversity)
        return RerankResult(items=result.items, reranker=f"{result.reranker} (fallback: {reason})")

    def _cache_key(self, profile: TasteProfile, ids: list[int], limit: int, diversity: float) -> str:
        material = json.dumps(
            [
                PROMPT_VERSION,
                str(profile.user_id),
                profile.version,
                self._model,
                sorted(ids),
                limit,
                round(diversity, 3),
            ]
        )
        return "cinemai:rerank:openai:" + hashlib.sha256(material.encode()).hexdigest()

    async def _cached(self, key: str, ids: list[int]) -> Answer | None:
        if self._cache is None:
            return None
        raw = await self._cache.get(key)
        if raw is None:
            return None
        try:
            return parse_answer(raw.decode("utf-8"), ids)
        except (InvalidAnswer, UnicodeDecodeError):
            log.warning("ignoring an unreadable cached rerank answer")
            return None


def _index(candidates: Sequence[ScoredCandidate]) -> dict[int, ScoredCandidate] | None:
    """Candidates by movie id, in input order; None when an id is missing or repeated."""
    by_id: dict[int, ScoredCandidate] = {}
    for sc in candidates:
        if sc.movie.id is None or sc.movie.id in by_id:
            return None
        by_id[sc.movie.id] = sc
    return by_id


def _recommendation(sc: ScoredCandidate, justification: str) -> Recommendation:
    return Recommendation(
        movie=sc.movie,
        score=round(min(max(sc.score, 0.0), 1.0), 2),
        cluster_id=sc.cluster_id,
        cluster_label=sc.cluster_label,
        justification=justification,
        because_you_liked=list(sc.because_you_liked),
    )

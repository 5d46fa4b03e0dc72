"""LLM reranking with justifications through OpenAI chat completions (structured output), every answer
checked against the facts (src/application/validate_rerank.py) before it is served or cached."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence

import openai

from src.application.ports.metrics import AnswerCheck, NullRerankMetrics, RerankMetrics
from src.application.ports.recommend import Cache, Reranker, RerankResult
from src.application.validate_rerank import RerankValidation, validate_answer
from src.domain.profile import TasteProfile
from src.domain.recommendation import Recommendation, ScoredCandidate
from src.infrastructure.openai.errors import short_reason
from src.infrastructure.openai.pricing import estimated_cost_usd
from src.infrastructure.openai.rerank_answer import (
    FinalItem,
    InvalidAnswer,
    index_candidates,
    parse_answer,
    proposed_titles,
    served_recommendation,
)
from src.infrastructure.openai.rerank_cache import AnswerCache, answer_key
from src.infrastructure.openai.rerank_prompt import (
    RerankContext,
    build_messages,
    rerank_context,
    response_format,
)

log = logging.getLogger(__name__)


class _Failure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OpenAIReranker(Reranker):
    """Asks `model` to order every candidate, justify each and cite the evidence it used; shows the
    first `limit`.

    Every answer goes through the shared validator: an unknown or repeated id is dropped and a missing
    candidate appended in score order (the order is always a permutation of the candidates); a
    justification with any false statement (a film that is not the candidate or in the user's history,
    a wrong rating, year, decade, director, genre or country, an evidence id not offered) is replaced by
    the fallback's (local evidence) wording for that item alone. Counts go to `metrics`.

    Never raises for a remote problem: on a time-out (whole call, retries included, bounded by
    `timeout_s`), an API or connection error, a refusal, a truncated or malformed answer, or one with
    no candidate id at all, it returns `fallback.rerank(...)` with reranker
    "<fallback label> (fallback: <reason>)". Checked answers (never failures) are cached per
    prompt version + user + profile version + model + candidate id set + limit + diversity, for
    `cache_ttl_s`. A candidate's collaborative support is in the prompt only when it reaches
    `min_support` (CINEMAI_CF_MIN_SUPPORT). The SDK retries at most `max_retries` times (the fallback is the safety net).
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
        metrics: RerankMetrics | None = None,
        min_support: int = 5,
    ) -> None:
        self._client = client.with_options(
            timeout=timeout_s, max_retries=min(client.max_retries, max_retries)
        )
        self._fallback = fallback
        self._model = model
        self._timeout_s = timeout_s
        self._metrics = metrics or NullRerankMetrics()
        self._answers = AnswerCache(cache, ttl_s=cache_ttl_s, metrics=self._metrics)
        self._min_support = min_support

    @property
    def model(self) -> str:
        return self._model

    def taste_summary(self, profile: TasteProfile) -> str:
        return self._fallback.taste_summary(profile)

    async def rerank(
        self, profile: TasteProfile, candidates: Sequence[ScoredCandidate], *, limit: int, diversity: float
    ) -> RerankResult:
        if not candidates or limit <= 0:
            return RerankResult(items=[], reranker=self._model)
        by_id = index_candidates(candidates)
        if by_id is None:
            return await self._fall_back(
                profile, candidates, limit, diversity, "candidates without distinct ids"
            )
        ids = list(by_id)
        key = answer_key(profile, self._model, ids, limit, diversity)
        final = await self._answers.get(key, ids)
        if final is None:
            try:
                final = await self._answer(profile, candidates, by_id, limit, diversity)
            except _Failure as failure:
                self._metrics.checked(AnswerCheck(reranker=self._model, outcome="failed"))
                return await self._fall_back(profile, candidates, limit, diversity, failure.reason)
            await self._answers.set(key, final)
        return RerankResult(
            items=[served_recommendation(by_id[i.movie_id], i) for i in final[:limit]], reranker=self._model
        )

    async def _answer(
        self,
        profile: TasteProfile,
        candidates: Sequence[ScoredCandidate],
        by_id: dict[int, ScoredCandidate],
        limit: int,
        diversity: float,
    ) -> list[FinalItem]:
        context = rerank_context(profile, candidates)
        content = await self._ask(profile, candidates, context, limit, diversity)
        try:
            proposed = parse_answer(content)
        except InvalidAnswer as exc:
            raise _Failure(f"invalid answer: {exc.reason}") from exc
        validation = validate_answer(
            proposed,
            {i: (sc.movie, sc.cluster_label) for i, sc in by_id.items()},
            context.history,
            labels=[c.label for c in profile.clusters],
            evidence={i: [h.evidence_id for h in films] for i, films in context.evidence.items()},
        )
        if not validation.usable:
            raise _Failure("invalid answer: no candidate id")
        final = await self._finish(
            profile, candidates, validation, context, proposed_titles(proposed, context)
        )
        self._report(validation)
        return final

    async def _ask(
        self,
        profile: TasteProfile,
        candidates: Sequence[ScoredCandidate],
        context: RerankContext,
        limit: int,
        diversity: float,
    ) -> str | None:
        messages = build_messages(
            profile,
            candidates,
            limit=limit,
            diversity=diversity,
            context=context,
            min_support=self._min_support,
        )
        ids = [sc.movie.id for sc in candidates if sc.movie.id is not None]
        try:
            async with asyncio.timeout(self._timeout_s):
                completion = await self._client.chat.completions.create(
                    model=self._model,
                    messages=messages,
                    response_format=response_format(ids, context.evidence_ids),
                )
        except (TimeoutError, openai.OpenAIError) as exc:
            raise _Failure(short_reason(exc)) from exc
        usage = completion.usage
        if usage is not None:
            cost = estimated_cost_usd(self._model, usage.prompt_tokens, usage.completion_tokens)
            self._metrics.usage(
                self._model,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                cost_usd=cost,
            )
        if not completion.choices:
            raise _Failure("invalid answer: no choices")
        choice = completion.choices[0]
        if choice.message.refusal:
            raise _Failure("refused")
        if choice.finish_reason == "length":
            raise _Failure("invalid answer: truncated")
        return choice.message.content

    async def _finish(
        self,
        profile: TasteProfile,
        candidates: Sequence[ScoredCandidate],
        validation: RerankValidation,
        context: RerankContext,
        model_titles: dict[int, tuple[str, ...]],
    ) -> list[FinalItem]:
        """The served items: the model's text where it held, the local wording where it did not."""
        local: dict[int, Recommendation] = {}
        if validation.replaced:
            result = await self._fallback.rerank(profile, candidates, limit=len(candidates), diversity=0.0)
            local = {r.movie.id: r for r in result.items if r.movie.id is not None}
        out = []
        for movie_id in validation.order:
            verdict = validation.verdicts[movie_id]
            if verdict.kept:
                titles = model_titles.get(movie_id) or tuple(dict.fromkeys(verdict.named_films))
                out.append(FinalItem(movie_id, verdict.text, titles, "model"))
                continue
            replacement = local.get(movie_id)
            if verdict.reason != "missing":
                log.info("OpenAI rerank: justification of %s replaced (%s)", movie_id, verdict.reason)
            text = replacement.justification if replacement else ""
            titles = tuple(replacement.because_you_liked) if replacement else ()
            out.append(FinalItem(movie_id, text, titles, "local"))
        return out

    def _report(self, validation: RerankValidation) -> None:
        kinds = Counter(f.kind for v in validation.verdicts.values() for f in v.false_statements)
        self._metrics.checked(
            AnswerCheck(
                reranker=self._model,
                outcome="clean" if validation.clean else "repaired",
                justifications=len(validation.order),
                replaced=len(validation.replaced),
                order_repairs=len(validation.order_repairs),
                false_statements=tuple(sorted(kinds.items())),
            )
        )
        if validation.order_repairs:
            log.info("OpenAI rerank: order repaired: %s", "; ".join(validation.order_repairs))

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
        label = f"{result.reranker} (fallback: {reason})"
        return RerankResult(items=result.items, reranker=label, fell_back=True)

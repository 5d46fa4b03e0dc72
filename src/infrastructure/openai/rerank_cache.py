"""The OpenAI reranker's answer cache: checked answers (never failures), shared through the Cache port
(Redis with REDIS_URL), keyed per prompt version + user + profile version + model + candidate id set +
limit + diversity, so a new profile version, prompt or candidate set never reads an old answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from src.application.cache_keys import cache_key
from src.application.ports.metrics import RerankMetrics
from src.application.ports.recommend import Cache
from src.domain.profile import TasteProfile
from src.infrastructure.openai.rerank_answer import FinalItem, InvalidAnswer, dump_final, load_final
from src.infrastructure.openai.rerank_prompt import PROMPT_VERSION

log = logging.getLogger(__name__)


def answer_key(profile: TasteProfile, model: str, ids: Sequence[int], limit: int, diversity: float) -> str:
    parts = (PROMPT_VERSION, str(profile.user_id), profile.version, model, sorted(ids), limit, round(diversity, 3))
    return cache_key("cinemai:rerank:openai", *parts)


class AnswerCache:
    """get() answers None on a miss, an unreadable entry or an entry for other candidates (each counted
    as a miss); without a `cache` nothing is kept."""

    def __init__(self, cache: Cache | None, *, ttl_s: int, metrics: RerankMetrics) -> None:
        self._cache = cache
        self._ttl_s = ttl_s
        self._metrics = metrics

    async def get(self, key: str, ids: Sequence[int]) -> list[FinalItem] | None:
        if self._cache is None:
            return None
        raw = await self._cache.get(key)
        if raw is None:
            self._metrics.cache_lookup(hit=False)
            return None
        try:
            final = load_final(raw.decode("utf-8"), ids)
        except (InvalidAnswer, UnicodeDecodeError):
            log.warning("ignoring an unreadable cached rerank answer")
            self._metrics.cache_lookup(hit=False)
            return None
        self._metrics.cache_lookup(hit=True)
        return final

    async def set(self, key: str, final: Sequence[FinalItem]) -> None:
        if self._cache is not None:
            await self._cache.set(key, dump_final(final).encode(), ttl_seconds=self._ttl_s)

"""Recommendation pages: a page is cached unless the chosen reranker fell back (the typed flag, not the
display string), and a cached page reads back as it was served."""

from __future__ import annotations

import uuid

import numpy as np

from src.application.recommend import Recommend, RecommendCommand
from src.application.recommendation_pages import CachedRecommend, decode, encode
from src.domain.errors import NextStep
from src.domain.profile import TasteCluster, TasteProfile
from src.domain.recommendation import RecommendationList
from src.infrastructure.cache.memory import InProcessLruCache
from tests.fakes import FakeStore, FakeUnitOfWork

USER = uuid.UUID(int=7)


class CountingRecommend:
    """Answers `page` every time and counts how often it was asked."""

    def __init__(self, page: RecommendationList) -> None:
        self.page = page
        self.calls = 0

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        self.calls += 1
        return self.page


def _pages(page: RecommendationList) -> tuple[CachedRecommend, CountingRecommend]:
    store = FakeStore()
    cluster = TasteCluster(id=0, label="x", centroid=np.ones(4, np.float32), weight=1.0, size=1, members=[])
    store.profiles[USER] = TasteProfile(user_id=USER, clusters=[cluster], algorithm="single")
    inner = CountingRecommend(page)
    fake: Recommend = inner  # type: ignore[assignment]  # a stateful stand-in for the pipeline
    return CachedRecommend(fake, InProcessLruCache(), lambda: FakeUnitOfWork(store)), inner


def _page(label: str, *, fell_back: bool) -> RecommendationList:
    return RecommendationList(items=[], taste_summary="s", strategy="personal", reranker=label, reranker_fell_back=fell_back)


async def test_a_page_whose_reranker_fell_back_is_not_cached_whatever_its_label() -> None:
    pages, inner = _pages(_page("gpt-4o", fell_back=True))
    for _ in range(2):
        await pages.execute(RecommendCommand(user_id=USER))
    assert inner.calls == 2


async def test_a_page_is_cached_even_when_its_label_says_fallback() -> None:
    pages, inner = _pages(_page("my fallback model", fell_back=False))
    for _ in range(2):
        await pages.execute(RecommendCommand(user_id=USER))
    assert inner.calls == 1


def test_a_cached_page_keeps_its_next_step() -> None:
    page = _page("local", fell_back=False)
    page.message, page.next_step = "widen them", NextStep.LIST_FILTERS
    assert decode(encode(page)) == page

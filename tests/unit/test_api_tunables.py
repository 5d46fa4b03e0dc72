"""Tunables that a request may leave out take the server's setting, in the API as in the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from dependency_injector import providers

from src.application.recommend import RecommendCommand
from src.container import Container
from src.domain.recommendation import RecommendationList
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.settings import Settings
from src.presentation.api.app import create_app
from tests.fakes import FakeStore, FakeUnitOfWork, NoMatches


class RecordingRecommend:
    """A stateful stand-in for CachedRecommend: keeps every command it was given, answers an empty page."""

    def __init__(self) -> None:
        self.commands: list[RecommendCommand] = []

    async def execute(self, cmd: RecommendCommand) -> RecommendationList:
        self.commands.append(cmd)
        return RecommendationList(items=[], taste_summary="", strategy="personal", reranker="local")

    async def page(self, cmd: RecommendCommand, render: Callable[[RecommendationList], bytes]) -> bytes:
        return render(await self.execute(cmd))


@pytest.fixture
async def served() -> AsyncIterator[tuple[httpx.AsyncClient, RecordingRecommend]]:
    container: Any = Container()
    container.settings.override(
        Settings(
            database_url="postgresql://unused@localhost/unused", auto_migrate=False, alpha=2.0, diversity=0.0
        )
    )
    container.uow.override(providers.Factory(FakeUnitOfWork, FakeStore()))
    container.matcher.override(NoMatches())
    container.embedder.override(HashingEmbedder())
    recording = RecordingRecommend()
    container.cached_recommend.override(providers.Object(recording))
    app = create_app(container, prepare=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client, recording
    container.unwire()


async def _recommend(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    created = (await client.post("/api/v1/users", json={"name": "ana"})).json()
    r = await client.post(
        f"/api/v1/users/{created['id']}/recommendations",
        json=body,
        headers={"Authorization": f"Bearer {created['api_key']}"},
    )
    assert r.status_code == 200, r.text


async def test_alpha_and_diversity_left_out_take_the_settings(
    served: tuple[httpx.AsyncClient, RecordingRecommend],
) -> None:
    client, recording = served
    await _recommend(client, {})
    assert (recording.commands[-1].alpha, recording.commands[-1].diversity) == (2.0, 0.0)


async def test_alpha_and_diversity_in_the_request_win(served: tuple[httpx.AsyncClient, RecordingRecommend]) -> None:
    client, recording = served
    await _recommend(client, {"alpha": 7.5, "diversity": 0.6})
    assert (recording.commands[-1].alpha, recording.commands[-1].diversity) == (7.5, 0.6)

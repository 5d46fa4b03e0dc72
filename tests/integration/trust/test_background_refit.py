"""CINEMAI_CF_REFIT=background (the default): an upload that makes the collaborative model stale answers
without waiting for the refit, which runs as one `collaborative_refit` job (in process here: no Redis),
and the model is replaced when the job finishes. Real commits on the offline-catalog database, as the
service runs; the fit is held on a gate so "the upload did not wait" is shown, not timed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from src.application.ports.collaborative import ItemSimilarityFitter
from src.container import Container
from src.domain.collaborative import CooccurrenceParams, Interactions, ItemNeighbours
from src.infrastructure.embedding.hashing import HashingEmbedder
from src.infrastructure.settings import Settings
from src.presentation.api.app import create_app
from tests.integration.test_api_history import example
from tests.integration.trust.conftest import delete_users_created_since, new_user, upload


class GatedFitter:
    """The real fitter, started only once the test opens the gate (the fit runs in a worker thread)."""

    def __init__(self, inner: ItemSimilarityFitter) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.calls = 0

    def fit(self, data: Interactions, params: CooccurrenceParams) -> ItemNeighbours:
        self.calls += 1
        assert self.gate.wait(timeout=60), "the test never opened the gate"
        return self.inner.fit(data, params)


async def _refit_jobs(engine: AsyncEngine, since: datetime) -> list[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT state FROM jobs WHERE kind = 'collaborative_refit' AND created_at >= :since ORDER BY created_at"),
            {"since": since},
        )
        return [r[0] for r in rows]


async def test_an_upload_answers_before_the_refit_and_the_model_follows(
    catalog_engine: AsyncEngine, make_settings: Callable[..., Settings]
) -> None:
    started = datetime.now(UTC)
    container = Container()
    container.settings.override(
        make_settings(collaborative_refit="background", collaborative_rebuild_min_change=1, rate_limit_per_minute=0)
    )
    container.embedder.override(HashingEmbedder())
    gated = GatedFitter(container.cooccurrence_fitter())
    container.cooccurrence_fitter.override(providers.Object(gated))
    store = container.collaborative_store()
    try:
        before = await store.state()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(container, prepare=False)), base_url="http://test"
        ) as api:
            first, second = await new_user(api, "first"), await new_user(api, "second")
            r = await upload(api, first, "horror_fan.csv", example("horror_fan.csv"))
            assert r.status_code == 200, r.text
            # answered while the fit waits on the gate: one job, the stored model untouched
            assert await _refit_jobs(catalog_engine, started) in (["queued"], ["running"])
            assert await store.state() == before
            r = await upload(api, second, "scifi_fan.csv", example("scifi_fan.csv"))
            assert r.status_code == 200, r.text
            assert len(await _refit_jobs(catalog_engine, started)) == 1  # no second job while one is pending
            gated.gate.set()
            await container.job_queue().aclose()  # what the server's shutdown does: wait for in-process jobs
        assert await _refit_jobs(catalog_engine, started) == ["succeeded"]
        after = await store.state()
        assert after is not None and after != before
        users, interactions = await store.counts(rated=True)
        assert (after.users, after.interactions) == (users, interactions)  # the model saw both uploads
        assert gated.calls >= 1  # a second fit when the second upload landed after the first fit read the data
    finally:
        gated.gate.set()
        await delete_users_created_since(catalog_engine, started)
        await container.rebuild_collaborative_model().execute()  # the model without the test's users
        container.unwire()
        await container.engine().dispose()

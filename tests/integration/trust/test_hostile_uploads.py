"""Issue 13 through the real app on the offline catalog: hostile uploads never stall the server and are
refused before the work (the inputs are generated here, never committed)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from tests.integration.trust.conftest import new_user, upload

pytestmark = pytest.mark.integration


@pytest.fixture
async def api(limited_api_factory: Callable[..., httpx.AsyncClient]) -> AsyncIterator[httpx.AsyncClient]:
    async with limited_api_factory() as client:
        yield client


async def test_health_answers_while_a_hostile_json_upload_is_parsed(api: httpx.AsyncClient) -> None:
    """B1: `["` then escaped quotes was quadratic in the nesting check (48 s for 80 KB, the event loop
    blocked). The check is linear now and parsing runs in a worker thread."""
    user = await new_user(api)
    hostile = ('["' + '\\"' * 4_000_000).encode()  # 8 MB, inside the 20 MB upload limit
    upload_task = asyncio.create_task(upload(api, user, "hostile.json", hostile))
    answers = 0
    for _ in range(10_000):  # bounded; ends as soon as the upload is answered
        if upload_task.done():
            break
        r = await api.get("/health")
        assert r.status_code == 200
        answers += 1
        await asyncio.sleep(0.01)  # let the upload's own steps run
    r = await upload_task
    assert r.status_code == 422, r.text
    assert "not valid JSON" in r.json()["error"]["message"]
    assert answers >= 1  # /health was served while the upload was in flight


async def test_a_csv_over_the_row_limit_is_refused_at_the_first_row_over(
    limited_api_factory: Callable[..., httpx.AsyncClient],
) -> None:
    """B2: rows are counted as they are read (before: the whole file was decoded and parsed first)."""
    async with limited_api_factory(max_rows=100) as api:
        user = await new_user(api)
        r = await upload(api, user, "many.csv", b"Title\n" + b"a\n" * 200_000)
        assert r.status_code == 422, r.text
        assert "the limit is 100" in r.json()["error"]["message"]
        assert r.json()["error"]["details"]["line"] == 102

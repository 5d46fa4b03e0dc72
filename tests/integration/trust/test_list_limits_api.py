"""List uploads obey the history upload's size and row limits (413 / 422 naming the first line over)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

pytestmark = pytest.mark.integration


async def test_list_uploads_have_the_history_limits(limited_api_factory: Callable[..., httpx.AsyncClient]) -> None:
    async with limited_api_factory(max_upload_mb=0.01, max_rows=10) as client:
        created = (await client.post("/api/v1/users")).json()
        url, headers = f"/api/v1/users/{created['id']}/lists", {"Authorization": f"Bearer {created['api_key']}"}
        rows = "Title,Year\n" + "".join(f"Film {n},1990\n" for n in range(11))
        r = await client.post(url, headers=headers, files={"file": ("w.csv", rows.encode())})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["details"] == {"limit": 10, "line": 12}
        big = b"Title,Year\n" + b"x" * 20_000 + b",1990\n"
        r = await client.post(url, headers=headers, files={"file": ("w.csv", big)})
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
        ok = "Title,Year\nAlien,1979\n"
        r = await client.post(url, headers=headers, files={"file": ("w.csv", ok.encode())})
        assert r.status_code == 201, r.text

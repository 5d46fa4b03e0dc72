"""`GET /` answers with a page that points to the docs, not a JSON 404."""

from __future__ import annotations

from typing import Any


async def test_home_page_links_to_docs(api: Any) -> None:
    resp = await api.get("/")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert 'href="/docs"' in resp.text

"""/docs and /redoc render with no network: the page and every asset it references come from the app."""

from __future__ import annotations

import re
from typing import Any

import pytest

ASSET = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']|(?:url|spec-url)\s*:\s*['"]([^'"]+)['"]""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_doc_pages_and_their_assets_are_served_by_the_app(api: Any, page: str) -> None:
    html = await api.get(page)
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    refs = {a or b for a, b in ASSET.findall(html.text)}
    assert not [r for r in refs if r.startswith(("http://", "https://", "//"))], refs
    assert any(r.endswith(".js") for r in refs), refs  # the UI's script is among them
    assert "/openapi.json" in refs
    for ref in refs:
        r = await api.get(ref)
        assert r.status_code == 200, ref
        assert r.content, ref


async def test_root_is_a_page_that_points_to_the_docs(api: Any) -> None:
    r = await api.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert 'href="/docs"' in r.text

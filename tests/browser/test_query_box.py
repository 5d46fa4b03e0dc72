"""The recommendations page's query box in a real Chromium: the words go out as `query`, the page shows
how they were read (filters, anchors, remaining text, what was dropped), and rephrasing corrects it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import EXPORT
from tests.browser.test_web_app import check_page, show_recommendations

pytestmark = pytest.mark.integration


def _signed_in(page: Any, server: str) -> None:
    created = httpx.post(f"{server}/api/v1/users", json={"name": "query box"}).json()
    headers = {"Authorization": f"Bearer {created['api_key']}"}
    r = httpx.post(
        f"{server}/api/v1/users/{created['id']}/watch-history",
        headers=headers,
        files={"file": (EXPORT.name, EXPORT.read_bytes())},
        timeout=120,
    )
    assert r.status_code == 200, r.text
    page.goto("/")
    page.evaluate(
        "([id, key]) => { localStorage.setItem('cinemai.user_id', id); localStorage.setItem('cinemai.api_key', key); }",
        [created["id"], created["api_key"]],
    )


def _read(page: Any) -> dict[str, str]:
    box = page.locator("#interpreted")
    box.wait_for(state="visible")
    keys = box.locator("dt").all_inner_texts()
    values = box.locator("dd").all_inner_texts()
    return dict(zip(keys, values, strict=True))


def test_the_query_box_sends_query_and_shows_how_it_was_read(page: Any, server: str, screenshots: Path) -> None:
    _signed_in(page, server)
    page.goto("/recommendations")
    page.locator("#recs .card").first.wait_for(timeout=60_000)
    assert page.locator("#interpreted").is_hidden()  # no query yet, nothing to show

    page.get_by_label("In your own words").fill("a drama, not American")
    request = show_recommendations(page)
    assert request.post_data_json["query"] == "a drama, not American"
    read = _read(page)
    assert read["Genres"] == "Drama" and read["Not from"] == "United States" and read["Read by"] == "local"
    cards = page.locator("#recs .card")
    assert cards.count() > 0
    for i in range(cards.count()):
        text = cards.nth(i).inner_text()
        assert "Drama" in text and "“a drama, not American”" in text
    check_page(page, screenshots, "recommendations-query")

    # correcting it: rephrase, and the reading follows
    page.get_by_label("In your own words").fill("a funny 80s film about friendship")
    show_recommendations(page)
    read = _read(page)
    assert read["Genres"] == "Comedy" and read["Years"] == "1980–1989" and "Not from" not in read
    assert read["Matched by meaning"] == "friendship"

    # an explicit filter wins, and the page says what of the query was set aside
    page.get_by_label("From", exact=True).first.fill("2000")
    show_recommendations(page)
    read = _read(page)
    assert "explicit years filter wins" in read["Dropped"]

"""The /blend page in a real Chromium: two people, each with a history; the first opens /blend with their
own key in the browser, pastes the friend's key, and gets films for both, each explained per person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import EXPORT
from tests.browser.test_web_app import check_page
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration


def person(server: str, name: str, export: Path) -> tuple[str, str]:
    created = httpx.post(f"{server}/api/v1/users", json={"name": name}).json()
    r = httpx.post(
        f"{server}/api/v1/users/{created['id']}/watch-history",
        headers={"Authorization": f"Bearer {created['api_key']}"},
        files={"file": (export.name, export.read_bytes())},
        timeout=120,
    )
    assert r.status_code == 200, r.text
    return created["id"], created["api_key"]


def test_a_blend_for_two_on_the_blend_page(page: Any, server: str, screenshots: Path) -> None:
    ana = person(server, "Ana", EXPORT)
    ben = person(server, "Ben", EXAMPLES / "horror_fan.csv")
    page.goto("/")
    page.evaluate(
        "([id, key]) => { localStorage.setItem('cinemai.user_id', id); localStorage.setItem('cinemai.api_key', key); }",
        list(ana),
    )
    page.goto("/blend")
    assert page.get_by_role("link", name="Blend").get_attribute("aria-current") == "page"
    # a wrong key: the API's sentence, naming the problem
    page.get_by_label("Your friend's API key").fill("cin_not-a-key")
    page.get_by_role("button", name="Blend our tastes").click()
    error = page.get_by_role("alert")
    error.wait_for(state="visible")
    assert "partner key" in error.inner_text() and "{" not in error.inner_text()
    # the friend's real key
    page.get_by_label("Your friend's API key").fill(ben[1])
    page.get_by_label("Their user id (optional: checks the key is theirs)").fill(ben[0])
    page.get_by_label("How many films").fill("6")
    page.get_by_role("button", name="Blend our tastes").click()
    page.wait_for_function("document.querySelector('#status').textContent.includes('films for the two of you')")
    assert page.locator("#blend-results-h").inner_text() == "For Ana and Ben"
    cards = page.locator("#blend-cards article.card")
    assert cards.count() == 6
    why = cards.first.locator(".why").inner_text()
    assert why.startswith("for Ana: like ") and "; for Ben: like " in why
    assert page.get_by_role("alert").is_hidden()
    # the friend's key is never kept in the browser
    assert ben[1] not in page.evaluate("JSON.stringify(localStorage)")
    check_page(page, screenshots, "blend")


def test_the_blend_page_without_a_key_points_to_the_start_page(page: Any) -> None:
    page.goto("/blend")
    notice = page.locator("#needs-key")
    assert notice.is_visible() and notice.get_by_role("link").get_attribute("href") == "/"

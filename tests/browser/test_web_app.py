"""The web app end to end in a real Chromium: create a profile, upload an export, read the report and
the taste map, get and steer recommendations, open similar films, search, export and delete.

Every page is screenshotted at desktop and phone width into reports/screenshots/ and checked with
axe-core (no serious or critical violations) and for horizontal overflow on a phone."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import EXPORT, LEFT_OUT

pytestmark = pytest.mark.integration

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDER_THAN_SCREEN = """[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`)"""


def check_page(page: Any, screenshots: Path, name: str) -> None:
    """Screenshots at both widths, no sideways scrolling on a phone, and axe-core's verdict."""
    from axe_playwright_python.sync_playwright import Axe

    page.screenshot(path=str(screenshots / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)  # one layout pass at the new width
    page.screenshot(path=str(screenshots / f"{name}-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(WIDER_THAN_SCREEN) if overflow > 1 else []
    assert overflow <= 1, f"{name}: the phone layout scrolls sideways by {overflow}px: {wide}"
    page.set_viewport_size(DESKTOP)
    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{name}: accessibility violations: {serious}"


def show_recommendations(page: Any) -> Any:
    """Submit the filter form; returns the request once its list is on the page."""
    page.evaluate("document.querySelector('#status').textContent = ''")
    with page.expect_request(lambda r: r.url.endswith("/recommendations") and r.method == "POST") as request:
        page.get_by_role("button", name="Show recommendations").click()
    page.wait_for_function(r"/\d+ recommendations?\.$/.test(document.querySelector('#status').textContent)")
    return request.value


def export_rows() -> int:
    with EXPORT.open(encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_the_whole_journey(page: Any, server: str, screenshots: Path, tmp_path: Path) -> None:
    # Start: create a profile; the key is shown with a notice and kept in the browser
    page.goto("/")
    assert page.get_by_role("link", name="API docs").first.get_attribute("href") == "/docs"
    page.get_by_label("Name (optional)").fill("Browser tester")
    page.get_by_role("button", name="Create my profile").click()
    page.locator("#created").wait_for(state="visible")
    assert "Keep this key" in page.locator("#created").inner_text()
    key = page.get_by_label("Your API key").input_value()
    user_id = page.get_by_label("Your user id").input_value()
    assert key and page.evaluate("localStorage.getItem('cinemai.api_key')") == key
    check_page(page, screenshots, "start")

    # Upload: the report shows matches, the film left out of the catalog as unmatched, with a search box
    page.goto("/upload")
    page.get_by_label("Drop a file here, or choose one").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Import").click()
    page.locator("#report").wait_for(state="visible", timeout=120_000)
    summary = page.locator("#report-summary").inner_text()
    assert f"Read {export_rows()} rows as letterboxd_ratings" in summary
    unmatched = page.locator("#report-unmatched table")
    assert LEFT_OUT in unmatched.inner_text()
    assert page.get_by_label(f"Find “{LEFT_OUT}”").input_value() == LEFT_OUT
    check_page(page, screenshots, "upload-report")
    pick = page.locator("#report-unmatched form.pick").first
    pick.get_by_role("button", name="Search").click()
    pick.locator("xpath=..").get_by_role("button", name=re.compile(r"^Add .+ to my history$")).first.click()
    page.wait_for_function(
        "document.querySelector('#status').textContent.includes('was added to your history')"
    )
    assert "added (profile version 2)" in page.locator("#report-unmatched").inner_text()

    # Your taste: clusters, an SVG map with a dot per liked film, favourites, a legend, hover, PNG download
    page.goto("/taste")
    page.locator("#map svg circle").first.wait_for()
    profile = httpx.get(
        f"{server}/api/v1/users/{user_id}/profile", headers={"Authorization": f"Bearer {key}"}
    ).json()
    assert page.locator("#map svg circle").count() == profile["liked_count"]
    assert page.locator("#map svg polygon").count() == len(profile["clusters"])
    assert page.locator("#map circle.favourite").count() == min(10, profile["liked_count"])
    assert page.locator("#legend li").count() == len(profile["clusters"]) + 2
    assert page.locator("#clusters .cluster h3").first.inner_text() == profile["clusters"][0]["label"]
    dot = page.locator("#map circle.favourite").first
    dot.hover()
    tip = page.locator("#map-tip")
    tip.wait_for(state="visible")
    assert tip.inner_text() == dot.get_attribute("aria-label")
    with page.expect_download() as png:
        page.get_by_role("button", name="Download the map as PNG").click()
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    check_page(page, screenshots, "taste")

    # Recommendations: cards, then a genre filter every card honours
    page.goto("/recommendations")
    cards = page.locator("#recs .card")
    cards.first.wait_for(timeout=60_000)
    first = cards.first.inner_text()
    assert re.search(r"Score \d\.\d\d", first)
    genre = page.locator("#f-genres option").first.get_attribute("value")
    page.get_by_label("Any of these genres").select_option(genre)
    assert show_recommendations(page).post_data_json["genres"] == [genre]
    assert cards.count() > 0
    for i in range(cards.count()):
        assert genre.lower() in cards.nth(i).inner_text().lower()
    check_page(page, screenshots, "recommendations")

    # Dislike a card: it leaves the list in place
    card = cards.first
    disliked = card.get_attribute("data-movie-id")
    before = cards.count()
    card.get_by_role("button", name="Not for me").click()
    page.locator(f'#recs [data-movie-id="{disliked}"]').wait_for(state="detached")
    assert cards.count() == before - 1 or (
        before == 1 and "No more films" in page.locator("#recs").inner_text()
    )
    assert "left the list" in page.locator("#status").inner_text()

    # Similar films from a card, then the movie page
    show_recommendations(page)
    cards.first.get_by_role("button", name="Similar films").click()
    box = cards.first.locator(".similar-box")
    box.wait_for(state="visible")
    assert box.locator("li").count() > 0
    box.locator("a").first.click()
    page.wait_for_url(re.compile(r"/movies/\d+$"))
    page.locator("#similar .card").first.wait_for()
    assert page.locator("#movie dl.facts").is_visible()
    check_page(page, screenshots, "movie")

    # Search
    page.goto("/search?q=matrix")
    page.locator("#search-results .card").first.wait_for()
    assert "matrix" in page.locator("#search-results").inner_text().lower()
    check_page(page, screenshots, "search")

    # Your data: export, then delete everything after a confirmation
    page.goto("/data")
    with page.expect_download() as exported:
        page.get_by_role("button", name="Download my data (JSON)").click()
    data = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
    assert data["user"]["id"] == user_id and len(data["history"]) == export_rows() + 1  # + the picked film
    assert any(f["signal"] == "dislike" and str(f["movie_id"]) == disliked for f in data["feedback"])
    check_page(page, screenshots, "data")
    page.get_by_role("button", name="Delete my data…").click()
    page.get_by_role("button", name="Yes, delete everything").click()
    page.wait_for_function("document.querySelector('#status').textContent.includes('deleted')")
    assert page.evaluate("localStorage.getItem('cinemai.api_key')") is None
    gone = httpx.get(f"{server}/api/v1/users/{user_id}/profile", headers={"Authorization": f"Bearer {key}"})
    assert gone.status_code == 401


def test_api_errors_are_shown_as_their_sentence(page: Any, server: str) -> None:
    page.goto("/")
    page.get_by_label("User id", exact=True).fill("00000000-0000-0000-0000-000000000000")
    page.get_by_label("API key", exact=True).fill("not-a-real-key")
    page.get_by_role("button", name="Use this key").click()
    error = page.get_by_role("alert")
    error.wait_for(state="visible")
    text = error.inner_text()
    assert text and "{" not in text and '"error"' not in text
    assert page.evaluate("localStorage.getItem('cinemai.api_key')") is None


def test_pages_without_a_key_point_to_the_start_page(page: Any) -> None:
    for path in ("/upload", "/taste", "/recommendations", "/data"):
        page.goto(path)
        notice = page.locator("#needs-key")
        assert notice.is_visible(), path
        assert notice.get_by_role("link").get_attribute("href") == "/"


def test_keyboard_reaches_content_first(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/docs"  # the intro's link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "create-name"  # then the form, in reading order
    page.keyboard.type("keyboard user")
    page.keyboard.press("Enter")
    page.locator("#created").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "created-key"

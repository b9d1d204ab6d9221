"""The dashboard in a real browser: Playwright drives Debian's Chromium against a live uvicorn server.

Skipped with a reason where Chromium or Playwright is missing, but failed when CI=true. Screenshots
go to a temporary folder; set BERKUT_SCREENSHOTS=docs/screenshots to refresh the ones the README shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import TOKEN

pytestmark = pytest.mark.browser
CHROMIUM = Path(os.environ.get("BERKUT_CHROMIUM", "/usr/bin/chromium"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless"]
        )
        yield chromium
        chromium.close()


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BERKUT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture()
def expected_errors() -> list[str]:
    """Words of console errors a test provokes on purpose (a refused write)."""
    return []


@pytest.fixture()
def page(browser: Any, live_server: str, expected_errors: list[str]) -> Iterator[Any]:
    """A fresh page; any JavaScript error or failed request on it fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    tab.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    yield tab
    context.close()
    unexpected = [p for p in problems if not any(words in p for words in expected_errors)]
    assert not unexpected, unexpected


def _api(live_server: str, path: str, **params: Any) -> Any:
    return httpx.get(live_server + path, params=params, timeout=10).json()


def _x_domain(page: Any) -> str:
    """How the Goldstein chart's time axis describes its range (Vega's accessible label)."""
    return str(page.locator("#timeline g.role-axis[aria-label^='X-axis']").first.get_attribute("aria-label"))


def test_overview_lists_recent_events_and_active_dyads(page: Any, shots: Path) -> None:
    page.goto("/")
    assert page.locator("ol.events li").count() >= 10
    dyad = page.locator("table.dyads a", has_text="AFG–KAZ")
    assert dyad.count() == 1
    page.screenshot(path=str(shots / "overview.png"), full_page=True)
    dyad.click()
    page.wait_for_url("**/dyad/AFG/KAZ")


def test_dyad_timeline_shows_conflict_then_cooperation_and_lists_events_on_click(
    page: Any, shots: Path
) -> None:
    page.goto("/dyad/AFG/KAZ")
    page.wait_for_selector("#timeline[data-ready=true]")
    bars = page.locator("#timeline g.concat_0_marks path[aria-label]")
    labels = {label.split("period: ")[1].split(";")[0]: label for label in bars.evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")}  # fmt: skip
    assert "Goldstein sum: −" in labels["2011"]  # conflict: a bar below zero (Vega writes a real minus)
    for year in ("2021", "2022"):
        assert "Goldstein sum: −" not in labels[year] and "Goldstein sum: 0;" not in labels[year]

    page.locator("#timeline g.concat_0_marks path[aria-label*='period: 2011;']").click()
    page.wait_for_selector("#picked ol.events li")
    assert page.locator("#picked h2").inner_text().startswith("Events in 2011")
    picked = page.locator("#picked ol.events li")
    assert picked.count() == 3
    assert all(text.strip() for text in picked.locator(".sentence").all_inner_texts())
    page.screenshot(path=str(shots / "dyad-timeline.png"), full_page=True)

    before = _x_domain(page)
    strip = page.locator("#timeline g.concat_2_marks").bounding_box()
    y = strip["y"] + strip["height"] / 2
    page.mouse.move(strip["x"] + strip["width"] * 0.70, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.99, y, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    after = _x_domain(page)
    assert "2005" in before and "2005" not in after and "202" in after  # zoomed into the recent years


def test_event_page_highlights_the_evidence(page: Any, live_server: str, shots: Path) -> None:
    event = _api(live_server, "/api/v1/events", dyad="AFG-KAZ", limit=1)["events"][0]
    page.goto(f"/event/{event['id']}")
    assert page.locator("blockquote.evidence mark.source").inner_text() == event["source_text"]
    assert page.locator("blockquote.evidence mark.target").inner_text() == event["target_text"]
    verb = event["sentence_text"][event["verb_span"][0] - event["sentence_span"][0]:
                                  event["verb_span"][1] - event["sentence_span"][0]]  # fmt: skip
    assert page.locator("blockquote.evidence mark.verb").inner_text() == verb
    assert event["explanation"]["rule"] in page.locator("dl.facts").first.inner_text() + page.content()
    page.screenshot(path=str(shots / "event.png"), full_page=True)


def test_article_text_never_runs_as_code(page: Any, live_server: str) -> None:
    event_id = _api(live_server, "/api/v1/events", document="hostile")["events"][0]["id"]
    for path in (f"/event/{event_id}", "/events?document=hostile", "/dyad/UZB/TJK"):
        page.goto(path)
        assert page.evaluate("window.pwned") is None
        assert "<script>window.pwned = true</script>" in page.inner_text("main")


def test_map_draws_bundled_borders_and_event_locations(page: Any, shots: Path) -> None:
    page.goto("/map")
    page.wait_for_selector("#map[data-ready=true]")
    assert "Dushanbe" in str(page.locator("#points").text_content())
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 150  # countries + points
    assert page.locator(".leaflet-tile").count() == 0  # no tile server
    page.screenshot(path=str(shots / "map.png"), full_page=True)
    page.goto("/map?quad=1")  # only verbal cooperation: the material conflict in Dushanbe goes away
    page.wait_for_selector("#map[data-ready=true]")
    assert "Dushanbe" not in str(page.locator("#points").text_content())
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 150  # borders stay


def test_actor_and_country_pages_show_roles_over_time(page: Any, shots: Path) -> None:
    page.goto("/actor/tokayev")
    page.wait_for_selector("#roles[data-ready=true]")
    page.wait_for_selector("#timeline[data-ready=true]")
    assert "president" in page.locator("table.roles").inner_text()
    page.screenshot(path=str(shots / "actor.png"), full_page=True)
    page.goto("/country/KAZ")
    page.wait_for_selector("#timeline[data-ready=true]")
    assert "Afghanistan" in page.locator("table.dyads").inner_text()
    page.screenshot(path=str(shots / "country.png"), full_page=True)


@pytest.mark.model
def test_analyze_page_highlights_events_in_pasted_text(page: Any, shots: Path) -> None:
    page.goto("/analyze")
    text = (
        "Kazakhstan appealed to the CSTO for military help on Wednesday. "
        "Russia sent paratroopers to Almaty on Thursday. <script>window.pwned = true</script>"
    )
    page.fill("textarea[name=text]", text)
    page.fill("input[name=date]", "2022-01-07")
    page.click("form.analyze button")
    page.wait_for_selector(".evidence.marked")
    assert page.locator(".evidence.marked mark.source").first.inner_text() == "Kazakhstan"
    assert "CSTO" in page.locator(".evidence.marked mark.target").all_inner_texts()
    assert page.evaluate("window.pwned") is None
    page.screenshot(path=str(shots / "analyze.png"), full_page=True)


def test_watchlists_are_editable_with_a_token(page: Any, shots: Path, expected_errors: list[str]) -> None:
    expected_errors.append("401 (Unauthorized)")
    page.goto("/watchlists")
    page.fill("#watchlist-form input[name=name]", "kaz-unrest")
    page.fill("#watchlist-form input[name=countries]", "KAZ")
    page.fill("#watchlist-form input[name=roots]", "14, 17, 18")
    page.select_option("#watchlist-form select[name=severity]", "medium")
    page.fill("#watchlist-form input[name=token]", "wrong")
    page.click("#watchlist-form button[type=submit]")
    page.wait_for_selector("#status.error")
    assert "API token" in page.inner_text("#status")
    page.fill("#watchlist-form input[name=token]", TOKEN)
    with page.expect_navigation():
        page.click("#watchlist-form button[type=submit]")
    row = page.locator("#watchlists tr[data-name]")
    assert row.count() == 1 and "KAZ" in row.inner_text()

    with page.expect_navigation():
        page.click("#evaluate")  # judge the stored events now, as berkut watch would
    alerts = page.locator("ul.alerts li.open")
    assert alerts.count() >= 1 and "kaz-unrest" in alerts.first.inner_text()
    assert page.locator("ul.alerts li.open .sentence").count() >= 1  # the evidence behind each alert

    row.locator("button.edit").click()
    page.fill("#watchlist-form input[name=dyads]", "AFG-KAZ")
    with page.expect_navigation():
        page.click("#watchlist-form button[type=submit]")
    assert "AFG-KAZ" in page.locator("#watchlists tr[data-name]").inner_text()
    page.screenshot(path=str(shots / "watchlists.png"), full_page=True)
    before = page.locator("ul.alerts li.open").count()
    with page.expect_navigation():
        page.locator("ul.alerts li.open button.ack").first.click()
    assert page.locator("ul.alerts li.open").count() == before - 1
    assert page.locator("ul.alerts li.acknowledged").count() == 1

"""Dashboard pages over TestClient: each renders, has a JSON twin from the same function, and never
lets article text through as HTML."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import HOSTILE_TITLE

HTML = {"accept": "text/html"}


def _hostile_id(client: Any) -> int:
    return int(client.get("/api/v1/events", params={"document": "hostile"}).json()["events"][0]["id"])


@pytest.mark.parametrize(
    ("path", "heading", "key"),
    [
        ("/", "Overview", "dyads"),
        ("/events?dyad=AFG-KAZ", "Events", "events"),
        ("/dyad/AFG/KAZ", "Afghanistan – Kazakhstan", "timeline"),
        ("/actor/tokayev", "Kassym-Jomart Tokayev", "actor"),
        ("/actor/group:TALIBAN", "Taliban", "timeline"),
        ("/country/KAZ", "Kazakhstan", "roles"),
        ("/map", "Map", "points"),
        ("/watchlists", "Watchlists and alerts", "alerts"),
        ("/actors?q=kaz", "Actors", "actors"),
    ],
)
def test_every_page_renders_and_has_a_json_twin(client: Any, path: str, heading: str, key: str) -> None:
    page = client.get(path, headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert heading in re.sub(r"<[^>]+>", "", page.text)
    route, _, query = path.partition("?")
    twin = client.get(("/index" if route == "/" else route) + ".json" + ("?" + query if query else ""))
    assert twin.status_code == 200 and key in twin.json()
    assert 'href="' + ("/index" if route == "/" else route) + ".json" in page.text  # the page links its twin


def test_page_and_twin_show_the_same_numbers(client: Any) -> None:
    data = client.get("/dyad/AFG/KAZ.json").json()
    page = client.get("/dyad/AFG/KAZ", headers=HTML).text
    assert f"{data['events']} events:" in page
    for row in data["timeline"]:
        assert f"<td>{row['period']}</td><td>{row['events']}</td>" in page


@pytest.mark.parametrize("path", ["/events?document=hostile", "/country/UZB", "/dyad/UZB/TJK", "/event/{id}"])
def test_article_text_is_escaped_everywhere(client: Any, path: str) -> None:
    page = client.get(path.format(id=_hostile_id(client)), headers=HTML).text
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.pwned" in page or "&lt;img src=x" in page


def test_event_page_marks_source_verb_target_date_and_place(client: Any) -> None:
    page = client.get(f"/event/{_hostile_id(client)}", headers=HTML).text
    marks = dict(re.findall(r'<mark class="(\w+)" title="[^"]*">([^<]*)</mark>', page))
    # the place is the target's own words here: one mark per character, the actor's
    assert marks == {"source": "Uzbekistan", "verb": "sent", "target": "Dushanbe", "date": "Monday"}
    assert "&lt;script&gt;window.pwned = true&lt;/script&gt;" in page
    assert HOSTILE_TITLE not in page


def test_html_errors_are_pages_and_json_errors_are_json(client: Any) -> None:
    page = client.get("/event/999999", headers=HTML)
    assert page.status_code == 404 and "no event with id 999999" in page.text and "<html" in page.text
    twin = client.get("/event/999999.json")
    assert twin.status_code == 404 and twin.json()["error"]["message"] == "no event with id 999999"


@pytest.mark.model
def test_analyze_page_marks_events_in_pasted_text(client: Any) -> None:
    text = "Kazakhstan appealed to the CSTO for military help on Wednesday. <script>window.pwned=1</script>"
    page = client.post("/analyze", data={"text": text, "date": "2022-01-06"}, headers=HTML).text
    assert '<mark class="source"' in page and ">Kazakhstan</mark>" in page and ">CSTO</mark>" in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page and "<script>window.pwned" not in page
    twin = client.post("/analyze.json", json={"text": text, "date": "2022-01-06"}).json()
    assert twin["analysis"]["events"][0]["target"]["code"] == "IGOCSTO"
    assert "".join(s["text"] for s in twin["segments"]) == text

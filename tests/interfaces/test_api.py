"""The JSON API under /api/v1, through FastAPI's TestClient: what a program calling it gets back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOKEN, make_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_events_filter_and_paginate_like_the_cli(client: Any) -> None:
    first = client.get("/api/v1/events", params={"dyad": "AFG-KAZ", "limit": 3, "total": "true"}).json()
    assert first["total"] >= 10 and len(first["events"]) == 3 and first["next_offset"] == 3
    second = client.get("/api/v1/events", params={"dyad": "AFG-KAZ", "limit": 3, "offset": 3}).json()
    ids = [e["id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 6  # pages do not overlap
    for e in first["events"]:
        assert {e["source_country"], e["target_country"]} == {"AFG", "KAZ"}
        assert e["sentence_text"] and isinstance(e["explanation"], dict)
    dates = [e["date"] for e in first["events"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"root": "13", "dyad": "AFG-KAZ"}, lambda e: e["cameo_root"] == "13"),
        ({"quad": "4"}, lambda e: e["quad_class"] == 4),
        ({"from": "2021-01-01", "to": "2022-12-31"}, lambda e: "2021-01-01" <= e["date"] <= "2022-12-31"),
        ({"actor": "TALIBAN"}, lambda e: "TALIBAN" in (e["source_org"], e["target_org"])),
        (
            {"country": "KAZ", "order": "oldest"},
            lambda e: "KAZ" in (e["source_country"], e["target_country"]),
        ),
        ({"near": "38.5,68.8", "radius_km": "50"}, lambda e: e["location_name"] == "Dushanbe"),
    ],
)
def test_every_filter_is_honoured(client: Any, params: dict[str, str], check: Any) -> None:
    page = client.get("/api/v1/events", params=params).json()
    assert page["events"], params
    assert all(check(e) for e in page["events"])


def test_dyad_timeline_shows_conflict_in_2011_and_cooperation_in_2021_22(client: Any) -> None:
    rows = {r["period"]: r for r in client.get("/api/v1/timeline/dyad/AFG/KAZ?by=year").json()["timeline"]}
    assert rows["2011"]["goldstein_sum"] < 0 and rows["2011"]["quad3"] + rows["2011"]["quad4"] > 0
    for year in ("2021", "2022"):
        assert rows[year]["goldstein_sum"] > 0 and rows[year]["quad1"] + rows[year]["quad2"] > 0
    assert rows["2011"]["start"] == "2011-01-01" and rows["2011"]["end"] == "2011-12-31"


def test_actor_and_country_timelines(client: Any) -> None:
    actor = client.get("/api/v1/timeline/actor/TALIBAN?by=year").json()["timeline"]
    country = client.get("/api/v1/timeline/country/KAZ?by=month").json()["timeline"]
    assert sum(r["events"] for r in actor) > 5 and all(len(r["period"]) == 4 for r in actor)
    assert sum(r["events"] for r in country) > 20 and all(len(r["period"]) == 7 for r in country)


@pytest.mark.parametrize(
    ("name", "day", "code", "title"),
    [
        ("Tokayev", "2022-01-06", "KAZGOV", "president"),
        ("Tokayev", "2005-06-01", "KAZGOV", "foreign minister"),
        ("Taliban", "2011-05-21", "AFGINS", None),
        ("Taliban", "2022-01-06", "AFGGOV", None),
        ("CSTO", "2022-01-06", "IGOCSTO", None),
    ],
)
def test_resolve_a_name_on_a_date(client: Any, name: str, day: str, code: str, title: str | None) -> None:
    body = client.get("/api/v1/actors/resolve", params={"name": name, "date": day}).json()
    match = body["matches"][0]
    assert match["code"] == code
    if title:
        assert title in match["titles"]


def test_actors_list_and_detail(client: Any) -> None:
    found = client.get("/api/v1/actors", params={"q": "taliban", "kind": "group"}).json()
    assert any(a["actor_id"] == "group:TALIBAN" for a in found["actors"])
    detail = client.get("/api/v1/actors/TALIBAN").json()
    sectors = [r["sector"] for r in detail["actor"]["roles"]]
    assert sectors == ["GOV", "INS", "GOV"] and detail["events"] > 0
    assert client.get("/api/v1/countries/KAZ").json()["country"]["name"] == "Kazakhstan"
    assert client.get("/api/v1/countries/XXX").status_code == 404


def test_places_quotes_and_map(client: Any) -> None:
    places = client.get("/api/v1/places").json()["places"]
    assert any(p["name"] == "Dushanbe" for p in places)
    assert client.get("/api/v1/quotes", params={"speaker": "KAZ"}).status_code == 200
    points = client.get("/api/v1/map", params={"quad": "4"}).json()["points"]
    assert any(p["name"] == "Dushanbe" and p["quad4"] >= 1 for p in points)
    assert client.get("/api/v1/map", params={"quad": "1"}).json()["events"] == 0 or all(
        p["quad1"] for p in client.get("/api/v1/map", params={"quad": "1"}).json()["points"]
    )


def test_event_detail_explains_itself(client: Any) -> None:
    event_id = client.get("/api/v1/events", params={"dyad": "AFG-KAZ", "limit": 1}).json()["events"][0]["id"]
    body = client.get(f"/api/v1/events/{event_id}").json()
    kinds = {s["kind"] for s in body["segments"] if s["kind"]}
    assert {"source", "verb", "target"} <= kinds
    assert "".join(s["text"] for s in body["segments"]) == body["event"]["sentence_text"]
    assert body["event"]["explanation"]["rule"] and "Goldstein" in body["cameo_explained"]
    assert client.get("/api/v1/events/999999").json()["error"]["status"] == 404


@pytest.mark.parametrize(("fmt", "separator"), [("gdelt", "\t"), ("acled", ",")])
def test_export_downloads_every_matching_event(client: Any, fmt: str, separator: str) -> None:
    response = client.get("/api/v1/export", params={"format": fmt, "dyad": "AFG-KAZ"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text), delimiter=separator))
    total = client.get("/api/v1/events", params={"dyad": "AFG-KAZ", "total": "true"}).json()["total"]
    assert len(rows) == total + 1  # a header and every event, not one page of them


def test_export_plover_lines_and_parquet(client: Any, tmp_path: Path) -> None:
    lines = client.get("/api/v1/export", params={"format": "plover", "max_rows": 5}).text.splitlines()
    assert len(lines) == 5 and all("event_type" in json.loads(line) for line in lines)
    response = client.get("/api/v1/export", params={"format": "parquet", "country": "KAZ"})
    assert response.status_code == 200 and response.content[:4] == b"PAR1"
    import pyarrow.parquet as pq

    (tmp_path / "e.parquet").write_bytes(response.content)
    assert pq.read_table(tmp_path / "e.parquet").num_rows == client.get(
        "/api/v1/events", params={"country": "KAZ", "total": "true"}).json()["total"]  # fmt: skip


@pytest.mark.model
def test_analyze_returns_the_contract(client: Any) -> None:
    text = "Kazakhstan appealed to the CSTO for military help on Wednesday."
    body = client.post("/api/v1/analyze", json={"text": text, "date": "2022-01-06"}).json()
    assert body["schema"] == 1 and body["errors"] == []
    event = body["events"][0]
    assert event["source"]["code"] == "KAZ" and event["target"]["code"] == "IGOCSTO"
    assert event["date"] == "2022-01-05"


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/events?from=2022-13-01", 400, "from"),
        ("/api/v1/events?dyad=AFG", 400, "dyad"),
        ("/api/v1/events?limit=0", 422, "limit"),
        ("/api/v1/events?quad=7", 400, "quad"),
        ("/api/v1/timeline/dyad/AFG/KAZ?by=decade", 422, "by"),
        ("/api/v1/actors/nobody-at-all", 404, "no actor"),
        ("/api/v1/no-such-thing", 404, "nothing here"),
    ],
)
def test_errors_are_json_with_the_right_status(client: Any, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and words in error["message"]


def test_request_size_is_bounded(client: Any) -> None:
    limit = client.app.state.berkut.settings.max_document_chars * 4 + 64 * 1024
    response = client.post(
        "/api/v1/analyze", content=b"x" * (limit + 1), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and "larger" in response.json()["error"]["message"]


def test_openapi_docs_are_served(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/analyze", "/api/v1/watchlists", "/api/v1/actors/resolve"} <= set(
        spec["paths"]
    )
    assert "swagger" in client.get("/api/docs").text.lower()


# -- writes and tokens ---------------------------------------------------------------------------
def _client(tmp_path: Path, url: str, **settings: Any) -> Any:
    from fastapi.testclient import TestClient

    from berkut.interfaces.api import create_app

    return TestClient(create_app(make_settings(tmp_path, url, **settings)), raise_server_exceptions=False)


def test_watchlists_create_change_delete(store_copy: str, tmp_path: Path) -> None:
    with _client(tmp_path, store_copy, api_token=TOKEN) as c:
        body = {"name": "afg-kaz", "dyads": ["AFG-KAZ"], "actors": ["taliban"]}
        assert c.post("/api/v1/watchlists", json=body).status_code == 401  # no token
        assert (
            c.post("/api/v1/watchlists", json=body, headers={"Authorization": "Bearer nope"}).status_code
            == 401
        )
        created = c.post("/api/v1/watchlists", json=body, headers=AUTH)
        assert created.status_code == 201
        assert created.json()["actors"] == ["taliban"]  # kept as written; matched upper-cased
        assert c.post("/api/v1/watchlists", json=body, headers=AUTH).status_code == 409
        changed = c.patch("/api/v1/watchlists/afg-kaz", json={"roots": ["13"]}, headers=AUTH).json()
        assert changed["roots"] == ["13"] and changed["dyads"] == ["AFG-KAZ"]
        assert c.get("/api/v1/watchlists").json()["watchlists"] == [changed]
        bad = c.put("/api/v1/watchlists/afg-kaz", json={"name": "afg-kaz", "severity": "dire"}, headers=AUTH)
        assert bad.status_code == 400 and "severity" in bad.json()["error"]["message"]
        unknown = c.put("/api/v1/watchlists/afg-kaz", json={"name": "afg-kaz", "colour": "red"}, headers=AUTH)
        assert unknown.status_code == 422
        renamed = c.put(
            "/api/v1/watchlists/afg-kaz", json={"name": "kaz", "countries": ["KAZ"]}, headers=AUTH
        )
        assert renamed.json() == {"name": "kaz", "countries": ["KAZ"]}
        assert c.get("/api/v1/watchlists/afg-kaz").status_code == 404
        assert c.delete("/api/v1/watchlists/kaz", headers=AUTH).status_code == 204
        assert c.delete("/api/v1/watchlists/kaz", headers=AUTH).status_code == 404


def test_alerts_are_evaluated_listed_and_acknowledged(store_copy: str, tmp_path: Path) -> None:
    with _client(tmp_path, store_copy, api_token=TOKEN) as c:
        spec = {"name": "kaz-unrest", "countries": ["KAZ"], "roots": ["14", "17", "18"], "severity": "medium"}
        c.post("/api/v1/watchlists", json=spec, headers=AUTH)
        assert c.post("/api/v1/alerts/evaluate").status_code == 401
        new = c.post("/api/v1/alerts/evaluate", params={"backfill": "true"}, headers=AUTH).json()["new"]
        assert new and all(a["watchlist"] == "kaz-unrest" and a["severity"] != "low" for a in new)
        assert all(a["evidence"] and a["evidence"][0]["sentence"] for a in new)
        again = c.post("/api/v1/alerts/evaluate", params={"backfill": "true"}, headers=AUTH).json()["new"]
        assert again == []  # deduplicated: nothing new the second time
        listed = c.get("/api/v1/alerts").json()["alerts"]
        assert {a["id"] for a in listed} == {a["id"] for a in new}
        first = listed[0]["id"]
        done = c.post(f"/api/v1/alerts/{first}/acknowledge", headers=AUTH).json()
        assert done["status"] == "acknowledged"
        assert first not in [a["id"] for a in c.get("/api/v1/alerts").json()["alerts"]]
        everything = c.get("/api/v1/alerts", params={"include_acknowledged": "true"}).json()["alerts"]
        assert {a["id"]: a["status"] for a in everything}[first] == "acknowledged"
        assert c.post("/api/v1/alerts/999999/acknowledge", headers=AUTH).status_code == 404


def test_writes_are_refused_without_a_configured_token(store_copy: str, tmp_path: Path) -> None:
    with _client(tmp_path, store_copy) as c:
        response = c.post("/api/v1/watchlists", json={"name": "x", "actors": ["KAZ"]}, headers=AUTH)
        assert response.status_code == 403 and "api_token" in response.json()["error"]["message"]


def test_a_read_token_closes_reads(sample_db: str, tmp_path: Path) -> None:
    with _client(tmp_path, sample_db, read_token="r3ad", api_token=TOKEN) as c:
        refused = c.get("/api/v1/events")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert c.get("/api/v1/events", headers={"Authorization": "Bearer r3ad"}).status_code == 200
        assert c.get("/api/v1/events", headers=AUTH).status_code == 200  # the write token reads too
        assert c.get("/").status_code == 401
        c.cookies.set("berkut_token", "r3ad")
        assert c.get("/dyad/AFG/KAZ.json").status_code == 200
        assert c.get("/static/berkut.css").status_code == 200  # assets stay public

"""Watchlists: read from YAML with clear errors; any subject, every constraint."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from berkut.errors import SettingsError
from berkut.model import EventFilter, StoredEvent
from berkut.monitor import load_config, parse_watchlist
from berkut.store import Store

DAY = date(2024, 3, 4)

EXAMPLE = """
watchlists:
  - name: kazakh-unrest
    description: protests and arrests in Kazakhstan
    countries: [KAZ]
    roots: ["14", 17, "18"]
    min_confidence: 0.5
    spike: {by: week, baseline: 4, threshold: 2}
  - name: taliban-neighbours
    actors: [taliban]
    dyads: ["AFG-TJK", [AFG, UZB]]
    places: [{name: Almaty, lat: 43.25, lon: 76.91, radius_km: 30}]
    goldstein_below: -5
    severity: high
notify:
  - console
  - jsonl: alerts.jsonl
"""


def test_the_documented_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "watch.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    (unrest, taliban), notify = load_config(path)
    assert (unrest.name, unrest.countries, unrest.roots, unrest.min_confidence) == (
        "kazakh-unrest", ("KAZ",), ("14", "17", "18"), 0.5)  # fmt: skip
    assert unrest.spike is not None and (unrest.spike.by, unrest.spike.rule.baseline) == ("week", 4)
    assert (taliban.actors, taliban.dyads, taliban.severity) == (("TALIBAN",), (("AFG", "TJK"), ("AFG", "UZB")), 3)
    assert taliban.places[0].radius_km == 30 and taliban.goldstein_below == -5
    assert notify == ["console", {"jsonl": "alerts.jsonl"}]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"name": "bad name!"}, "'name'"),
        ({"name": "x", "actor": ["KAZ"]}, "unknown keys actor"),
        ({"name": "x", "dyads": ["AFG"]}, "a dyad is two actors"),
        ({"name": "x", "actors": ["K"]}, "not an actor"),
        ({"name": "x", "places": [{"lat": 95, "lon": 0}]}, "not a place"),
        ({"name": "x", "places": ["Almaty"]}, "a place is"),
        ({"name": "x", "spike": {"by": "fortnight"}}, "'by'"),
        ({"name": "x", "spike": {"baseline": 1}}, "baseline"),
        ({"name": "x", "severity": "dire"}, "severity"),
        ({"name": "x", "min_confidence": "high"}, "could not convert"),
    ],
)
def test_malformed_watchlists_say_what_is_wrong(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        parse_watchlist(spec)


def test_malformed_files(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    for text, message in [("watchlists: [\n", "not valid YAML"), ("other: 1\n", "expected the keys"),
                          ("- name: a\n- name: a\n", "unique"), ("watchlists: {name: a}\n", "must be a list")]:  # fmt: skip
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SettingsError, match=message):
            load_config(path)
    with pytest.raises(SettingsError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


@pytest.fixture
def events(store: Store, b) -> dict[str, StoredEvent]:  # type: ignore[no-untyped-def]
    store.add(b.doc("arrest", "a.test", b.ev("KAZCOP", "173", "KAZOPP", DAY, location=b.almaty)))
    store.add(b.doc("threat", "b.test", b.ev("AFGINS", "130", "TJK", DAY, goldstein=-4.4)))
    store.add(b.doc("talks", "c.test", b.ev("KAZ", "040", "RUS", DAY, confidence=0.4)))
    store.add(b.doc("denial", "d.test", b.ev("RUS", "111", "KAZ", DAY, negated=True)))
    return {e.document_id: e for e in store.events(EventFilter(include_negated=True, limit=None))}


@pytest.mark.parametrize(
    ("spec", "matching"),
    [
        ({}, ["arrest", "talks", "threat"]),  # no subject: everything (flagged events left out)
        ({"include_flagged": True}, ["arrest", "denial", "talks", "threat"]),
        ({"actors": ["TALIBAN"]}, ["threat"]),  # organisation
        ({"actors": ["KAZ"]}, ["arrest", "talks"]),  # code prefix, either side
        ({"actors": ["TJK", "RUS"]}, ["talks", "threat"]),  # any subject
        ({"dyads": ["TJK-AFG"]}, ["threat"]),  # either direction
        ({"countries": ["RUS"]}, ["talks"]),
        ({"places": [{"lat": 43.3, "lon": 76.9, "radius_km": 20}]}, ["arrest"]),
        ({"actors": ["TALIBAN"], "countries": ["KAZ"]}, ["arrest", "talks", "threat"]),
        ({"countries": ["KAZ"], "roots": ["17"]}, ["arrest"]),  # every constraint
        ({"cameo": ["13", "04"]}, ["talks", "threat"]),
        ({"plover": ["THREATEN"]}, ["threat"]),
        ({"quad_class": [4]}, ["arrest"]),
        ({"goldstein_below": -4}, ["arrest", "threat"]),
        ({"goldstein_above": 2}, ["talks"]),
        ({"goldstein_below": -5, "goldstein_above": 2}, ["arrest", "talks"]),  # extreme either way
        ({"min_confidence": 0.5}, ["arrest", "threat"]),
        ({"min_sources": 2}, []),
    ],
)
def test_what_a_watchlist_matches(events: dict[str, StoredEvent], spec: dict[str, Any], matching: list[str]) -> None:
    watchlist = parse_watchlist({"name": "w", **spec})
    assert sorted(k for k, e in events.items() if watchlist.matches(e)) == matching


def test_subjects_give_one_filter_each_for_spikes() -> None:
    w = parse_watchlist({"name": "w", "actors": ["TALIBAN"], "dyads": ["AFG-KAZ"], "roots": ["18"],
                         "places": [{"lat": 1, "lon": 2, "radius_km": 5}]})  # fmt: skip
    subjects = dict(w.subjects())
    assert list(subjects) == ["TALIBAN", "AFG-KAZ", "1.000,2.000"]
    assert subjects["AFG-KAZ"].dyad == ("AFG", "KAZ") and subjects["AFG-KAZ"].cameo_root == ("18",)
    assert subjects["1.000,2.000"].near == (1.0, 2.0) and subjects["1.000,2.000"].radius_km == 5
    assert list(dict(parse_watchlist({"name": "all"}).subjects())) == ["all"]

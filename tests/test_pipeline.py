"""The whole analysis on real text with the real model: the seeds' main events, the contract's shape,
time-aware actors, and a batch that goes on past bad documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from berkut.contract import analysis_json
from berkut.model import Analysis, Document, RawDocument, Unreadable
from berkut.sources import iter_paths

pytestmark = pytest.mark.model


def _events(analysis: Analysis) -> set[tuple[str | None, str, str | None]]:
    return {
        (e.source.code if e.source else None, e.cameo_root, e.target.code if e.target else None)
        for e in analysis.events
        if not e.negated
    }


def _has(
    events: set[tuple[str | None, str, str | None]], source: str, roots: set[str], target: str | None = "*"
) -> bool:
    return any(s == source and r in roots and (target == "*" or t == target) for s, r, t in events)


def test_2011_seed_the_taliban_insurgents_threaten_kazakhstan(pipeline, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    (raw,) = iter_paths([seeds / "003_570503189d9a612d.txt"])
    (analysis,) = pipeline.analyze([raw])
    assert analysis.document.date == date(2011, 5, 22)  # read from the date line under the headline
    events = _events(analysis)
    assert _has(events, "AFGINS", {"13"}, "KAZ"), events


def test_2022_seed_main_events(pipeline, seeds: Path) -> None:  # type: ignore[no-untyped-def]
    (raw,) = iter_paths([seeds / "000_d6aa167ccf49ad75.txt"], default_date=date(2022, 1, 6))
    (analysis,) = pipeline.analyze([raw])
    events = _events(analysis)
    assert _has(events, "AFGGOV", {"02"}, "KAZGOV"), "the Taliban-led government appeals for talks"
    assert _has(events, "KAZGOV", {"02"}, "IGOCSTO"), "Kazakhstan's president appeals to the CSTO"
    assert _has(events, "IGOCSTO", {"03", "07", "15"}), "the CSTO sends forces"
    assert _has(events, "AFGGOV", {"04"}, "KAZGOV"), "the Taliban foreign minister hosts a Kazakh delegation"
    hosted = next(e for e in analysis.events if e.cameo == "043" and e.target and e.target.code == "KAZGOV")
    assert hosted.date_text == "Late last month" and hosted.date == date(2021, 12, 1)


def test_the_same_name_codes_differently_in_different_years(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The Taliban warned Kazakhstan against sending troops."
    before, after = pipeline.analyze(
        [Document("a", text, date(2011, 5, 22)), Document("b", text, date(2022, 1, 6))]
    )
    assert {e.source.code for e in before.events} == {"AFGINS"}
    assert {e.source.code for e in after.events} == {"AFGGOV"}


def test_contract_shape_and_spans_index_the_text_exactly(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "ALMATY, Kazakhstan — Kazakh President Kassym-Jomart Tokayev appealed to the CSTO for help on "
        'Wednesday. "We will restore order," he said.'
    )
    (analysis,) = pipeline.analyze([Document("t1", text, date(2022, 1, 6), title="T")])
    out = json.loads(json.dumps(analysis_json(analysis)))
    assert set(out) >= {
        "schema",
        "id",
        "date",
        "title",
        "events",
        "mentions",
        "quotes",
        "places",
        "times",
        "errors",
    }
    event = next(e for e in out["events"] if e["target"] and e["target"]["code"] == "IGOCSTO")
    assert event["source"]["code"] == "KAZGOV" and event["cameo"].startswith("02")
    assert event["date"] == "2022-01-05" and event["date_precision"] == "day"
    assert event["plover"]["type"] == "REQUEST" and event["quad_class"] == 1
    assert event["explanation"]["pattern"] and event["explanation"]["verb"] == "appeal"
    for item in [event["source"], event["target"], *out["mentions"], *out["times"]]:
        start, end = item["span"]
        assert text[start:end] == item["text"]
    s0, s1 = event["span"]
    assert text[s0:s1] == event["text"]
    quote = out["quotes"][0]
    assert text[slice(*quote["content_span"])] == quote["content"] == "We will restore order"


def test_a_batch_goes_on_past_bad_documents_in_order(pipeline) -> None:  # type: ignore[no-untyped-def]
    items = [
        Unreadable("bad-json", ("line 1: invalid JSON",)),
        RawDocument("binary", b"\x00\x01\x02", "text/plain"),
        Document("good", "Russia condemned the attack on Ukraine.", date(2022, 3, 1)),
        RawDocument("empty", "", "text/plain"),
        RawDocument(
            "html", "<html><body><p>Iran criticised Israel on Monday.</p></body></html>", "text/html"
        ),
    ]
    results = list(pipeline.analyze(items))
    assert [a.document.id for a in results] == ["bad-json", "binary", "good", "empty", "html"]
    assert [bool(a.errors) for a in results] == [True, True, False, True, False]
    assert results[2].events and results[4].parse is not None
    assert "binary" in results[1].errors[0]


def test_place_country_hint_setting_reaches_the_places_stage(pipeline) -> None:  # type: ignore[no-untyped-def]
    from berkut.pipeline import Pipeline, analyze

    text = "A man was arrested in Athens on Tuesday after a fight outside a bar."
    hinted = Pipeline(pipeline.settings.with_overrides(place_country_hint="USA"), pipeline.ontology)
    default = analyze(text, pipeline=pipeline)
    local = analyze(text, pipeline=hinted)
    assert isinstance(default, Analysis) and isinstance(local, Analysis)
    assert [p.country for p in default.places] == ["GRC"]
    assert [p.country for p in local.places] == ["USA"]

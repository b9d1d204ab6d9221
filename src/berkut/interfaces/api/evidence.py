"""Pages that show text with what was found in it: an event's sentence, an analysed text, the map."""

from __future__ import annotations

from datetime import date
from typing import Any

from berkut.contract import analysis_json
from berkut.errors import OntologyError, QueryError
from berkut.model import Document, EventFilter
from berkut.store import lookups

from .context import Context
from .rows import event_json
from .views import QUADS, NotFound

Span = tuple[int, int, str, str]  # start, end, kind, label


def segments(text: str, spans: list[Span], offset: int = 0) -> list[dict[str, Any]]:
    """Split ``text`` into plain and marked pieces; spans are absolute, ``offset`` is where text starts.

    Overlapping spans keep the one that starts first (the longer on ties), so every character is
    shown exactly once. Templates escape each piece: the text is never trusted as HTML.
    """
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, kind, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start < pos or end <= start:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "kind": None, "label": None})
        out.append({"text": text[start:end], "kind": kind, "label": label})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "kind": None, "label": None})
    return out


def event_page(context: Context, event_id: int) -> dict[str, Any]:
    found = context.store.events_by_id([event_id])
    if not found:
        raise NotFound(f"no event with id {event_id}")
    stored = found[0]
    row = event_json(stored)
    evidence = lookups.sentence_evidence(context.store, event_id)
    spans: list[Span] = [(*stored.verb_span, "verb", f"verb → CAMEO {stored.cameo}")]
    if stored.source_span:
        spans.append((*stored.source_span, "source", f"source: {stored.source_code}"))
    if stored.target_span:
        spans.append((*stored.target_span, "target", f"target: {stored.target_code}"))
    for t in evidence["times"]:
        if stored.date_text and t["text"] == stored.date_text:
            spans.append((t["start"], t["end"], "date", f"date: {stored.date}"))
            break
    for p in evidence["places"]:
        if stored.location_name and stored.location_name in (p["name"], p["text"]):
            spans.append((p["start"], p["end"], "place", f"place: {p['name']}"))
            break
    try:
        cameo = context.ontology.explain(stored.cameo)
    except OntologyError:
        cameo = stored.cameo
    return {
        "event": row,
        "segments": segments(stored.sentence_text, spans, stored.sentence_span[0]),
        "cameo_explained": cameo,
        "quad_name": QUADS.get(stored.quad_class, ""),
        "evidence": {
            k: [
                {kk: (vv.isoformat() if isinstance(vv, date) else vv) for kk, vv in item.items()}
                for item in v
            ]
            for k, v in evidence.items()
        },  # fmt: skip
    }


def analyze_text(context: Context, text: str, on: date | None, title: str | None = None) -> dict[str, Any]:
    """Code one text (nothing is stored) and mark each event's actors, verb, date and place in it."""
    if not text.strip():
        raise QueryError("there is no text to analyze")
    document = Document(id="pasted", text=text, date=on, title=title)
    with context.analyze_lock:
        analysis = next(iter(context.pipeline.analyze([document])))
    result = analysis_json(analysis)
    spans: list[Span] = []
    for n, e in enumerate(analysis.events, start=1):
        label = f"event {n}: {e.cameo}"
        spans.append((*e.verb_span, "verb", f"{label} ({context.ontology.cameo(e.cameo).name})"))
        if e.source:
            spans.append((*e.source.span, "source", f"{label} source {e.source.code}"))
        if e.target:
            spans.append((*e.target.span, "target", f"{label} target {e.target.code}"))
        if e.location:
            spans.append((*e.location.span, "place", f"{label} place {e.location.name}"))
    for t in analysis.times:
        spans.append((*t.span, "date", f"date {t.value}"))
    return {"analysis": result, "segments": segments(text, spans)}


def map_page(context: Context, f: EventFilter) -> dict[str, Any]:
    points = lookups.map_points(context.store, f)
    return {
        "points": points,
        "events": sum(p["events"] for p in points),
        "filter": {
            "from": f.date_from.isoformat() if f.date_from else None,
            "to": f.date_to.isoformat() if f.date_to else None,
            "quad": list(f.quad_class),
            "root": list(f.cameo_root),
        },  # fmt: skip
    }

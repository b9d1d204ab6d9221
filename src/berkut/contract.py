"""The JSON shape of ``berkut analyze`` (see CONTRACT.md): one object per document.

Add fields freely; never rename or remove one without bumping ``SCHEMA``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from berkut.model import Analysis, Event, Mention, Place, Quote, TimeExpr

SCHEMA = 1


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def mention_json(m: Mention | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "text": m.text,
        "span": list(m.span),
        "code": m.code,
        "country": m.country,
        "sector": m.sector,
        "org": m.org,
        "name": m.name,
        "actor_id": m.actor_id,
    }


def place_json(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "text": p.text,
        "span": list(p.span),
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonameid": p.geonameid,
    }


def quote_json(q: Quote | None) -> dict[str, Any] | None:
    if q is None:
        return None
    speaker = None
    if q.speaker_text is not None:
        speaker = {
            "text": q.speaker_text,
            "span": list(q.speaker_span) if q.speaker_span else None,
            "code": q.speaker.code if q.speaker else None,
            "name": q.speaker.name if q.speaker else None,
        }
    return {
        "speaker": speaker,
        "cue": q.cue,
        "content": q.content,
        "content_span": list(q.content_span),
        "direct": q.direct,
    }


def time_json(t: TimeExpr) -> dict[str, Any]:
    return {
        "text": t.text,
        "span": list(t.span),
        "value": _iso(t.value),
        "precision": t.precision.value if t.precision else None,
        "reason": t.reason,
    }


def event_json(e: Event) -> dict[str, Any]:
    return {
        "sentence": e.sentence,
        "text": e.text,
        "span": list(e.span),
        "date": _iso(e.date),
        "date_precision": e.date_precision.value if e.date_precision else None,
        "date_text": e.date_text,
        "date_reason": e.date_reason,
        "date_source": e.date_source.value,
        "source": mention_json(e.source),
        "target": mention_json(e.target),
        "cameo": e.cameo,
        "cameo_root": e.cameo_root,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "plover": {"type": e.plover_type, "mode": e.plover_mode, "context": list(e.plover_context)},
        "verb_span": list(e.verb_span),
        "location": place_json(e.location),
        "location_source": e.location_source.value if e.location_source else None,
        "quote": quote_json(e.quote),
        "negated": e.negated,
        "hypothetical": e.hypothetical,
        "confidence": e.confidence,
        "explanation": {**asdict(e.explanation), "actor_rules": list(e.explanation.actor_rules)},
    }


def analysis_json(a: Analysis) -> dict[str, Any]:
    doc = a.document
    head: dict[str, Any] = {"schema": SCHEMA, "id": doc.id, "date": _iso(doc.date), "title": doc.title}
    if a.errors and a.parse is None:
        return {**head, "errors": list(a.errors)}
    return {
        **head,
        "events": [event_json(e) for e in a.events],
        "mentions": [mention_json(m) for m in a.mentions],
        "quotes": [quote_json(q) for q in a.quotes],
        "places": [place_json(p) for p in a.places],
        "times": [time_json(t) for t in a.times],
        "errors": list(a.errors),
    }


def dumps(a: Analysis) -> str:
    return json.dumps(analysis_json(a), ensure_ascii=False)

"""Writing one analysis: the document and everything found in it, in one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from berkut.model import Analysis, Event, Mention, Place, Quote, Span, TimeExpr
from berkut.store import clusters, schema
from berkut.store.records import AddResult


def normalise_text(text: str) -> str:
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """sha256 of the text with whitespace stripped and collapsed: the key that makes adds idempotent."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def find_document(connection: sa.Connection, digest: str) -> int | None:
    query = sa.select(schema.documents.c.id).where(schema.documents.c.content_hash == digest)
    return connection.execute(query).scalar_one_or_none()


def write(
    connection: sa.Connection,
    analysis: Analysis,
    digest: str,
    coder_version: str,
    cluster_rule: clusters.ClusterRule | None = None,
) -> AddResult:
    """Insert the analysis on an open transaction; the caller commits or rolls back as a whole.

    The document row goes in first, so the transaction's first statement is a write: SQLite then
    takes the write lock up front (waiting on busy_timeout) instead of failing on a lock upgrade.
    The document's events join their clusters in the same transaction.
    """
    doc = analysis.document
    document_id = connection.execute(
        sa.insert(schema.documents).returning(schema.documents.c.id),
        {
            "doc_key": doc.id,
            "content_hash": digest,
            "title": doc.title,
            "url": doc.url,
            "source": doc.source,
            "published": doc.date,
            "text": doc.text,
            "n_words": len(doc.text.split()),
            "coder_version": coder_version,
            "ingested_at": datetime.now(UTC),
        },
    ).scalar_one()
    tables_rows: list[tuple[sa.Table, list[dict[str, Any]]]] = [
        (schema.sentences, _sentence_rows(analysis)),
        (schema.mentions, [_mention_row(m) for m in analysis.mentions]),
        (schema.times, [_time_row(t) for t in analysis.times]),
        (schema.places, [_place_row(p) for p in analysis.places]),
        (schema.quotes, [_quote_row(q) for q in analysis.quotes]),
        (schema.events, [_event_row(e) for e in analysis.events]),
    ]
    for table, rows in tables_rows:
        if rows:
            connection.execute(sa.insert(table), [{"document_id": document_id, **row} for row in rows])
    if analysis.events:
        clusters.assign(connection, document_id, cluster_rule or clusters.ClusterRule())
    return AddResult(document_id, stored=True, events=len(analysis.events))


def _sentence_rows(analysis: Analysis) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    if analysis.parse is not None:
        for s in analysis.parse.sentences:
            rows[s.index] = {"idx": s.index, **_span(s.span), "text": s.text}
    # An event carries its sentence, so events stay searchable and explainable without a parse.
    for e in analysis.events:
        rows.setdefault(e.sentence, {"idx": e.sentence, **_span(e.span), "text": e.text})
    return [rows[i] for i in sorted(rows)]


def _span(span: Span | None, prefix: str = "") -> dict[str, int | None]:
    start, end = span if span is not None else (None, None)
    return {f"{prefix}start": start, f"{prefix}end": end}


def _mention_row(m: Mention) -> dict[str, Any]:
    return {
        "sentence": m.sentence,
        "text": m.text,
        **_span(m.span),
        "code": m.code,
        "country": m.country,
        "sector": m.sector,
        "org": m.org,
        "name": m.name,
        "actor_id": m.actor_id,
        "rules": json.dumps(list(m.rules)),
    }


def _time_row(t: TimeExpr) -> dict[str, Any]:
    return {
        "sentence": t.sentence,
        "text": t.text,
        **_span(t.span),
        "value": t.value,
        "precision": t.precision.value if t.precision is not None else None,
        "reason": t.reason,
    }


def _place_row(p: Place) -> dict[str, Any]:
    return {
        "sentence": p.sentence,
        "text": p.text,
        **_span(p.span),
        "name": p.name,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonameid": p.geonameid,
        "feature": p.feature,
    }


def _quote_row(q: Quote) -> dict[str, Any]:
    return {
        "sentence": q.sentence,
        "speaker_text": q.speaker_text,
        **_span(q.speaker_span, "speaker_"),
        "speaker_code": q.speaker.code if q.speaker is not None else None,
        "cue": q.cue,
        "content": q.content,
        **_span(q.content_span, "content_"),
        "direct": q.direct,
    }


_ACTOR_FIELDS = ("text", "code", "country", "sector", "org", "name", "actor_id")


def _actor(side: str, m: Mention | None) -> dict[str, Any]:
    values = {f"{side}_{k}": getattr(m, k) if m is not None else None for k in _ACTOR_FIELDS}
    return values | _span(m.span if m is not None else None, f"{side}_")


def _event_row(e: Event) -> dict[str, Any]:
    place, quote = e.location, e.quote
    speaker = None
    if quote is not None:
        speaker = quote.speaker_text or (quote.speaker.name if quote.speaker is not None else None)
    return {
        "sentence": e.sentence,
        "date": e.date,
        "date_precision": e.date_precision.value if e.date_precision is not None else None,
        "date_text": e.date_text,
        "date_reason": e.date_reason,
        "date_source": e.date_source.value,
        **_actor("source", e.source),
        **_actor("target", e.target),
        "cameo": e.cameo,
        "cameo_root": e.cameo_root,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "plover_type": e.plover_type,
        "plover_mode": e.plover_mode,
        "plover_context": json.dumps(list(e.plover_context)),
        **_span(e.verb_span, "verb_"),
        "location_name": place.name if place is not None else None,
        "location_country": place.country if place is not None else None,
        "location_source": e.location_source.value if e.location_source is not None else None,
        "lat": place.lat if place is not None else None,
        "lon": place.lon if place is not None else None,
        "geonameid": place.geonameid if place is not None else None,
        "quote_speaker": speaker,
        "quote_content": quote.content if quote is not None else None,
        "negated": e.negated,
        "hypothetical": e.hypothetical,
        "confidence": e.confidence,
        "explanation": json.dumps(asdict(e.explanation), sort_keys=True),
    }

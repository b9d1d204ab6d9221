"""Read-only questions beyond events and timelines: sentence evidence, active dyads, a country's
partners, map points, quotes and places. The CLI (`berkut quotes`, `berkut places`), the API and the
dashboard all call these, so each answers the same way everywhere.

Each builds on the store's own filter (``reader.conditions``) so every EventFilter field keeps its
meaning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from berkut.model import EventFilter
from berkut.store import Store, reader, schema

e, d = schema.events, schema.documents


def _rows(store: Store, query: reader.AnySelect) -> list[dict[str, Any]]:
    with store._connect("read for the dashboard") as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def sentence_evidence(store: Store, event_id: int) -> dict[str, list[dict[str, Any]]]:
    """Times and places found in an event's sentence, with their spans (to highlight them)."""
    key = sa.select(e.c.document_id, e.c.sentence).where(e.c.id == event_id).subquery()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table, columns in (
        ("times", schema.times, ("text", "start", "end", "value", "precision", "reason")),
        ("places", schema.places, ("text", "start", "end", "name", "country", "lat", "lon")),
    ):
        query = (
            sa.select(*(table.c[c] for c in columns))
            .join(key, sa.and_(table.c.document_id == key.c.document_id, table.c.sentence == key.c.sentence))
            .order_by(table.c.start)
        )
        out[name] = _rows(store, query)
    return out


def active_dyads(store: Store, base: EventFilter, limit: int = 10) -> list[dict[str, Any]]:
    """Country pairs (either direction) with the most events, with their Goldstein mean."""
    lo = sa.case((e.c.source_country < e.c.target_country, e.c.source_country), else_=e.c.target_country)
    hi = sa.case((e.c.source_country < e.c.target_country, e.c.target_country), else_=e.c.source_country)
    n = sa.func.count().label("events")
    query = (
        sa.select(lo.label("a"), hi.label("b"), n, sa.func.avg(e.c.goldstein).label("goldstein_mean"))
        .select_from(reader.JOINED)
        .where(
            *reader.conditions(replace(base, near=None), store.dialect),
            e.c.source_country.is_not(None),
            e.c.target_country.is_not(None),
            e.c.source_country != e.c.target_country,
        )
        .group_by(lo, hi)
        .order_by(n.desc(), lo, hi)
        .limit(limit)
    )
    return [{**r, "goldstein_mean": round(float(r["goldstein_mean"] or 0), 2)} for r in _rows(store, query)]


def country_partners(store: Store, country: str, limit: int = 10) -> list[dict[str, Any]]:
    """The countries a country has most events with, either direction."""
    other = sa.case((e.c.source_country == country, e.c.target_country), else_=e.c.source_country)
    n = sa.func.count().label("events")
    query = (
        sa.select(other.label("country"), n, sa.func.avg(e.c.goldstein).label("goldstein_mean"))
        .where(
            sa.or_(e.c.source_country == country, e.c.target_country == country),
            other.is_not(None),
            other != country,
            e.c.negated.is_(False),
            e.c.hypothetical.is_(False),
        )
        .group_by(other)
        .order_by(n.desc(), other)
        .limit(limit)
    )
    return [{**r, "goldstein_mean": round(float(r["goldstein_mean"] or 0), 2)} for r in _rows(store, query)]


def map_points(store: Store, f: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
    """Event locations with counts per quad class; events without coordinates are left out."""
    quads = [sa.func.sum(sa.case((e.c.quad_class == q, 1), else_=0)).label(f"quad{q}") for q in (1, 2, 3, 4)]
    n = sa.func.count().label("events")
    query = (
        sa.select(
            e.c.location_name.label("name"), e.c.location_country.label("country"), e.c.lat, e.c.lon, n,
            sa.func.avg(e.c.goldstein).label("goldstein_mean"), *quads,
        )
        .select_from(reader.JOINED)
        .where(*reader.conditions(f, store.dialect), e.c.lat.is_not(None), e.c.lon.is_not(None))
        .group_by(e.c.location_name, e.c.location_country, e.c.lat, e.c.lon)
        .order_by(n.desc())
        .limit(limit)
    )  # fmt: skip
    return [
        {**r, "goldstein_mean": round(float(r["goldstein_mean"] or 0), 2)}
        for r in _rows(store, query)
        if reader.within(f, r["lat"], r["lon"])
    ]


def quotes(
    store: Store, speaker: str | None = None, document: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Quotations, newest document first; ``speaker`` matches a speaker code prefix (KAZ, KAZGOV) or
    words of the speaker as written ("Tokayev")."""
    q = schema.quotes
    query = (
        sa.select(
            q.c.id, d.c.doc_key.label("document_id"), d.c.title.label("document_title"), d.c.published,
            q.c.sentence, q.c.speaker_text, q.c.speaker_code, q.c.cue, q.c.content, q.c.content_start,
            q.c.content_end, q.c.direct,
        )
        .join(d, d.c.id == q.c.document_id)
        .order_by(d.c.published.desc().nulls_last(), q.c.id.desc())
        .limit(limit)
        .offset(offset)
    )  # fmt: skip
    if speaker:
        query = query.where(
            sa.or_(
                q.c.speaker_code.startswith(speaker.strip().upper(), autoescape=True),
                q.c.speaker_text.ilike(f"%{speaker.strip()}%"),
            )
        )
    if document:
        query = query.where(d.c.doc_key == document)
    return _rows(store, query)


def places(
    store: Store, country: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Places named in stored documents, most mentioned first."""
    p = schema.places
    n = sa.func.count().label("mentions")
    docs = sa.func.count(sa.distinct(p.c.document_id)).label("documents")
    query = (
        sa.select(p.c.name, p.c.country, p.c.lat, p.c.lon, p.c.geonameid, n, docs)
        .group_by(p.c.name, p.c.country, p.c.lat, p.c.lon, p.c.geonameid)
        .order_by(n.desc(), p.c.name)
        .limit(limit)
        .offset(offset)
    )
    if country:
        query = query.where(p.c.country == country.strip().upper())
    return _rows(store, query)

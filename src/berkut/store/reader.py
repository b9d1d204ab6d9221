"""EventFilter → SQL, and rows → ``StoredEvent``.

Every field of ``EventFilter`` is honoured in SQL except the exact distance of ``near``: SQL narrows
to a bounding box (index-friendly, same on both backends), then Python keeps events within the
great-circle radius. When ``near`` is set, limit and offset are therefore applied in Python.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from berkut.errors import QueryError
from berkut.model import EventFilter, StoredEvent
from berkut.store import fts, schema

EARTH_RADIUS_KM = 6371.0088

# rows and selects of any shape (SQLAlchemy 2.1 types them by their column tuple)
AnyRow: TypeAlias = sa.Row[*tuple[Any, ...]]
AnySelect: TypeAlias = sa.Select[*tuple[Any, ...]]

e, d, s = schema.events, schema.documents, schema.sentences
c = schema.event_clusters

# events with their document, sentence and cluster counts; every event query starts here
JOINED = (
    e.join(d, d.c.id == e.c.document_id)
    .outerjoin(s, sa.and_(s.c.document_id == e.c.document_id, s.c.idx == e.c.sentence))
    .outerjoin(c, c.c.id == e.c.cluster_id)
)

# the cluster of an event; a mention not yet clustered (during a recluster) is its own cluster
CLUSTER_KEY = sa.func.coalesce(e.c.cluster_id, e.c.id)

def source_for(f: EventFilter) -> sa.FromClause:
    """The fewest tables a filter needs: events, plus documents or sentences only when it asks."""
    source: sa.FromClause = e
    if f.document_id:
        source = source.join(d, d.c.id == e.c.document_id)
    if f.text:
        source = source.join(s, sa.and_(s.c.document_id == e.c.document_id, s.c.idx == e.c.sentence))
    return source


def _side(side: str, value: str) -> ColumnElement[bool]:
    """One side of an event matches an actor: code prefix (KAZ → KAZGOV) or organisation."""
    value = _actor_value(value)
    return sa.or_(e.c[f"{side}_code"].startswith(value, autoescape=True), e.c[f"{side}_org"] == value)


def _actor_value(value: str) -> str:
    cleaned = value.strip().upper()
    if not cleaned:
        raise QueryError("an actor in the filter is empty")
    return cleaned


def _either(value: str) -> ColumnElement[bool]:
    return sa.or_(_side("source", value), _side("target", value))


def conditions(f: EventFilter, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE clauses for a filter (all ANDed)."""
    where: list[ColumnElement[bool]] = []
    if f.actor:
        where.append(_either(f.actor))
    if f.source:
        where.append(_side("source", f.source))
    if f.target:
        where.append(_side("target", f.target))
    if f.dyad:
        if len(f.dyad) != 2:
            raise QueryError(f"a dyad is two actors, got {f.dyad!r}")
        a, b = f.dyad
        where.append(
            sa.or_(
                sa.and_(_side("source", a), _side("target", b)),
                sa.and_(_side("source", b), _side("target", a)),
            )
        )
    if f.country:
        country = f.country.strip().upper()
        where.append(sa.or_(e.c.source_country == country, e.c.target_country == country))
    if f.cameo:
        where.append(e.c.cameo.startswith(f.cameo.strip(), autoescape=True))
    if f.cameo_root:
        where.append(e.c.cameo_root.in_(f.cameo_root))
    if f.plover_type:
        where.append(e.c.plover_type.in_(f.plover_type))
    if f.quad_class:
        where.append(e.c.quad_class.in_(f.quad_class))
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise QueryError(f"date_from {f.date_from} is after date_to {f.date_to}")
    if f.date_from:
        where.append(e.c.date >= f.date_from)
    if f.date_to:
        where.append(e.c.date <= f.date_to)
    if f.min_confidence:
        where.append(e.c.confidence >= f.min_confidence)
    if not f.include_negated:
        where.append(e.c.negated.is_(False))
    if not f.include_hypothetical:
        where.append(e.c.hypothetical.is_(False))
    if f.document_id:
        where.append(d.c.doc_key == f.document_id)
    if f.text:
        where.append(fts.sentence_matches(dialect, f.text))
    if f.near is not None:
        where.extend(_bounding_box(f.near, f.radius_km))
    if f.one_a_day or f.distinct_clusters:
        where.append(e.c.id.in_(_representatives(f, where)))
    return where


def _representatives(f: EventFilter, where: list[ColumnElement[bool]]) -> AnySelect:
    """The first matching mention of each cluster, or of each (source, target, code, day) group.

    Undated events are never grouped by day: each stands alone in the one-a-day view.
    """
    if f.one_a_day:
        undated = sa.case((e.c.date.is_(None), e.c.id), else_=None)
        keys: list[ColumnElement[Any]] = [e.c.source_code, e.c.target_code, e.c.cameo, e.c.date, undated]
    else:
        keys = [CLUSTER_KEY]
    # correlate(None): the subquery reads the events table on its own, not the outer query's row
    return sa.select(sa.func.min(e.c.id)).select_from(source_for(f)).where(*where).group_by(*keys).correlate(None)


def _bounding_box(near: tuple[float, float], radius_km: float) -> list[ColumnElement[bool]]:
    lat, lon = near
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(f"near must be (lat, lon) in degrees, got {near!r}")
    if radius_km <= 0:
        raise QueryError(f"radius_km must be positive, got {radius_km}")
    angle = radius_km / EARTH_RADIUS_KM
    lat_lo, lat_hi = lat - math.degrees(angle), lat + math.degrees(angle)
    box: list[ColumnElement[bool]] = [e.c.lat.between(lat_lo, lat_hi)]
    if lat_lo <= -90 or lat_hi >= 90 or angle >= math.pi / 2:
        return box  # the circle covers a pole: every longitude is in range
    # widest longitude reached by the circle (not at its centre latitude), so the box truly contains it
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    if ratio >= 1:
        return box
    dlon = math.degrees(math.asin(ratio))
    lo, hi = lon - dlon, lon + dlon
    if lo < -180:
        box.append(sa.or_(e.c.lon >= lo + 360, e.c.lon <= hi))
    elif hi > 180:
        box.append(sa.or_(e.c.lon >= lo, e.c.lon <= hi - 360))
    else:
        box.append(e.c.lon.between(lo, hi))
    return box


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within(f: EventFilter, lat: float | None, lon: float | None) -> bool:
    """The exact distance test for ``near``; always true without it."""
    if f.near is None:
        return True
    return lat is not None and lon is not None and haversine_km(f.near, (lat, lon)) <= f.radius_km


_COLUMNS = [
    e.c.id,
    d.c.doc_key,
    d.c.title,
    d.c.url,
    d.c.published,
    e.c.sentence,
    s.c.text.label("sentence_text"),
    s.c.start.label("sentence_start"),
    s.c.end.label("sentence_end"),
    *(e.c[name] for name in ("date", "date_precision", "date_text", "date_reason")),
    *(e.c[f"{side}_{k}"] for side in ("source", "target") for k in
      ("code", "country", "sector", "org", "name", "text", "start", "end")),
    *(e.c[name] for name in ("cameo", "cameo_root", "quad_class", "goldstein", "plover_type", "plover_mode",
                             "plover_context",
                             "verb_start", "verb_end", "location_name", "location_country", "lat", "lon",
                             "quote_speaker", "negated", "hypothetical", "confidence", "explanation")),
    CLUSTER_KEY.label("cluster_key"),
    sa.func.coalesce(c.c.mentions, 1).label("num_mentions"),
    sa.func.coalesce(c.c.articles, 1).label("num_articles"),
    sa.func.coalesce(c.c.sources, 1).label("num_sources"),
]  # fmt: skip


def select_events(f: EventFilter, dialect: str) -> AnySelect:
    order = [e.c.date.desc().nulls_last(), e.c.id.desc()] if f.newest_first else [
        e.c.date.asc().nulls_last(), e.c.id.asc()]  # fmt: skip
    query = sa.select(*_COLUMNS).select_from(JOINED).where(*conditions(f, dialect)).order_by(*order)
    if f.near is None:
        if f.offset:
            query = query.offset(f.offset)
        if f.limit is not None:
            query = query.limit(f.limit)
    return query


def page(f: EventFilter, rows: Sequence[AnyRow]) -> list[AnyRow]:
    """Apply ``near`` exactly, then limit and offset (already done in SQL without ``near``)."""
    if f.near is None:
        return list(rows)
    kept = [row for row in rows if within(f, row.lat, row.lon)]
    end = None if f.limit is None else f.offset + f.limit
    return kept[f.offset : end]


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


def to_stored_event(row: AnyRow) -> StoredEvent:
    m = row._mapping
    side = {
        f"{p}_{k}": m[f"{p}_{k}"]
        for p in ("source", "target")
        for k in ("code", "country", "sector", "org", "name", "text")
    }
    return StoredEvent(
        id=m["id"],
        document_id=m["doc_key"],
        document_title=m["title"],
        document_url=m["url"],
        published=m["published"],
        sentence=m["sentence"],
        sentence_text=m["sentence_text"] or "",
        sentence_span=_span(m["sentence_start"], m["sentence_end"]) or (0, 0),
        date=m["date"],
        date_precision=m["date_precision"],
        date_text=m["date_text"],
        date_reason=m["date_reason"],
        source_span=_span(m["source_start"], m["source_end"]),
        target_span=_span(m["target_start"], m["target_end"]),
        cameo=m["cameo"],
        cameo_root=m["cameo_root"],
        quad_class=m["quad_class"],
        goldstein=m["goldstein"],
        plover_type=m["plover_type"],
        verb_span=(m["verb_start"], m["verb_end"]),
        location_name=m["location_name"],
        location_country=m["location_country"],
        lat=m["lat"],
        lon=m["lon"],
        quote_speaker=m["quote_speaker"],
        negated=bool(m["negated"]),
        hypothetical=bool(m["hypothetical"]),
        confidence=m["confidence"],
        explanation=m["explanation"],
        cluster_id=m["cluster_key"],
        num_mentions=int(m["num_mentions"]),
        num_articles=int(m["num_articles"]),
        num_sources=int(m["num_sources"]),
        plover_mode=m["plover_mode"],
        plover_context=tuple(json.loads(m["plover_context"] or "[]")),
        **side,
    )


def count_query(f: EventFilter, dialect: str) -> AnySelect:
    if f.near is not None:
        return sa.select(e.c.lat, e.c.lon).select_from(source_for(f)).where(*conditions(f, dialect))
    if f.distinct_clusters and not f.one_a_day:
        # counting clusters needs no representatives: count the distinct cluster keys
        plain = conditions(replace(f, distinct_clusters=False), dialect)
        query = sa.select(sa.func.count(sa.distinct(CLUSTER_KEY))).select_from(source_for(f)).where(*plain)
    else:
        query = sa.select(sa.func.count()).select_from(source_for(f)).where(*conditions(f, dialect))
    return query

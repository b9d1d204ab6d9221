"""The store's memory for watching: fetched URLs, feed states, watchlists, alerts and deliveries.

Functions here run on a connection the ``Store`` opens; each write is one short transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from berkut.store import schema
from berkut.store.records import AlertRow, Evidence, FeedState, FetchRecord

SEVERITIES = ("low", "medium", "high", "critical")  # stored as 1..4


def key_hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def entry_hash(feed_url: str, entry_id: str) -> str:
    return key_hash(f"{feed_url}\n{entry_id}")


def severity_number(name: str | int) -> int:
    if isinstance(name, int):
        if 1 <= name <= len(SEVERITIES):
            return name
        raise ValueError(f"severity must be 1-{len(SEVERITIES)}, not {name}")
    try:
        return SEVERITIES.index(name.strip().lower()) + 1
    except ValueError:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, not {name!r}") from None


# -- fetch log -----------------------------------------------------------------------------------


def seen_urls(connection: sa.Connection, urls: Sequence[str]) -> set[str]:
    f = schema.fetched
    by_hash = {key_hash(u): u for u in urls}
    found: set[str] = set()
    keys = list(by_hash)
    for i in range(0, len(keys), 500):
        query = sa.select(f.c.url_hash).where(f.c.url_hash.in_(keys[i : i + 500]))
        found.update(by_hash[h] for h in connection.execute(query).scalars())
    return found


def seen_entries(connection: sa.Connection, feed_url: str, entry_ids: Sequence[str]) -> set[str]:
    f = schema.fetched
    by_hash = {entry_hash(feed_url, i): i for i in entry_ids}
    found: set[str] = set()
    keys = list(by_hash)
    for i in range(0, len(keys), 500):
        query = sa.select(f.c.entry_hash).where(f.c.entry_hash.in_(keys[i : i + 500]))
        found.update(by_hash[h] for h in connection.execute(query).scalars())
    return found


def record_fetch(connection: sa.Connection, record: FetchRecord, now: datetime) -> None:
    f = schema.fetched
    digest = key_hash(record.url)
    values: dict[str, Any] = {
        "url": record.url,
        "feed_url": record.feed_url,
        "entry_hash": entry_hash(record.feed_url, record.entry_id)
        if record.feed_url and record.entry_id
        else None,
        "status": record.status,
        "error": record.error,
        "document_id": record.document_id,
        "fetched_at": now,
    }
    if connection.execute(sa.select(f.c.id).where(f.c.url_hash == digest)).first():
        connection.execute(sa.update(f).where(f.c.url_hash == digest).values(**values))
    else:
        connection.execute(sa.insert(f).values(url_hash=digest, **values))


def fetch_counts(connection: sa.Connection) -> dict[str, int]:
    f = schema.fetched
    rows = connection.execute(sa.select(f.c.status, sa.func.count()).group_by(f.c.status))
    return {status: int(n) for status, n in rows}


# -- feeds ---------------------------------------------------------------------------------------


def feed_state(connection: sa.Connection, url: str) -> FeedState | None:
    f = schema.feeds
    row = connection.execute(sa.select(f).where(f.c.url == url)).first()
    if row is None:
        return None
    return FeedState(row.url, row.title, row.etag, row.last_modified, row.polled_at, row.error)


def save_feed_state(connection: sa.Connection, state: FeedState) -> None:
    f = schema.feeds
    values = asdict(state)
    if connection.execute(sa.select(f.c.url).where(f.c.url == state.url)).first():
        connection.execute(sa.update(f).where(f.c.url == state.url).values(**values))
    else:
        connection.execute(sa.insert(f).values(**values))


# -- watchlists ----------------------------------------------------------------------------------


def save_watchlist(connection: sa.Connection, name: str, spec: dict[str, Any], now: datetime) -> None:
    w = schema.watchlists
    text = json.dumps(spec, sort_keys=True)
    if connection.execute(sa.select(w.c.name).where(w.c.name == name)).first():
        connection.execute(sa.update(w).where(w.c.name == name).values(spec=text))
    else:
        connection.execute(sa.insert(w).values(name=name, spec=text, created_at=now))


def watchlists(connection: sa.Connection) -> list[tuple[str, dict[str, Any]]]:
    w = schema.watchlists
    return [(r.name, json.loads(r.spec)) for r in connection.execute(sa.select(w).order_by(w.c.name))]


def remove_watchlist(connection: sa.Connection, name: str) -> bool:
    w = schema.watchlists
    return bool(connection.execute(sa.delete(w).where(w.c.name == name)).rowcount)


# -- alerts --------------------------------------------------------------------------------------


def add_alert(connection: sa.Connection, alert: AlertRow) -> int | None:
    """Insert an alert unless one with its key exists; returns the new id, None for a duplicate."""
    a = schema.alerts
    if connection.execute(sa.select(a.c.id).where(a.c.key == alert.key)).first():
        return None
    return int(
        connection.execute(
            sa.insert(a).returning(a.c.id),
            {
                "key": alert.key,
                "watchlist": alert.watchlist,
                "kind": alert.kind,
                "severity": alert.severity,
                "title": alert.title,
                "created_at": alert.created_at,
                "event_ids": json.dumps(list(alert.event_ids)),
                "evidence": json.dumps([asdict(x) for x in alert.evidence], ensure_ascii=False),
                "details": json.dumps(alert.details, sort_keys=True, default=str),
            },
        ).scalar_one()
    )


def alert_query(
    watchlist: str | None = None,
    min_severity: int = 1,
    since: datetime | None = None,
    undelivered_on: str | None = None,
) -> sa.Select[Any]:
    a, dl = schema.alerts, schema.alert_deliveries
    query = sa.select(a).where(a.c.severity >= min_severity)
    if watchlist:
        query = query.where(a.c.watchlist == watchlist)
    if since is not None:
        query = query.where(a.c.created_at >= since)
    if undelivered_on is not None:
        delivered = sa.select(dl.c.alert_id).where(dl.c.channel == undelivered_on)
        query = query.where(a.c.id.not_in(delivered))
    return query


def to_alert(row: Any) -> AlertRow:
    created = row.created_at
    if created.tzinfo is None:  # SQLite hands back naive datetimes; they were written in UTC
        created = created.replace(tzinfo=UTC)
    return AlertRow(
        id=row.id,
        key=row.key,
        watchlist=row.watchlist,
        kind=row.kind,
        severity=row.severity,
        title=row.title,
        created_at=created,
        event_ids=tuple(json.loads(row.event_ids)),
        evidence=tuple(Evidence(**x) for x in json.loads(row.evidence)),
        details=json.loads(row.details),
    )


def mark_delivered(connection: sa.Connection, alert_ids: Iterable[int], channel: str, now: datetime) -> None:
    dl = schema.alert_deliveries
    rows = [{"alert_id": i, "channel": channel, "delivered_at": now} for i in alert_ids]
    if rows:
        done = set(
            connection.execute(
                sa.select(dl.c.alert_id).where(
                    dl.c.channel == channel, dl.c.alert_id.in_([r["alert_id"] for r in rows])
                )
            ).scalars()
        )
        rows = [r for r in rows if r["alert_id"] not in done]
    if rows:
        connection.execute(sa.insert(dl), rows)

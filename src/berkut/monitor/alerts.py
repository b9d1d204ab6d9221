"""Evaluating watchlists over new events: alerts that are stored, deduplicated and graded.

Each watchlist keeps a cursor (the id of the last event it has seen, in the store's ``meta``), so every
event is judged once however often the monitor runs. A watchlist met for the first time starts at the
newest stored event — it watches from now on — unless asked to ``backfill`` the whole store.

Alerts are deduplicated by a key: one alert per watchlist and event cluster (the same event reported by
ten outlets is one alert), and one per watchlist, subject, period and change level for spikes. Evaluating
twice, or after a crash between storing alerts and moving the cursor, adds nothing.

Severity (1 low, 2 medium, 3 high, 4 critical): an event's Goldstein value and quad class set the base
(≤ -9 critical; ≤ -6 or material conflict high; verbal conflict medium; cooperation low); three or more
sources raise it a step, confidence under 0.5 lowers it a step; a spike is medium, an extreme one high.
A watchlist's ``severity`` is the floor for its alerts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from berkut import query
from berkut.errors import OntologyError
from berkut.model import EventFilter, StoredEvent
from berkut.monitor.watchlists import Watchlist
from berkut.store import AlertRow, Evidence, Store

CURSOR_PREFIX = "watch_cursor:"
_BATCH = 5000


def prime(store: Store, watchlists: Sequence[Watchlist], backfill: bool = False) -> None:
    """Give watchlists met for the first time their cursor: the newest event (or 0 to backfill)."""
    meta = store.meta()
    top = 0 if backfill else store.max_event_id()
    for w in watchlists:
        if CURSOR_PREFIX + w.name not in meta:
            store.set_meta(CURSOR_PREFIX + w.name, str(top))


def evaluate(
    store: Store, watchlists: Sequence[Watchlist], now: datetime | None = None, backfill: bool = False
) -> list[AlertRow]:
    """Judge the events each watchlist has not seen yet, and its spike rule; returns the new alerts."""
    now = now or datetime.now(UTC)
    prime(store, watchlists, backfill)
    meta = store.meta()
    cursors = {w.name: int(meta.get(CURSOR_PREFIX + w.name, "0")) for w in watchlists}
    new: list[AlertRow] = []
    watching = [w for w in watchlists if w.events]
    last = max(cursors.values(), default=0)
    if watching:
        after = min(cursors[w.name] for w in watching)
        everything = EventFilter(include_negated=True, include_hypothetical=True, limit=None)
        while batch := store.events_since(after, everything, limit=_BATCH):
            for w in watching:
                fresh = [e for e in batch if e.id > cursors[w.name] and w.matches(e)]
                new.extend(_store_all(store, [event_alert(w, group, now) for group in _by_cluster(fresh)]))
            after = batch[-1].id
            last = max(last, after)
    for w in watchlists:
        if w.spike is not None:
            new.extend(_store_all(store, spike_alerts(store, w, now)))
        store.set_meta(CURSOR_PREFIX + w.name, str(max(cursors[w.name], last)))
    return new


def _store_all(store: Store, alerts: Sequence[AlertRow]) -> list[AlertRow]:
    out = []
    for alert in alerts:
        alert_id = store.add_alert(alert)
        if alert_id is not None:
            out.append(replace(alert, id=alert_id))
    return out


def _by_cluster(events: Sequence[StoredEvent]) -> list[list[StoredEvent]]:
    groups: dict[int, list[StoredEvent]] = {}
    for e in events:
        groups.setdefault(e.cluster_id or e.id, []).append(e)
    return list(groups.values())


# -- event alerts --------------------------------------------------------------------------------


def grade_event(e: StoredEvent) -> int:
    if e.goldstein <= -9:
        level = 4
    elif e.goldstein <= -6 or e.quad_class == 4:
        level = 3
    elif e.quad_class == 3:
        level = 2
    else:
        level = 1
    if e.num_sources >= 3:
        level += 1
    if e.confidence < 0.5:
        level -= 1
    return max(1, min(4, level))


@lru_cache(maxsize=1)
def _code_tables() -> Any:
    from berkut.ontology.codes import load_code_tables

    return load_code_tables()


def cameo_name(code: str) -> str:
    try:
        return str(_code_tables().cameo(code).name)
    except (OntologyError, KeyError, OSError):
        return f"CAMEO {code}"


def _actor(name: str | None, code: str | None, text: str | None) -> str:
    label = name or text or "someone"
    return f"{label} ({code})" if code and code != label else label


def evidence(e: StoredEvent) -> Evidence:
    return Evidence(
        event_id=e.id,
        document_id=e.document_id,
        url=e.document_url,
        date=e.date.isoformat() if e.date else None,
        sentence=e.sentence_text,
    )


def event_alert(w: Watchlist, group: Sequence[StoredEvent], now: datetime) -> AlertRow:
    first = group[0]
    widest = max(group, key=lambda e: (e.num_sources, e.num_articles))
    source = _actor(first.source_name, first.source_code, first.source_text)
    target = (
        _actor(first.target_name, first.target_code, first.target_text)
        if first.target_code or first.target_text
        else None
    )
    what = cameo_name(first.cameo)
    title = f"{source}: {what}" + (f" → {target}" if target else "")
    if first.date:
        title += f" ({first.date.isoformat()})"
    if widest.num_sources > 1:
        title += f", {widest.num_sources} sources"
    details: dict[str, Any] = {
        "cluster_id": first.cluster_id or first.id,
        "cameo": first.cameo,
        "cameo_name": what,
        "plover_type": first.plover_type,
        "quad_class": first.quad_class,
        "goldstein": first.goldstein,
        "date": first.date.isoformat() if first.date else None,
        "source": first.source_code,
        "target": first.target_code,
        "location": first.location_name,
        "num_mentions": widest.num_mentions,
        "num_articles": widest.num_articles,
        "num_sources": widest.num_sources,
        "confidence": max(e.confidence for e in group),
    }
    return AlertRow(
        key=f"{w.name}:event:{first.cluster_id or first.id}",
        watchlist=w.name,
        kind="event",
        severity=max(w.severity, max(grade_event(e) for e in group)),
        title=title,
        created_at=now,
        event_ids=tuple(e.id for e in group),
        evidence=tuple(evidence(e) for e in group),
        details=details,
    )


# -- spike alerts --------------------------------------------------------------------------------


def spike_alerts(store: Store, w: Watchlist, now: datetime) -> list[AlertRow]:
    """A spike alert per subject whose current period stands out against its baseline."""
    assert w.spike is not None
    by, rule = w.spike.by, w.spike.rule
    today = now.date()
    current = query.period_label(today, by)
    first = query.period_start(query.shift_periods(current, by, rule.baseline), by)
    out = []
    for subject, f in w.subjects():
        rows = query.trend(store, replace(f, date_from=first, date_to=today), by, rule)
        row = rows[-1] if rows else None
        if row is None or row.period != current or row.change not in ("spike", "extreme"):
            continue
        recent = store.events(
            replace(
                f, date_from=query.period_start(current, by), date_to=today, limit=5, distinct_clusters=True
            )
        )
        title = (
            f"{subject}: {row.events} events this {by} ({current}) against "
            f"{row.baseline_mean:.1f} ± {row.baseline_std:.1f} in the previous {rule.baseline} — {row.change}"
        )
        out.append(
            AlertRow(
                key=f"{w.name}:spike:{subject}:{by}:{current}:{row.change}",
                watchlist=w.name,
                kind="spike",
                severity=max(w.severity, 3 if row.change == "extreme" else 2),
                title=title,
                created_at=now,
                event_ids=tuple(e.id for e in recent),
                evidence=tuple(evidence(e) for e in recent),
                details={
                    "subject": subject,
                    "by": by,
                    "period": current,
                    "events": row.events,
                    "baseline": rule.baseline,
                    "baseline_mean": row.baseline_mean,
                    "baseline_std": row.baseline_std,
                    "z": row.z,
                    "level": row.change,
                    "articles": row.articles,
                    "quad4": row.quad4,
                },  # fmt: skip
            )
        )
    return out

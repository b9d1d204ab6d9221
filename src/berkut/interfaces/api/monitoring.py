"""Watchlists, alerts, spikes and exports as the API and dashboard need them.

``berkut.monitor`` and ``berkut.export`` are the library's home for these; until they exist this module
keeps a small stand-in built only on public store calls: watchlists live in the store's ``meta`` table
(so they travel with the database), and an alert is a period in which a watchlist's events rose well
above their usual level (a spike), computed when asked.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from berkut import query
from berkut.errors import QueryError
from berkut.model import EventFilter
from berkut.store import Store
from berkut.store.records import TimelineRow

from .rows import event_json, period_bounds

_WATCHLISTS = "web.watchlists"
_ACKED = "web.alerts_acknowledged"
_LOCK = threading.Lock()
_CODE = re.compile(r"^[A-Z0-9_]{2,20}$")


@dataclass(frozen=True)
class Spike:
    period: str
    events: int
    baseline: float
    z: float


def find_spikes(rows: list[TimelineRow], window: int = 12, z: float = 2.0, min_events: int = 3) -> list[Spike]:
    """Periods whose event count stands ``z`` deviations above the ``window`` periods before them.

    The deviation is floored at 1 so a quiet series (0, 0, 0, 4) still counts as a rise but a flat
    busy one does not flag every wobble.
    """
    out = []
    for i, row in enumerate(rows):
        before = [r.events for r in rows[max(0, i - window) : i]]
        if row.events < min_events or len(before) < 2:
            continue
        mean = sum(before) / len(before)
        sd = max(1.0, math.sqrt(sum((x - mean) ** 2 for x in before) / len(before)))
        score = (row.events - mean) / sd
        if score >= z:
            out.append(Spike(row.period, row.events, round(mean, 2), round(score, 2)))
    return out


# -- watchlists ------------------------------------------------------------------------------------
def _clean_codes(values: Any, what: str) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise QueryError(f"{what} must be a list")
    out = []
    for value in values:
        code = str(value).strip().upper()
        if not _CODE.match(code):
            raise QueryError(f"{what}: {value!r} is not an actor code (letters, digits, _)")
        out.append(code)
    return out


def validate_watchlist(body: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a watchlist: a name, actors and/or dyads, optional CAMEO roots."""
    name = str(body.get("name") or "").strip()
    if not name or len(name) > 100:
        raise QueryError("a watchlist needs a name of 1 to 100 characters")
    actors = _clean_codes(body.get("actors"), "actors")
    dyads = []
    for pair in body.get("dyads") or []:
        codes = _clean_codes(pair.split("-") if isinstance(pair, str) else pair, "dyads")
        if len(codes) != 2:
            raise QueryError(f"a dyad is two actors like AFG-KAZ, not {pair!r}")
        dyads.append(f"{codes[0]}-{codes[1]}")
    if not actors and not dyads:
        raise QueryError("a watchlist needs at least one actor or dyad")
    roots = [str(r).zfill(2) for r in body.get("cameo_roots") or []]
    if any(not r.isdigit() or len(r) != 2 for r in roots):
        raise QueryError("cameo_roots are two-digit CAMEO roots such as 13 or 19")
    return {"name": name, "actors": actors, "dyads": dyads, "cameo_roots": roots}


def list_watchlists(store: Store) -> list[dict[str, Any]]:
    raw = store.meta().get(_WATCHLISTS)
    return list(json.loads(raw)) if raw else []


def get_watchlist(store: Store, watchlist_id: int) -> dict[str, Any]:
    for item in list_watchlists(store):
        if item["id"] == watchlist_id:
            return item
    raise _not_found(watchlist_id)


class NotFound(QueryError):
    http_status = 404


def _not_found(watchlist_id: int) -> NotFound:
    return NotFound(f"no watchlist with id {watchlist_id}")


def _save(store: Store, items: list[dict[str, Any]]) -> None:
    store.set_meta(_WATCHLISTS, json.dumps(items, ensure_ascii=False))


def create_watchlist(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    clean = validate_watchlist(body)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with _LOCK:
        items = list_watchlists(store)
        item = {"id": max((i["id"] for i in items), default=0) + 1, **clean, "created": now, "updated": now}
        _save(store, [*items, item])
    return item


def update_watchlist(store: Store, watchlist_id: int, body: dict[str, Any]) -> dict[str, Any]:
    with _LOCK:
        items = list_watchlists(store)
        for n, item in enumerate(items):
            if item["id"] == watchlist_id:
                merged = validate_watchlist({**item, **body})
                items[n] = {**item, **merged, "updated": datetime.now(UTC).isoformat(timespec="seconds")}
                _save(store, items)
                return items[n]
    raise _not_found(watchlist_id)


def delete_watchlist(store: Store, watchlist_id: int) -> None:
    with _LOCK:
        items = list_watchlists(store)
        kept = [i for i in items if i["id"] != watchlist_id]
        if len(kept) == len(items):
            raise _not_found(watchlist_id)
        _save(store, kept)


# -- alerts ----------------------------------------------------------------------------------------
def _filters(item: dict[str, Any]) -> Iterator[tuple[str, EventFilter]]:
    roots = tuple(item.get("cameo_roots") or ())
    for actor in item.get("actors", []):
        yield actor, EventFilter(actor=actor, cameo_root=roots, limit=None)
    for dyad in item.get("dyads", []):
        a, b = dyad.split("-")
        yield dyad, EventFilter(dyad=(a, b), cameo_root=roots, limit=None)


def alerts(store: Store, granularity: str = "month", include_acknowledged: bool = False) -> list[dict[str, Any]]:
    """Spikes in any watchlist's actors or dyads; open (unacknowledged) ones unless asked."""
    acked = set(json.loads(store.meta().get(_ACKED) or "[]"))
    out = []
    for item in list_watchlists(store):
        for subject, f in _filters(item):
            for spike in find_spikes(store.timeline(f, granularity)):
                alert_id = f"{item['id']}:{subject}:{spike.period}"
                if alert_id in acked and not include_acknowledged:
                    continue
                start, end = period_bounds(spike.period, granularity)
                out.append({
                    "id": alert_id, "watchlist_id": item["id"], "watchlist": item["name"], "subject": subject,
                    "period": spike.period, "start": start.isoformat(), "end": end.isoformat(),
                    "events": spike.events, "baseline": spike.baseline, "z": spike.z,
                    "status": "acknowledged" if alert_id in acked else "open",
                })  # fmt: skip
    return sorted(out, key=lambda a: (a["period"], a["z"]), reverse=True)


def acknowledge_alert(store: Store, alert_id: str) -> dict[str, Any]:
    known = {a["id"]: a for a in alerts(store, include_acknowledged=True)}
    if alert_id not in known:
        raise NotFound(f"no alert with id {alert_id!r}")
    with _LOCK:
        acked = set(json.loads(store.meta().get(_ACKED) or "[]"))
        acked.add(alert_id)
        store.set_meta(_ACKED, json.dumps(sorted(acked)))
    return {**known[alert_id], "status": "acknowledged"}


# -- exports ---------------------------------------------------------------------------------------
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


def export_chunks(store: Store, f: EventFilter, fmt: str, page: int = 1000) -> Iterator[str]:
    """The events matching ``f`` as CSV or JSON Lines, read page by page so memory stays flat."""
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    budget = f.limit
    offset = f.offset
    header_done = False
    while budget is None or budget > 0:
        size = page if budget is None else min(page, budget)
        rows = [event_json(e) for e in query.events(store, replace(f, limit=size, offset=offset))]
        if not rows:
            break
        buffer = io.StringIO()
        if fmt == "jsonl":
            for row in rows:
                buffer.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            if not header_done:
                writer.writeheader()
                header_done = True
            for row in rows:
                writer.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in row.items()})
        yield buffer.getvalue()
        offset += len(rows)
        if budget is not None:
            budget -= len(rows)
        if len(rows) < size:
            break

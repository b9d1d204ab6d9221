"""Watchlists, alerts, spikes and exports for the API and the dashboard, over ``berkut.monitor``,
``berkut.export`` and ``berkut.query`` — the same functions as ``berkut watchlist``, ``berkut alerts``,
``berkut watch`` and ``berkut export``.

Watchlists are kept in the store by name with the keys of ``berkut.monitor.watchlists``. Alerts are the
stored ones ``berkut watch`` (or ``POST /api/v1/alerts/evaluate``) creates; acknowledging one in the
dashboard records it as delivered on the ``dashboard`` channel, so "open" means "not yet seen there".
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

from berkut import export as exporting
from berkut import query
from berkut.errors import QueryError
from berkut.model import EventFilter
from berkut.monitor import alert_json, evaluate, parse_watchlist
from berkut.store import Store

CHANNEL = "dashboard"
EXPORT_TYPES = {
    "gdelt": ("text/tab-separated-values; charset=utf-8", "tsv"),
    "acled": ("text/csv; charset=utf-8", "csv"),
    "plover": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}


class NotFound(QueryError):
    http_status = 404


class Conflict(QueryError):
    http_status = 409


# -- watchlists ------------------------------------------------------------------------------------
def _clean(spec: dict[str, Any]) -> dict[str, Any]:
    """Drop empty keys (forms send every field) and check the rest as ``berkut watchlist add`` does."""
    cleaned = {k: v for k, v in spec.items() if v not in (None, "", [], {})}
    parse_watchlist(cleaned)  # raises SettingsError (400) naming the bad key
    return cleaned


def list_watchlists(store: Store) -> list[dict[str, Any]]:
    return [{**spec, "name": name} for name, spec in store.watchlists()]


def get_watchlist(store: Store, name: str) -> dict[str, Any]:
    for item in list_watchlists(store):
        if item["name"] == name:
            return item
    raise NotFound(f"no watchlist named {name!r}")


def create_watchlist(store: Store, spec: dict[str, Any]) -> dict[str, Any]:
    spec = _clean(spec)
    if any(item["name"] == spec["name"] for item in list_watchlists(store)):
        raise Conflict(f"a watchlist named {spec['name']!r} exists: change it with PUT or PATCH")
    store.save_watchlist(spec["name"], spec)
    return spec


def replace_watchlist(store: Store, name: str, spec: dict[str, Any], merge: bool = False) -> dict[str, Any]:
    """Replace (or with ``merge``, change some keys of) a watchlist; a new name renames it."""
    current = get_watchlist(store, name)
    spec = _clean({**current, **spec} if merge else {"name": name, **spec})
    store.save_watchlist(spec["name"], spec)
    if spec["name"] != name:
        store.remove_watchlist(name)
    return spec


def delete_watchlist(store: Store, name: str) -> None:
    if not store.remove_watchlist(name):
        raise NotFound(f"no watchlist named {name!r}")


# -- alerts ----------------------------------------------------------------------------------------
def alerts(
    store: Store, include_acknowledged: bool = False, watchlist: str | None = None, min_severity: int = 1,
    limit: int = 100,
) -> list[dict[str, Any]]:  # fmt: skip
    """Stored alerts, newest first; open (not acknowledged in the dashboard) ones unless asked."""
    open_ids = {a.id for a in store.alerts(None, watchlist, min_severity, undelivered_on=CHANNEL)}
    rows = store.alerts(
        limit, watchlist, min_severity, undelivered_on=None if include_acknowledged else CHANNEL
    )
    return [{**alert_json(a), "status": "open" if a.id in open_ids else "acknowledged"} for a in rows]


def acknowledge_alert(store: Store, alert_id: int) -> dict[str, Any]:
    for alert in alerts(store, include_acknowledged=True, limit=100_000):
        if alert["id"] == alert_id:
            store.mark_delivered([alert_id], CHANNEL)
            return {**alert, "status": "acknowledged"}
    raise NotFound(f"no alert with id {alert_id}")


def evaluate_watchlists(store: Store, backfill: bool = False) -> list[dict[str, Any]]:
    """Judge the stored watchlists on events they have not seen (all events with ``backfill``)."""
    lists = [parse_watchlist(spec, f"stored watchlist {name!r}") for name, spec in store.watchlists()]
    return [{**alert_json(a), "status": "open"} for a in evaluate(store, lists, backfill=backfill)]


def spikes(
    store: Store, countries: list[str], granularity: str = "month", per_country: int = 3
) -> list[dict[str, Any]]:
    """Periods in which a country's events rose well above the periods before (``query.trend``)."""
    out = []
    for code in countries:
        rows = [
            r
            for r in query.trend(store, EventFilter(country=code), granularity)
            if r.change in ("spike", "extreme")
        ]
        for row in rows[-per_country:]:
            baseline, z = round(row.baseline_mean or 0.0, 2), round(row.z or 0.0, 2)
            out.append({"country": code, "period": row.period, "events": row.events, "level": row.change,
                        "baseline": baseline, "z": z})  # fmt: skip
    return sorted(out, key=lambda s: (s["period"], s["z"]), reverse=True)


# -- exports ---------------------------------------------------------------------------------------
def export_stream(store: Store, f: EventFilter, fmt: str, max_rows: int | None) -> Iterator[str]:
    """A text export (GDELT-like TSV, ACLED-style CSV, PLOVER JSON Lines) streamed in chunks."""
    if fmt not in EXPORT_TYPES or fmt == "parquet":
        raise QueryError(f"format must be one of {', '.join(EXPORT_TYPES)}, not {fmt!r}")
    events = islice(store.iter_events(replace(f, limit=None, offset=0)), max_rows)
    return exporting.chunks(events, fmt)


def export_parquet(store: Store, f: EventFilter, max_rows: int | None) -> str:
    """Parquet needs a file: written to a temporary path the caller deletes after sending it."""
    handle, path = tempfile.mkstemp(suffix=".parquet", prefix="berkut-")
    os.close(handle)
    try:
        exporting.export(
            islice(store.iter_events(replace(f, limit=None, offset=0)), max_rows), "parquet", path
        )
    except BaseException:
        os.unlink(path)
        raise
    return path

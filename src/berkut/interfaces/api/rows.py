"""Library records → JSON-ready dicts, one shape for the API and the dashboard's ``.json`` twins."""

from __future__ import annotations

import dataclasses
import json
from calendar import monthrange
from datetime import date, datetime, timedelta
from typing import Any

from berkut.model import StoredEvent
from berkut.ontology.actors import ActorEntry, Role
from berkut.store.records import TimelineRow


def plain(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists, dataclasses as dicts, recursively."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def event_json(e: StoredEvent) -> dict[str, Any]:
    """The same fields as ``berkut events --format jsonl``; the explanation as an object."""
    row: dict[str, Any] = plain(e)
    row["explanation"] = json.loads(e.explanation) if e.explanation else None
    return row


def period_bounds(period: str, granularity: str) -> tuple[date, date]:
    """First and last day of a timeline period label ("2011", "2011-05", a week's Monday, a day)."""
    if granularity == "year":
        year = int(period)
        return date(year, 1, 1), date(year, 12, 31)
    if granularity == "month":
        year, month = (int(p) for p in period.split("-"))
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    start = date.fromisoformat(period)
    return start, start + timedelta(days=6 if granularity == "week" else 0)


def timeline_json(rows: list[TimelineRow], granularity: str) -> list[dict[str, Any]]:
    """Timeline rows with each period's first and last day, so charts and links need no date maths."""
    out = []
    for row in rows:
        start, end = period_bounds(row.period, granularity)
        out.append(
            {
                **plain(row),
                "goldstein_sum": round(row.goldstein_sum, 2),
                "goldstein_mean": round(row.goldstein_mean, 3),
                "start": start.isoformat(),
                "end": end.isoformat(),
            }
        )
    return out


def role_json(role: Role, code: str | None) -> dict[str, Any]:
    return {**plain(role), "code": code}


def actor_json(entry: ActorEntry, roles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "actor_id": entry.actor_id,
        "kind": entry.kind,
        "code": entry.code,
        "name": entry.name,
        "names": list(entry.names),
        "org_kind": entry.org_kind,
        "region": entry.region,
        "capitals": plain(entry.capitals),
        "members": list(entry.members),
        "qid": entry.qid,
        "note": entry.note,
        "roles": roles if roles is not None else [plain(r) for r in entry.roles],
    }

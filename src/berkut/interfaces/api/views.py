"""The questions each dashboard page asks, as functions returning plain dicts.

Every HTML page renders one of these and its ``.json`` twin returns the same dict, so what a person
sees and what a program reads cannot drift apart. They call ``berkut.query`` and the store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from berkut import query
from berkut.coding.actors import actor_code, role_of
from berkut.coding.names import NameKind
from berkut.errors import OntologyError, QueryError
from berkut.model import EventFilter
from berkut.ontology.actors import ActorEntry
from berkut.store import lookups

from . import monitoring
from .context import Context
from .rows import actor_json, event_json, plain, timeline_json

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


class NotFound(QueryError):
    http_status = 404


def _timeline(context: Context, f: EventFilter, granularity: str) -> list[dict[str, Any]]:
    if f.country and not f.actor:
        rows = query.country_timeline(context.store, f.country, granularity, replace(f, country=None))
    else:
        rows = query.actor_timeline(context.store, f.actor or "", granularity, replace(f, actor=None))
    return timeline_json(rows, granularity)


def _recent(context: Context, f: EventFilter, n: int = 10) -> list[dict[str, Any]]:
    return [event_json(e) for e in query.events(context.store, replace(f, limit=n, offset=0))]


def _country_name(context: Context, code: str) -> str:
    entry = context.ontology.actors.get(f"country:{code.upper()}")
    return entry.name if entry else code.upper()


def events_page(context: Context, f: EventFilter, with_total: bool = True) -> dict[str, Any]:
    """A page of events; one more row than asked tells whether another page follows, so the total
    (a count over every match, the costly part on a big store) is only computed when wanted."""
    rows = [
        event_json(e)
        for e in query.events(context.store, replace(f, limit=None if f.limit is None else f.limit + 1))
    ]
    more = f.limit is not None and len(rows) > f.limit
    rows = rows[: f.limit] if f.limit is not None else rows
    return {"events": rows, "total": query.count(context.store, f) if with_total else None, "limit": f.limit,
            "offset": f.offset, "next_offset": f.offset + len(rows) if more else None}  # fmt: skip


def overview(context: Context) -> dict[str, Any]:
    store = context.store
    dyads = lookups.active_dyads(store, EventFilter(), 10)
    for dyad in dyads:
        dyad["a_name"], dyad["b_name"] = _country_name(context, dyad["a"]), _country_name(context, dyad["b"])
    countries = list(dict.fromkeys(c for dyad in dyads for c in (dyad["a"], dyad["b"])))
    spikes = monitoring.spikes(store, countries)[:10]
    for spike in spikes:
        spike["name"] = _country_name(context, spike["country"])
    return {
        "counts": store.counts(),
        "recent": _recent(context, EventFilter(), 12),
        "dyads": dyads,
        "spikes": spikes,
        "alerts": monitoring.alerts(store, limit=10),
    }


def dyad_page(context: Context, a: str, b: str, granularity: str, base: EventFilter) -> dict[str, Any]:
    a, b = a.strip().upper(), b.strip().upper()
    rows = timeline_json(query.dyad_timeline(context.store, a, b, granularity, base), granularity)
    f = replace(base, dyad=(a, b))
    return {
        "a": a, "b": b, "a_name": _country_name(context, a), "b_name": _country_name(context, b),
        "granularity": granularity, "timeline": rows,
        "totals": {f"quad{q}": sum(r[f"quad{q}"] for r in rows) for q in QUADS},
        "events": sum(r["events"] for r in rows),
        "recent": _recent(context, f, 10),
    }  # fmt: skip


# -- actors ----------------------------------------------------------------------------------------
def find_actor(context: Context, key: str) -> ActorEntry | None:
    """An ontology actor by id ("group:TALIBAN"), bare code ("TALIBAN", "KAZ", "tokayev") or name."""
    actors = context.ontology.actors
    if ":" in key:
        return actors.get(key)
    for kind in ("country", "group", "igo", "person"):
        entry = actors.get(f"{kind}:{key.upper() if kind != 'person' else key.lower()}")
        if entry is not None:
            return entry
    found = actors.lookup(key)
    return found[0] if found else None


def _roles(entry: ActorEntry) -> list[dict[str, Any]]:
    return [
        {
            **plain(r),
            "code": actor_code(r.country, r.sector, r.org or (entry.code if entry.kind == "group" else None)),
        }
        for r in entry.roles
    ]


def _event_key(entry: ActorEntry) -> str:
    """What to filter stored events by for an actor: its country, its org code, or its latest office."""
    if entry.kind == "country":
        return entry.code
    if entry.kind in ("group", "igo"):
        return entry.code.upper()
    role = entry.role_on(None)
    code = role and actor_code(role.country, role.sector, role.org)
    if not code:
        raise NotFound(f"{entry.name} has no role to find events by")
    return code


def resolve(context: Context, name: str, on: date | None) -> dict[str, Any]:
    """Who a name is on a date: every actor the name may mean, with the role and code for that date."""
    entries = list(context.ontology.actors.lookup(name))
    direct = find_actor(context, name)
    if direct is not None and direct not in entries:
        entries.append(direct)
    matches = []
    for entry in entries:
        role = role_of(entry, on, NameKind.NAME)
        held = entry.role_on(on)
        matches.append({
            "actor_id": entry.actor_id, "kind": entry.kind, "name": entry.name,
            "country": role.country, "sector": role.sector, "org": role.org,
            "code": actor_code(role.country, role.sector, role.org, entry.kind),
            "title": held.title if held else None,
            "titles": [r.title for r in (entry.roles_on(on) if on else ()) if r.title],
        })  # fmt: skip
    return {"name": name, "date": on.isoformat() if on else None, "ambiguous": len(matches) > 1,
            "matches": matches}  # fmt: skip


def actors_list(context: Context, kind: str | None, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    entries = [e for e in context.ontology.actors if kind is None or e.kind == kind]
    if q:
        needle = q.casefold()
        entries = [e for e in entries if needle in e.name.casefold() or needle in e.code.casefold()]
    page = entries[offset : offset + limit]
    return {
        "total": len(entries),
        "limit": limit,
        "offset": offset,
        "actors": [{"actor_id": e.actor_id, "kind": e.kind, "code": e.code, "name": e.name} for e in page],
    }


def actor_page(context: Context, key: str, granularity: str) -> dict[str, Any]:
    entry = find_actor(context, key)
    if entry is None:
        raise NotFound(f"no actor {key!r} in the ontology; try /api/v1/actors?q={key}")
    code = _event_key(entry)
    f = EventFilter(country=code) if entry.kind == "country" else EventFilter(actor=code)
    return {
        "actor": actor_json(entry, _roles(entry)),
        "event_key": code,
        "granularity": granularity,
        "timeline": _timeline(context, f, granularity),
        "events": query.count(context.store, f),
        "recent": _recent(context, f, 10),
    }


def country_page(context: Context, code: str, granularity: str) -> dict[str, Any]:
    code = code.strip().upper()
    try:
        entry = context.ontology.actors.country(code)
    except OntologyError as exc:
        raise NotFound(str(exc)) from None
    holders = []
    for other in context.ontology.actors:
        if other.kind in ("person", "group"):
            for r in other.roles:
                if r.country == code:
                    holders.append({"actor_id": other.actor_id, "name": other.name, "kind": other.kind,
                                    "code": actor_code(r.country, r.sector, r.org), **plain(r)})  # fmt: skip
    holders.sort(key=lambda h: (h["valid_from"] or "0000", h["name"]), reverse=True)
    member_of = [{"actor_id": igo.actor_id, "code": igo.code, "name": igo.name}
                 for igo in context.ontology.actors.igos() if code in igo.members_on(None)]  # fmt: skip
    f = EventFilter(country=code)
    return {
        "country": actor_json(entry),
        "roles": holders,
        "member_of": member_of,
        "granularity": granularity,
        "timeline": _timeline(context, f, granularity),
        "events": query.count(context.store, f),
        "partners": [
            {**p, "name": _country_name(context, p["country"])}
            for p in lookups.country_partners(context.store, code)
        ],  # fmt: skip
        "recent": _recent(context, f, 10),
    }

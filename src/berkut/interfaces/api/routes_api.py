"""``/api/v1``: the JSON API. Each route calls the same function as the CLI or the dashboard page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from berkut.contract import analysis_json
from berkut.errors import QueryError
from berkut.model import Document, EventFilter

from . import evidence, lookups, monitoring, views
from .auth import require_read, require_write
from .context import Context, get_context
from .params import GRANULARITY, event_filter
from .rows import plain, timeline_json

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_read)])
Ctx = Annotated[Context, Depends(get_context)]
Filter = Annotated[EventFilter, Depends(event_filter)]
Write = [Depends(require_write)]


def _day(value: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


@router.get("", tags=["meta"])
def index(context: Ctx) -> dict[str, Any]:
    """What this server holds and where to go next."""
    return {"berkut": "api v1", "counts": context.store.counts(), "docs": "/api/docs",
            "openapi": "/api/v1/openapi.json"}  # fmt: skip


@router.get("/health", tags=["meta"])
def health(context: Ctx) -> dict[str, Any]:
    return {"status": "ok", "events": context.store.counts()["events"]}


# -- events and timelines ----------------------------------------------------------------------
@router.get("/events", tags=["events"])
def events(context: Ctx, f: Filter) -> dict[str, Any]:
    """Stored events, newest first, with every filter of ``berkut events``; paginate with limit/offset."""
    return views.events_page(context, f)


@router.get("/events/{event_id}", tags=["events"])
def event(context: Ctx, event_id: int) -> dict[str, Any]:
    """One event with its sentence split into marked pieces and the explanation of its coding."""
    return evidence.event_page(context, event_id)


@router.get("/timeline/dyad/{a}/{b}", tags=["timelines"])
def dyad_timeline(context: Ctx, a: str, b: str, f: Filter, by: GRANULARITY = "month") -> dict[str, Any]:
    """Events between two actors (either direction) per period: quad-class counts and Goldstein."""
    return views.dyad_page(context, a, b, by, f)


@router.get("/timeline/actor/{code}", tags=["timelines"])
def actor_timeline(context: Ctx, code: str, f: Filter, by: GRANULARITY = "month") -> dict[str, Any]:
    """Events of one actor code (KAZGOV), country (KAZ) or organisation (TALIBAN), per period."""
    rows = context.store.timeline(replace(f, actor=code.upper(), limit=None, offset=0), by)
    return {"actor": code.upper(), "granularity": by, "timeline": timeline_json(rows, by)}


@router.get("/timeline/country/{code}", tags=["timelines"])
def country_timeline(context: Ctx, code: str, f: Filter, by: GRANULARITY = "month") -> dict[str, Any]:
    """Events in which either actor belongs to a country, per period."""
    rows = context.store.timeline(replace(f, country=code.upper(), limit=None, offset=0), by)
    return {"country": code.upper(), "granularity": by, "timeline": timeline_json(rows, by)}


@router.get("/dyads", tags=["timelines"])
def dyads(context: Ctx, f: Filter) -> dict[str, Any]:
    """The most active country pairs (either direction) under the filter."""
    return {"dyads": lookups.active_dyads(context.store, f, f.limit or 50)}


# -- actors, places, quotes --------------------------------------------------------------------
@router.get("/actors", tags=["actors"])
def actors(
    context: Ctx,
    kind: Annotated[str | None, Query(pattern="^(country|igo|group|person)$")] = None,
    q: Annotated[str | None, Query(description="Part of a name or code.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Actors of the ontology: countries, IGOs, groups and people."""
    return views.actors_list(context, kind, q, limit, offset)


@router.get("/actors/resolve", tags=["actors"])
def resolve(
    context: Ctx,
    name: Annotated[str, Query(min_length=1, max_length=200, description="A name as news writes it.")],
    on: Annotated[str | None, Query(alias="date", description="The date the name is used (YYYY-MM-DD).")] = None,
) -> dict[str, Any]:
    """Who a name is on a date: ``Tokayev`` on 2022-01-06 is KAZGOV (president)."""
    return views.resolve(context, name, _day(on, "date"))


@router.get("/actors/{key}", tags=["actors"])
def actor(context: Ctx, key: str, by: GRANULARITY = "year") -> dict[str, Any]:
    """One actor with its roles over time and its events."""
    return views.actor_page(context, key, by)


@router.get("/countries/{code}", tags=["actors"])
def country(context: Ctx, code: str, by: GRANULARITY = "year") -> dict[str, Any]:
    """A country: its office holders over time, memberships, partners and events."""
    return views.country_page(context, code, by)


@router.get("/quotes", tags=["quotes and places"])
def quotes(
    context: Ctx,
    speaker: Annotated[str | None, Query(description="Speaker code or prefix (KAZ, KAZGOV).")] = None,
    document: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Quotations found in stored documents."""
    rows = lookups.quotes(context.store, speaker, document, limit, offset)
    return {"quotes": plain(rows), "limit": limit, "offset": offset}


@router.get("/places", tags=["quotes and places"])
def places(
    context: Ctx,
    country: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Places named in stored documents, most mentioned first."""
    return {"places": lookups.places(context.store, country, limit, offset), "limit": limit, "offset": offset}


@router.get("/map", tags=["quotes and places"])
def event_map(context: Ctx, f: Filter) -> dict[str, Any]:
    """Event locations with counts per quad class (events with coordinates only)."""
    return evidence.map_page(context, f)


# -- watchlists and alerts ---------------------------------------------------------------------
class WatchlistIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, examples=["Central Asia security"])
    actors: list[str] = Field(default_factory=list, examples=[["TALIBAN", "KAZ"]])
    dyads: list[str] = Field(default_factory=list, examples=[["AFG-KAZ"]])
    cameo_roots: list[str] = Field(default_factory=list, examples=[["13", "18", "19"]])


class WatchlistPatch(BaseModel):
    name: str | None = None
    actors: list[str] | None = None
    dyads: list[str] | None = None
    cameo_roots: list[str] | None = None


@router.get("/watchlists", tags=["watchlists"])
def watchlists(context: Ctx) -> dict[str, Any]:
    return {"watchlists": monitoring.list_watchlists(context.store)}


@router.post("/watchlists", tags=["watchlists"], status_code=201, dependencies=Write)
def create_watchlist(context: Ctx, body: WatchlistIn) -> dict[str, Any]:
    """Create a watchlist (needs the API token)."""
    return monitoring.create_watchlist(context.store, body.model_dump())


@router.get("/watchlists/{watchlist_id}", tags=["watchlists"])
def watchlist(context: Ctx, watchlist_id: int) -> dict[str, Any]:
    return monitoring.get_watchlist(context.store, watchlist_id)


@router.put("/watchlists/{watchlist_id}", tags=["watchlists"], dependencies=Write)
def replace_watchlist(context: Ctx, watchlist_id: int, body: WatchlistIn) -> dict[str, Any]:
    return monitoring.update_watchlist(context.store, watchlist_id, body.model_dump())


@router.patch("/watchlists/{watchlist_id}", tags=["watchlists"], dependencies=Write)
def change_watchlist(context: Ctx, watchlist_id: int, body: WatchlistPatch) -> dict[str, Any]:
    return monitoring.update_watchlist(context.store, watchlist_id, body.model_dump(exclude_none=True))


@router.delete("/watchlists/{watchlist_id}", tags=["watchlists"], status_code=204, dependencies=Write)
def delete_watchlist(context: Ctx, watchlist_id: int) -> Response:
    monitoring.delete_watchlist(context.store, watchlist_id)
    return Response(status_code=204)


@router.get("/alerts", tags=["watchlists"])
def alerts(context: Ctx, include_acknowledged: bool = False, by: GRANULARITY = "month") -> dict[str, Any]:
    """Spikes in the events of any watchlist's actors or dyads; open ones unless asked."""
    return {"alerts": monitoring.alerts(context.store, by, include_acknowledged)}


@router.post("/alerts/{alert_id}/acknowledge", tags=["watchlists"], dependencies=Write)
def acknowledge(context: Ctx, alert_id: str) -> dict[str, Any]:
    return monitoring.acknowledge_alert(context.store, alert_id)


# -- export and analyze ------------------------------------------------------------------------
@router.get("/export", tags=["export"])
def export(
    context: Ctx,
    f: Filter,
    fmt: Annotated[str, Query(alias="format", pattern="^(csv|jsonl)$")] = "csv",
    max_rows: Annotated[int | None, Query(ge=1, description="At most this many events (default: all).")] = None,
) -> StreamingResponse:
    """Download every event matching the filters as CSV or JSON Lines."""
    chunks = monitoring.export_chunks(context.store, replace(f, limit=max_rows), fmt)
    first = next(chunks, "")  # fail before the first byte is sent, not in the middle of a download
    return StreamingResponse(
        iter([first, *chunks]),
        media_type=monitoring.EXPORT_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="berkut-events.{fmt}"'},
    )


class AnalyzeIn(BaseModel):
    text: str = Field(min_length=1, examples=["Kazakhstan appealed to the CSTO for military help on Wednesday."])
    date: str | None = Field(default=None, examples=["2022-01-06"], description="Publication date.")
    title: str | None = None
    id: str = "doc1"


@router.post("/analyze", tags=["analyze"])
def analyze(context: Ctx, body: Annotated[AnalyzeIn, Body()]) -> dict[str, Any]:
    """Code a text into events (nothing is stored); the answer is the ``berkut analyze`` contract."""
    document = Document(id=body.id, text=body.text, date=_day(body.date, "date"), title=body.title)
    with context.analyze_lock:
        analysis = next(iter(context.pipeline.analyze([document])))
    return analysis_json(analysis)


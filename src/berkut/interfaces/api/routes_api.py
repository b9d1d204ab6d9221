"""``/api/v1``: the JSON API. Each route calls the same function as the CLI or the dashboard page."""

from __future__ import annotations

import itertools
import json
import os
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from berkut import query
from berkut.contract import analysis_json
from berkut.errors import QueryError
from berkut.model import Document, EventFilter
from berkut.store import lookups

from . import evidence, monitoring, views
from .auth import require_read, require_write
from .context import Context, get_context
from .params import GRANULARITY, event_filter
from .rows import plain, timeline_json

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_read)])
Ctx = Annotated[Context, Depends(get_context)]
Filter = Annotated[EventFilter, Depends(event_filter)]
Write = [Depends(require_write)]


def _fast(data: dict[str, Any]) -> Response:
    """JSON without FastAPI's generic encoder, which costs more than the query on the busiest routes."""
    return Response(json.dumps(data, ensure_ascii=False, allow_nan=False), media_type="application/json")


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
@router.get("/events", tags=["events"], response_model=None)
def events(
    context: Ctx,
    f: Filter,
    total: Annotated[
        bool, Query(description="Also count every matching event (slower on big stores).")
    ] = False,
) -> Response:
    """Stored events, newest first, with every filter of ``berkut events``. Paginate with limit and
    offset: ``next_offset`` is null on the last page."""
    return _fast(views.events_page(context, f, with_total=total))


@router.get("/events/{event_id}", tags=["events"])
def event(context: Ctx, event_id: int) -> dict[str, Any]:
    """One event with its sentence split into marked pieces and the explanation of its coding."""
    return evidence.event_page(context, event_id)


@router.get("/timeline/dyad/{a}/{b}", tags=["timelines"], response_model=None)
def dyad_timeline(context: Ctx, a: str, b: str, f: Filter, by: GRANULARITY = "month") -> Response:
    """Events between two actors (either direction) per period: quad-class counts and Goldstein."""
    rows = query.dyad_timeline(context.store, a, b, by, f)
    return _fast({"a": a.upper(), "b": b.upper(), "granularity": by, "timeline": timeline_json(rows, by)})


@router.get("/timeline/actor/{code}", tags=["timelines"], response_model=None)
def actor_timeline(context: Ctx, code: str, f: Filter, by: GRANULARITY = "month") -> Response:
    """Events of one actor code (KAZGOV), country (KAZ) or organisation (TALIBAN), per period."""
    rows = query.actor_timeline(context.store, code, by, f)
    return _fast({"actor": code.upper(), "granularity": by, "timeline": timeline_json(rows, by)})


@router.get("/timeline/country/{code}", tags=["timelines"], response_model=None)
def country_timeline(context: Ctx, code: str, f: Filter, by: GRANULARITY = "month") -> Response:
    """Events in which either actor belongs to a country, per period."""
    rows = query.country_timeline(context.store, code, by, f)
    return _fast({"country": code.upper(), "granularity": by, "timeline": timeline_json(rows, by)})


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
    on: Annotated[
        str | None, Query(alias="date", description="The date the name is used (YYYY-MM-DD).")
    ] = None,
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


@router.get("/map", tags=["quotes and places"], response_model=None)
def event_map(context: Ctx, f: Filter) -> Response:
    """Event locations with counts per quad class (events with coordinates only)."""
    return _fast(evidence.map_page(context, f))


# -- watchlists and alerts ---------------------------------------------------------------------
class WatchlistIn(BaseModel):
    """A watchlist, with the keys of ``berkut watchlist add`` and watchlist YAML files."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["central-asia"])
    actors: list[str] | None = Field(default=None, examples=[["TALIBAN"]])
    dyads: list[str] | None = Field(default=None, examples=[["AFG-KAZ"]])
    countries: list[str] | None = Field(default=None, examples=[["KAZ"]])
    places: list[dict[str, Any]] | None = Field(
        default=None, examples=[[{"lat": 43.25, "lon": 76.9, "radius_km": 50}]]
    )
    roots: list[str] | None = Field(default=None, examples=[["14", "17", "18"]])
    cameo: list[str] | None = None
    plover: list[str] | None = None
    quad_class: list[int] | None = None
    goldstein_below: float | None = None
    goldstein_above: float | None = None
    min_confidence: float | None = None
    min_sources: int | None = None
    include_flagged: bool | None = None
    severity: str | None = Field(default=None, examples=["medium"])
    spike: dict[str, Any] | None = Field(
        default=None, examples=[{"by": "month", "baseline": 4, "threshold": 2}]
    )
    events: bool | None = None
    description: str | None = None


class WatchlistPatch(WatchlistIn):
    name: str | None = Field(default=None, min_length=1, max_length=100)  # type: ignore[assignment]


def _spec(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(exclude_none=True)


@router.get("/watchlists", tags=["watchlists"])
def watchlists(context: Ctx) -> dict[str, Any]:
    """The watchlists kept in the store (as ``berkut watchlist list``)."""
    return {"watchlists": monitoring.list_watchlists(context.store)}


@router.post("/watchlists", tags=["watchlists"], status_code=201, dependencies=Write)
def create_watchlist(context: Ctx, body: WatchlistIn) -> dict[str, Any]:
    """Create a watchlist (needs the API token); 409 if the name is taken."""
    return monitoring.create_watchlist(context.store, _spec(body))


@router.get("/watchlists/{name}", tags=["watchlists"])
def watchlist(context: Ctx, name: str) -> dict[str, Any]:
    return monitoring.get_watchlist(context.store, name)


@router.put("/watchlists/{name}", tags=["watchlists"], dependencies=Write)
def replace_watchlist(context: Ctx, name: str, body: WatchlistIn) -> dict[str, Any]:
    """Replace a watchlist; a different ``name`` in the body renames it."""
    return monitoring.replace_watchlist(context.store, name, _spec(body))


@router.patch("/watchlists/{name}", tags=["watchlists"], dependencies=Write)
def change_watchlist(context: Ctx, name: str, body: WatchlistPatch) -> dict[str, Any]:
    """Change some keys of a watchlist."""
    return monitoring.replace_watchlist(context.store, name, _spec(body), merge=True)


@router.delete("/watchlists/{name}", tags=["watchlists"], status_code=204, dependencies=Write)
def delete_watchlist(context: Ctx, name: str) -> Response:
    """Remove a watchlist (its alerts stay)."""
    monitoring.delete_watchlist(context.store, name)
    return Response(status_code=204)


@router.get("/alerts", tags=["watchlists"])
def alerts(
    context: Ctx,
    include_acknowledged: bool = False,
    watchlist: str | None = None,
    min_severity: Annotated[int, Query(ge=1, le=4, description="1 low, 2 medium, 3 high, 4 critical")] = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Stored alerts, newest first, with the sentences behind each; open ones unless asked."""
    return {"alerts": monitoring.alerts(context.store, include_acknowledged, watchlist, min_severity, limit)}


@router.post("/alerts/evaluate", tags=["watchlists"], dependencies=Write)
def evaluate_alerts(context: Ctx, backfill: bool = False) -> dict[str, Any]:
    """Judge the stored watchlists on events they have not seen yet (as one round of ``berkut watch``)."""
    return {"new": monitoring.evaluate_watchlists(context.store, backfill)}


@router.post("/alerts/{alert_id}/acknowledge", tags=["watchlists"], dependencies=Write)
def acknowledge(context: Ctx, alert_id: int) -> dict[str, Any]:
    """Mark an alert as seen: it leaves the open alerts."""
    return monitoring.acknowledge_alert(context.store, alert_id)


# -- export and analyze ------------------------------------------------------------------------
@router.get("/export", tags=["export"], response_model=None)
def export(
    context: Ctx,
    f: Filter,
    fmt: Annotated[str, Query(alias="format", pattern="^(gdelt|acled|plover|parquet)$")] = "gdelt",
    max_rows: Annotated[
        int | None, Query(ge=1, description="At most this many events (default: all).")
    ] = None,
) -> Response:
    """Download every event matching the filters: GDELT-like TSV, ACLED-style CSV, PLOVER JSON Lines or
    Parquet (as ``berkut export``)."""
    media_type, suffix = monitoring.EXPORT_TYPES[fmt]
    headers = {"Content-Disposition": f'attachment; filename="berkut-events.{suffix}"'}
    if fmt == "parquet":
        path = monitoring.export_parquet(context.store, f, max_rows)
        return FileResponse(
            path, media_type=media_type, headers=headers, background=BackgroundTask(os.unlink, path)
        )
    chunks = monitoring.export_stream(context.store, f, fmt, max_rows)
    first = next(chunks, "")  # fail before the first byte is sent, not in the middle of a download
    return StreamingResponse(itertools.chain([first], chunks), media_type=media_type, headers=headers)


class AnalyzeIn(BaseModel):
    text: str = Field(
        min_length=1, examples=["Kazakhstan appealed to the CSTO for military help on Wednesday."]
    )
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

"""The dashboard: server-rendered pages, each with a ``.json`` twin built by the same function."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from berkut.errors import QueryError
from berkut.model import EventFilter

from . import evidence, monitoring, views
from .auth import require_read
from .context import Context, get_context
from .params import GRANULARITY, event_filter
from .templating import templates

router = APIRouter(dependencies=[Depends(require_read)])
Ctx = Annotated[Context, Depends(get_context)]
Filter = Annotated[EventFilter, Depends(event_filter)]
View = Callable[..., dict[str, Any]]


def twin(path: str, template: str, title: str) -> Callable[[View], View]:
    """Serve ``view`` as JSON at ``path.json`` and rendered with ``template`` at ``path``.

    The JSON route is registered first: ``/event/{id}`` would otherwise also match ``/event/7.json``.
    """

    def register(view: View) -> View:
        twin_path = f"{path}.json" if path != "/" else "/index.json"
        summary = f"{title} (data of the page {path})"
        router.add_api_route(twin_path, view, methods=["GET"], tags=["dashboard data"], summary=summary)

        @functools.wraps(view)
        def page(*args: Any, **kwargs: Any) -> Response:
            data = view(*args, **kwargs)
            request: Request = kwargs["request"]
            return templates.TemplateResponse(request, template, {"data": data, "title": title(data)
                                              if callable(title) else title})  # fmt: skip

        router.add_api_route(
            path, page, methods=["GET"], response_class=HTMLResponse, include_in_schema=False
        )
        return view

    return register


@twin("/", "overview.html", "Overview")
def overview(request: Request, context: Ctx) -> dict[str, Any]:
    return views.overview(context)


@twin("/events", "events.html", "Events")
def events(request: Request, context: Ctx, f: Filter) -> dict[str, Any]:
    return {**views.events_page(context, f), "query": str(request.url.query)}


@twin("/dyad/{a}/{b}", "dyad.html", "Dyad")
def dyad(
    request: Request, context: Ctx, a: str, b: str, f: Filter, by: GRANULARITY = "year"
) -> dict[str, Any]:
    return views.dyad_page(context, a, b, by, f)


@twin("/actor/{key}", "actor.html", "Actor")
def actor(request: Request, context: Ctx, key: str, by: GRANULARITY = "year") -> dict[str, Any]:
    return views.actor_page(context, key, by)


@twin("/actors", "actors.html", "Actors")
def actors(
    request: Request,
    context: Ctx,
    q: str | None = None,
    kind: Annotated[str | None, Query(pattern="^(country|igo|group|person)$")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return {**views.actors_list(context, kind, q, 100, offset), "q": q or "", "kind": kind or ""}


@twin("/country/{code}", "country.html", "Country")
def country(request: Request, context: Ctx, code: str, by: GRANULARITY = "year") -> dict[str, Any]:
    return views.country_page(context, code, by)


@twin("/event/{event_id}", "event.html", "Event")
def event(request: Request, context: Ctx, event_id: int) -> dict[str, Any]:
    return evidence.event_page(context, event_id)


@twin("/map", "map.html", "Map")
def event_map(request: Request, context: Ctx, f: Filter) -> dict[str, Any]:
    return evidence.map_page(context, f)


@twin("/watchlists", "watchlists.html", "Watchlists and alerts")
def watchlists(request: Request, context: Ctx) -> dict[str, Any]:
    return {
        "watchlists": monitoring.list_watchlists(context.store),
        "alerts": monitoring.alerts(context.store, include_acknowledged=True, limit=50),
        "writes_enabled": bool(context.settings.api_token),
    }


# -- analyze: a form posted back to the page; the twin takes the same form or JSON ---------------
async def _analyze_input(request: Request) -> tuple[str, date | None]:
    raw = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        import json

        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            raise QueryError("the body is not valid JSON") from None
        text, day = str(body.get("text") or ""), body.get("date")
    else:
        form = parse_qs(raw.decode("utf-8", "replace"))
        text, day = form.get("text", [""])[0], form.get("date", [""])[0]
    try:
        return text, date.fromisoformat(day) if day else None
    except (TypeError, ValueError):
        raise QueryError(f"date: {day!r} is not a date (YYYY-MM-DD)") from None


@router.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
def analyze_form(request: Request) -> Response:
    return templates.TemplateResponse(request, "analyze.html", {"data": None, "title": "Analyze", "text": "",
                                                                "date": ""})  # fmt: skip


@router.post("/analyze.json", tags=["dashboard data"], summary="Analyze a text and mark what was found")
async def analyze_json(request: Request, context: Ctx) -> dict[str, Any]:
    text, day = await _analyze_input(request)
    return await _run(views_analyze, context, text, day)


@router.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
async def analyze_page(request: Request, context: Ctx) -> Response:
    text, day = await _analyze_input(request)
    data = await _run(views_analyze, context, text, day)
    return templates.TemplateResponse(
        request,
        "analyze.html",
        {"data": data, "title": "Analyze", "text": text, "date": day.isoformat() if day else ""},
    )


def views_analyze(context: Context, text: str, day: date | None) -> dict[str, Any]:
    return evidence.analyze_text(context, text, day)


async def _run(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    # the coder is CPU-bound and blocking: keep it off the event loop
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)

"""The ASGI application: the versioned JSON API under ``/api/v1`` and the dashboard, one server.

``create_app`` builds it from settings (and optionally an open store, as tests and embedders do).
Errors leave as JSON ``{"error": {"status", "type", "message"}}`` with the status the error class
carries; dashboard pages show the same message as a page.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from berkut import __version__
from berkut.errors import BerkutError
from berkut.settings import Settings, load_settings
from berkut.store import Store, open_store

from .context import Context
from .templating import templates

WEB = Path(__file__).resolve().parent.parent / "web"
log = logging.getLogger("berkut.api")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class PayloadTooLarge(BerkutError):
    http_status = 413


def max_body_bytes(settings: Settings) -> int:
    # the largest document berkut accepts, at UTF-8's worst 4 bytes a character, plus room for JSON
    return int(settings.max_document_chars) * 4 + 64 * 1024


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                response = _error_json(413, "PayloadTooLarge", self._message())
                await response(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLarge(self._message())
            return message

        await self.app(scope, limited, send)

    def _message(self) -> str:
        return f"request body is larger than this server accepts ({self.limit:,} bytes)"


def _error_json(status: int, kind: str, message: str, detail: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "type": kind, "message": message}
    if detail is not None:
        body["detail"] = detail
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return (
        not path.startswith("/api/")
        and not path.endswith(".json")
        and "text/html" in request.headers.get("accept", "")
    )


def _error(request: Request, status: int, kind: str, message: str, detail: Any = None) -> Response:
    if _wants_html(request):
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message, "title": f"Error {status}"},
            status_code=status,
        )
    return _error_json(status, kind, message, detail)


def _install_error_handlers(app: FastAPI) -> None:
    async def berkut_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BerkutError)
        return _error(request, exc.http_status, type(exc).__name__, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing here: {request.url.path}"
        return _error(request, exc.status_code, "HTTPError", message)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()]  # fmt: skip
        message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems) or "invalid request"
        return _error(request, 422, "ValidationError", message, problems)

    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "InternalError", "internal error (a bug in berkut: see the server log)")

    app.add_exception_handler(BerkutError, berkut_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, crashed)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The API and dashboard over ``store`` (default: the store named by ``settings``)."""
    from .routes_api import router as api_router
    from .routes_web import router as web_router

    settings = settings or load_settings()
    owned = store is None
    context = Context(settings, store if store is not None else open_store(settings=settings))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(lambda: context.ontology)  # load before the first request, not during it
        yield
        if owned:
            context.store.close()

    app = FastAPI(
        title="berkut",
        version=__version__,
        summary="Political event data coded from news: events, timelines, actors, watchlists, alerts.",
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.berkut = context
    app.add_middleware(BodyLimit, limit=max_body_bytes(settings))
    _install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.include_router(api_router)
    app.include_router(web_router)
    return app

"""The REST API and the web dashboard (FastAPI): ``create_app(settings)`` gives the ASGI app."""

from __future__ import annotations

from .app import create_app, max_body_bytes

__all__ = ["create_app", "max_body_bytes"]

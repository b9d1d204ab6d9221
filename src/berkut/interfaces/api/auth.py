"""Bearer tokens: reads are open unless ``read_token`` is set; writes always need ``api_token``.

Writes accept only the ``Authorization`` header (never a cookie), so a page on another site cannot make
a logged-in browser write. Reads also accept the ``berkut_token`` cookie, so the dashboard can be
browsed behind a read token.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from berkut.errors import BerkutError

from .context import Context, get_context

COOKIE = "berkut_token"


class AuthError(BerkutError):
    """The request lacks a valid token (401) or writes are switched off (403)."""

    http_status = 401


class WritesDisabled(AuthError):
    http_status = 403


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_read(request: Request, context: Annotated[Context, Depends(get_context)]) -> None:
    expected = context.settings.read_token
    if not expected:
        return
    given = _bearer(request) or request.cookies.get(COOKIE)
    # the write token can do everything the read token can
    if _matches(given, expected) or (
        context.settings.api_token and _matches(given, context.settings.api_token)
    ):
        return
    raise AuthError("this server requires a read token: send 'Authorization: Bearer <token>'")


def require_write(request: Request, context: Annotated[Context, Depends(get_context)]) -> None:
    expected = context.settings.api_token
    if not expected:
        raise WritesDisabled(
            "writes are disabled on this server: set the api_token setting (BERKUT_API_TOKEN) to enable them"
        )
    if not _matches(_bearer(request), expected):
        raise AuthError(
            "this request changes data and needs the API token: send 'Authorization: Bearer <token>'"
        )

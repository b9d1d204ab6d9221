"""Monitor fixtures: a store of hand-built events, a local HTTP server and a local SMTP server.

Everything listens on 127.0.0.1 only; nothing leaves the machine.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from berkut.model import Analysis, DatePrecision, DateSource, Document, Event, Explanation, Mention, Place
from berkut.store import Store, open_store


def mention(code: str, country: str | None, text: str, org: str | None = None) -> Mention:
    sector = code[3:] or None if country else "IGO"
    return Mention(text, (0, len(text)), code, country, sector, org, text, f"id-{code}")


ACTORS = {
    "KAZ": mention("KAZ", "KAZ", "Kazakhstan"),
    "KAZGOV": mention("KAZGOV", "KAZ", "the Kazakh government"),
    "KAZCOP": mention("KAZCOP", "KAZ", "Kazakh police"),
    "KAZOPP": mention("KAZOPP", "KAZ", "opposition supporters"),
    "RUS": mention("RUS", "RUS", "Russia"),
    "AFGINS": mention("AFGINS", "AFG", "the Taliban", "TALIBAN"),
    "TJK": mention("TJK", "TJK", "Tajikistan"),
}
ALMATY = Place("Almaty", (0, 6), "Almaty", "KAZ", 43.25, 76.91, 1526384)


@dataclass
class Builder:
    """Builds analyses of one-sentence events: ``b.doc("a1", "wire.test", b.ev("KAZ", "111", "RUS", day))``."""

    count: int = 0
    almaty: Place = ALMATY

    def ev(self, source: str | None, cameo: str, target: str | None, when: date | None, text: str = "",
           goldstein: float | None = None, **extra: Any) -> Event:  # fmt: skip
        quad = {"0": 1, "1": 3}.get(cameo[0], 0) if cameo[:2] < "14" else 4
        if cameo[:2] in ("06", "07", "08"):
            quad = 2
        src, tgt = ACTORS.get(source or ""), ACTORS.get(target or "")
        text = text or f"{src.text if src else 'Someone'} did {cameo} to {tgt.text if tgt else 'someone'}."
        plover = {"11": "DISAPPROVE", "13": "THREATEN", "14": "PROTEST", "17": "COERCE", "18": "ASSAULT",
                  "19": "FIGHT", "04": "CONSULT", "05": "SUPPORT"}.get(cameo[:2])  # fmt: skip
        return Event(
            sentence=extra.pop("sentence", 0), text=text, span=(0, len(text)), source=src, target=tgt,
            cameo=cameo, cameo_root=cameo[:2], quad_class=quad,
            goldstein=goldstein if goldstein is not None else {1: 3.0, 2: 6.0, 3: -2.0, 4: -9.0}.get(quad, 0.0),
            plover_type=extra.pop("plover_type", plover), plover_mode=None, plover_context=(), date=when,
            date_precision=DatePrecision.DAY if when else None, date_text=None, date_reason="test",
            date_source=DateSource.CLAUSE if when else DateSource.NONE, verb_span=(0, 1),
            explanation=Explanation("rule", "verb", "p"), confidence=extra.pop("confidence", 0.9), **extra,
        )  # fmt: skip

    def doc(self, key: str, outlet: str, *events: Event, published: date | None = None) -> Analysis:
        self.count += 1
        # every sentence of a document gets its own index, as the coder does
        fixed = []
        for i, e in enumerate(events):
            fields = {f: getattr(e, f) for f in Event.__dataclass_fields__}
            fields["sentence"] = i
            fixed.append(Event(**fields))
        text = " ".join(e.text for e in fixed) + f" [{key}]"
        day = published or next((e.date for e in fixed if e.date), None)
        return Analysis(Document(key, text, day, f"title {key}", f"http://{outlet}/{key}", outlet),
                        events=tuple(fixed))  # fmt: skip


@pytest.fixture
def b() -> Builder:
    return Builder()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'monitor.db'}") as opened:
        yield opened


# -- a local HTTP server ------------------------------------------------------------------------------


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None


@dataclass
class LocalWeb:
    """Serves ``routes`` (path → Route) and records every request (method, path, headers, body)."""

    base: str
    routes: dict[str, Route]
    requests: list[dict[str, Any]]

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes | str = b"", status: int = 200, content_type: str = "text/html",
              etag: str | None = None) -> str:  # fmt: skip
        """Answer ``path`` with this body; returns its full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, data, {"Content-Type": content_type}, etag)
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"] == path)


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    routes: dict[str, Route] = {}
    requests: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self, body: bytes = b"") -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            requests.append({"method": self.command, "path": self.path, "headers": headers, "body": body})

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._record()
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            self._record(self.rfile.read(length))
            route = routes.get(self.path, Route(204))
            self.send_response(route.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalWeb(f"http://127.0.0.1:{server.server_address[1]}", routes, requests)
    finally:
        server.shutdown()
        server.server_close()


# -- a tiny local SMTP server ------------------------------------------------------------------------


@dataclass
class LocalSMTP:
    host: str
    port: int
    messages: list[dict[str, Any]]


def _smtp_handler(messages: list[dict[str, Any]]) -> Callable[..., socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        """Enough of RFC 5321 for smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

        def reply(self, line: str) -> None:
            self.wfile.write((line + "\r\n").encode("ascii"))

        def handle(self) -> None:
            self.reply("220 localhost test SMTP")
            sender, recipients = "", []
            while raw := self.rfile.readline():
                command = raw.decode("utf-8", "replace").strip()
                verb = command[:4].upper()
                if verb == "EHLO":
                    self.reply("250-localhost")
                    self.reply("250 8BITMIME")
                elif verb == "HELO":
                    self.reply("250 localhost")
                elif verb == "MAIL":
                    sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                    self.reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip(" <>"))
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 end with <CRLF>.<CRLF>")
                    lines = []
                    while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    messages.append({"from": sender, "to": recipients, "data": b"".join(lines)})
                    self.reply("250 OK queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 OK")

    return Handler


@pytest.fixture
def smtp() -> Iterator[LocalSMTP]:
    messages: list[dict[str, Any]] = []
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _smtp_handler(messages))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalSMTP("127.0.0.1", server.server_address[1], messages)
    finally:
        server.shutdown()
        server.server_close()

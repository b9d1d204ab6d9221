"""The one HTTP client: polite (user agent, pacing, retries, robots.txt), conditional, bounded, offline."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from berkut.settings import load_settings
from berkut.sources.web import FetchError, WebClient, canonical_url, to_raw_document


class Clock:
    """A fake clock: ``sleep`` advances it and records how long it was asked to wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def client_for(
    handler: Callable[[httpx.Request], httpx.Response], clock: Clock | None = None, **overrides: Any
) -> WebClient:
    values = {"respect_robots": False, "host_delay": 0.0, "http_backoff": 1.0, "http_retries": 3, **overrides}
    settings = load_settings(values, environ={}, path=Path("/nonexistent"))
    clock = clock or Clock()
    return WebClient(settings, transport=httpx.MockTransport(handler), clock=clock, sleep=clock.sleep)


def test_get_sends_our_user_agent_and_returns_body_and_validators() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        headers = {"content-type": "text/html; charset=utf-8", "etag": '"v1"', "last-modified": "Mon, 04 Mar 2024"}
        return httpx.Response(200, headers=headers, content="<p>Astana café</p>".encode())

    with client_for(handler, user_agent="berkut-test/9") as client:
        fetched = client.get("http://news.test/a")
    assert seen[0].headers["user-agent"] == "berkut-test/9"
    assert (fetched.status, fetched.media_type, fetched.etag, fetched.last_modified) == (
        200, "text/html", '"v1"', "Mon, 04 Mar 2024")  # fmt: skip
    assert fetched.text() == "<p>Astana café</p>"
    raw = to_raw_document(fetched, date=None)
    assert (raw.id, raw.media_type, raw.source, raw.url) == ("http://news.test/a", "text/html", "news.test",
                                                             "http://news.test/a")  # fmt: skip


def test_conditional_get_turns_an_unchanged_page_into_a_304() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, headers={"etag": '"v1"'}, content=b"<rss/>")

    with client_for(handler) as client:
        first = client.get("http://news.test/feed")
        second = client.get("http://news.test/feed", etag=first.etag)
    assert not first.not_modified and second.not_modified and second.body == b""


def test_retries_back_off_exponentially_and_honour_retry_after() -> None:
    answers = iter([httpx.Response(503), httpx.Response(429, headers={"retry-after": "7"}), httpx.Response(200)])
    clock = Clock()
    with client_for(lambda request: next(answers), clock) as client:
        assert client.get("http://news.test/a").status == 200
    assert clock.sleeps == [1.0, 7.0]  # 1 s backoff, then the server's 7 s instead of 2 s


def test_timeouts_are_retried_then_reported_as_transient() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectTimeout("slow", request=request)

    clock = Clock()
    with client_for(handler, clock, http_retries=2) as client, pytest.raises(FetchError, match="timed out") as caught:
        client.get("http://news.test/a")
    assert len(calls) == 3 and clock.sleeps == [1.0, 2.0] and not caught.value.permanent


@pytest.mark.parametrize(
    ("status", "permanent", "attempts"),
    [(404, True, 1), (410, True, 1), (403, True, 1), (500, False, 4), (503, False, 4)],
)
def test_http_errors_say_whether_to_try_again_later(status: int, permanent: bool, attempts: int) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(status)

    with client_for(handler) as client, pytest.raises(FetchError, match=f"HTTP {status}") as caught:
        client.get("http://news.test/a")
    assert (caught.value.permanent, caught.value.status, len(calls)) == (permanent, status, attempts)


def test_requests_to_one_host_are_paced_and_other_hosts_are_not_held_up() -> None:
    clock = Clock()
    with client_for(lambda request: httpx.Response(200), clock, host_delay=2.0) as client:
        client.get("http://a.test/1")
        client.get("http://b.test/1")  # another host: no wait
        client.get("http://a.test/2")  # same host at the same instant: waits 2 s
        clock.now += 5
        client.get("http://a.test/3")  # long after: no wait
    assert clock.sleeps == [2.0]


def test_robots_txt_is_obeyed_and_a_missing_one_allows_everything() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            if request.url.host == "strict.test":
                return httpx.Response(200, text="User-agent: berkut\nDisallow: /private/\n")
            return httpx.Response(404)
        return httpx.Response(200, text="ok")

    with client_for(handler, respect_robots=True) as client:
        assert client.get("http://strict.test/public/a").status == 200
        with pytest.raises(FetchError, match="robots.txt") as caught:
            client.get("http://strict.test/private/a")
        assert caught.value.permanent
        assert client.get("http://open.test/private/a").status == 200


def test_an_unreachable_robots_txt_holds_fetches_back_for_now_not_for_good() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503) if request.url.path == "/robots.txt" else httpx.Response(200)

    with client_for(handler, respect_robots=True, http_retries=0) as client:
        with pytest.raises(FetchError, match="robots.txt could not be read") as caught:
            client.get("http://down.test/a")
    assert not caught.value.permanent


def test_oversized_bodies_and_non_http_urls_are_refused() -> None:
    big = httpx.Response(200, content=b"x" * 2000)
    with client_for(lambda request: big, max_fetch_bytes=1000) as client:
        with pytest.raises(FetchError, match="too large"):
            client.get("http://news.test/big")
        for url in ("file:///etc/passwd", "ftp://news.test/a", "news.test/a"):
            with pytest.raises(FetchError, match="not an http"):
                client.get(url)


def test_post_json_for_webhooks() -> None:
    received: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append((request.method, request.headers["content-type"], json.loads(request.content)))
        return httpx.Response(204)

    with client_for(handler) as client:
        assert client.post_json("http://hooks.test/in", {"alerts": [1]}) == 204
    assert received == [("POST", "application/json", {"alerts": [1]})]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://News.Test/a?id=3&utm_source=rss&utm_medium=x#comments", "http://news.test/a?id=3"),
        ("https://news.test/a?fbclid=abc", "https://news.test/a"),
        ("https://news.test/a", "https://news.test/a"),
    ],
)
def test_canonical_urls_drop_fragments_and_tracking(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_bodies_are_decoded_by_declared_or_meta_charset() -> None:
    latin = "<html><head><meta charset='iso-8859-1'></head><body>Almaty caf\xe9</body></html>".encode("latin-1")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/declared":
            return httpx.Response(200, headers={"content-type": "text/html; charset=iso-8859-1"}, content=latin)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=latin)

    with client_for(handler) as client:
        assert "Almaty café" in client.get("http://news.test/declared").text()
        assert "Almaty café" in client.get("http://news.test/meta").text()


# -- against a real local server ---------------------------------------------------------------------


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    requests: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            if self.path == "/robots.txt":
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == '"abc"':
                self.send_response(304)
                self.end_headers()
                return
            body = b"<html><body><p>Kazakhstan condemned Russia.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", '"abc"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_a_real_local_server_with_robots_txt_and_etag(local_server: tuple[str, list[dict[str, str]]]) -> None:
    base, requests = local_server
    settings = load_settings({"host_delay": 0.0, "user_agent": "berkut-local/1"}, environ={}, path=Path("/x"))
    with WebClient(settings) as client:
        page = client.get(f"{base}/article")
        again = client.get(f"{base}/article", etag=page.etag)
    assert page.status == 200 and b"Kazakhstan" in page.body and again.not_modified
    assert [r["path"] for r in requests] == ["/robots.txt", "/article", "/article"]
    assert all(r["user-agent"] == "berkut-local/1" for r in requests)

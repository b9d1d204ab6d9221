"""The one HTTP client: polite fetching of pages and feeds, and posting JSON to webhooks.

Polite means: our user agent on every request, a timeout, at most one request per ``host_delay`` seconds
to any one host, retries with exponential backoff after timeouts, 429 and 5xx answers (honouring
``Retry-After``), conditional GET (ETag / Last-Modified) so unchanged feeds cost a 304, a size limit,
and robots.txt. Tests replace the transport (``httpx.MockTransport``) or point it at a local server, and
inject the clock and the sleep so that no test waits.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urldefrag, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from berkut.errors import SourceError
from berkut.model import RawDocument
from berkut.settings import Settings, load_settings

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0  # a server asking for longer is treated as down for this run
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class FetchError(SourceError):
    """A URL could not be fetched. ``permanent`` errors (404, robots.txt, bad URL) are not retried later."""

    def __init__(self, message: str, url: str, status: int | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer to a GET: the body (empty for 304) and what a later conditional GET needs."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    body: bytes
    media_type: str  # lower case, without parameters: "text/html", "application/rss+xml", ...
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded: the declared charset, else UTF-8, else a <meta charset>, else cp1252."""
        for candidate in (self.charset, "utf-8"):
            if candidate:
                try:
                    return self.body.decode(candidate)
                except (LookupError, UnicodeDecodeError):
                    pass
        found = _META_CHARSET.search(self.body[:4096])
        if found:
            try:
                return self.body.decode(found.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
        return self.body.decode("cp1252", errors="replace")


def canonical_url(url: str) -> str:
    """The URL without its fragment and tracking parameters, so the same article is fetched once."""
    url, _fragment = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.query:
        kept = [
            p for p in parts.query.split("&") if p and not p.lower().startswith(("utm_", "fbclid=", "gclid="))
        ]
        parts = parts._replace(query="&".join(kept))
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class WebClient:
    """Fetch politely. One client per run: it remembers per-host pacing and robots.txt rules."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        settings = settings or load_settings()
        self.user_agent: str = settings.user_agent
        self.retries = max(0, int(settings.http_retries))
        self.backoff = max(0.0, float(settings.http_backoff))
        self.host_delay = max(0.0, float(settings.host_delay))
        self.max_bytes = int(settings.max_fetch_bytes)
        self.respect_robots = bool(settings.respect_robots)
        self._clock, self._sleep, self._now = clock, sleep, now
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | str | None] = {}  # None: no rules; str: unreachable
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(float(settings.http_timeout)),
            headers={"User-Agent": self.user_agent},
            follow_redirects=True,
            max_redirects=5,
        )

    def __enter__(self) -> WebClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public ------------------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET a page or feed; a 304 comes back as ``Fetched`` with ``not_modified``. Raises FetchError."""
        self._check_url(url)
        if self.respect_robots and not self.allowed(url):
            unreachable = self._robots.get(_origin(url))
            if isinstance(unreachable, str):
                # RFC 9309: an unreachable robots.txt means "disallow" for now; try the page again later
                raise FetchError(f"{url}: robots.txt could not be read ({unreachable}); not fetched", url)
            raise FetchError(f"{url}: disallowed by the site's robots.txt", url, permanent=True)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def post_json(self, url: str, payload: Any) -> int:
        """POST a JSON payload (a webhook); returns the status. Retries like GET; raises FetchError."""
        self._check_url(url)
        response = self._send(url, lambda: self._client.post(url, json=payload))
        response.close()
        return response.status_code

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url``. Missing robots.txt (4xx) allows all."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if rules is None:
            return True
        if isinstance(rules, str):
            return False
        return rules.can_fetch(self.user_agent.split("/")[0], url)

    # -- internals ---------------------------------------------------------------------------------

    @staticmethod
    def _check_url(url: str) -> None:
        if not is_url(url) or not urlsplit(url).netloc:
            raise FetchError(f"{url!r} is not an http(s) URL", url, permanent=True)

    def _load_robots(self, origin: str) -> RobotFileParser | str | None:
        url = origin + "/robots.txt"
        try:
            fetched = self._get(url, {})
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return None  # RFC 9309: robots.txt unavailable, everything allowed
            # unreachable (5xx, network): RFC 9309 says assume complete disallow, for this run
            return f"HTTP {exc.status}" if exc.status else "no answer"
        parser = RobotFileParser()
        parser.parse(fetched.text().splitlines())
        return parser

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        def request() -> httpx.Response:
            return self._client.send(self._client.build_request("GET", url, headers=headers), stream=True)

        response = self._send(url, request)
        try:
            if response.status_code == 304:
                body = b""
            else:
                body = self._read_limited(url, response)
        finally:
            response.close()
        content_type = response.headers.get("content-type", "")
        media_type = content_type.split(";")[0].strip().lower()
        return Fetched(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            body=body,
            media_type=media_type,
            charset=response.charset_encoding,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            fetched_at=self._now(),
        )

    def _read_limited(self, url: str, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: too large ({int(declared):,} bytes)", url, response.status_code, True)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(
                    f"{url}: too large (over {self.max_bytes:,} bytes)", url, response.status_code, True
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _send(self, url: str, request: Callable[[], httpx.Response]) -> httpx.Response:
        """Run ``request`` with pacing and retries; returns a 2xx/3xx response or raises FetchError."""
        host = host_of(url)
        for attempt in range(self.retries + 1):
            self._wait_for(host)
            last = attempt == self.retries
            try:
                response = request()
            except httpx.TimeoutException as exc:
                if last:
                    raise FetchError(f"{url}: timed out ({type(exc).__name__})", url) from exc
                self._sleep(self.backoff * 2**attempt)
                continue
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"{url}: too many redirects", url, permanent=True) from exc
            except httpx.HTTPError as exc:
                if last:
                    raise FetchError(f"{url}: {type(exc).__name__}: {exc}", url) from exc
                self._sleep(self.backoff * 2**attempt)
                continue
            status = response.status_code
            if status < 400:
                return response
            response.close()
            if status in RETRY_STATUSES and not last:
                wait = max(self.backoff * 2**attempt, _retry_after(response, self._now()))
                if wait > MAX_RETRY_AFTER:
                    raise FetchError(f"{url}: HTTP {status}, asked to wait {wait:.0f} s", url, status)
                self._sleep(wait)
                continue
            permanent = status not in RETRY_STATUSES
            raise FetchError(
                f"{url}: HTTP {status} {response.reason_phrase}".rstrip(), url, status, permanent
            )
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises

    def _wait_for(self, host: str) -> None:
        """Keep ``host_delay`` seconds between the starts of two requests to one host."""
        now = self._clock()
        slot = self._next_slot.get(host, now)
        if slot > now:
            self._sleep(slot - now)
            now = slot
        self._next_slot[host] = now + self.host_delay


def _retry_after(response: httpx.Response, now: datetime) -> float:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def to_raw_document(fetched: Fetched, doc_id: str | None = None, **fields: Any) -> RawDocument:
    """A fetched page as a RawDocument: HTML goes through article extraction, text stays text."""
    media_type = "text/plain" if fetched.media_type == "text/plain" else "text/html"
    return RawDocument(
        id=doc_id or fetched.url,
        body=fetched.text(),
        media_type=media_type,
        url=fetched.url,
        source=fields.pop("source", None) or host_of(fetched.final_url),
        **fields,
    )

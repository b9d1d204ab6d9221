"""RSS and Atom feeds (through feedparser) and the lists of feeds people keep.

feedparser is only ever given bytes we fetched ourselves: handed a string that looks like a URL it
would fetch it, bypassing the polite client.
"""

from __future__ import annotations

import calendar
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from berkut.errors import SourceError
from berkut.sources.web import canonical_url, is_url

FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
     "text/xml", "application/feed+json"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str  # the entry's guid/id, else its link
    url: str | None  # the article, absolute and canonical
    title: str | None
    published: date | None
    summary: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    errors: tuple[str, ...] = ()  # entries that could not be used, and recovered markup errors


def looks_like_feed(body: bytes, media_type: str = "") -> bool:
    """Whether a fetched body is a feed rather than a page: by media type, else by its first element."""
    if media_type in FEED_MEDIA_TYPES - {"application/xml", "text/xml"}:
        return True
    head = body[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    while head.startswith(b"<!--") and b"-->" in head:
        head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<rdf"))


def parse_feed(body: bytes, url: str) -> Feed:
    """Entries of an RSS/Atom feed. Raises SourceError when the body is no feed at all."""
    import feedparser

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    errors: list[str] = []
    version = getattr(parsed, "version", "") or ""
    if not version and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise SourceError(f"{url}: not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        if not parsed.entries:
            raise SourceError(f"{url}: the feed is broken and no entry could be read ({parsed.bozo_exception})")
        errors.append(f"{url}: feed markup is broken, read what could be recovered ({parsed.bozo_exception})")
    entries: list[FeedEntry] = []
    for number, raw in enumerate(parsed.entries, start=1):
        entry = _entry(raw, url)
        if entry.url is None:
            label = entry.title or entry.id
            named = f" ({label!r})" if label else ""
            errors.append(f"{url}: entry {number}{named} has no link to an article")
            continue
        entries.append(entry)
    title = parsed.feed.get("title") if isinstance(parsed.feed, dict) else None
    return Feed(url=url, title=title or None, entries=tuple(entries), errors=tuple(errors))


def _entry(raw: Any, feed_url: str) -> FeedEntry:
    link = raw.get("link") or next(
        (x.get("href") for x in raw.get("links", []) if x.get("rel", "alternate") == "alternate"), None
    )
    if link and raw.get("guidislink") and not is_url(link):
        link = None  # an RSS guid taken for a permalink although it is no URL ("wire-103")
    url = canonical_url(urljoin(feed_url, link)) if link else None
    if url is not None and not is_url(url):
        url = None
    entry_id = str(raw.get("id") or raw.get("guid") or url or raw.get("title") or "")
    return FeedEntry(
        id=entry_id,
        url=url,
        title=(raw.get("title") or "").strip() or None,
        published=_entry_date(raw),
        summary=raw.get("summary") or None,
    )


def _entry_date(raw: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            # feedparser normalises to UTC struct_time
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
    return None


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a file: one a line (``#`` starts a comment), or an OPML export of a feed reader."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read the feed list ({exc})") from exc
    if text.lstrip().startswith("<"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise SourceError(f"{path}: not valid OPML ({exc})") from exc
        urls = [o.get("xmlUrl", "") for o in root.iter("outline") if o.get("xmlUrl")]
    else:
        # a URL may hold "#", so only a line starting with it is a comment; text after the URL is a note
        lines = [line.strip() for line in text.splitlines()]
        urls = [line.split()[0] for line in lines if line and not line.startswith("#")]
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise SourceError(f"{path}: not http(s) URLs: {', '.join(bad[:5])}")
    return list(dict.fromkeys(urls))

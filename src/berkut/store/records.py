"""Rows the store hands back, besides ``StoredEvent`` (which lives in the kernel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from berkut.model import Span


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add`` did with one analysis.

    ``document_id`` is the database id of the stored (or already stored) document, ``None`` when
    nothing was stored; ``reason`` says why nothing was stored ("duplicate", "no text").
    """

    document_id: int | None
    stored: bool
    events: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """Events in one period: counts per quad class and the Goldstein total and mean."""

    period: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_sum: float
    goldstein_mean: float


@dataclass(frozen=True, slots=True)
class PeriodCount:
    """Documents published in one period, to normalise timelines by news volume."""

    period: str
    documents: int


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    doc_key: str
    title: str | None
    url: str | None
    source: str | None
    published: date | None
    n_words: int
    content_hash: str
    coder_version: str
    ingested_at: datetime
    events: int
    text: str


@dataclass(frozen=True, slots=True)
class SentenceRow:
    document_id: int
    index: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class SentenceHit:
    """A sentence matching a full-text search, with the ids of the events coded from it."""

    document_id: int
    doc_key: str
    document_title: str | None
    sentence: int
    span: Span
    text: str
    event_ids: tuple[int, ...]


# -- 0002: watching the world ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store remembers of a feed between polls."""

    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    polled_at: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """A URL fetched for good: ``status`` is stored, duplicate, failed or disallowed."""

    url: str
    status: str
    feed_url: str | None = None
    entry_id: str | None = None
    error: str | None = None
    document_id: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence behind an alert: the event coded from it and where it was read."""

    event_id: int
    document_id: str
    url: str | None
    date: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class AlertRow:
    """An alert as stored: deduplicated by ``key``, graded by ``severity`` (1 low ... 4 critical)."""

    key: str
    watchlist: str
    kind: str  # "event" or "spike"
    severity: int
    title: str
    created_at: datetime
    event_ids: tuple[int, ...]
    evidence: tuple[Evidence, ...]
    details: dict[str, object]
    id: int | None = None


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """Events of one kind (a PLOVER type, a CAMEO root, ...) in one period."""

    period: str
    key: str | None
    events: int

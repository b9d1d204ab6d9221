"""Questions users ask of stored events, as plain rows. The CLI, API and dashboard all call these."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from berkut.errors import QueryError
from berkut.model import EventFilter, StoredEvent

if TYPE_CHECKING:
    from berkut.store import Store
    from berkut.store.records import TimelineRow

GRANULARITIES = ("day", "week", "month", "year")


def events(store: Store, event_filter: EventFilter) -> list[StoredEvent]:
    _check(event_filter)
    return store.events(event_filter)


def dyad_timeline(
    store: Store, a: str, b: str, granularity: str = "month", base: EventFilter | None = None
) -> list[TimelineRow]:
    """Events between two actors (either direction), bucketed by period."""
    if granularity not in GRANULARITIES:
        raise QueryError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")
    event_filter = replace(base or EventFilter(), dyad=(a.upper(), b.upper()), limit=None, offset=0)
    _check(event_filter)
    return store.timeline(event_filter, granularity)


def _check(event_filter: EventFilter) -> None:
    if event_filter.date_from and event_filter.date_to and event_filter.date_from > event_filter.date_to:
        raise QueryError(f"date range is empty: {event_filter.date_from} is after {event_filter.date_to}")
    if event_filter.limit is not None and event_filter.limit < 0:
        raise QueryError("limit must not be negative")
    if event_filter.radius_km <= 0:
        raise QueryError("radius must be positive")

"""The part of ``Store`` that watching needs: clusters, streams, breakdowns, fetch log, watchlists, alerts.

Kept apart from ``store/__init__.py`` so that the store's core (add, events, timeline) stays small;
``Store`` inherits these methods and supplies ``_connect``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from berkut.model import EventFilter, StoredEvent
from berkut.store import clusters, monitoring, periods, reader, schema
from berkut.store.clusters import ClusterRule
from berkut.store.records import AlertRow, BreakdownRow, FeedState, FetchRecord, TimelineRow


def _now() -> datetime:
    return datetime.now(UTC)


class WatchingMixin:
    dialect: str
    cluster_rule: ClusterRule

    def _connect(self, action: str, write: bool = False) -> AbstractContextManager[sa.Connection]:
        raise NotImplementedError  # supplied by Store

    # -- events in bulk ---------------------------------------------------------------------------

    def iter_events(self, filter: EventFilter, batch: int = 5000) -> Iterator[StoredEvent]:
        """Like ``events`` but streamed from the database: for exports of millions of events."""
        query = reader.select_events(filter, self.dialect)
        with self._connect("read events") as connection:
            result = connection.execution_options(yield_per=batch).execute(query)
            for partition in result.partitions():
                for row in reader.page(filter, partition) if filter.near is not None else partition:
                    yield reader.to_stored_event(row)

    def events_since(
        self, after_id: int, filter: EventFilter | None = None, limit: int = 10_000
    ) -> list[StoredEvent]:
        """Events stored after the event ``after_id`` (by id, oldest first), matching ``filter``."""
        base = filter or EventFilter()
        unpaged = replace(base, limit=None, offset=0, near=None, newest_first=False)
        query = reader.select_events(unpaged, self.dialect)
        query = (
            query.where(schema.events.c.id > after_id)
            .order_by(None)
            .order_by(schema.events.c.id)
            .limit(limit)
        )
        with self._connect("read new events") as connection:
            rows = connection.execute(query).all()
        return [reader.to_stored_event(row) for row in rows if reader.within(base, row.lat, row.lon)]

    def events_by_id(self, ids: Sequence[int]) -> list[StoredEvent]:
        """The events with these ids (any that exist), in id order; flags and filters do not apply."""
        out: list[StoredEvent] = []
        unique = sorted(set(ids))
        everything = EventFilter(
            include_negated=True, include_hypothetical=True, limit=None, newest_first=False
        )
        with self._connect("read events") as connection:
            for i in range(0, len(unique), 500):
                query = reader.select_events(everything, self.dialect).where(
                    schema.events.c.id.in_(unique[i : i + 500])
                )
                out.extend(reader.to_stored_event(row) for row in connection.execute(query))
        return out

    def max_event_id(self) -> int:
        with self._connect("read the newest event id") as connection:
            return int(connection.execute(sa.select(sa.func.max(schema.events.c.id))).scalar() or 0)

    def timeline_breakdown(
        self, filter: EventFilter, granularity: str = "month", by: str = "plover_type"
    ) -> list[BreakdownRow]:
        """Events per period and per value of ``by`` (plover_type, cameo_root or quad_class)."""
        query = periods.breakdown_query(filter, self.dialect, granularity, by)
        with self._connect("break a timeline down") as connection:
            return periods.breakdown_rows(filter, connection.execute(query), granularity, by)

    def timeline_and_breakdown(
        self,
        filter: EventFilter,
        granularity: str = "month",
        by: str = "plover_type",
        values: tuple[str, ...] = (),
    ) -> tuple[list[TimelineRow], list[BreakdownRow]]:
        """``timeline`` and ``timeline_breakdown`` from one pass over the events.

        ``values`` are the values of ``by`` to expect (the PLOVER types): counted in one row per day,
        which is several times faster; should another value turn up, the breakdown is grouped again.
        """
        periods.check(granularity)
        with self._connect("build a timeline") as connection:
            if values:
                query = periods.daily_query(filter, self.dialect, by, values)
                try:
                    return periods.rollup(filter, connection.execute(query).all(), granularity, by, values)
                except periods.Incomplete:
                    pass
            query = periods.daily_query(filter, self.dialect, by)
            return periods.rollup(filter, connection.execute(query), granularity, by)

    def recluster(self, rule: ClusterRule | None = None) -> int:
        """Group every stored event into clusters again (after changing the rule, or deleting documents).

        Each document is clustered in its own transaction, as when it was added. Returns the number of
        clusters with more than one mention.
        """
        rule = rule or self.cluster_rule
        with self._connect("reset event clusters", write=True) as connection:
            documents = clusters.reset(connection)
        for document_id in documents:
            with self._connect("cluster events", write=True) as connection:
                clusters.assign(connection, document_id, rule)
        with self._connect("count clusters") as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(schema.event_clusters)).scalar_one()
            )

    # -- fetch log and feeds ----------------------------------------------------------------------

    def seen_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of ``urls`` were fetched for good before (stored, duplicate, failed or disallowed)."""
        with self._connect("read the fetch log") as connection:
            return monitoring.seen_urls(connection, urls)

    def seen_entries(self, feed_url: str, entry_ids: Sequence[str]) -> set[str]:
        with self._connect("read the fetch log") as connection:
            return monitoring.seen_entries(connection, feed_url, entry_ids)

    def record_fetch(self, record: FetchRecord) -> None:
        with self._connect(f"record the fetch of {record.url}", write=True) as connection:
            monitoring.record_fetch(connection, record, _now())

    def fetch_counts(self) -> dict[str, int]:
        with self._connect("count fetched URLs") as connection:
            return monitoring.fetch_counts(connection)

    def feed_state(self, url: str) -> FeedState | None:
        with self._connect("read a feed's state") as connection:
            return monitoring.feed_state(connection, url)

    def save_feed_state(self, state: FeedState) -> None:
        with self._connect(f"save the state of feed {state.url}", write=True) as connection:
            monitoring.save_feed_state(connection, state)

    # -- watchlists -------------------------------------------------------------------------------

    def save_watchlist(self, name: str, spec: dict[str, Any]) -> None:
        with self._connect(f"save watchlist {name!r}", write=True) as connection:
            monitoring.save_watchlist(connection, name, spec, _now())

    def watchlists(self) -> list[tuple[str, dict[str, Any]]]:
        with self._connect("read watchlists") as connection:
            return monitoring.watchlists(connection)

    def remove_watchlist(self, name: str) -> bool:
        with self._connect(f"remove watchlist {name!r}", write=True) as connection:
            return monitoring.remove_watchlist(connection, name)

    # -- alerts -----------------------------------------------------------------------------------

    def add_alert(self, alert: AlertRow) -> int | None:
        """Store an alert; None (and nothing stored) when an alert with its key exists."""
        with self._connect("store an alert", write=True) as connection:
            return monitoring.add_alert(connection, alert)

    def alerts(
        self,
        limit: int | None = 50,
        watchlist: str | None = None,
        min_severity: int = 1,
        since: datetime | None = None,
        undelivered_on: str | None = None,
        newest_first: bool = True,
    ) -> list[AlertRow]:
        a = schema.alerts
        query = monitoring.alert_query(watchlist, min_severity, since, undelivered_on)
        query = query.order_by(a.c.id.desc() if newest_first else a.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._connect("read alerts") as connection:
            return [monitoring.to_alert(row) for row in connection.execute(query)]

    def mark_delivered(self, alert_ids: Sequence[int], channel: str) -> None:
        with self._connect(f"record deliveries on {channel}", write=True) as connection:
            monitoring.mark_delivered(connection, alert_ids, channel, _now())

    def articles_between(self, date_from: date | None, date_to: date | None) -> int:
        """Documents published in a date range (inclusive), to normalise counts by news volume."""
        doc = schema.documents
        query = sa.select(sa.func.count()).select_from(doc).where(doc.c.published.is_not(None))
        if date_from is not None:
            query = query.where(doc.c.published >= date_from)
        if date_to is not None:
            query = query.where(doc.c.published <= date_to)
        with self._connect("count documents") as connection:
            return int(connection.execute(query).scalar_one())

"""The one store interface, on SQLite (default) and PostgreSQL.

    with open_store("sqlite:///events.db") as store:
        store.add(analysis)
        store.events(EventFilter(dyad=("AFG", "KAZ")))

``open_store`` creates the database if needed and migrates it to the newest schema. Every database
error leaves as ``StoreError`` (``QueryError`` for a malformed filter).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from berkut.errors import StoreError
from berkut.model import Analysis, EventFilter, StoredEvent
from berkut.settings import Settings, load_settings
from berkut.store import engine as _engine
from berkut.store import fts, periods, reader, schema, writer
from berkut.store.clusters import ClusterRule
from berkut.store.records import (
    AddResult,
    AlertRow,
    BreakdownRow,
    DocumentRow,
    Evidence,
    FeedState,
    FetchRecord,
    PeriodCount,
    SentenceHit,
    SentenceRow,
    TimelineRow,
)
from berkut.store.watching import WatchingMixin
from berkut.store.writer import content_hash

__all__ = [
    "AddResult",
    "AlertRow",
    "BreakdownRow",
    "ClusterRule",
    "DocumentRow",
    "Evidence",
    "FeedState",
    "FetchRecord",
    "PeriodCount",
    "SentenceHit",
    "SentenceRow",
    "Store",
    "TimelineRow",
    "content_hash",
    "open_store",
]


def open_store(url: str | None = None, settings: Settings | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``, default ``settings.store_url``."""
    if url is None:
        settings = settings or load_settings()
        url = settings.store_url
    engine = _engine.create_engine(url)
    try:
        _engine.migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    if settings is None:
        return Store(engine)
    rule = ClusterRule(settings.cluster_window_days, settings.cluster_min_similarity)
    return Store(engine, cluster_rule=rule)


class Store(WatchingMixin):
    """Documents, their analysis and events in one database. One Engine per Store; thread-safe."""

    def __init__(self, engine: Engine, cluster_rule: ClusterRule | None = None) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.cluster_rule = cluster_rule or ClusterRule()

    def __repr__(self) -> str:
        return f"Store({_engine.describe(self.engine.url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _connect(self, action: str, write: bool = False) -> Iterator[sa.Connection]:
        try:
            with self.engine.begin() if write else self.engine.connect() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot {action} ({self!r}): {_engine.first_line(exc)}") from exc

    # -- writing ---------------------------------------------------------------------------------

    def add(self, analysis: Analysis, coder_version: str = "") -> AddResult:
        """Store one analysis in one transaction; a text already stored (by content hash) is skipped.

        Analyses without text, or with errors, are not stored: a failed document must stay eligible
        for the next run rather than be marked as done.
        """
        text = analysis.document.text
        if not text or not text.strip():
            return AddResult(None, stored=False, events=0, reason="no text")
        if analysis.errors:
            return AddResult(None, stored=False, events=0, reason="errors")
        digest = content_hash(text)
        existing = self._find(digest)
        if existing is not None:
            return AddResult(existing, stored=False, events=0, reason="duplicate")
        try:
            with self._connect(f"store document {analysis.document.id!r}", write=True) as connection:
                return writer.write(connection, analysis, digest, coder_version, self.cluster_rule)
        except StoreError as exc:
            # another writer may have stored the same text since we looked
            if isinstance(exc.__cause__, sa.exc.IntegrityError):
                existing = self._find(digest)
                if existing is not None:
                    return AddResult(existing, stored=False, events=0, reason="duplicate")
            raise

    def add_many(self, analyses: Iterable[Analysis], coder_version: str = "") -> list[AddResult]:
        """``add`` each analysis, committing per document so an interrupted run keeps what it stored."""
        return [self.add(analysis, coder_version) for analysis in analyses]

    def has_content(self, text: str) -> bool:
        """Whether a document with this text (up to whitespace) is stored; lets ingest skip parsing."""
        return self._find(content_hash(text)) is not None

    def _find(self, digest: str) -> int | None:
        with self._connect("look up a document") as connection:
            return writer.find_document(connection, digest)

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the store, such as the ontology version its events were coded with."""
        m = schema.meta
        with self._connect("write meta", write=True) as connection:
            if connection.execute(sa.select(m.c.key).where(m.c.key == key)).first():
                connection.execute(sa.update(m).where(m.c.key == key).values(value=value))
            else:
                connection.execute(sa.insert(m).values(key=key, value=value))

    def meta(self) -> dict[str, str]:
        with self._connect("read meta") as connection:
            return {k: v for k, v in connection.execute(sa.select(schema.meta.c.key, schema.meta.c.value))}

    # -- events ----------------------------------------------------------------------------------

    def events(self, filter: EventFilter) -> list[StoredEvent]:
        """Events matching ``filter``, ordered by date then id (newest first unless asked)."""
        query = reader.select_events(filter, self.dialect)
        with self._connect("read events") as connection:
            rows = connection.execute(query).all()
        return [reader.to_stored_event(row) for row in reader.page(filter, rows)]

    def events_frame(self, filter: EventFilter) -> Any:
        """The same events as ``events(filter)``, as a pandas DataFrame (one column per field)."""
        import dataclasses

        import pandas as pd

        rows = [dataclasses.asdict(e) for e in self.events(filter)]
        columns = [f.name for f in dataclasses.fields(StoredEvent)]
        return pd.DataFrame(rows, columns=columns)

    def count_events(self, filter: EventFilter) -> int:
        """How many events match ``filter`` (ignoring its limit and offset)."""
        query = reader.count_query(filter, self.dialect)
        with self._connect("count events") as connection:
            if filter.near is None:
                return int(connection.execute(query).scalar_one())
            return sum(1 for lat, lon in connection.execute(query) if reader.within(filter, lat, lon))

    def timeline(self, filter: EventFilter, granularity: str = "month") -> list[TimelineRow]:
        """Events per period (day, week, month, year), ordered by period; undated events left out.

        The filter's limit and offset do not apply: a timeline counts every matching event.
        """
        query = periods.timeline_query(filter, self.dialect, granularity)
        with self._connect("build a timeline") as connection:
            return periods.timeline_rows(filter, connection.execute(query), granularity)

    def articles_per_period(
        self, granularity: str = "month", date_from: date | None = None, date_to: date | None = None
    ) -> list[PeriodCount]:
        """Documents per publication period, to normalise timelines by the volume of news."""
        query = periods.articles_query(self.dialect, granularity, date_from, date_to)
        with self._connect("count documents per period") as connection:
            return periods.period_counts(connection.execute(query), granularity)

    # -- documents and sentences -----------------------------------------------------------------

    def documents(self, limit: int = 100, offset: int = 0) -> list[DocumentRow]:
        """Stored documents, most recently stored first."""
        query = _documents_query().order_by(schema.documents.c.id.desc()).limit(limit).offset(offset)
        with self._connect("list documents") as connection:
            return [_document_row(row) for row in connection.execute(query)]

    def document(self, doc_key: str) -> DocumentRow | None:
        """The document stored under its own id; the latest one if several texts share that id."""
        d = schema.documents
        query = _documents_query().where(d.c.doc_key == doc_key).order_by(d.c.id.desc()).limit(1)
        with self._connect("read a document") as connection:
            row = connection.execute(query).first()
        return _document_row(row) if row is not None else None

    def sentences_of(self, document_id: int | str) -> list[SentenceRow]:
        """Sentences of a document, by database id (int) or the document's own id (str)."""
        s, d = schema.sentences, schema.documents
        query = sa.select(s.c.document_id, s.c.idx, s.c.start, s.c.end, s.c.text).order_by(s.c.idx)
        if isinstance(document_id, str):
            query = query.join(d, d.c.id == s.c.document_id).where(
                d.c.id == sa.select(sa.func.max(d.c.id)).where(d.c.doc_key == document_id).scalar_subquery()
            )
        else:
            query = query.where(s.c.document_id == document_id)
        with self._connect("read sentences") as connection:
            return [
                SentenceRow(r.document_id, r.idx, (r.start, r.end), r.text) for r in connection.execute(query)
            ]

    def search_sentences(self, query: str, limit: int = 20) -> list[SentenceHit]:
        """Sentences containing every word of ``query`` (stemmed), best first, with their events."""
        if not fts.words(query):
            return []
        s, d = schema.sentences, schema.documents
        with self._connect("search sentences") as connection:
            ranked = list(connection.execute(fts.ranked_sentences(self.dialect, query, limit)).scalars())
            if not ranked:
                return []
            hits = sa.select(
                s.c.id, s.c.document_id, d.c.doc_key, d.c.title, s.c.idx, s.c.start, s.c.end, s.c.text
            )
            hits = hits.join(d, d.c.id == s.c.document_id).where(s.c.id.in_(ranked))
            rows = {row.id: row for row in connection.execute(hits)}
            events = _event_ids(connection, [(rows[i].document_id, rows[i].idx) for i in ranked])
        return [
            SentenceHit(
                document_id=r.document_id,
                doc_key=r.doc_key,
                document_title=r.title,
                sentence=r.idx,
                span=(r.start, r.end),
                text=r.text,
                event_ids=tuple(events.get((r.document_id, r.idx), ())),
            )
            for r in (rows[i] for i in ranked)
        ]

    def counts(self) -> dict[str, int]:
        """Rows per table: documents, sentences, events, mentions, times, places, quotes."""
        tables = ("documents", "sentences", "events", "mentions", "times", "places", "quotes")
        with self._connect("count rows") as connection:
            return {name: _count(connection, schema.metadata.tables[name]) for name in tables}


def _count(connection: sa.Connection, table: sa.Table) -> int:
    return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _event_ids(connection: sa.Connection, keys: list[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
    """Event ids per (document id, sentence index)."""
    e = schema.events
    query = sa.select(e.c.document_id, e.c.sentence, e.c.id).where(
        sa.tuple_(e.c.document_id, e.c.sentence).in_(keys)
    )
    out: dict[tuple[int, int], list[int]] = {}
    for document_id, sentence, event_id in connection.execute(query.order_by(e.c.id)):
        out.setdefault((document_id, sentence), []).append(event_id)
    return out


def _documents_query() -> reader.AnySelect:
    d, e = schema.documents, schema.events
    n_events = sa.select(sa.func.count()).where(e.c.document_id == d.c.id).scalar_subquery()
    return sa.select(d, n_events.label("n_events"))


def _document_row(row: reader.AnyRow) -> DocumentRow:
    m = row._mapping
    return DocumentRow(
        id=m["id"],
        doc_key=m["doc_key"],
        title=m["title"],
        url=m["url"],
        source=m["source"],
        published=m["published"],
        n_words=m["n_words"],
        content_hash=m["content_hash"],
        coder_version=m["coder_version"],
        ingested_at=m["ingested_at"],
        events=int(m["n_events"]),
        text=m["text"],
    )

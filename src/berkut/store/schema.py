"""The store's tables, in SQLAlchemy Core.

This module is what the code queries against; ``migrations/versions`` is what creates the tables.
A test compares the two so they cannot drift apart. Spans are stored as ``*_start``/``*_end`` pairs
of character offsets into the document's text (end exclusive), as in ``berkut.model``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

SCHEMA_VERSION = "0002"

metadata = sa.MetaData()

TIMELINE_COLUMNS = (
    "date", "plover_type", "quad_class", "goldstein", "negated", "hypothetical", "confidence", "cameo_root",
    "cameo", "source_country", "target_country", "source_code", "target_code", "source_org", "target_org",
    "cluster_id",
)  # fmt: skip

# BIGINT on PostgreSQL; plain INTEGER on SQLite, where only "INTEGER PRIMARY KEY" aliases the rowid
# (needed for autoincrement and for the FTS5 table's content_rowid).
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _document_fk() -> sa.Column[int]:
    return sa.Column(
        "document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("doc_key", sa.String, nullable=False, index=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.String),
    sa.Column("url", sa.String),
    sa.Column("source", sa.String),
    sa.Column("published", sa.Date, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("n_words", sa.Integer, nullable=False),
    sa.Column("coder_version", sa.String, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

sentences = sa.Table(
    "sentences",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    _document_fk(),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.UniqueConstraint("document_id", "idx", name="uq_sentences_document_idx"),
)


def _actor_columns(side: str) -> list[sa.Column[Any]]:
    names = ("code", "country", "sector", "org", "name", "actor_id")
    return [
        sa.Column(f"{side}_text", sa.String),
        sa.Column(f"{side}_start", sa.Integer),
        sa.Column(f"{side}_end", sa.Integer),
        *(sa.Column(f"{side}_{name}", sa.String) for name in names),
    ]


events = sa.Table(
    "events",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    _document_fk(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.String),
    sa.Column("date_text", sa.String),
    sa.Column("date_reason", sa.String, nullable=False),
    sa.Column("date_source", sa.String, nullable=False),
    *_actor_columns("source"),
    *_actor_columns("target"),
    sa.Column("cameo", sa.String, nullable=False),
    sa.Column("cameo_root", sa.String, nullable=False),
    sa.Column("quad_class", sa.Integer, nullable=False),
    sa.Column("goldstein", sa.Float, nullable=False),
    sa.Column("plover_type", sa.String),
    sa.Column("plover_mode", sa.String),
    sa.Column("plover_context", sa.String),  # JSON list
    sa.Column("verb_start", sa.Integer, nullable=False),
    sa.Column("verb_end", sa.Integer, nullable=False),
    sa.Column("location_name", sa.String),
    sa.Column("location_country", sa.String),
    sa.Column("location_source", sa.String),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geonameid", sa.Integer),
    sa.Column("quote_speaker", sa.String),
    sa.Column("quote_content", sa.Text),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("hypothetical", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("explanation", sa.Text, nullable=False),  # JSON object
    sa.CheckConstraint("quad_class BETWEEN 0 AND 4", name="ck_events_quad_class"),
    sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name="ck_events_confidence"),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_source_country", "source_country"),
    sa.Index("ix_events_target_country", "target_country"),
    sa.Index("ix_events_source_code", "source_code"),
    sa.Index("ix_events_target_code", "target_code"),
    sa.Index("ix_events_cameo_root", "cameo_root"),
    sa.Index("ix_events_dyad_date", "source_country", "target_country", "date"),
    # 0002: the event cluster (id of its first mention) that deduplicates reports of one event
    sa.Column("cluster_id", ID),
    sa.Index("ix_events_cluster_id", "cluster_id"),
    # 0002: covers every column a timeline, breakdown or count filters or sums on, ordered by day and
    # PLOVER type: an aggregate scans this narrow index instead of the wide table and groups by
    # (date, plover_type) without sorting. 170 ms for a dyad over a million events on SQLite.
    sa.Index("ix_events_timeline", *TIMELINE_COLUMNS),
)
# 0002: the order event lists are read in (newest first, undated last), so "the 100 newest events of a
# dyad" walks the index and stops instead of sorting every match (PostgreSQL cannot read an ascending
# index backwards as NULLS LAST). On SQLite the migration leaves out the words NULLS LAST, which it
# refuses and does not need: its descending order puts NULLs last.
sa.Index("ix_events_recent", events.c.date.desc().nulls_last(), events.c.id.desc())

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    _document_fk(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("code", sa.String),
    sa.Column("country", sa.String),
    sa.Column("sector", sa.String),
    sa.Column("org", sa.String),
    sa.Column("name", sa.String),
    sa.Column("actor_id", sa.String),
    sa.Column("rules", sa.Text, nullable=False),  # JSON list
)

times = sa.Table(
    "times",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    _document_fk(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("value", sa.Date),
    sa.Column("precision", sa.String),
    sa.Column("reason", sa.String, nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    _document_fk(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("country", sa.String),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("geonameid", sa.Integer),
    sa.Column("feature", sa.String),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    _document_fk(),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("speaker_text", sa.String),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("speaker_code", sa.String),
    sa.Column("cue", sa.String),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("content_start", sa.Integer, nullable=False),
    sa.Column("content_end", sa.Integer, nullable=False),
    sa.Column("direct", sa.Boolean, nullable=False),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String, primary_key=True),
    sa.Column("value", sa.String, nullable=False),
)

# -- 0002: watching the world -------------------------------------------------------------------------

# How widely each multi-mention event was reported (GDELT's NumMentions/NumArticles/NumSources). Only
# clusters of two or more mentions have a row; every other event counts 1, 1, 1.
event_clusters = sa.Table(
    "event_clusters",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("first_date", sa.Date),
    sa.Column("last_date", sa.Date),
)

# Feeds polled, with what conditional GET needs to fetch nothing when nothing changed.
feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("url", sa.String, primary_key=True),
    sa.Column("title", sa.String),
    sa.Column("etag", sa.String),
    sa.Column("last_modified", sa.String),
    sa.Column("polled_at", sa.DateTime(timezone=True)),
    sa.Column("error", sa.Text),
)

# Every URL fetched for good (stored, duplicate, failed for good, disallowed) so re-runs skip it.
# URLs and entry ids are keyed by their sha256: they can be longer than a btree index allows.
fetched = sa.Table(
    "fetched",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("feed_url", sa.String),
    sa.Column("entry_hash", sa.String(64), index=True),
    sa.Column("status", sa.String, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("document_id", ID, sa.ForeignKey("documents.id", ondelete="SET NULL")),
    sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
)

watchlists = sa.Table(
    "watchlists",
    metadata,
    sa.Column("name", sa.String, primary_key=True),
    sa.Column("spec", sa.Text, nullable=False),  # JSON object
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", ID, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String, nullable=False, unique=True),  # deduplication key
    sa.Column("watchlist", sa.String, nullable=False, index=True),
    sa.Column("kind", sa.String, nullable=False),  # "event" or "spike"
    sa.Column("severity", sa.Integer, nullable=False),  # 1 low, 2 medium, 3 high, 4 critical
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("event_ids", sa.Text, nullable=False),  # JSON list
    sa.Column("evidence", sa.Text, nullable=False),  # JSON list: event id, document, url, sentence
    sa.Column("details", sa.Text, nullable=False),  # JSON object
)

alert_deliveries = sa.Table(
    "alert_deliveries",
    metadata,
    sa.Column("alert_id", ID, sa.ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("channel", sa.String, primary_key=True),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
)

# Full-text search lives outside ``metadata`` because it differs per dialect and is created only by
# the migration: an external-content FTS5 table kept in sync by triggers on SQLite, a GIN expression
# index on PostgreSQL. Queries must use the same expression as the index for PostgreSQL to use it.
FTS_TABLE = "sentences_fts"
PG_TSVECTOR = "to_tsvector('english', text)"

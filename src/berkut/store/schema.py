"""The store's tables, in SQLAlchemy Core.

This module is what the code queries against; ``migrations/versions`` is what creates the tables.
A test compares the two so they cannot drift apart. Spans are stored as ``*_start``/``*_end`` pairs
of character offsets into the document's text (end exclusive), as in ``berkut.model``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

SCHEMA_VERSION = "0001"

metadata = sa.MetaData()

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
)

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

# Full-text search lives outside ``metadata`` because it differs per dialect and is created only by
# the migration: an external-content FTS5 table kept in sync by triggers on SQLite, a GIN expression
# index on PostgreSQL. Queries must use the same expression as the index for PostgreSQL to use it.
FTS_TABLE = "sentences_fts"
PG_TSVECTOR = "to_tsvector('english', text)"

"""The first schema: documents, their sentences and analysis records, events, meta, full-text search.

Revision ID: 0001
Revises:
Create Date: 2024-01-01

Tables are spelled out here rather than imported from ``schema.py``: a migration must keep creating
the same tables after ``schema.py`` moves on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_CHILDREN = ("sentences", "events", "mentions", "times", "places", "quotes")


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, primary_key=True, autoincrement=True)


def _document_fk() -> sa.Column[int]:
    return sa.Column("document_id", ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def _span(prefix: str = "", nullable: bool = False) -> list[sa.Column[Any]]:
    return [
        sa.Column(f"{prefix}start", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}end", sa.Integer, nullable=nullable),
    ]


def _actor(side: str) -> list[sa.Column[Any]]:
    names = ("code", "country", "sector", "org", "name", "actor_id")
    return [
        sa.Column(f"{side}_text", sa.String),
        *_span(f"{side}_", nullable=True),
        *(sa.Column(f"{side}_{name}", sa.String) for name in names),
    ]


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
    )
    op.create_table(
        "documents",
        _id(),
        sa.Column("doc_key", sa.String, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String),
        sa.Column("url", sa.String),
        sa.Column("source", sa.String),
        sa.Column("published", sa.Date),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_words", sa.Integer, nullable=False),
        sa.Column("coder_version", sa.String, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_doc_key", "documents", ["doc_key"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "sentences",
        _id(),
        _document_fk(),
        sa.Column("idx", sa.Integer, nullable=False),
        *_span(),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "idx", name="uq_sentences_document_idx"),
    )
    op.create_table(
        "events",
        _id(),
        _document_fk(),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String),
        sa.Column("date_text", sa.String),
        sa.Column("date_reason", sa.String, nullable=False),
        sa.Column("date_source", sa.String, nullable=False),
        *_actor("source"),
        *_actor("target"),
        sa.Column("cameo", sa.String, nullable=False),
        sa.Column("cameo_root", sa.String, nullable=False),
        sa.Column("quad_class", sa.Integer, nullable=False),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("plover_type", sa.String),
        sa.Column("plover_mode", sa.String),
        sa.Column("plover_context", sa.String),
        *_span("verb_"),
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
        sa.Column("explanation", sa.Text, nullable=False),
        sa.CheckConstraint("quad_class BETWEEN 0 AND 4", name="ck_events_quad_class"),
        sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name="ck_events_confidence"),
    )
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_source_country", "events", ["source_country"])
    op.create_index("ix_events_target_country", "events", ["target_country"])
    op.create_index("ix_events_source_code", "events", ["source_code"])
    op.create_index("ix_events_target_code", "events", ["target_code"])
    op.create_index("ix_events_cameo_root", "events", ["cameo_root"])
    op.create_index("ix_events_dyad_date", "events", ["source_country", "target_country", "date"])
    op.create_table(
        "mentions",
        _id(),
        _document_fk(),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.String, nullable=False),
        *_span(),
        sa.Column("code", sa.String),
        sa.Column("country", sa.String),
        sa.Column("sector", sa.String),
        sa.Column("org", sa.String),
        sa.Column("name", sa.String),
        sa.Column("actor_id", sa.String),
        sa.Column("rules", sa.Text, nullable=False),
    )
    op.create_table(
        "times",
        _id(),
        _document_fk(),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.String, nullable=False),
        *_span(),
        sa.Column("value", sa.Date),
        sa.Column("precision", sa.String),
        sa.Column("reason", sa.String, nullable=False),
    )
    op.create_table(
        "places",
        _id(),
        _document_fk(),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.String, nullable=False),
        *_span(),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("country", sa.String),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("geonameid", sa.Integer),
        sa.Column("feature", sa.String),
    )
    op.create_table(
        "quotes",
        _id(),
        _document_fk(),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("speaker_text", sa.String),
        *_span("speaker_", nullable=True),
        sa.Column("speaker_code", sa.String),
        sa.Column("cue", sa.String),
        sa.Column("content", sa.Text, nullable=False),
        *_span("content_"),
        sa.Column("direct", sa.Boolean, nullable=False),
    )
    for table in _CHILDREN:
        op.create_index(f"ix_{table}_document_id", table, ["document_id"])

    if op.get_bind().dialect.name == "sqlite":
        _create_sqlite_fts()
    elif op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_sentences_fts",
            "sentences",
            [sa.text("to_tsvector('english', text)")],
            postgresql_using="gin",
        )
    op.bulk_insert(
        sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.String)),
        [{"key": "schema_version", "value": revision}],
    )


def _create_sqlite_fts() -> None:
    # External-content FTS5: the text is stored once (in sentences); triggers keep the index in step,
    # including deletes cascaded from documents. The porter stemmer roughly matches PostgreSQL's
    # 'english' configuration, so "warns" finds "warned" on both backends.
    op.execute(
        "CREATE VIRTUAL TABLE sentences_fts USING fts5("
        "text, content='sentences', content_rowid='id', tokenize='porter unicode61')"
    )
    op.execute(
        "CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN "
        "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN "
        "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER sentences_fts_au AFTER UPDATE ON sentences BEGIN "
        "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
        "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("sentences_fts_ai", "sentences_fts_ad", "sentences_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS sentences_fts")
    for table in (*reversed(_CHILDREN), "documents", "meta"):
        op.drop_table(table)

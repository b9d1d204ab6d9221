"""Watching the world: event clusters, feeds and the fetch log, watchlists, alerts and their deliveries.

Revision ID: 0002
Revises: 0001
Create Date: 2024-02-01

Existing events become clusters of one (``cluster_id = id``); ``Store.recluster()`` groups them.
Tables are spelled out here rather than imported from ``schema.py`` (see 0001).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMELINE_COLUMNS = (
    "date", "plover_type", "quad_class", "goldstein", "negated", "hypothetical", "confidence", "cameo_root",
    "cameo", "source_country", "target_country", "source_code", "target_code", "source_org", "target_org",
    "cluster_id",
)  # fmt: skip


def upgrade() -> None:
    # ADD COLUMN without a default is a metadata-only change on both backends, even on big tables.
    op.add_column("events", sa.Column("cluster_id", ID))
    op.execute("UPDATE events SET cluster_id = id")
    op.create_index("ix_events_cluster_id", "events", ["cluster_id"])
    # what timelines, breakdowns and counts read, ordered by day and PLOVER type (see schema.py)
    op.create_index("ix_events_timeline", "events", list(TIMELINE_COLUMNS))
    # newest first, undated last: what event lists are ordered by (see schema.py); SQLite puts NULLs
    # last in descending order already and refuses the words
    last = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.create_index("ix_events_recent", "events", [sa.text(f"date DESC{last}"), sa.text("id DESC")])
    op.create_table(
        "event_clusters",
        sa.Column("id", ID, primary_key=True, autoincrement=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("first_date", sa.Date),
        sa.Column("last_date", sa.Date),
    )
    op.create_table(
        "feeds",
        sa.Column("url", sa.String, primary_key=True),
        sa.Column("title", sa.String),
        sa.Column("etag", sa.String),
        sa.Column("last_modified", sa.String),
        sa.Column("polled_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text),
    )
    op.create_table(
        "fetched",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("feed_url", sa.String),
        sa.Column("entry_hash", sa.String(64)),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("document_id", ID, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_fetched_entry_hash", "fetched", ["entry_hash"])
    op.create_table(
        "watchlists",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String, nullable=False, unique=True),
        sa.Column("watchlist", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_ids", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
    )
    op.create_index("ix_alerts_watchlist", "alerts", ["watchlist"])
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])
    op.create_table(
        "alert_deliveries",
        sa.Column("alert_id", ID, sa.ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("channel", sa.String, primary_key=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(sa.text("UPDATE meta SET value = :v WHERE key = 'schema_version'").bindparams(v=revision))


def downgrade() -> None:
    for table in ("alert_deliveries", "alerts", "watchlists", "fetched", "feeds", "event_clusters"):
        op.drop_table(table)
    op.drop_index("ix_events_recent", "events")
    op.drop_index("ix_events_timeline", "events")
    op.drop_index("ix_events_cluster_id", "events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("cluster_id")
    op.execute(sa.text("UPDATE meta SET value = '0001' WHERE key = 'schema_version'"))

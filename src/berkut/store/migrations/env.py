"""Alembic environment: migrations always run on a connection handed in by ``engine.migrate``.

Library code configures no logging, so unlike the alembic template this file never calls fileConfig.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("berkut migrations run through berkut.store.open_store(), not the alembic CLI")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""Alembic migrations of the store; run by ``berkut.store.engine.migrate``, no alembic.ini needed."""

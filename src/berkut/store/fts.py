"""Full-text search over sentences: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

Both backends get the same query language: the words of the query, all of which must occur
(stemmed). Users never see FTS5 syntax errors because every word is passed as a quoted string.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from berkut.errors import QueryError
from berkut.store import schema

_WORD = re.compile(r"\w+")
_ENGLISH: ColumnElement[str] = sa.literal_column(
    "'english'"
)  # a literal, not a parameter, so PostgreSQL uses the index


def words(query: str) -> list[str]:
    return _WORD.findall(query)


def fts5_query(query: str) -> str:
    return " ".join(f'"{word}"' for word in words(query))


def _tsvector() -> ColumnElement[object]:
    return sa.func.to_tsvector(_ENGLISH, schema.sentences.c.text)


def _tsquery(query: str) -> ColumnElement[object]:
    return sa.func.plainto_tsquery(_ENGLISH, query)


def sentence_matches(dialect: str, query: str) -> ColumnElement[bool]:
    """A condition on ``sentences`` true when the sentence contains every word of ``query``."""
    if not words(query):
        raise QueryError(f"no words to search for in {query!r}")
    if dialect == "sqlite":
        ids = sa.text(f"SELECT rowid FROM {schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH :fts_query")
        ids = ids.bindparams(fts_query=fts5_query(query))
        return schema.sentences.c.id.in_(ids.columns(sa.column("rowid", sa.Integer)))
    if dialect == "postgresql":
        return _tsvector().bool_op("@@")(_tsquery(query))
    raise QueryError(f"full-text search is not available on {dialect}")


def ranked_sentences(dialect: str, query: str, limit: int) -> sa.Select[tuple[int]]:
    """Ids of sentences matching ``query``, best match first."""
    s = schema.sentences
    if dialect == "sqlite":
        fts = sa.table(schema.FTS_TABLE, sa.column("rowid", sa.Integer))
        fts_name: ColumnElement[object] = sa.literal_column(schema.FTS_TABLE)
        return (
            sa.select(s.c.id)
            .join(fts, fts.c.rowid == s.c.id)
            .where(fts_name.bool_op("MATCH")(fts5_query(query)))
            .order_by(sa.func.bm25(fts_name), s.c.id)
            .limit(limit)
        )
    rank = sa.func.ts_rank(_tsvector(), _tsquery(query))
    return (
        sa.select(s.c.id).where(sentence_matches(dialect, query)).order_by(rank.desc(), s.c.id).limit(limit)
    )

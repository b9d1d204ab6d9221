"""Each event once: mentions of the same event across articles and outlets share a cluster.

Two mentions are one event when they are *compatible* — the same directed dyad (each side keyed by its
country, else its organisation, else its code, so ``KAZGOV`` and ``KAZ`` agree), the same CAMEO root,
the same negated/hypothetical flags, dates at most ``window_days`` apart — and their evidence agrees:
the words of their sentences overlap (Jaccard at least ``min_similarity``, leaving out the actors' own
words, which agree by construction and would make any two sentences about a dyad look alike), or they
carry identical actor codes, the identical CAMEO code and the identical date. Undated mentions are never merged: with no
date there is nothing to tell two arrests apart.

A cluster is named by the id of its first mention (``events.cluster_id``); clusters of two or more
mentions get a row in ``event_clusters`` with their numbers of mentions, articles and sources
(GDELT's NumMentions / NumArticles / NumSources). Assignment runs inside the transaction that stores
the document, so a document is never stored half-clustered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from berkut.store import schema

e, d, s = schema.events, schema.documents, schema.sentences

_WORD = re.compile(r"[^\W_]+")
# Words that say nothing about which event a sentence reports.
_STOP = frozenset(
    "a an the and or but of to in on at for with by from as is was were are be been has have had it its "
    "that this these those which who whom their there they he she his her said says say on over after "
    "before into than then also not no will would could may might".split()
)
# More candidates than this for one mention means the key is too coarse to be informative anyway.
_MAX_CANDIDATES = 500


@dataclass(frozen=True, slots=True)
class ClusterRule:
    window_days: int = 1
    min_similarity: float = 0.3


def words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((text or "").lower()) if w not in _STOP and len(w) > 1)


def evidence_words(row: Any) -> frozenset[str]:
    """The sentence's words without the words naming its actors."""
    return words(row.text) - words(row.source_text) - words(row.target_text)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _side_matches(side: str, row: Any) -> ColumnElement[bool]:
    """The other mention's side has the same key: country, else organisation, else code."""
    country, org, code = (row._mapping[f"{side}_{k}"] for k in ("country", "org", "code"))
    column = e.c
    if country:
        return column[f"{side}_country"] == country
    if org:
        return sa.and_(column[f"{side}_country"].is_(None), column[f"{side}_org"] == org)
    if code:
        return sa.and_(
            column[f"{side}_country"].is_(None),
            column[f"{side}_org"].is_(None),
            column[f"{side}_code"] == code,
        )
    return column[f"{side}_code"].is_(None)


_FIELDS = [
    e.c.id, e.c.date, e.c.cameo, e.c.cameo_root, e.c.negated, e.c.hypothetical,
    *(e.c[f"{side}_{k}"] for side in ("source", "target") for k in ("code", "country", "org", "text")),
    s.c.text,
]  # fmt: skip
_WITH_SENTENCE = e.outerjoin(s, sa.and_(s.c.document_id == e.c.document_id, s.c.idx == e.c.sentence))


def _best_cluster(connection: sa.Connection, row: Any, rule: ClusterRule) -> int | None:
    window = timedelta(days=max(0, rule.window_days))
    candidates = connection.execute(
        sa.select(*_FIELDS, e.c.cluster_id)
        .select_from(_WITH_SENTENCE)
        .where(
            e.c.cameo_root == row.cameo_root,
            e.c.date.between(row.date - window, row.date + window),
            e.c.negated.is_(bool(row.negated)),
            e.c.hypothetical.is_(bool(row.hypothetical)),
            e.c.cluster_id.is_not(None),
            e.c.id != row.id,
            _side_matches("source", row),
            _side_matches("target", row),
        )
        .order_by(e.c.id)
        .limit(_MAX_CANDIDATES)
    ).all()
    mine = evidence_words(row)
    best: tuple[float, int] | None = None
    for other in candidates:
        score = jaccard(mine, evidence_words(other))
        identical = (other.cameo, other.source_code, other.target_code, other.date) == (
            row.cameo, row.source_code, row.target_code, row.date)  # fmt: skip
        if score < rule.min_similarity and not identical:
            continue
        score += 1.0 if identical else 0.0
        if best is None or score > best[0]:
            best = (score, other.cluster_id)
    return best[1] if best else None


def assign(connection: sa.Connection, document_id: int, rule: ClusterRule) -> set[int]:
    """Cluster the events of one stored document; returns the clusters that gained a mention."""
    rows = connection.execute(
        sa.select(*_FIELDS).select_from(_WITH_SENTENCE).where(e.c.document_id == document_id).order_by(e.c.id)
    ).all()
    touched: set[int] = set()
    for row in rows:
        cluster = _best_cluster(connection, row, rule) if row.date is not None else None
        # a mention that matches nothing starts its own cluster, named by its own id
        connection.execute(sa.update(e).where(e.c.id == row.id).values(cluster_id=cluster or row.id))
        if cluster is not None:
            touched.add(cluster)
    for cluster in touched:
        refresh(connection, cluster)
    return touched


def refresh(connection: sa.Connection, cluster_id: int) -> None:
    """Recount a cluster's mentions, articles and sources (outlets; a document without one is its own)."""
    outlet = sa.func.coalesce(d.c.source, d.c.doc_key)
    mentions, articles, sources, first, last = connection.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.distinct(e.c.document_id)),
            sa.func.count(sa.distinct(outlet)),
            sa.func.min(e.c.date),
            sa.func.max(e.c.date),
        )
        .select_from(e.join(d, d.c.id == e.c.document_id))
        .where(e.c.cluster_id == cluster_id)
    ).one()
    c = schema.event_clusters
    connection.execute(sa.delete(c).where(c.c.id == cluster_id))
    if mentions > 1:
        connection.execute(
            sa.insert(c).values(
                id=cluster_id, mentions=mentions, articles=articles, sources=sources,
                first_date=first, last_date=last,
            )
        )  # fmt: skip


def reset(connection: sa.Connection) -> list[int]:
    """Forget every cluster; returns the document ids to assign again, oldest first."""
    connection.execute(sa.update(e).values(cluster_id=None))
    connection.execute(sa.delete(schema.event_clusters))
    return list(connection.execute(sa.select(d.c.id).order_by(d.c.id)).scalars())

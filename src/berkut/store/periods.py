"""Grouping by period in SQL, the same labels on SQLite and PostgreSQL.

Periods are strings that sort in time order: "2011" (year), "2011-05" (month), "2011-05-16" (week,
labelled by its ISO Monday) and "2011-05-22" (day). Format strings are SQL literals rather than
parameters so that the SELECT and GROUP BY expressions are textually identical, which PostgreSQL
requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from berkut.errors import QueryError
from berkut.model import EventFilter
from berkut.store import reader, schema
from berkut.store.records import BreakdownRow, PeriodCount, TimelineRow

GRANULARITIES = ("day", "week", "month", "year")

_SQLITE = {"day": "'%Y-%m-%d'", "month": "'%Y-%m'", "year": "'%Y'"}
_POSTGRES = {"day": "'YYYY-MM-DD'", "month": "'YYYY-MM'", "year": "'YYYY'"}


def period_of(column: ColumnElement[Any], dialect: str, granularity: str) -> ColumnElement[str]:
    """The SQL expression giving the period label of a date column."""
    if granularity not in GRANULARITIES:
        raise QueryError(f"unknown granularity {granularity!r}; use one of {', '.join(GRANULARITIES)}")
    lit = sa.literal_column
    if dialect == "sqlite":
        if granularity == "week":
            # 'weekday 0' moves forward to Sunday (or stays), so -6 days is that ISO week's Monday
            return sa.func.date(column, lit("'weekday 0'"), lit("'-6 days'"))
        return sa.func.strftime(lit(_SQLITE[granularity]), column)
    if dialect == "postgresql":
        if granularity == "week":
            monday = sa.func.date_trunc(lit("'week'"), sa.cast(column, sa.DateTime))
            return sa.func.to_char(monday, lit("'YYYY-MM-DD'"))
        return sa.func.to_char(column, lit(_POSTGRES[granularity]))
    raise QueryError(f"timelines are not available on {dialect}")


def timeline_query(f: EventFilter, dialect: str, granularity: str) -> reader.AnySelect:
    e = schema.events
    period = period_of(e.c.date, dialect, granularity)

    def quad(n: int) -> ColumnElement[Any]:
        return sa.func.sum(sa.case((e.c.quad_class == n, 1), else_=0))

    keys: list[ColumnElement[Any]] = [period]
    if f.near is not None:
        keys += [e.c.lat, e.c.lon]  # grouped finely so the exact distance test can run in Python
    return (
        sa.select(*keys, sa.func.count(), quad(1), quad(2), quad(3), quad(4), sa.func.sum(e.c.goldstein))
        .select_from(reader.JOINED)
        .where(*reader.conditions(f, dialect), e.c.date.is_not(None))
        .group_by(*keys)
        .order_by(period)
    )


def timeline_rows(f: EventFilter, rows: Iterable[reader.AnyRow]) -> list[TimelineRow]:
    totals: dict[str, list[float]] = {}
    for row in rows:
        if f.near is not None:
            period, lat, lon, *values = row
            if not reader.within(f, lat, lon):
                continue
        else:
            period, *values = row
        acc = totals.setdefault(period, [0, 0, 0, 0, 0, 0.0])
        for i, value in enumerate(values):
            acc[i] += value or 0
    out = []
    for period in sorted(totals):
        n, q1, q2, q3, q4, gsum = totals[period]
        out.append(
            TimelineRow(period, int(n), int(q1), int(q2), int(q3), int(q4), float(gsum), float(gsum) / n)
        )
    return out


def articles_query(
    dialect: str, granularity: str, date_from: date | None, date_to: date | None
) -> reader.AnySelect:
    d = schema.documents
    period = period_of(d.c.published, dialect, granularity)
    where: list[ColumnElement[bool]] = [d.c.published.is_not(None)]
    if date_from is not None:
        where.append(d.c.published >= date_from)
    if date_to is not None:
        where.append(d.c.published <= date_to)
    return sa.select(period, sa.func.count()).where(*where).group_by(period).order_by(period)


def period_counts(rows: Iterable[reader.AnyRow]) -> list[PeriodCount]:
    return [PeriodCount(period, int(n)) for period, n in rows]


BREAKDOWNS = ("plover_type", "cameo_root", "quad_class")


def breakdown_query(f: EventFilter, dialect: str, granularity: str, by: str) -> reader.AnySelect:
    if by not in BREAKDOWNS:
        raise QueryError(f"cannot break a timeline down by {by!r}; use one of {', '.join(BREAKDOWNS)}")
    e = schema.events
    period = period_of(e.c.date, dialect, granularity)
    keys: list[ColumnElement[Any]] = [period, e.c[by]]
    if f.near is not None:
        keys += [e.c.lat, e.c.lon]
    return (
        sa.select(*keys, sa.func.count())
        .select_from(reader.JOINED)
        .where(*reader.conditions(f, dialect), e.c.date.is_not(None))
        .group_by(*keys)
        .order_by(period)
    )


def breakdown_rows(f: EventFilter, rows: Iterable[reader.AnyRow]) -> list[BreakdownRow]:
    totals: dict[tuple[str, str | None], int] = {}
    for row in rows:
        if f.near is not None:
            period, key, lat, lon, n = row
            if not reader.within(f, lat, lon):
                continue
        else:
            period, key, n = row
        label = None if key is None else str(key)
        totals[(period, label)] = totals.get((period, label), 0) + int(n)
    ordered = sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    return [BreakdownRow(p, k, n) for (p, k), n in ordered]

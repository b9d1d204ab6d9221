"""Timelines: events counted per day in SQL, rolled up to weeks, months and years in Python.

Periods are strings that sort in time order: "2011" (year), "2011-05" (month), "2011-05-16" (week,
labelled by its ISO Monday) and "2011-05-22" (day). Grouping by the day itself, not by a label computed
per row, lets SQLite scan the covering ``ix_events_timeline`` index in order without sorting and without
formatting a million dates; the few thousand days that come back are labelled here, identically on
both backends. ``period_of`` (the label as SQL) stays for callers that group in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
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


def check(granularity: str) -> None:
    if granularity not in GRANULARITIES:
        raise QueryError(f"unknown granularity {granularity!r}; use one of {', '.join(GRANULARITIES)}")


def label(day: date, granularity: str) -> str:
    """The label of the period holding ``day``."""
    if granularity == "day":
        return day.isoformat()
    if granularity == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


@lru_cache(maxsize=65536)
def _day(value: date | str) -> date:
    # SQLite hands the date column back as text (read raw: parsing it per row is what costs)
    return value if isinstance(value, date) else date.fromisoformat(value)


@lru_cache(maxsize=65536)
def _label(value: date | str, granularity: str) -> str:
    return label(_day(value), granularity)


def _day_column(column: ColumnElement[Any]) -> ColumnElement[Any]:
    return sa.type_coerce(column, sa.String)


BREAKDOWNS = ("plover_type", "cameo_root", "quad_class")


def _check_by(by: str | None) -> None:
    if by is not None and by not in BREAKDOWNS:
        raise QueryError(f"cannot break a timeline down by {by!r}; use one of {', '.join(BREAKDOWNS)}")


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def daily_query(
    f: EventFilter, dialect: str, by: str | None = None, values: tuple[str, ...] = ()
) -> reader.AnySelect:
    """Events per day: count, per quad class, Goldstein sum.

    With ``by`` and no ``values`` the rows are per day and value of ``by``. With ``values`` they stay one
    per day, with a count per listed value and the count of events with any value: a few thousand rows
    instead of tens of thousands, and ``rollup`` can tell whether an unlisted value turned up.
    """
    _check_by(by)
    e = schema.events
    keys: list[ColumnElement[Any]] = [_day_column(e.c.date)]
    if by is not None and not values:
        keys.append(e.c[by])
    if f.near is not None:
        keys += [e.c.lat, e.c.lon]  # grouped finely so the exact distance test can run in Python
    sums = [sa.func.count(), *(_count_if(e.c.quad_class == n) for n in (1, 2, 3, 4)), sa.func.sum(e.c.goldstein)]
    if by is not None and values:
        column = e.c[by]
        sums += [sa.func.count(column), *(_count_if(column == v) for v in values)]
    return (
        sa.select(*keys, *sums)
        .select_from(reader.source_for(f))
        .where(*reader.conditions(f, dialect), e.c.date.is_not(None))
        .group_by(*keys)
    )


class Incomplete(Exception):
    """A value outside the listed ones turned up: the breakdown must be grouped by value instead."""


def rollup(
    f: EventFilter,
    rows: Iterable[reader.AnyRow],
    granularity: str,
    by: str | None = None,
    values: tuple[str, ...] = (),
) -> tuple[list[TimelineRow], list[BreakdownRow]]:
    """Day rows to period rows: the timeline, and (with ``by``) the breakdown per key and period.

    Raises ``Incomplete`` when rows made with ``values`` hold events of a value not in the list.
    """
    check(granularity)
    totals: dict[str, list[float]] = {}
    per_key: dict[tuple[str, str | None], int] = {}
    wide = by is not None and bool(values)
    for row in rows:
        day, *rest = row
        key = None
        if by is not None and not wide:
            key, *rest = rest
        if f.near is not None:
            lat, lon, *rest = rest
            if not reader.within(f, lat, lon):
                continue
        period = _label(day, granularity)
        acc = totals.setdefault(period, [0, 0, 0, 0, 0, 0.0])
        for i in range(6):
            acc[i] += rest[i] or 0
        if wide:
            with_value, counts = int(rest[6] or 0), rest[7:]
            if with_value != sum(int(n or 0) for n in counts):
                raise Incomplete(by)
            for value, n in zip(values, counts, strict=True):
                if n:
                    per_key[(period, value)] = per_key.get((period, value), 0) + int(n)
        elif by is not None:
            name = None if key is None else str(key)
            per_key[(period, name)] = per_key.get((period, name), 0) + int(rest[0])
    timeline = []
    for period in sorted(totals):
        n, q1, q2, q3, q4, gsum = totals[period]
        timeline.append(
            TimelineRow(period, int(n), int(q1), int(q2), int(q3), int(q4), float(gsum), float(gsum) / n)
        )
    ordered = sorted(per_key.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    return timeline, [BreakdownRow(p, k, n) for (p, k), n in ordered]


def timeline_query(f: EventFilter, dialect: str, granularity: str) -> reader.AnySelect:
    check(granularity)
    return daily_query(f, dialect)


def timeline_rows(f: EventFilter, rows: Iterable[reader.AnyRow], granularity: str = "month") -> list[TimelineRow]:
    return rollup(f, rows, granularity)[0]


def breakdown_query(f: EventFilter, dialect: str, granularity: str, by: str) -> reader.AnySelect:
    check(granularity)
    return daily_query(f, dialect, by)


def breakdown_rows(
    f: EventFilter, rows: Iterable[reader.AnyRow], granularity: str = "month", by: str = "plover_type"
) -> list[BreakdownRow]:
    return rollup(f, rows, granularity, by)[1]


def articles_query(
    dialect: str, granularity: str, date_from: date | None, date_to: date | None
) -> reader.AnySelect:
    check(granularity)
    d = schema.documents
    day = _day_column(d.c.published)
    where: list[ColumnElement[bool]] = [d.c.published.is_not(None)]
    if date_from is not None:
        where.append(d.c.published >= date_from)
    if date_to is not None:
        where.append(d.c.published <= date_to)
    return sa.select(day, sa.func.count()).where(*where).group_by(day)


def period_counts(rows: Iterable[reader.AnyRow], granularity: str = "month") -> list[PeriodCount]:
    totals: dict[str, int] = {}
    for day, n in rows:
        period = _label(day, granularity)
        totals[period] = totals.get(period, 0) + int(n)
    return [PeriodCount(period, totals[period]) for period in sorted(totals)]

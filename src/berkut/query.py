"""Questions users ask of stored events, as plain rows. The CLI, API and dashboard all call these.

Timelines count events per period; trends add what an analyst needs to read them: counts per PLOVER
type, the volume of stored articles in the period (news volume rises and falls; a timeline that is not
normalised by it mostly shows the crawl), and a change level against a baseline the way ACLED's
conflict-change tools do it: the current period against the mean and standard deviation of the
previous 4 (or 52) periods.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from berkut.errors import QueryError
from berkut.model import EventFilter, StoredEvent
from berkut.store import periods

if TYPE_CHECKING:
    from berkut.store import Store
    from berkut.store.records import TimelineRow

GRANULARITIES = ("day", "week", "month", "year")
CHANGE_LEVELS = ("", "elevated", "spike", "extreme")


def events(store: Store, event_filter: EventFilter) -> list[StoredEvent]:
    _check(event_filter)
    return store.events(event_filter)


def one_a_day(store: Store, event_filter: EventFilter) -> list[StoredEvent]:
    """One event per (source code, target code, CAMEO code, day): the classic one-a-day filter."""
    return events(store, replace(event_filter, one_a_day=True))


def count(store: Store, event_filter: EventFilter, clusters: bool = False) -> int:
    """How many events match: mentions, or distinct events (clusters) when ``clusters``."""
    _check(event_filter)
    return store.count_events(
        replace(event_filter, distinct_clusters=clusters or event_filter.distinct_clusters)
    )


def dyad_timeline(
    store: Store, a: str, b: str, granularity: str = "month", base: EventFilter | None = None
) -> list[TimelineRow]:
    """Events between two actors (either direction), bucketed by period."""
    return _timeline(store, replace(base or EventFilter(), dyad=(a.upper(), b.upper())), granularity)


def actor_timeline(
    store: Store, actor: str, granularity: str = "month", base: EventFilter | None = None
) -> list[TimelineRow]:
    """Events with an actor on either side (code ``KAZGOV``, country ``KAZ`` or organisation)."""
    return _timeline(store, replace(base or EventFilter(), actor=actor.upper()), granularity)


def country_timeline(
    store: Store, country: str, granularity: str = "month", base: EventFilter | None = None
) -> list[TimelineRow]:
    """Events with an actor of this country (ISO3) on either side."""
    return _timeline(store, replace(base or EventFilter(), country=country.upper()), granularity)


def _timeline(store: Store, event_filter: EventFilter, granularity: str) -> list[TimelineRow]:
    _check_granularity(granularity)
    event_filter = replace(event_filter, limit=None, offset=0)
    _check(event_filter)
    return store.timeline(event_filter, granularity)


# -- trends ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpikeRule:
    """When a period's count is flagged: z = (count - mean) / max(std, 1) over the previous periods.

    The standard deviation is floored at 1 because event counts are small: a dyad going from 0 to 1
    event is not a spike. ``min_events`` keeps a quiet series from flagging 2 events as extreme.
    """

    baseline: int = 4
    threshold: float = 2.0
    min_events: int = 3

    def __post_init__(self) -> None:
        if self.baseline < 2:
            raise QueryError(f"a spike baseline needs at least 2 periods, not {self.baseline}")


@dataclass(frozen=True, slots=True)
class Change:
    baseline_mean: float | None
    baseline_std: float | None
    z: float | None
    level: str  # "", "elevated", "spike" or "extreme"


@dataclass(frozen=True, slots=True)
class TrendRow:
    period: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_sum: float
    goldstein_mean: float | None
    articles: int  # documents published in the period
    per_100_articles: float | None  # events per 100 stored articles
    baseline_mean: float | None
    baseline_std: float | None
    z: float | None
    change: str
    plover: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    """The PLOVER types the coder can assign, from the ontology."""
    from berkut.ontology.codes import load_code_tables

    return tuple(sorted(t.name for t in load_code_tables().plover_types()))


def change_levels(counts: Sequence[float], rule: SpikeRule = SpikeRule()) -> list[Change]:
    """The change level of each value against the ``rule.baseline`` values before it."""
    out: list[Change] = []
    for i, value in enumerate(counts):
        if i < rule.baseline:
            out.append(Change(None, None, None, ""))
            continue
        window = counts[i - rule.baseline : i]
        mean = statistics.fmean(window)
        std = statistics.pstdev(window)
        z = (value - mean) / max(std, 1.0)
        level = ""
        if value >= rule.min_events and z >= rule.threshold + 1:
            level = "extreme"
        elif value >= rule.min_events and z >= rule.threshold:
            level = "spike"
        elif z >= 1.0 and value > mean:
            level = "elevated"
        out.append(Change(mean, std, z, level))
    return out


def trend(
    store: Store,
    event_filter: EventFilter,
    granularity: str = "week",
    rule: SpikeRule = SpikeRule(),
    fill: bool = True,
) -> list[TrendRow]:
    """A timeline with PLOVER counts, normalisation by article volume and change levels.

    With ``fill`` every period between the filter's dates (or the first and last event) gets a row, so
    quiet periods count as zero in the baseline instead of being skipped.
    """
    _check_granularity(granularity)
    event_filter = replace(event_filter, limit=None, offset=0)
    _check(event_filter)
    timeline, breakdown = store.timeline_and_breakdown(event_filter, granularity, "plover_type", plover_types())
    rows = {r.period: r for r in timeline}
    plover: dict[str, dict[str, int]] = {}
    for b in breakdown:
        if b.key is not None:
            plover.setdefault(b.period, {})[b.key] = b.events
    articles = {
        p.period: p.documents
        for p in store.articles_per_period(granularity, event_filter.date_from, event_filter.date_to)
    }
    labels = sorted(rows)
    if fill and (labels or (event_filter.date_from and event_filter.date_to)):
        first = period_label(event_filter.date_from, granularity) if event_filter.date_from else labels[0]
        last = period_label(event_filter.date_to, granularity) if event_filter.date_to else labels[-1]
        labels = period_range(first, last, granularity)
    changes = change_levels([rows[p].events if p in rows else 0 for p in labels], rule)
    out = []
    for period, change in zip(labels, changes, strict=True):
        r = rows.get(period)
        n = r.events if r else 0
        volume = articles.get(period, 0)
        out.append(
            TrendRow(
                period=period,
                events=n,
                quad1=r.quad1 if r else 0,
                quad2=r.quad2 if r else 0,
                quad3=r.quad3 if r else 0,
                quad4=r.quad4 if r else 0,
                goldstein_sum=r.goldstein_sum if r else 0.0,
                goldstein_mean=r.goldstein_mean if r else None,
                articles=volume,
                per_100_articles=100.0 * n / volume if volume else None,
                baseline_mean=change.baseline_mean,
                baseline_std=change.baseline_std,
                z=change.z,
                change=change.level,
                plover=dict(sorted(plover.get(period, {}).items())),
            )
        )
    return out


def dyad_trend(store: Store, a: str, b: str, granularity: str = "week", base: EventFilter | None = None,
               rule: SpikeRule = SpikeRule()) -> list[TrendRow]:  # fmt: skip
    return trend(store, replace(base or EventFilter(), dyad=(a.upper(), b.upper())), granularity, rule)


def actor_trend(store: Store, actor: str, granularity: str = "week", base: EventFilter | None = None,
                rule: SpikeRule = SpikeRule()) -> list[TrendRow]:  # fmt: skip
    return trend(store, replace(base or EventFilter(), actor=actor.upper()), granularity, rule)


def country_trend(store: Store, country: str, granularity: str = "week", base: EventFilter | None = None,
                  rule: SpikeRule = SpikeRule()) -> list[TrendRow]:  # fmt: skip
    return trend(store, replace(base or EventFilter(), country=country.upper()), granularity, rule)


# -- periods -----------------------------------------------------------------------------------------


def period_label(day: date, granularity: str) -> str:
    """The label of the period holding ``day``, as the store writes it (weeks: their ISO Monday)."""
    _check_granularity(granularity)
    return periods.label(day, granularity)


def period_start(label: str, granularity: str) -> date:
    if granularity in ("day", "week"):
        return date.fromisoformat(label)
    if granularity == "month":
        year, month = label.split("-")
        return date(int(year), int(month), 1)
    return date(int(label), 1, 1)


def next_period(label: str, granularity: str) -> str:
    start = period_start(label, granularity)
    if granularity == "day":
        return (start + timedelta(days=1)).isoformat()
    if granularity == "week":
        return (start + timedelta(days=7)).isoformat()
    if granularity == "month":
        return period_label(date(start.year + start.month // 12, start.month % 12 + 1, 1), "month")
    return f"{start.year + 1:04d}"


def shift_periods(label: str, granularity: str, count: int) -> str:
    """The label ``count`` periods before ``label`` (count >= 0)."""
    start = period_start(label, granularity)
    if granularity == "day":
        return (start - timedelta(days=count)).isoformat()
    if granularity == "week":
        return (start - timedelta(days=7 * count)).isoformat()
    if granularity == "month":
        months = start.year * 12 + start.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return f"{start.year - count:04d}"


def period_end(label: str, granularity: str) -> date:
    return period_start(next_period(label, granularity), granularity) - timedelta(days=1)


def period_range(first: str, last: str, granularity: str) -> list[str]:
    labels: list[str] = []
    label = first
    limit = 100_000  # a century of days; more means the range is a mistake
    while label <= last and len(labels) < limit:
        labels.append(label)
        label = next_period(label, granularity)
    return labels


def _check_granularity(granularity: str) -> None:
    if granularity not in GRANULARITIES:
        raise QueryError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")


def _check(event_filter: EventFilter) -> None:
    if event_filter.date_from and event_filter.date_to and event_filter.date_from > event_filter.date_to:
        raise QueryError(f"date range is empty: {event_filter.date_from} is after {event_filter.date_to}")
    if event_filter.limit is not None and event_filter.limit < 0:
        raise QueryError("limit must not be negative")
    if event_filter.radius_km <= 0:
        raise QueryError("radius must be positive")
    if not math.isfinite(event_filter.min_confidence):
        raise QueryError("min_confidence must be a number")

"""Trends: timelines per dyad, actor and country, normalised by article volume, with change levels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from berkut import query
from berkut.errors import QueryError
from berkut.model import EventFilter
from berkut.store import Store

WEEK0 = date(2024, 1, 1)  # a Monday


@pytest.fixture
def weekly(store: Store, b) -> Store:  # type: ignore[no-untyped-def]
    """Kazakh police arrests: one a week for four weeks, then five in the fifth week; a quiet sixth week.

    Each arrest is its own article; two extra articles in week 5 carry no events (news volume)."""
    n = 0
    for week, arrests in enumerate([1, 1, 1, 1, 5]):
        for i in range(arrests):
            n += 1
            day = WEEK0 + timedelta(weeks=week, days=i)
            text = f"Kazakh police arrested {n} opposition supporters in town number {n} on day {day}."
            store.add(b.doc(f"arrest{n}", "wire.test", b.ev("KAZCOP", "173", "KAZOPP", day, text)))
    for k in range(2):
        store.add(b.doc(f"quiet{k}", "wire.test", published=WEEK0 + timedelta(weeks=4, days=k)))
    store.add(b.doc("talks", "post.test", b.ev("KAZ", "040", "RUS", WEEK0 + timedelta(weeks=5), "Kazakhstan "
                                               "and Russia held talks.")))  # fmt: skip
    return store


@pytest.mark.parametrize(
    ("counts", "levels"),
    [
        ([1, 1, 1, 1, 5], ["", "", "", "", "extreme"]),  # std floored at 1: z = 4
        ([1, 1, 1, 1, 3], ["", "", "", "", "spike"]),  # z = 2
        ([1, 1, 1, 1, 2], ["", "", "", "", "elevated"]),  # z = 1
        ([0, 0, 0, 0, 2], ["", "", "", "", "elevated"]),  # z = 2 but under min_events
        ([2, 8, 2, 8, 9], ["", "", "", "", "elevated"]),  # a volatile baseline (std 3): z = 1.33 only
        ([5, 5, 5, 5, 1], ["", "", "", "", ""]),  # drops are not flagged
    ],
)
def test_change_levels_against_the_previous_periods(counts: list[int], levels: list[str]) -> None:
    changes = query.change_levels(counts, query.SpikeRule(baseline=4, threshold=2.0, min_events=3))
    assert [c.level for c in changes] == levels
    assert changes[0].z is None and changes[4].baseline_mean == pytest.approx(sum(counts[:4]) / 4)


def test_a_spike_baseline_needs_two_periods() -> None:
    with pytest.raises(QueryError, match="baseline"):
        query.SpikeRule(baseline=1)


def test_actor_trend_fills_quiet_periods_normalises_and_flags_the_spike(weekly: Store) -> None:
    rows = query.actor_trend(weekly, "KAZCOP", "week")
    assert [(r.period, r.events) for r in rows] == [
        ("2024-01-01", 1), ("2024-01-08", 1), ("2024-01-15", 1), ("2024-01-22", 1), ("2024-01-29", 5)]  # fmt: skip
    spike = rows[-1]
    assert (spike.change, spike.baseline_mean, spike.z, spike.quad4, spike.plover) == (
        "extreme", 1.0, 4.0, 5, {"COERCE": 5})  # fmt: skip
    assert spike.goldstein_sum == pytest.approx(-45.0) and spike.goldstein_mean == pytest.approx(-9.0)
    # 5 events in 7 articles that week
    assert (spike.articles, spike.per_100_articles) == (7, pytest.approx(500 / 7))
    # with a date range, every period in it gets a row, events or not
    ranged = query.country_trend(weekly, "KAZ", "week", EventFilter(date_from=WEEK0, date_to=date(2024, 2, 11)))
    assert [r.events for r in ranged] == [1, 1, 1, 1, 5, 1]
    assert ranged[-1].goldstein_mean is not None and ranged[-1].quad1 == 1


def test_trend_counts_distinct_events_when_asked(store: Store, b) -> None:  # type: ignore[no-untyped-def]
    day = date(2024, 3, 4)
    text = "Kazakhstan condemned Russia over the border incident on Monday."
    for outlet in ("a.test", "b.test", "c.test"):
        store.add(b.doc(f"{outlet}-1", outlet, b.ev("KAZ", "111", "RUS", day, text + f" ({outlet})")))
    assert [r.events for r in query.dyad_trend(store, "KAZ", "RUS", "day")] == [3]
    deduplicated = query.dyad_trend(store, "KAZ", "RUS", "day", EventFilter(distinct_clusters=True))
    assert [r.events for r in deduplicated] == [1]
    assert query.count(store, EventFilter(dyad=("KAZ", "RUS"))) == 3
    assert query.count(store, EventFilter(dyad=("KAZ", "RUS")), clusters=True) == 1
    (event,) = query.events(store, EventFilter(distinct_clusters=True))
    assert (event.num_mentions, event.num_articles, event.num_sources) == (3, 3, 3)
    assert len(query.one_a_day(store, EventFilter())) == 1


def test_the_old_timelines_still_work(weekly: Store) -> None:
    assert [(r.period, r.events) for r in query.dyad_timeline(weekly, "kaz", "rus", "month")] == [("2024-02", 1)]
    assert [r.events for r in query.actor_timeline(weekly, "KAZCOP", "month")] == [7, 2]
    assert [r.events for r in query.country_timeline(weekly, "KAZ", "year")] == [10]
    with pytest.raises(QueryError, match="granularity"):
        query.actor_trend(weekly, "KAZ", "fortnight")


@pytest.mark.parametrize(
    ("day", "granularity", "label", "previous_4", "end"),
    [
        (date(2024, 3, 6), "day", "2024-03-06", "2024-03-02", date(2024, 3, 6)),
        (date(2024, 3, 6), "week", "2024-03-04", "2024-02-05", date(2024, 3, 10)),
        (date(2024, 1, 1), "week", "2024-01-01", "2023-12-04", date(2024, 1, 7)),
        (date(2024, 2, 29), "month", "2024-02", "2023-10", date(2024, 2, 29)),
        (date(2024, 12, 31), "month", "2024-12", "2024-08", date(2024, 12, 31)),
        (date(2024, 6, 1), "year", "2024", "2020", date(2024, 12, 31)),
    ],
)
def test_period_arithmetic(day: date, granularity: str, label: str, previous_4: str, end: date) -> None:
    assert query.period_label(day, granularity) == label
    assert query.shift_periods(label, granularity, 4) == previous_4
    assert query.period_end(label, granularity) == end
    assert query.period_range(previous_4, label, granularity)[-1] == label
    assert len(query.period_range(previous_4, label, granularity)) == 5

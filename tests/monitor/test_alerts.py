"""Alerts: each new matching event once (per cluster), graded, with the sentences behind it; spikes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from berkut.model import EventFilter, StoredEvent
from berkut.monitor import evaluate, parse_watchlist, prime
from berkut.monitor.alerts import CURSOR_PREFIX, grade_event
from berkut.store import Store

DAY = date(2024, 3, 4)
NOW = datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
KAZ_WATCH = parse_watchlist({"name": "kaz", "countries": ["KAZ"], "roots": ["17", "18"]})


def test_a_new_watchlist_watches_from_now_on(store: Store, b) -> None:  # type: ignore[no-untyped-def]
    store.add(b.doc("old", "a.test", b.ev("KAZCOP", "173", "KAZOPP", DAY, "Kazakh police detained activists.")))
    assert evaluate(store, [KAZ_WATCH], NOW) == []  # history is not news
    store.add(b.doc("new", "b.test", b.ev("KAZCOP", "173", "KAZOPP", DAY + timedelta(days=5),
                                          "Kazakh police arrested opposition supporters in Almaty.")))  # fmt: skip
    store.add(b.doc("other", "c.test", b.ev("KAZ", "040", "RUS", DAY, "Kazakhstan and Russia held talks.")))
    (alert,) = evaluate(store, [KAZ_WATCH], NOW)
    (arrest,) = store.events(EventFilter(document_id="new"))
    assert (alert.watchlist, alert.kind, alert.event_ids, alert.key) == ("kaz", "event", (arrest.id,),
                                                                         f"kaz:event:{arrest.cluster_id}")  # fmt: skip
    assert alert.evidence[0].sentence == "Kazakh police arrested opposition supporters in Almaty."
    assert alert.evidence[0].url == "http://b.test/new" and alert.evidence[0].date == "2024-03-09"
    assert "Kazakh police" in alert.title and "Arrest" in alert.title
    assert evaluate(store, [KAZ_WATCH], NOW) == []  # evaluated once
    assert [a.id for a in store.alerts()] == [alert.id]


def test_backfill_judges_every_stored_event(store: Store, b) -> None:  # type: ignore[no-untyped-def]
    store.add(b.doc("old", "a.test", b.ev("KAZCOP", "173", "KAZOPP", DAY)))
    prime(store, [KAZ_WATCH], backfill=True)
    assert len(evaluate(store, [KAZ_WATCH], NOW)) == 1


def test_one_alert_per_event_however_many_outlets_report_it(store: Store, b) -> None:  # type: ignore[no-untyped-def]
    prime(store, [KAZ_WATCH])
    text = "Kazakh police arrested {} opposition supporters in Almaty on Monday."
    for outlet in ("a.test", "b.test", "c.test"):
        store.add(b.doc(f"{outlet}", outlet, b.ev("KAZCOP", "173", "KAZOPP", DAY, text.format("twelve"))))
    (alert,) = evaluate(store, [KAZ_WATCH], NOW)
    assert len(alert.event_ids) == 3 and {e.url for e in alert.evidence} == {
        "http://a.test/a.test", "http://b.test/b.test", "http://c.test/c.test"}  # fmt: skip
    assert alert.details["num_sources"] == 3 and "3 sources" in alert.title
    # a fourth report later joins the cluster: still the same alert
    store.add(b.doc("d.test", "d.test", b.ev("KAZCOP", "173", "KAZOPP", DAY, text.format("about twelve"))))
    assert evaluate(store, [KAZ_WATCH], NOW) == []
    # a crash after storing alerts but before moving the cursor re-judges events, and adds nothing
    store.set_meta(CURSOR_PREFIX + "kaz", "0")
    assert evaluate(store, [KAZ_WATCH], NOW) == [] and len(store.alerts()) == 1


@pytest.fixture
def arrest(store: Store, b) -> StoredEvent:  # type: ignore[no-untyped-def]
    store.add(b.doc("a", "a.test", b.ev("KAZCOP", "173", "KAZOPP", DAY)))
    (event,) = store.events(EventFilter())
    return event


@pytest.mark.parametrize(
    ("changes", "severity"),
    [
        ({"goldstein": 3.4, "quad_class": 1}, 1),
        ({"goldstein": -2.0, "quad_class": 3}, 2),
        ({"goldstein": -5.0, "quad_class": 4}, 3),
        ({"goldstein": -6.5, "quad_class": 3}, 3),
        ({"goldstein": -10.0, "quad_class": 4}, 4),
        ({"goldstein": -5.0, "quad_class": 4, "num_sources": 3}, 4),  # widely reported: one step up
        ({"goldstein": -10.0, "quad_class": 4, "num_sources": 5}, 4),  # capped
        ({"goldstein": -5.0, "quad_class": 4, "confidence": 0.3}, 2),  # doubtful: one step down
        ({"goldstein": 3.4, "quad_class": 1, "confidence": 0.3}, 1),  # floored
    ],
)
def test_severity_grades(arrest: StoredEvent, changes: dict[str, float], severity: int) -> None:
    assert grade_event(replace(arrest, **changes)) == severity


def test_a_watchlist_sets_the_least_severity(store: Store, b) -> None:  # type: ignore[no-untyped-def]
    watch = parse_watchlist({"name": "talks", "actors": ["KAZ"], "severity": "high"})
    prime(store, [watch])
    store.add(b.doc("talks", "a.test", b.ev("KAZ", "040", "RUS", DAY)))
    (alert,) = evaluate(store, [watch], NOW)
    assert alert.severity == 3


def test_spike_alerts_compare_this_week_with_the_previous_four(store: Store, b) -> None:  # type: ignore[no-untyped-def]
    watch = parse_watchlist({"name": "unrest", "countries": ["KAZ"], "events": False,
                             "spike": {"by": "week", "baseline": 4, "threshold": 2}})  # fmt: skip
    monday = date(2024, 3, 4)
    towns = iter(["Almaty students", "Shymkent drivers", "Aktobe miners", "Atyrau oil workers", "Karaganda nurses",
                  "Taraz farmers", "Oral teachers", "Kostanay traders"])  # fmt: skip
    n = 0
    for week, count in ((-4, 1), (-3, 1), (-2, 0), (-1, 2), (0, 3)):
        for i in range(count):
            n += 1
            day = monday + timedelta(weeks=week, days=i)
            store.add(b.doc(f"p{n}", "a.test", b.ev("KAZOPP", "141", "KAZGOV", day, f"{next(towns)} rallied.")))
    wednesday = datetime(2024, 3, 6, 9, tzinfo=UTC)
    (spike,) = evaluate(store, [watch], wednesday)  # 3 against mean 1 and std 0.71 (floored at 1): z = 2
    assert (spike.kind, spike.severity, spike.details["level"], spike.details["events"]) == ("spike", 2, "spike", 3)
    assert spike.key == "unrest:spike:KAZ:week:2024-03-04:spike" and len(spike.evidence) == 3
    assert "3 events this week" in spike.title
    assert evaluate(store, [watch], wednesday) == []  # once per subject, period and level
    store.add(b.doc("p-extra", "a.test", b.ev("KAZOPP", "141", "KAZGOV", monday + timedelta(days=2), "Another.")))
    (worse,) = evaluate(store, [watch], wednesday)  # 4 events: z = 3, extreme
    assert (worse.details["level"], worse.severity) == ("extreme", 3)
    assert evaluate(store, [watch], wednesday + timedelta(weeks=1)) == []  # next week is quiet

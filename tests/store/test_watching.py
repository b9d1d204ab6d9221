"""The store's watching side on SQLite and PostgreSQL: event clusters, deduplicated views, breakdowns,
the fetch log, feed states, watchlists and alerts, and the 0001 → 0002 migration of a filled store."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from berkut.model import (
    Analysis,
    DatePrecision,
    DateSource,
    Document,
    Event,
    EventFilter,
    Explanation,
    Mention,
)
from berkut.store import (
    AlertRow,
    ClusterRule,
    Evidence,
    FeedState,
    FetchRecord,
    Store,
    open_store,
    schema,
)
from berkut.store import engine as store_engine

MON = date(2024, 3, 4)


def actor(code: str, country: str | None, text: str) -> Mention:
    return Mention(text, (0, len(text)), code, country, code[3:] or None, None, code.title(), f"id-{code}")


def event(text: str, source: Mention | None, target: Mention | None, cameo: str, when: date | None,
          goldstein: float = -2.0, quad: int = 3, **extra: Any) -> Event:  # fmt: skip
    return Event(
        sentence=extra.pop("sentence", 0), text=text, span=(0, len(text)), source=source, target=target,
        cameo=cameo, cameo_root=cameo[:2], quad_class=quad, goldstein=goldstein,
        plover_type=extra.pop("plover_type", "DISAPPROVE"), plover_mode=None, plover_context=(),
        date=when, date_precision=DatePrecision.DAY if when else None, date_text=None, date_reason="test",
        date_source=DateSource.CLAUSE if when else DateSource.NONE, verb_span=(4, 9),
        explanation=Explanation("rule", "verb", "p"), confidence=extra.pop("confidence", 0.9), **extra,
    )  # fmt: skip


def doc(key: str, source: str, *events: Event, published: date = MON) -> Analysis:
    text = " ".join(e.text for e in events) + f" ({key})"
    return Analysis(Document(key, text, published, f"title {key}", f"http://{source}/{key}", source), events=events)


KAZ, RUS = actor("KAZ", "KAZ", "Kazakhstan"), actor("RUS", "RUS", "Russia")
KAZGOV = actor("KAZGOV", "KAZ", "The government of Kazakhstan")
CONDEMN_A = "Kazakhstan condemned Russia on Monday over the border incident."
CONDEMN_B = "The government of Kazakhstan condemned Russia over the incident at the border on Monday."
CONDEMN_OTHER = "Kazakhstan also condemned Russia for a separate banking rule."


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def by_doc(store: Store, **fields: Any) -> dict[str, Any]:
    events = store.events(EventFilter(limit=None, **fields))
    return {e.document_id: e for e in events}


# -- clusters ----------------------------------------------------------------------------------------


def test_reports_of_one_event_from_several_outlets_share_a_cluster(store: Store) -> None:
    store.add(doc("a1", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON)))
    store.add(doc("b1", "post.test", event(CONDEMN_B, KAZGOV, RUS, "111", MON + timedelta(days=1))))
    store.add(doc("b2", "post.test", event(CONDEMN_A + " Again.", KAZ, RUS, "112", MON)))  # same outlet
    events = by_doc(store)
    first = events["a1"]
    assert first.cluster_id == first.id
    assert {events[k].cluster_id for k in ("b1", "b2")} == {first.id}
    assert [(events[k].num_mentions, events[k].num_articles, events[k].num_sources) for k in ("a1", "b2")] == [
        (3, 3, 2), (3, 3, 2)]  # fmt: skip
    assert store.count_events(EventFilter()) == 3
    assert store.count_events(EventFilter(distinct_clusters=True)) == 1
    (one,) = store.events(EventFilter(distinct_clusters=True))
    assert one.id == first.id and one.num_sources == 2


@pytest.mark.parametrize(
    ("second", "same"),
    [
        (event(CONDEMN_B, KAZ, RUS, "111", MON + timedelta(days=2)), False),  # outside the ±1 day window
        (event(CONDEMN_B, KAZ, RUS, "130", MON), False),  # another CAMEO root
        (event(CONDEMN_B, RUS, KAZ, "111", MON), False),  # the other direction
        (event(CONDEMN_B, KAZ, RUS, "111", None), False),  # undated: never merged
        (event(CONDEMN_B, KAZ, RUS, "111", MON, negated=True), False),  # a denial is not the event
        (event(CONDEMN_OTHER, KAZ, actor("UZB", "UZB", "Uzbekistan"), "111", MON), False),  # another target
        (event(CONDEMN_OTHER, KAZ, RUS, "111", MON), True),  # few shared words, but identical codes and day
        (event(CONDEMN_OTHER, KAZ, RUS, "112", MON), False),  # few shared words, another code
        (event(CONDEMN_B, KAZ, RUS, "112", MON - timedelta(days=1)), True),  # similar words, ±1 day, same root
    ],
)
def test_what_makes_two_mentions_one_event(store: Store, second: Event, same: bool) -> None:
    store.add(doc("a1", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON)))
    store.add(doc("b1", "post.test", second))
    events = by_doc(store, include_negated=True)
    assert (events["a1"].cluster_id == events["b1"].cluster_id) is same


def test_the_cluster_rule_is_configurable_and_recluster_applies_it(store: Store) -> None:
    store.add(doc("a1", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON)))
    store.add(doc("b1", "post.test", event(CONDEMN_B, KAZ, RUS, "111", MON + timedelta(days=3))))
    assert store.count_events(EventFilter(distinct_clusters=True)) == 2
    assert store.recluster(ClusterRule(window_days=3)) == 1
    assert store.count_events(EventFilter(distinct_clusters=True)) == 1
    assert store.recluster(ClusterRule(window_days=3, min_similarity=0.99)) == 0


def test_one_a_day_keeps_one_event_per_dyad_code_and_day(store: Store) -> None:
    store.add(doc("a1", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON),
                  event("Kazakhstan condemned Russia twice, said one report.", KAZ, RUS, "111", MON, sentence=1),
                  event("Kazakhstan condemned Russia again on Tuesday.", KAZ, RUS, "111", MON + timedelta(1),
                        sentence=2),
                  event("An undated condemnation.", KAZ, RUS, "111", None, sentence=3),
                  event("Another undated condemnation.", KAZ, RUS, "111", None, sentence=4)))  # fmt: skip
    assert store.count_events(EventFilter()) == 5
    kept = store.events(EventFilter(one_a_day=True, newest_first=False))
    assert [(e.date, e.sentence) for e in kept] == [(MON, 0), (MON + timedelta(1), 2), (None, 3), (None, 4)]
    # the view composes with other filters and with timelines
    assert store.count_events(EventFilter(one_a_day=True, date_from=MON, date_to=MON)) == 1
    assert [(r.period, r.events) for r in store.timeline(EventFilter(one_a_day=True), "day")] == [
        ("2024-03-04", 1), ("2024-03-05", 1)]  # fmt: skip


def test_breakdown_per_plover_type(store: Store) -> None:
    store.add(doc("a1", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON),
                  event("Russia threatened Kazakhstan.", RUS, KAZ, "130", MON, plover_type="THREATEN", sentence=1),
                  event("Russia also threatened Kazakhstan later.", RUS, KAZ, "130", date(2024, 4, 2),
                        plover_type="THREATEN", sentence=2)))  # fmt: skip
    rows = store.timeline_breakdown(EventFilter(), "month", by="plover_type")
    assert [(r.period, r.key, r.events) for r in rows] == [
        ("2024-03", "DISAPPROVE", 1), ("2024-03", "THREATEN", 1), ("2024-04", "THREATEN", 1)]  # fmt: skip
    roots = store.timeline_breakdown(EventFilter(), "year", by="cameo_root")
    assert [(r.key, r.events) for r in roots] == [("11", 1), ("13", 2)]
    # counted per day against a list of expected types; an unlisted type makes it group by type instead
    for expected in (("DISAPPROVE", "THREATEN", "PROTEST"), ("DISAPPROVE",)):
        timeline, breakdown = store.timeline_and_breakdown(EventFilter(), "month", "plover_type", expected)
        assert [(r.period, r.events, r.quad3) for r in timeline] == [("2024-03", 2, 2), ("2024-04", 1, 1)]
        assert [(r.period, r.key, r.events) for r in breakdown] == [(r.period, r.key, r.events) for r in rows]


def test_streams_new_events_and_events_by_id(store: Store) -> None:
    store.add(doc("a1", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON)))
    top = store.max_event_id()
    store.add(doc("b1", "post.test", event("Russia denied it.", RUS, KAZ, "111", MON, negated=True),
                  event("Russia warned Kazakhstan.", RUS, KAZ, "130", MON, sentence=1)))  # fmt: skip
    assert [e.document_id for e in store.events_since(top)] == ["b1"]  # negated left out by default
    everything = EventFilter(include_negated=True)
    assert len(store.events_since(top, everything)) == 2 and store.events_since(store.max_event_id()) == []
    streamed = list(store.iter_events(EventFilter(limit=None, include_negated=True), batch=1))
    assert len(streamed) == 3
    picked = store.events_by_id([streamed[0].id, 10**9])
    assert [e.id for e in picked] == [streamed[0].id]


# -- fetch log, feeds, watchlists, alerts --------------------------------------------------------------


def test_fetch_log_remembers_urls_and_feed_entries(store: Store) -> None:
    long_url = "http://wire.test/" + "x" * 5000  # longer than a btree index entry may be
    store.record_fetch(FetchRecord(long_url, "stored", "http://wire.test/feed", "wire-101"))
    store.record_fetch(FetchRecord("http://wire.test/b", "failed", error="HTTP 404"))
    store.record_fetch(FetchRecord("http://wire.test/b", "stored"))  # a later success replaces it
    assert store.seen_urls([long_url, "http://wire.test/b", "http://wire.test/c"]) == {long_url, "http://wire.test/b"}
    assert store.seen_entries("http://wire.test/feed", ["wire-101", "wire-102"]) == {"wire-101"}
    assert store.seen_entries("http://other.test/feed", ["wire-101"]) == set()
    assert store.fetch_counts() == {"stored": 2}
    assert store.feed_state("http://wire.test/feed") is None
    polled = datetime(2024, 3, 4, 12, tzinfo=UTC)
    store.save_feed_state(FeedState("http://wire.test/feed", "Wire", '"v1"', "Mon, 04 Mar 2024", polled, None))
    store.save_feed_state(FeedState("http://wire.test/feed", "Wire", '"v2"', None, polled, None))
    state = store.feed_state("http://wire.test/feed")
    assert state is not None and (state.title, state.etag, state.last_modified) == ("Wire", '"v2"', None)


def test_watchlists_are_kept_by_name(store: Store) -> None:
    store.save_watchlist("kaz", {"name": "kaz", "countries": ["KAZ"]})
    store.save_watchlist("afg", {"name": "afg", "actors": ["TALIBAN"]})
    store.save_watchlist("kaz", {"name": "kaz", "countries": ["KAZ"], "roots": ["14"]})
    assert store.watchlists() == [("afg", {"name": "afg", "actors": ["TALIBAN"]}),
                                  ("kaz", {"name": "kaz", "countries": ["KAZ"], "roots": ["14"]})]  # fmt: skip
    assert store.remove_watchlist("afg") and not store.remove_watchlist("afg")
    assert [name for name, _ in store.watchlists()] == ["kaz"]


def alert(key: str, severity: int = 2, when: datetime = datetime(2024, 3, 4, 12, tzinfo=UTC)) -> AlertRow:
    evidence = (Evidence(7, "a1", "http://wire.test/a1", "2024-03-04", "Kazakhstan condemned Russia."),)
    return AlertRow(key, "kaz", "event", severity, f"alert {key}", when, (7,), evidence, {"z": 2.5})


def test_alerts_are_deduplicated_filtered_and_delivered_once_per_channel(store: Store) -> None:
    first = store.add_alert(alert("kaz:event:1", 3))
    assert first is not None and store.add_alert(alert("kaz:event:1", 4)) is None
    store.add_alert(alert("kaz:event:2", 1, datetime(2024, 3, 1, tzinfo=UTC)))
    (stored,) = store.alerts(min_severity=3)
    assert (stored.id, stored.severity, stored.evidence[0].sentence, stored.details) == (
        first, 3, "Kazakhstan condemned Russia.", {"z": 2.5})  # fmt: skip
    assert stored.created_at == datetime(2024, 3, 4, 12, tzinfo=UTC)
    assert [a.key for a in store.alerts(newest_first=False)] == ["kaz:event:1", "kaz:event:2"]
    assert [a.key for a in store.alerts(since=datetime(2024, 3, 2, tzinfo=UTC))] == ["kaz:event:1"]
    assert store.alerts(watchlist="other") == []
    store.mark_delivered([first], "console")
    store.mark_delivered([first], "console")  # idempotent
    assert [a.key for a in store.alerts(undelivered_on="console")] == ["kaz:event:2"]
    assert len(store.alerts(undelivered_on="webhook:x")) == 2


# -- migration ---------------------------------------------------------------------------------------


def test_a_store_filled_at_0001_migrates_to_0002(store_url: str) -> None:
    engine = store_engine.create_engine(store_url)
    try:
        store_engine.migrate(engine, "0001")
        with engine.begin() as connection:
            document_id = connection.execute(
                sa.text("INSERT INTO documents (doc_key, content_hash, text, n_words, coder_version, ingested_at) "
                        "VALUES ('old', 'h', 'Old text.', 2, 'c', :now) RETURNING id"), {"now": datetime.now(UTC)},
            ).scalar_one()  # fmt: skip
            connection.execute(
                sa.text("INSERT INTO events (document_id, sentence, date_reason, date_source, cameo, cameo_root, "
                        "quad_class, goldstein, verb_start, verb_end, negated, hypothetical, confidence, "
                        "explanation) VALUES (:d, 0, 'r', 'none', '111', '11', 3, -2, 0, 1, false, false, 0.9, "
                        "'{}')"), {"d": document_id},
            )  # fmt: skip
    finally:
        engine.dispose()
    with open_store(store_url) as store:
        assert store_engine.current_revision(store.engine) == schema.SCHEMA_VERSION == "0002"
        (old,) = store.events(EventFilter())
        assert old.cluster_id == old.id and old.num_articles == 1
        assert store.add(replace(doc("new", "wire.test", event(CONDEMN_A, KAZ, RUS, "111", MON)))).stored

"""The store on both backends: idempotent, atomic writes; every filter; timelines; full-text search."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from berkut.errors import QueryError, StoreError
from berkut.model import (
    Analysis,
    DatePrecision,
    DateSource,
    Document,
    Event,
    EventFilter,
    Explanation,
    Mention,
    Parse,
    Place,
    PlaceSource,
    Quote,
    Sentence,
    TimeExpr,
)
from berkut.settings import load_settings
from berkut.store import Store, content_hash, open_store, schema, writer
from berkut.store import engine as store_engine

# -- hand-built analyses ----------------------------------------------------------------------------

KABUL = (34.528, 69.172)
ALMATY = (43.25, 76.91)
ASTANA = (51.17, 71.43)


def actor(code: str, country: str | None, sector: str | None = None, org: str | None = None) -> Mention:
    return Mention(code, (0, len(code)), code, country, sector, org, code.title(), f"id-{code}")


def place(name: str, where: tuple[float, float], country: str | None = None) -> Place:
    return Place(name, (0, len(name)), name, country, where[0], where[1], None)


def event(
    sentence: int,
    text: str,
    source: Mention | None,
    target: Mention | None,
    cameo: str,
    quad: int,
    goldstein: float,
    when: date | None,
    **extra: Any,
) -> Event:
    return Event(
        sentence=sentence,
        text=text,
        span=(0, len(text)),
        source=source,
        target=target,
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=quad,
        goldstein=goldstein,
        plover_type=extra.pop("plover_type", None),
        plover_mode=None,
        plover_context=("ctx",),
        date=when,
        date_precision=DatePrecision.DAY if when else None,
        date_text=str(when) if when else None,
        date_reason="test",
        date_source=DateSource.CLAUSE if when else DateSource.NONE,
        verb_span=(1, 2),
        explanation=Explanation("active verb with direct object", "warn", "p1", ("r1",)),
        confidence=extra.pop("confidence", 0.9),
        **extra,
    )


S1 = ("The Taliban has warned Kazakhstan that it will attack.", "Kazakh police arrested three men in Almaty.")
S2 = (
    "Kazakhstan praised Afghanistan for its cooperation.",
    "Russia did not sign the deal.",
    "Russia may meet NATO.",
)
S3 = ("The United States sent aid to Afghanistan.", "Kazakhstan condemned Russia.")


def _parse(sentences: tuple[str, ...]) -> Parse:
    out, start = [], 0
    for i, text in enumerate(sentences):
        out.append(Sentence(i, (start, start + len(text)), text, (0, 0)))
        start += len(text) + 1
    return Parse((), tuple(out), ())


def d1() -> Analysis:
    taliban, kaz = actor("AFGINS", "AFG", "INS", "TALIBAN"), actor("KAZ", "KAZ")
    quote = Quote("a spokesman", (0, 11), taliban, "said", "we will attack", (20, 34), True)
    return Analysis(
        Document("S1", " ".join(S1), date(2011, 5, 22), "Taliban warn Kazakhstan", "http://x/1", "wire"),
        parse=_parse(S1),
        mentions=(taliban, kaz),
        times=(TimeExpr("Saturday", (0, 8), date(2011, 5, 21), DatePrecision.DAY, "weekday"),),
        places=(place("Almaty", ALMATY, "KAZ"),),
        quotes=(quote,),
        events=(
            event(0, S1[0], taliban, kaz, "130", 3, -4.4, date(2011, 5, 21), plover_type="THREATEN",
                  location=place("Kabul", KABUL, "AFG"), location_source=PlaceSource.SENTENCE, quote=quote),
            event(1, S1[1], actor("KAZCOP", "KAZ", "COP"), None, "173", 4, -5.0, date(2011, 5, 22),
                  location=place("Almaty", ALMATY, "KAZ")),
        ),
    )  # fmt: skip


def d2() -> Analysis:
    kaz, afg, rus = actor("KAZGOV", "KAZ", "GOV"), actor("AFGGOV", "AFG", "GOV"), actor("RUS", "RUS")
    return Analysis(
        Document("S2", " ".join(S2), date(2011, 6, 3), "Praise"),
        events=(
            event(0, S2[0], kaz, afg, "051", 1, 3.4, date(2011, 6, 2), location=place("Astana", ASTANA)),
            event(1, S2[1], rus, afg, "057", 1, 8.0, date(2011, 6, 3), negated=True),
            event(2, S2[2], rus, actor("IGONAT", None, "IGO", "NATO"), "036", 1, 4.0, date(2011, 6, 10),
                  hypothetical=True),
        ),
    )  # fmt: skip


def d3() -> Analysis:
    usa, afg = actor("USAGOV", "USA", "GOV"), actor("AFG", "AFG")
    kaz, rus = actor("KAZGOV", "KAZ", "GOV"), actor("RUSGOV", "RUS", "GOV")
    return Analysis(
        Document("S3", " ".join(S3), date(2011, 6, 13)),
        events=(
            event(0, S3[0], usa, afg, "071", 2, 7.4, date(2011, 6, 12),
                  confidence=0.4, location=place("Null Island", (0.7, 0.7))),
            event(1, S3[1], kaz, rus, "122", 3, -2.0, None,
                  location=place("Date line", (0.0, 179.9))),
        ),
    )  # fmt: skip


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_many([d1(), d2(), d3()], coder_version="test-1")
    return store


def cameos(store: Store, **fields: Any) -> list[str]:
    return [e.cameo for e in store.events(EventFilter(**fields))]


# -- writing ----------------------------------------------------------------------------------------


def test_add_stores_everything_once(store: Store) -> None:
    first = store.add(d1(), coder_version="c1")
    assert first.stored and first.events == 2 and first.document_id is not None
    # the same text again, even re-spaced, is recognised and skipped
    again = replace(d1(), document=replace(d1().document, id="other", text="  " + "\n ".join(S1) + "\t"))
    second = store.add(again)
    assert (second.document_id, second.stored, second.events, second.reason) == (
        first.document_id, False, 0, "duplicate")  # fmt: skip
    assert store.counts() == {"documents": 1, "sentences": 2, "events": 2, "mentions": 2, "times": 1,
                              "places": 1, "quotes": 1}  # fmt: skip
    assert store.has_content("The Taliban has warned   Kazakhstan that it will attack.\n" + S1[1])
    assert not store.has_content("Something else entirely.")
    assert content_hash(" a  b\n") == content_hash("a b")


def test_racing_add_of_the_same_text_is_a_duplicate(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.add(d1())
    real_find = store._find
    calls: list[str] = []

    def find_missing_first(digest: str) -> int | None:
        # as if another process stored the text between our look-up and our insert
        calls.append(digest)
        return None if len(calls) == 1 else real_find(digest)

    monkeypatch.setattr(store, "_find", find_missing_first)
    second = store.add(d1())
    assert (second.stored, second.reason, second.document_id) == (False, "duplicate", first.document_id)
    assert len(calls) == 2 and store.counts()["documents"] == 1


def test_analyses_without_text_or_with_errors_are_not_stored(store: Store) -> None:
    empty = store.add(Analysis(Document("E", "   "), errors=("empty",)))
    failed = store.add(replace(d1(), errors=("coding failed",)))
    assert (empty.stored, empty.reason, failed.stored, failed.reason) == (False, "no text", False, "errors")
    assert store.counts()["documents"] == 0


def test_stored_event_carries_document_and_evidence(filled: Store) -> None:
    (e,) = filled.events(EventFilter(cameo="130"))
    assert (e.document_id, e.document_title, e.document_url, e.published) == (
        "S1", "Taliban warn Kazakhstan", "http://x/1", date(2011, 5, 22))  # fmt: skip
    assert (e.sentence, e.sentence_text, e.sentence_span) == (0, S1[0], (0, len(S1[0])))
    assert (e.source_code, e.source_org, e.source_sector, e.source_span) == (
        "AFGINS",
        "TALIBAN",
        "INS",
        (0, 6),
    )
    assert (e.target_code, e.target_country, e.target_sector) == ("KAZ", "KAZ", None)
    assert (e.date, e.date_precision, e.quad_class, e.goldstein, e.plover_type) == (
        date(2011, 5, 21), "day", 3, -4.4, "THREATEN")  # fmt: skip
    assert (e.location_name, e.location_country, e.lat, e.lon) == ("Kabul", "AFG", *KABUL)
    assert e.quote_speaker == "a spokesman" and e.verb_span == (1, 2) and not e.negated
    assert json.loads(e.explanation)["rule"] == "active verb with direct object"
    (arrest,) = filled.events(EventFilter(cameo="173"))
    assert arrest.target_code is None and arrest.target_span is None
    # a document without a parse still gets its events' sentences
    assert [s.text for s in filled.sentences_of("S2")] == list(S2)


def test_interrupted_write_leaves_no_partial_document(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = replace(d1(), events=(d1().events[0], replace(d1().events[1], quad_class=9)))
    with pytest.raises(StoreError, match="S1"):
        store.add(bad)
    assert set(store.counts().values()) == {0}
    assert not store.has_content(bad.document.text)

    def crash(_event: Event) -> dict[str, Any]:
        raise RuntimeError("power cut")

    monkeypatch.setattr(writer, "_event_row", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        store.add(d1())
    assert set(store.counts().values()) == {0}
    assert store.search_sentences("Taliban") == []
    monkeypatch.undo()
    assert store.add(d1()).stored  # nothing stale blocks a retry


def test_documents_and_sentences(filled: Store) -> None:
    docs = filled.documents()
    assert [d.doc_key for d in docs] == ["S3", "S2", "S1"]
    assert [d.doc_key for d in filled.documents(limit=1, offset=1)] == ["S2"]
    s1 = filled.document("S1")
    assert s1 is not None and s1.events == 2 and s1.n_words == len(" ".join(S1).split())
    assert (s1.coder_version, s1.published, s1.content_hash) == (
        "test-1",
        date(2011, 5, 22),
        content_hash(s1.text),
    )
    assert filled.document("missing") is None
    assert [s.span for s in filled.sentences_of(s1.id)] == [(0, len(S1[0])), (len(S1[0]) + 1, len(s1.text))]
    assert filled.counts()["sentences"] == 7


# -- events and filters ------------------------------------------------------------------------------

FILTER_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["071", "051", "173", "130", "122"]),  # newest first, undated last; negated/hypothetical left out
    ({"newest_first": False}, ["130", "173", "051", "071", "122"]),
    ({"actor": "KAZ"}, ["051", "173", "130", "122"]),  # code prefix, either side
    ({"actor": "taliban"}, ["130"]),  # organisation
    ({"actor": "AFG"}, ["071", "051", "130"]),
    ({"source": "KAZ"}, ["051", "173", "122"]),
    ({"target": "KAZ"}, ["130"]),
    ({"source": "NATO", "include_hypothetical": True}, []),
    ({"target": "NATO", "include_hypothetical": True}, ["036"]),
    ({"dyad": ("KAZ", "AFG")}, ["051", "130"]),  # undirected
    ({"dyad": ("AFG", "KAZ")}, ["051", "130"]),
    ({"dyad": ("KAZGOV", "RUS")}, ["122"]),
    ({"country": "KAZ"}, ["051", "173", "130", "122"]),
    ({"country": "USA"}, ["071"]),
    ({"cameo": "13"}, ["130"]),
    ({"cameo": "1"}, ["173", "130", "122"]),
    ({"cameo_root": ("05", "07")}, ["071", "051"]),
    ({"plover_type": ("THREATEN",)}, ["130"]),
    ({"quad_class": (1, 2)}, ["071", "051"]),
    ({"date_from": date(2011, 6, 1), "date_to": date(2011, 6, 12)}, ["071", "051"]),  # inclusive
    ({"date_to": date(2011, 5, 21)}, ["130"]),
    ({"min_confidence": 0.5}, ["051", "173", "130", "122"]),
    ({"include_negated": True}, ["071", "057", "051", "173", "130", "122"]),
    ({"include_hypothetical": True}, ["071", "036", "051", "173", "130", "122"]),
    ({"document_id": "S2", "include_negated": True}, ["057", "051"]),
    ({"text": "arrested"}, ["173"]),
    ({"text": "arrest"}, ["173"]),  # stemmed on both backends
    ({"text": "warned Kazakhstan"}, ["130"]),  # every word, any order
    ({"text": "Kazakhstan"}, ["051", "130", "122"]),
    ({"text": 'NEAR( "quote AND'}, []),  # search syntax is never interpreted
    ({"near": ALMATY, "radius_km": 50}, ["173"]),
    ({"near": ALMATY, "radius_km": 1000}, ["051", "173"]),  # Astana 972 km, Kabul 1177 km
    ({"near": ALMATY, "radius_km": 1200}, ["051", "173", "130"]),
    ({"near": (0.0, 0.0), "radius_km": 100}, []),  # in the bounding box, outside the circle
    ({"near": (0.0, 0.0), "radius_km": 120}, ["071"]),
    ({"near": (0.0, -179.9), "radius_km": 50}, ["122"]),  # across the date line
    ({"limit": 2}, ["071", "051"]),
    ({"limit": 2, "offset": 1}, ["051", "173"]),
    ({"limit": None, "offset": 4}, ["122"]),
    ({"near": ALMATY, "radius_km": 1200, "limit": 1, "offset": 1}, ["173"]),
    ({"actor": "KAZ", "target": "AFG", "quad_class": (1,)}, ["051"]),
]


@pytest.mark.parametrize(("fields", "expected"), FILTER_CASES, ids=[str(f) for f, _ in FILTER_CASES])
def test_event_filters(filled: Store, fields: dict[str, Any], expected: list[str]) -> None:
    assert cameos(filled, **fields) == expected
    unpaged = {k: v for k, v in fields.items() if k not in {"limit", "offset"}}
    if unpaged == fields:
        assert filled.count_events(EventFilter(**fields)) == len(expected)


@pytest.mark.parametrize(
    "fields",
    [
        {"date_from": date(2011, 2, 1), "date_to": date(2011, 1, 1)},
        {"actor": "  "},
        {"text": "!!"},
        {"near": (95.0, 0.0)},
        {"near": ALMATY, "radius_km": 0},
    ],
)
def test_malformed_filters_raise_query_error(filled: Store, fields: dict[str, Any]) -> None:
    with pytest.raises(QueryError):
        filled.events(EventFilter(**fields))


# -- timelines ---------------------------------------------------------------------------------------


def test_timeline_by_month(filled: Store) -> None:
    rows = filled.timeline(EventFilter())
    assert [(r.period, r.events, r.quad1, r.quad2, r.quad3, r.quad4) for r in rows] == [
        ("2011-05", 2, 0, 0, 1, 1),
        ("2011-06", 2, 1, 1, 0, 0),
    ]
    assert [round(r.goldstein_sum, 6) for r in rows] == [-9.4, 10.8]
    assert [round(r.goldstein_mean, 6) for r in rows] == [-4.7, 5.4]


@pytest.mark.parametrize(
    ("granularity", "fields", "expected"),
    [
        ("day", {}, [("2011-05-21", 1), ("2011-05-22", 1), ("2011-06-02", 1), ("2011-06-12", 1)]),
        # labelled by the ISO week's Monday: Sat 21 and Sun 22 May are the week of Mon 16 May
        ("week", {}, [("2011-05-16", 2), ("2011-05-30", 1), ("2011-06-06", 1)]),
        ("year", {"include_negated": True}, [("2011", 5)]),
        ("month", {"include_negated": True, "limit": 1}, [("2011-05", 2), ("2011-06", 3)]),
        ("month", {"actor": "KAZ"}, [("2011-05", 2), ("2011-06", 1)]),
        ("month", {"near": ALMATY, "radius_km": 50}, [("2011-05", 1)]),
    ],
)
def test_timeline_granularities(
    filled: Store, granularity: str, fields: dict[str, Any], expected: list[tuple[str, int]]
) -> None:
    rows = filled.timeline(EventFilter(**fields), granularity)
    assert [(r.period, r.events) for r in rows] == expected


def test_timeline_rejects_unknown_granularity(filled: Store) -> None:
    with pytest.raises(QueryError, match="granularity"):
        filled.timeline(EventFilter(), "fortnight")


def test_articles_per_period(filled: Store) -> None:
    assert [(p.period, p.documents) for p in filled.articles_per_period()] == [("2011-05", 1), ("2011-06", 2)]
    june = filled.articles_per_period("day", date(2011, 6, 1), date(2011, 6, 3))
    assert [(p.period, p.documents) for p in june] == [("2011-06-03", 1)]


# -- full-text search --------------------------------------------------------------------------------


def test_search_sentences(filled: Store) -> None:
    hits = filled.search_sentences("Kazakhstan")
    assert sorted((h.doc_key, h.sentence) for h in hits) == [("S1", 0), ("S2", 0), ("S3", 1)]
    by_key = {(h.doc_key, h.sentence): h for h in hits}
    (praise,) = filled.events(EventFilter(cameo="051"))
    assert by_key[("S2", 0)].event_ids == (praise.id,)
    assert by_key[("S1", 0)].text == S1[0] and by_key[("S1", 0)].document_title == "Taliban warn Kazakhstan"
    assert [h.text for h in filled.search_sentences("police arrests")] == [S1[1]]
    assert len(filled.search_sentences("Kazakhstan", limit=2)) == 2
    assert filled.search_sentences("zzzz") == [] and filled.search_sentences("  ") == []


def test_search_index_follows_deleted_documents(filled: Store) -> None:
    with filled.engine.begin() as connection:
        connection.execute(sa.delete(schema.documents).where(schema.documents.c.doc_key == "S1"))
    assert filled.search_sentences("arrested") == []
    assert filled.counts()["events"] == 5  # cascaded
    assert filled.add(d1()).stored


# -- opening and migrating ---------------------------------------------------------------------------


def test_migrations_create_the_schema_and_rerun_as_no_op(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add(d1())
        assert store_engine.current_revision(store.engine) == schema.SCHEMA_VERSION
        assert store.meta()["schema_version"] == schema.SCHEMA_VERSION
        statements: list[str] = []
        sa.event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        store_engine.migrate(store.engine)
        assert not [s for s in statements if s.lstrip().upper().startswith(("CREATE", "ALTER", "DROP"))]
    with open_store(store_url) as store:  # reopening keeps the data
        assert store.counts()["documents"] == 1
        store.set_meta("ontology_version", "2024.1")
        store.set_meta("ontology_version", "2024.2")
        assert store.meta() == {"schema_version": schema.SCHEMA_VERSION, "ontology_version": "2024.2"}


def test_migrated_database_matches_schema_module(store: Store) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    # full-text search is dialect-specific and created only by the migration
    diff = [d for d in diff if "sentences_fts" not in str(d) and "alembic_version" not in str(d)]
    assert diff == []


def test_sqlite_connection_settings(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_default_url_comes_from_settings(tmp_path: Path) -> None:
    settings = load_settings({"data_dir": str(tmp_path / "data")}, environ={}, path=tmp_path / "none.toml")
    with open_store(settings=settings) as store:
        assert store.add(d3()).stored
    assert (tmp_path / "data" / "berkut.db").is_file()


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "nosuchdb://localhost/x",
        "postgresql+psycopg://postgres@127.0.0.1:1/test",  # nothing listens on port 1
        "sqlite:///{blocked}/sub/x.db",  # parent "folder" is a file
    ],
)
def test_unopenable_database_raises_store_error(tmp_path: Path, url: str) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(StoreError, match="not a database URL|cannot"):
        open_store(url.format(blocked=blocked))

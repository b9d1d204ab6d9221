"""Exports in the shapes people load (GDELT TSV, PLOVER JSON, ACLED CSV, Parquet) and timeline charts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from berkut import export, query
from berkut.errors import QueryError
from berkut.model import EventFilter, StoredEvent
from berkut.monitor.charts import write_chart
from berkut.store import Store

DAY = date(2024, 3, 4)


@pytest.fixture
def filled(store: Store, b) -> Store:  # type: ignore[no-untyped-def]
    text = "Kazakh police arrested twelve opposition supporters in Almaty on Monday."
    store.add(b.doc("a1", "wire.test", b.ev("KAZCOP", "173", "KAZOPP", DAY, text, location=b.almaty)))
    store.add(b.doc("a2", "post.test", b.ev("KAZCOP", "173", "KAZOPP", DAY, text.replace("twelve", "12"))))
    store.add(b.doc("a3", "post.test", b.ev("AFGINS", "190", "TJK", DAY, "The Taliban fought Tajik guards.")))
    store.add(b.doc("a4", "post.test", b.ev("KAZOPP", "145", None, None, "Crowds rioted.")))
    return store


def all_events(store: Store) -> list[StoredEvent]:
    return list(store.iter_events(EventFilter(limit=None, newest_first=False)))


def test_gdelt_tsv_has_the_61_columns(filled: Store) -> None:
    out = io.StringIO()
    assert export.export(all_events(filled), "gdelt", out) == 4
    header, *rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert len(header) == 61 and header[:2] == ["GLOBALEVENTID", "SQLDATE"] and header[-1] == "SOURCEURL"
    assert all(len(r) == 61 for r in rows)
    first = dict(zip(header, rows[0], strict=True))
    assert (first["SQLDATE"], first["Actor1Code"], first["Actor1CountryCode"], first["Actor1Type1Code"]) == (
        "20240304", "KAZCOP", "KAZ", "COP")  # fmt: skip
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"], first["QuadClass"]) == (
        "173", "173", "17", "4")  # fmt: skip
    assert (first["NumMentions"], first["NumArticles"], first["NumSources"]) == ("2", "2", "2")
    assert (first["ActionGeo_FullName"], first["ActionGeo_Lat"], first["ActionGeo_Type"]) == ("Almaty", "43.25", "4")
    assert first["SOURCEURL"] == "http://wire.test/a1" and first["DATEADDED"] == "20240304000000"
    taliban = dict(zip(header, rows[2], strict=True))
    assert (taliban["Actor1KnownGroupCode"], taliban["Actor1Name"]) == ("TALIBAN", "THE TALIBAN")


def test_plover_json_lines_and_array(filled: Store, tmp_path: Path) -> None:
    lines_path, array_path = tmp_path / "e.jsonl", tmp_path / "e.json"
    export.export(all_events(filled), "plover", lines_path)
    export.export(all_events(filled), "plover", array_path)
    records = [json.loads(line) for line in lines_path.read_text(encoding="utf-8").splitlines()]
    assert records == json.loads(array_path.read_text(encoding="utf-8"))
    first = records[0]
    assert (first["event_type"], first["event_date"], first["actor"]["code"], first["recipient"]["code"]) == (
        "COERCE", "2024-03-04", "KAZCOP", "KAZOPP")  # fmt: skip
    assert first["location"] == {"placename": "Almaty", "country": "KAZ", "lat": 43.25, "lon": 76.91}
    assert first["event_text"].startswith("Kazakh police arrested") and first["num_sources"] == 2
    assert records[3]["recipient"] is None and records[3]["event_date"] is None


@pytest.mark.parametrize(
    ("cameo", "types"),
    [
        ("190", ("Political violence", "Battles", "Armed clash")),
        ("195", ("Political violence", "Explosions/Remote violence", "Air/drone strike")),
        ("1831", ("Political violence", "Explosions/Remote violence", "Suicide bomb")),
        ("181", ("Political violence", "Violence against civilians", "Abduction/forced disappearance")),
        ("141", ("Demonstrations", "Protests", "Peaceful protest")),
        ("145", ("Demonstrations", "Riots", "Violent demonstration")),
        ("173", ("Strategic developments", "Strategic developments", "Arrests")),
        ("057", ("Strategic developments", "Strategic developments", "Agreement")),
        ("111", ("Strategic developments", "Strategic developments", "Other")),
    ],
)
def test_acled_event_types_from_cameo(cameo: str, types: tuple[str, str, str]) -> None:
    assert export.acled_types(cameo) == types


def test_acled_csv(filled: Store) -> None:
    out = io.StringIO()
    export.export(all_events(filled), "acled", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == export.ACLED_COLUMNS and len(rows) == 4
    arrest = rows[0]
    assert (arrest["event_type"], arrest["sub_event_type"], arrest["iso"], arrest["country"]) == (
        "Strategic developments", "Arrests", "398", "Kazakhstan")  # fmt: skip
    assert (arrest["inter1"], arrest["location"], arrest["latitude"], arrest["source"]) == (
        "1", "Almaty", "43.25", "wire.test")  # fmt: skip
    assert arrest["notes"].startswith("Kazakh police arrested") and arrest["event_date"] == "2024-03-04"
    assert rows[2]["disorder_type"] == "Political violence" and rows[2]["inter1"] == "2"


def test_parquet_round_trip(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert export.export(all_events(filled), "parquet", path) == 4
    table = pq.read_table(path)
    assert table.num_rows == 4 and "sentence_start" in table.column_names and "num_sources" in table.column_names
    rows = table.to_pylist()
    assert (rows[0]["cameo"], rows[0]["date"], rows[0]["lat"], rows[3]["date"]) == ("173", DAY, 43.25, None)
    assert export.export([], "parquet", tmp_path / "empty.parquet") == 0
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


def test_streamed_chunks_carry_one_header(filled: Store) -> None:
    events = all_events(filled) * 600  # 2400 rows: three chunks
    text = "".join(export.chunks(events, "acled"))
    assert text.count("event_id_cnty") == 1 and len(text.splitlines()) == 2401
    assert sum(1 for _ in "".join(export.chunks(events, "plover")).splitlines()) == 2400


def test_unknown_formats_and_parquet_to_a_stream_are_refused(filled: Store) -> None:
    with pytest.raises(QueryError, match="gdelt, plover, acled"):
        export.export([], "xml", io.StringIO())
    with pytest.raises(QueryError, match="file"):
        export.export([], "parquet", io.StringIO())


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_a_timeline_chart_is_written(filled: Store, tmp_path: Path, suffix: str) -> None:
    rows = query.country_trend(filled, "KAZ", "day")
    path = write_chart(rows, tmp_path / f"kaz{suffix}", "KAZ by day")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:500]
    with pytest.raises(QueryError, match="chart"):
        write_chart(rows, tmp_path / "kaz.gif")

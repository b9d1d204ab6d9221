"""Reading documents from files: every input gets exactly one record, bad ones with a clear error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from berkut.model import RawDocument, Unreadable
from berkut.sources import iter_paths, parse_publication_date


def test_jsonl_lines_become_documents_in_order_and_bad_lines_become_errors(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "Russia warned Ukraine.", "date": "2022-02-01"}),
                "{not json",
                json.dumps({"id": "c", "text": 42}),
                json.dumps({"id": "d", "text": "ok", "date": "yesterday"}),
                "",
                json.dumps(
                    {"id": "e", "text": "Iran met Iraq.", "date": "2020-01-03T10:00:00Z", "title": "T"}
                ),
            ]
        ),
        encoding="utf-8",
    )
    items = list(iter_paths([path]))
    assert [type(i) for i in items] == [RawDocument, Unreadable, Unreadable, Unreadable, RawDocument]
    assert items[0].date == date(2022, 2, 1)
    assert "invalid JSON" in items[1].errors[0] and ":2" in items[1].errors[0]
    assert "'text'" in items[2].errors[0]
    assert "not YYYY-MM-DD" in items[3].errors[0]
    assert items[4].date == date(2020, 1, 3) and items[4].title == "T"


def test_folders_are_read_sorted_and_unknown_suffixes_ignored(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>First.</p>", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(iter_paths([tmp_path], default_date=date(2020, 5, 1)))
    assert [i.id for i in items] == ["a", "b"]
    assert [i.media_type for i in items if isinstance(i, RawDocument)] == ["text/html", "text/plain"]
    assert all(i.date == date(2020, 5, 1) for i in items if isinstance(i, RawDocument))


def test_a_missing_path_is_an_error_record_not_an_exception(tmp_path: Path) -> None:
    (item,) = iter_paths([tmp_path / "nope.txt"])
    assert isinstance(item, Unreadable) and "no such file" in item.errors[0]


def test_publication_dates_accept_iso_dates_and_datetimes() -> None:
    assert parse_publication_date("2011-05-22") == date(2011, 5, 22)
    assert parse_publication_date("2011-05-22T23:59:00+05:00") == date(2011, 5, 22)
    assert parse_publication_date(None) is None

"""Documents from files and folders: JSON Lines, plain text and HTML.

A bad line or an unreadable file becomes an ``Unreadable`` record in its place, so a batch always goes
on and every input still gets its one output line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from berkut.model import RawDocument, Unreadable

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

Item = RawDocument | Unreadable


def parse_publication_date(value: Any) -> date | None:
    """``YYYY-MM-DD`` or an ISO 8601 datetime (its calendar date is kept). Raises ValueError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a string")
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"date {value!r} is not YYYY-MM-DD or ISO 8601") from None


def iter_paths(paths: Iterable[str | Path], default_date: date | None = None) -> Iterator[Item]:
    """Every document under the given paths, in the order given (folders sorted by name)."""
    for path in paths:
        yield from iter_path(path, default_date)


def iter_path(path: str | Path, default_date: date | None = None) -> Iterator[Item]:
    if str(path) == "-":
        yield from iter_jsonl_or_text(sys.stdin, "stdin", default_date)
        return
    path = Path(path)
    if path.is_dir():
        children = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
        for child in children:
            yield from iter_path(child, default_date)
        return
    if not path.exists():
        yield Unreadable(id=str(path), errors=(f"{path}: no such file or folder",))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("r", encoding="utf-8", errors="strict") as handle:
                yield from iter_jsonl(handle, path.stem, default_date)
        except UnicodeDecodeError as exc:
            yield Unreadable(id=path.stem, errors=(f"{path}: not UTF-8 text ({exc.reason})",))
        except OSError as exc:
            yield Unreadable(id=path.stem, errors=(f"{path}: {exc.strerror}",))
        return
    try:
        body = path.read_bytes()
    except OSError as exc:
        yield Unreadable(id=path.stem, errors=(f"{path}: {exc.strerror}",))
        return
    media_type = "text/html" if suffix in HTML_SUFFIXES else "text/plain"
    yield RawDocument(id=path.stem, body=body, media_type=media_type, date=default_date, source=str(path))


def iter_jsonl_or_text(handle: IO[str], name: str, default_date: date | None) -> Iterator[Item]:
    """Standard input: JSON Lines if the first non-blank character is ``{``, else one text document."""
    content = handle.read()
    if content.lstrip().startswith("{"):
        yield from iter_jsonl(content.splitlines(), name, default_date)
    else:
        yield RawDocument(id=name, body=content, media_type="text/plain", date=default_date)


def iter_jsonl(lines: Iterable[str], name: str, default_date: date | None) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _jsonl_record(line, f"{name}:{number}", default_date)


def _jsonl_record(line: str, where: str, default_date: date | None) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Unreadable(id=where, errors=(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})",))
    if not isinstance(record, dict):
        return Unreadable(id=where, errors=(f"{where}: a JSON line must be an object",))
    doc_id = str(record.get("id") or where)
    text = record.get("text")
    title = record.get("title") if isinstance(record.get("title"), str) else None
    if not isinstance(text, str):
        return Unreadable(id=doc_id, title=title, errors=(f"{where}: 'text' is missing or not a string",))
    try:
        published = parse_publication_date(record.get("date")) or default_date
    except ValueError as exc:
        return Unreadable(id=doc_id, title=title, errors=(f"{where}: {exc}",))
    media_type = "text/html" if record.get("format") == "html" else "text/plain"
    return RawDocument(
        id=doc_id,
        body=text,
        media_type=media_type,
        date=published,
        title=title,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        source=record.get("source") if isinstance(record.get("source"), str) else None,
    )

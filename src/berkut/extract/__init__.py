"""From a raw document to a Document: article text from HTML, and the checks that reject bad input.

A rejected document raises ``ExtractError`` with a message a person can act on; nothing is truncated or
guessed silently.
"""

from __future__ import annotations

import re
from datetime import date

from berkut.errors import ExtractError
from berkut.extract.html import html_to_article
from berkut.extract.language import english_share
from berkut.model import Document, RawDocument

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# A line holding only a date, as newswire and exported articles put under the headline.
_DATE_LINE = re.compile(
    rf"^\W*(?:(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} (?:{_MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\W*$",
    re.IGNORECASE,
)
_MIN_WORDS_FOR_LANGUAGE_CHECK = 20


def to_document(raw: RawDocument, max_chars: int = 500_000, min_english_share: float = 0.12) -> Document:
    text = _decode(raw)
    title, published = raw.title, raw.date
    if raw.media_type == "text/html":
        article = html_to_article(text)
        text = article.text
        title = title or article.title
        published = published or article.date
    if not text.strip():
        raise ExtractError(f"{raw.id}: empty document (no text)")
    if len(text) > max_chars:
        raise ExtractError(
            f"{raw.id}: document too large ({len(text):,} characters; the limit is {max_chars:,}, "
            "setting max_document_chars)"
        )
    share, words = english_share(text)
    if words >= _MIN_WORDS_FOR_LANGUAGE_CHECK and share < min_english_share:
        raise ExtractError(f"{raw.id}: not English (only {share:.0%} common English words)")
    if words == 0:
        raise ExtractError(f"{raw.id}: no words in the text")
    if raw.media_type == "text/plain":
        title = title or _title_line(text)
        published = published or _date_line(text)
    return Document(id=raw.id, text=text, date=published, title=title, url=raw.url, source=raw.source)


def _decode(raw: RawDocument) -> str:
    if isinstance(raw.body, str):
        text = raw.body
    else:
        if b"\x00" in raw.body[:8192]:
            raise ExtractError(f"{raw.id}: binary file, not text")
        try:
            text = raw.body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExtractError(f"{raw.id}: not UTF-8 text") from None
    if "\x00" in text:
        raise ExtractError(f"{raw.id}: binary content, not text")
    return text


def _head_lines(text: str, count: int = 6) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()][:count]


def _title_line(text: str) -> str | None:
    lines = _head_lines(text, 1)
    if not lines:
        return None
    line = lines[0].lstrip("#").strip().strip("*").strip()
    # A headline is short and does not end like a sentence.
    if 0 < len(line) <= 200 and not line.endswith((".", "?", ":")):
        return line
    return None


def _date_line(text: str) -> date | None:
    from berkut.extract.dates import parse_date_line

    for line in _head_lines(text):
        if _DATE_LINE.match(line):
            return parse_date_line(line)
    return None

"""Article text and metadata from HTML, behind a thin adapter over trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from berkut.errors import ExtractError


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    title: str | None
    date: date | None


def html_to_article(html: str) -> Article:
    import trafilatura

    if not html.strip():
        raise ExtractError("empty HTML document")
    try:
        result = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup  # noqa: BLE001
        raise ExtractError(f"HTML could not be read: {exc}") from exc
    if result is None or not (getattr(result, "text", None) or "").strip():
        raise ExtractError("no article text found in the HTML")
    published: date | None = None
    raw_date = getattr(result, "date", None)
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return Article(
        text=str(getattr(result, "text", "") or ""),
        title=getattr(result, "title", None) or None,
        date=published,
    )

"""Reading a standalone date line ("May 22, 2011") as a publication date."""

from __future__ import annotations

from datetime import date, datetime

_FORMATS = ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")


def parse_date_line(line: str) -> date | None:
    cleaned = line.strip(" *_#\t").replace("Sept ", "Sep ").replace(".", "")
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None

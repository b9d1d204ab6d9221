"""Query parameters → ``EventFilter``, with the same names and parsing as ``berkut events``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import Query

from berkut.errors import QueryError
from berkut.interfaces.cli import _event_filter
from berkut.model import EventFilter

MAX_LIMIT = 1000
GRANULARITY = Annotated[str, Query(pattern="^(day|week|month|year)$", description="day, week, month or year")]


def event_filter(
    actor: Annotated[
        str | None, Query(description="Actor on either side: code (KAZGOV), country (KAZ) or org.")
    ] = None,
    source: Annotated[str | None, Query(description="Source actor.")] = None,
    target: Annotated[str | None, Query(description="Target actor.")] = None,
    dyad: Annotated[str | None, Query(description="Two actors, either direction: AFG-KAZ.")] = None,
    country: Annotated[str | None, Query(description="ISO3 country of either actor.")] = None,
    cameo: Annotated[str | None, Query(description="CAMEO code or prefix.")] = None,
    root: Annotated[list[str] | None, Query(description="CAMEO root(s), repeatable.")] = None,
    plover: Annotated[list[str] | None, Query(description="PLOVER type(s), repeatable.")] = None,
    quad: Annotated[list[str] | None, Query(description="Quad class(es) 1-4, repeatable.")] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="First event date (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Last event date (YYYY-MM-DD).")] = None,
    text: Annotated[str | None, Query(description="Words the sentence must contain.")] = None,
    document: Annotated[str | None, Query(description="Only events of this document id.")] = None,
    near: Annotated[str | None, Query(description="lat,lon: only events within radius_km.")] = None,
    radius_km: Annotated[float, Query(gt=0, description="Radius for near.")] = 100.0,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    include_flagged: Annotated[bool, Query(description="Also negated and hypothetical events.")] = False,
    order: Annotated[str, Query(pattern="^(newest|oldest)$")] = "newest",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EventFilter:
    for name, value in (("from", date_from), ("to", date_to)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    # HTML forms send every field, empty ones as "": an empty field is no filter
    base = _event_filter(
        actor or None, source or None, target or None, dyad or None, country or None, cameo or None,
        _many(root), _many(plover), date_from or None, date_to or None, min_confidence, include_flagged,
        limit, text or None,
    )  # fmt: skip
    quads = _many(quad)
    if any(q not in ("1", "2", "3", "4") for q in quads):
        raise QueryError("quad classes are 1 (verbal cooperation) to 4 (material conflict)")
    return replace(
        base,
        quad_class=tuple(int(q) for q in quads),
        document_id=document or None,
        near=_near(near),
        radius_km=radius_km,
        offset=offset,
        newest_first=order == "newest",
    )


def _many(values: list[str] | None) -> list[str]:
    """Repeated parameters, each possibly comma-separated: root=13&root=19 or root=13,19."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _near(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    try:
        lat, lon = (float(p) for p in value.split(","))
    except ValueError:
        raise QueryError(f"near takes 'lat,lon' in degrees, not {value!r}") from None
    return (lat, lon)

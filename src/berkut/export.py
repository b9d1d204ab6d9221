"""Stored events in the shapes people already load: GDELT-like TSV, PLOVER JSON, ACLED-style CSV, Parquet.

Every writer streams: events come from an iterator (``Store.iter_events``) and rows go out one by one,
so exporting millions of events needs no more memory than a batch.

- ``gdelt``: the 61 columns of a GDELT 2.0 event file, tab-separated, with a header line. Country codes
  are ISO 3166 alpha-3 throughout (GDELT uses FIPS for geography); AvgTone is left empty; ``DATEADDED``
  is the publication date.
- ``plover``: one JSON object per line (``.jsonl``) or a JSON array (``.json``) with PLOVER's field names
  (event_type, event_mode, contexts, actor, recipient) and the evidence.
- ``acled``: the columns of an ACLED export; event types follow from the CAMEO code (fights are Battles,
  air strikes Explosions/Remote violence, assaults Violence against civilians, protests Protests or
  Riots, everything else Strategic developments). Fatalities are not coded and left empty.
- ``parquet``: every field of a stored event, typed, in row groups of ``batch`` events.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from berkut.errors import QueryError
from berkut.model import StoredEvent

FORMATS = ("gdelt", "plover", "acled", "parquet")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"{a}{c}" for a in ("Actor1", "Actor2") for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip


def _ymd(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def gdelt_row(e: StoredEvent) -> list[str]:
    when = e.date or e.published
    fraction = f"{when.year + (when.timetuple().tm_yday - 1) / 365:.4f}" if when else ""
    actors = []
    for side in ("source", "target"):
        code, name, country, org, sector = (
            getattr(e, f"{side}_{k}") for k in ("code", "name", "country", "org", "sector")
        )
        actors.append(
            [code or "", (name or "").upper(), country or "", org or "", "", "", "", sector or "", "", ""]
        )
    geo_type = "4" if e.lat is not None else ("1" if e.location_country else "")
    action_geo = [
        geo_type,
        e.location_name or "",
        e.location_country or "",
        "",
        "",
        _num(e.lat),
        _num(e.lon),
        "",
    ]
    return [
        str(e.id), _ymd(when), when.strftime("%Y%m") if when else "", str(when.year) if when else "",
        fraction,
        *actors[0], *actors[1],
        "1" if e.sentence == 0 else "0", e.cameo, e.cameo[:3], e.cameo_root, str(e.quad_class),
        _num(e.goldstein), str(e.num_mentions), str(e.num_sources), str(e.num_articles), "",
        *([""] * 8), *([""] * 8), *action_geo,
        _ymd(e.published) + ("000000" if e.published else ""), e.document_url or e.document_id,
    ]  # fmt: skip


def _actor_json(e: StoredEvent, side: str) -> dict[str, Any] | None:
    code = getattr(e, f"{side}_code")
    text = getattr(e, f"{side}_text")
    if code is None and text is None:
        return None
    return {
        "name": getattr(e, f"{side}_name"),
        "code": code,
        "country": getattr(e, f"{side}_country"),
        "sector": getattr(e, f"{side}_sector"),
        "org": getattr(e, f"{side}_org"),
        "text": text,
        "span": list(span) if (span := getattr(e, f"{side}_span")) else None,
    }


def plover_record(e: StoredEvent) -> dict[str, Any]:
    location = None
    if e.location_name or e.lat is not None:
        location = {"placename": e.location_name, "country": e.location_country, "lat": e.lat, "lon": e.lon}
    return {
        "id": f"berkut-{e.id}",
        "event_date": e.date.isoformat() if e.date else None,
        "date_precision": e.date_precision,
        "event_type": e.plover_type,
        "event_mode": e.plover_mode,
        "contexts": list(e.plover_context),
        "actor": _actor_json(e, "source"),
        "recipient": _actor_json(e, "target"),
        "location": location,
        "event_text": e.sentence_text,
        "story_id": e.document_id,
        "story_title": e.document_title,
        "story_date": e.published.isoformat() if e.published else None,
        "url": e.document_url,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "confidence": e.confidence,
        "negated": e.negated,
        "hypothetical": e.hypothetical,
        "cluster_id": e.cluster_id,
        "num_mentions": e.num_mentions,
        "num_articles": e.num_articles,
        "num_sources": e.num_sources,
    }


# ACLED actor types ("inter" codes) from CAMEO sectors
_INTER = {"MIL": 1, "GOV": 1, "COP": 1, "SPY": 1, "REB": 2, "INS": 2, "UAF": 3, "CVL": 7, "REF": 7, "MED": 7,
          "EDU": 7, "LAB": 7, "BUS": 7, "NGO": 7, "REL": 7, "IGO": 8}  # fmt: skip


def acled_types(cameo: str) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) for a CAMEO code."""
    root = cameo[:2]
    violence, demos, strategic = "Political violence", "Demonstrations", "Strategic developments"
    if root == "19":
        if cameo.startswith("195"):
            return violence, "Explosions/Remote violence", "Air/drone strike"
        if cameo.startswith("194"):
            return violence, "Explosions/Remote violence", "Shelling/artillery/missile attack"
        return violence, "Battles", "Armed clash"
    if root == "18":
        if cameo.startswith("183"):
            return violence, "Explosions/Remote violence", "Suicide bomb"
        if cameo.startswith("181"):
            return violence, "Violence against civilians", "Abduction/forced disappearance"
        return violence, "Violence against civilians", "Attack"
    if root == "20":
        return violence, "Violence against civilians", "Attack"
    if root == "14":
        if cameo.startswith("145"):
            return demos, "Riots", "Violent demonstration"
        return demos, "Protests", "Peaceful protest"
    if cameo.startswith("173"):
        return strategic, "Strategic developments", "Arrests"
    if root in ("03", "05", "06") or cameo.startswith(("057", "08")):
        return strategic, "Strategic developments", "Agreement"
    return strategic, "Strategic developments", "Other"


@lru_cache(maxsize=512)
def _country(iso3: str | None) -> tuple[str, str]:
    """(numeric ISO code, name) for an alpha-3 code; empty for codes that are not countries."""
    if not iso3:
        return "", ""
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    return (str(int(found.numeric)), found.name) if found else ("", "")


def _outlet(e: StoredEvent) -> str:
    return urlsplit(e.document_url).netloc if e.document_url else e.document_id


def acled_row(e: StoredEvent) -> dict[str, Any]:
    disorder, event_type, sub_type = acled_types(e.cameo)
    country_code = e.location_country or e.source_country or e.target_country
    numeric, country = _country(country_code)
    inter1 = _INTER.get(e.source_sector or "", 0) if e.source_code else ""
    inter2 = _INTER.get(e.target_sector or "", 0) if e.target_code else ""
    precision = {"day": 1, "month": 3, "year": 3}.get(e.date_precision or "", 2)
    return {
        "event_id_cnty": f"{country_code or 'XXX'}{e.id}",
        "event_date": e.date.isoformat() if e.date else "",
        "year": e.date.year if e.date else "",
        "time_precision": precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": e.source_name or e.source_code or "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": e.target_name or e.target_code or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": f"{inter1}{inter2}" if inter1 != "" and inter2 != "" else inter1,
        "civilian_targeting": "Civilian targeting" if e.target_sector == "CVL" and e.quad_class == 4 else "",
        "iso": numeric,
        "region": "",
        "country": country,
        "admin1": "",
        "admin2": "",
        "admin3": "",
        "location": e.location_name or "",
        "latitude": "" if e.lat is None else e.lat,
        "longitude": "" if e.lon is None else e.lon,
        "geo_precision": 1 if e.lat is not None else "",
        "source": _outlet(e),
        "source_scale": "",
        "notes": e.sentence_text,
        "fatalities": "",
        "tags": f"berkut event {e.id}; CAMEO {e.cameo}; sources {e.num_sources}",
        "timestamp": "",
    }


# -- writers -----------------------------------------------------------------------------------------


def write_gdelt(events: Iterable[StoredEvent], out: TextIO) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(GDELT_COLUMNS)
    n = 0
    for n, e in enumerate(events, start=1):  # noqa: B007 - n is the count
        writer.writerow([v.replace("\t", " ").replace("\n", " ") for v in gdelt_row(e)])
    return n


def write_plover(events: Iterable[StoredEvent], out: TextIO, lines: bool = True) -> int:
    n = 0
    if not lines:
        out.write("[")
    for n, e in enumerate(events, start=1):  # noqa: B007
        text = json.dumps(plover_record(e), ensure_ascii=False)
        out.write(text + "\n" if lines else ("" if n == 1 else ",\n") + text)
    if not lines:
        out.write("]\n")
    return n


def write_acled(events: Iterable[StoredEvent], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, e in enumerate(events, start=1):  # noqa: B007
        writer.writerow(acled_row(e))
    return n


def _parquet_schema() -> Any:
    import pyarrow as pa

    text, integer, real, flag = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    fields = [("id", integer), ("document_id", text), ("document_title", text), ("document_url", text),
              ("published", pa.date32()), ("sentence", integer), ("sentence_text", text),
              ("sentence_start", integer), ("sentence_end", integer), ("date", pa.date32()),
              ("date_precision", text), ("date_text", text), ("date_reason", text)]  # fmt: skip
    for side in ("source", "target"):
        fields += [(f"{side}_{k}", text) for k in ("code", "country", "sector", "org", "name", "text")]
        fields += [(f"{side}_start", integer), (f"{side}_end", integer)]
    fields += [("cameo", text), ("cameo_root", text), ("quad_class", integer), ("goldstein", real),
               ("plover_type", text), ("plover_mode", text), ("plover_context", pa.list_(text)),
               ("verb_start", integer), ("verb_end", integer), ("location_name", text),
               ("location_country", text), ("lat", real), ("lon", real), ("quote_speaker", text),
               ("negated", flag), ("hypothetical", flag), ("confidence", real), ("explanation", text),
               ("cluster_id", integer), ("num_mentions", integer), ("num_articles", integer),
               ("num_sources", integer)]  # fmt: skip
    return pa.schema(fields)


def _flat(e: StoredEvent) -> dict[str, Any]:
    row = asdict(e)
    for key in ("sentence_span", "source_span", "target_span", "verb_span"):
        span = row.pop(key)
        prefix = key.removesuffix("_span")
        row[f"{prefix}_start"], row[f"{prefix}_end"] = span if span else (None, None)
    row["plover_context"] = list(e.plover_context)
    return row


def write_parquet(events: Iterable[StoredEvent], path: Path, batch: int = 50_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        rows: list[dict[str, Any]] = []
        for e in events:
            rows.append(_flat(e))
            n += 1
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return n


_TEXT_WRITERS: dict[str, Callable[[Iterable[StoredEvent], TextIO], int]] = {
    "gdelt": write_gdelt,
    "acled": write_acled,
    "plover": write_plover,
}


def export(events: Iterable[StoredEvent], fmt: str, output: str | Path | TextIO) -> int:
    """Write events to ``output`` (a path, or a text stream for the text formats); returns how many."""
    if fmt not in FORMATS:
        raise QueryError(f"export format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "parquet":
        if not isinstance(output, (str, Path)):
            raise QueryError("Parquet is written to a file: give --output PATH")
        return write_parquet(events, Path(output))
    if isinstance(output, (str, Path)):
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            if fmt == "plover":
                return write_plover(events, handle, lines=path.suffix.lower() != ".json")
            return _TEXT_WRITERS[fmt](events, handle)
    return _TEXT_WRITERS[fmt](events, output)


def chunks(events: Iterable[StoredEvent], fmt: str) -> Iterator[str]:
    """A text export as chunks of text, for streaming over HTTP."""
    if fmt == "parquet":
        raise QueryError("Parquet cannot be streamed as text")
    buffer = io.StringIO()
    batch: list[StoredEvent] = []
    first = True
    for e in events:
        batch.append(e)
        if len(batch) >= 1000:
            _write_chunk(batch, fmt, buffer, header=first)
            first = False
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            batch = []
    if batch or first:
        _write_chunk(batch, fmt, buffer, header=first)
        yield buffer.getvalue()


def _write_chunk(batch: list[StoredEvent], fmt: str, buffer: io.StringIO, header: bool) -> None:
    if fmt not in _TEXT_WRITERS:
        raise QueryError(f"export format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "plover":
        write_plover(batch, buffer)
        return
    start = buffer.tell()
    _TEXT_WRITERS[fmt](batch, buffer)
    if not header:  # drop the header line the writer just wrote
        text = buffer.getvalue()[start:]
        buffer.seek(start)
        buffer.truncate()
        buffer.write(text.split("\n", 1)[1] if "\n" in text else "")

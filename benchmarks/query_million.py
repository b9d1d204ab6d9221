"""Query speed over a million stored events: dyad timelines, trends and filtered event lists.

    PYTHONPATH=src python benchmarks/query_million.py [--events 1000000] [--backend sqlite postgresql]
        [--sqlite PATH] [--pg URL] [--keep] [--repeat 5] [--json out.json]

The events are synthetic (nothing is read from outside the repository): documents of five events
each, actors drawn from 30 countries with Zipf-like frequencies (so some dyads are busy and most are
quiet), sectors, a few organisations, CAMEO codes with their real Goldstein values, quad classes and
PLOVER types from the ontology, dates spread over ten years, confidences, flags and coordinates. They
are written with bulk inserts (``executemany`` on SQLite, ``COPY`` on PostgreSQL) into a store created
by ``open_store`` — the real schema, indexes, full-text index and migrations — and the queries then go
through the same library calls as the CLI and the API. Each query runs once cold and ``--repeat``
times warm; the median warm time is the figure (the target is under 300 ms on SQLite).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from berkut import query
from berkut.model import EventFilter
from berkut.ontology.codes import load_code_tables
from berkut.store import Store, open_store, schema

PG_URL = os.environ.get("BERKUT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
COUNTRIES = ["AFG", "KAZ", "RUS", "CHN", "USA", "UZB", "TJK", "KGZ", "TKM", "IRN", "PAK", "IND", "TUR", "UKR",
             "BLR", "GEO", "ARM", "AZE", "MNG", "DEU", "FRA", "GBR", "JPN", "KOR", "SAU", "ARE", "QAT", "ISR",
             "EGY", "SYR"]  # fmt: skip
SECTORS = [None, None, "GOV", "GOV", "MIL", "COP", "OPP", "REB", "CVL", "BUS", "LEG", "JUD"]
FIRST_DAY, DAYS = date(2015, 1, 1), 3652
EVENTS_PER_DOC = 5


def machine() -> dict[str, str]:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return "?"

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = run(["free", "-h"]).splitlines()
    return {"nproc": run(["nproc"]), "cpu": cpu, "memory": memory[1] if len(memory) > 1 else "?",
            "python": platform.python_version(), "sqlalchemy": sa.__version__,
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}  # fmt: skip


# -- synthetic data ----------------------------------------------------------------------------------


def _codes() -> list[tuple[str, float, int, str | None]]:
    tables = load_code_tables()
    return [(c.code, c.goldstein, c.quad_class, c.plover_type) for c in tables.cameo_codes() if len(c.code) == 3]


def generate(n_events: int, seed: int = 7) -> Iterator[tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]]:
    """(document, [sentence rows], [event rows]) per document, with explicit ids."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(COUNTRIES))]
    codes = _codes()
    now = datetime(2025, 1, 1, tzinfo=UTC)
    event_id = 0
    for doc_id in range(1, n_events // EVENTS_PER_DOC + 1):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        document = {"id": doc_id, "doc_key": f"syn{doc_id}", "content_hash": f"{doc_id:064x}",
                    "title": f"Synthetic report {doc_id}", "url": f"http://outlet{doc_id % 97}.test/{doc_id}",
                    "source": f"outlet{doc_id % 97}.test", "published": day, "text": f"Synthetic report {doc_id}.",
                    "n_words": 120, "coder_version": "synthetic", "ingested_at": now}  # fmt: skip
        sentences, events = [], []
        for idx in range(EVENTS_PER_DOC):
            event_id += 1
            src_c, tgt_c = rng.choices(COUNTRIES, weights, k=2)
            if tgt_c == src_c:
                tgt_c = COUNTRIES[(COUNTRIES.index(src_c) + 1) % len(COUNTRIES)]
            src_s, tgt_s = rng.choice(SECTORS), rng.choice(SECTORS)
            org = "TALIBAN" if src_c == "AFG" and src_s == "REB" else None
            code, goldstein, quad, plover = rng.choice(codes)
            when = day - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            text = f"The {src_c} {src_s or 'state'} did {code} to {tgt_c} {tgt_s or 'state'} near town {event_id % 5000}."
            sentences.append({"document_id": doc_id, "idx": idx, "start": idx * 100, "end": idx * 100 + len(text),
                              "text": text})  # fmt: skip
            located = rng.random() < 0.5
            events.append({
                "id": event_id, "document_id": doc_id, "sentence": idx, "date": when, "date_precision": "day",
                "date_text": None, "date_reason": "synthetic", "date_source": "clause",
                "source_text": src_c, "source_start": 0, "source_end": 3, "source_code": src_c + (src_s or ""),
                "source_country": src_c, "source_sector": src_s, "source_org": org, "source_name": src_c,
                "source_actor_id": None,
                "target_text": tgt_c, "target_start": 10, "target_end": 13, "target_code": tgt_c + (tgt_s or ""),
                "target_country": tgt_c, "target_sector": tgt_s, "target_org": None, "target_name": tgt_c,
                "target_actor_id": None,
                "cameo": code, "cameo_root": code[:2], "quad_class": quad, "goldstein": goldstein,
                "plover_type": plover, "plover_mode": None, "plover_context": "[]", "verb_start": 4, "verb_end": 8,
                "location_name": "Somewhere" if located else None, "location_country": tgt_c if located else None,
                "location_source": "sentence" if located else None,
                "lat": rng.uniform(30, 55) if located else None, "lon": rng.uniform(40, 90) if located else None,
                "geonameid": None, "quote_speaker": None, "quote_content": None,
                "negated": rng.random() < 0.03, "hypothetical": rng.random() < 0.03,
                "confidence": round(rng.uniform(0.3, 1.0), 2), "explanation": "{}", "cluster_id": event_id,
            })  # fmt: skip
        yield document, sentences, events


def fill(store: Store, n_events: int) -> float:
    """Bulk-insert ``n_events`` synthetic events; returns seconds."""
    started = time.perf_counter()
    batch: dict[str, list[dict[str, Any]]] = {"documents": [], "sentences": [], "events": []}

    def flush() -> None:
        if store.dialect == "postgresql":
            _copy(store, batch)
        else:
            with store.engine.begin() as connection:
                for name in ("documents", "sentences", "events"):
                    if batch[name]:
                        connection.execute(sa.insert(schema.metadata.tables[name]), batch[name])
        for rows in batch.values():
            rows.clear()

    for document, sentences, events in generate(n_events):
        batch["documents"].append(document)
        batch["sentences"].extend(sentences)
        batch["events"].extend(events)
        if len(batch["events"]) >= 50_000:
            flush()
    flush()
    with store.engine.begin() as connection:
        if store.dialect == "postgresql":
            for table in ("documents", "sentences", "events"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        else:
            connection.exec_driver_sql("ANALYZE")
    if store.dialect == "postgresql":
        # what autovacuum does soon after a bulk load: statistics, and the visibility map that lets
        # index-only scans skip the table
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE documents, sentences, events")
    return time.perf_counter() - started


def _copy(store: Store, batch: dict[str, list[dict[str, Any]]]) -> None:
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for name in ("documents", "sentences", "events"):
            rows = batch[name]
            if not rows:
                continue
            columns = list(rows[0])
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        raw.commit()
    finally:
        raw.close()


# -- queries -----------------------------------------------------------------------------------------

QUERIES: dict[str, Callable[[Store], Any]] = {
    "dyad timeline AFG-KAZ by month": lambda s: query.dyad_timeline(s, "AFG", "KAZ", "month"),
    "dyad trend AFG-KAZ by week (PLOVER, volume, spikes)": lambda s: query.dyad_trend(s, "AFG", "KAZ", "week"),
    "country timeline KAZ by month": lambda s: query.country_timeline(s, "KAZ", "month"),
    "events: actor KAZ, roots 14+17, 2019-2020, conf>=0.5, 100 newest": lambda s: query.events(
        s, EventFilter(actor="KAZ", cameo_root=("14", "17"), date_from=date(2019, 1, 1), date_to=date(2020, 12, 31),
                       min_confidence=0.5, limit=100)),  # fmt: skip
    "events: dyad AFG-KAZ, 100 newest": lambda s: query.events(s, EventFilter(dyad=("AFG", "KAZ"), limit=100)),
    "events: organisation TALIBAN, 2023, 100 newest": lambda s: query.events(
        s, EventFilter(actor="TALIBAN", date_from=date(2023, 1, 1), date_to=date(2023, 12, 31), limit=100)),
    "count: dyad AFG-KAZ, distinct clusters": lambda s: query.count(s, EventFilter(dyad=("AFG", "KAZ")), True),
}


def time_queries(store: Store, repeat: int) -> dict[str, dict[str, float]]:
    out = {}
    for name, run in QUERIES.items():
        started = time.perf_counter()
        result = run(store)
        cold = time.perf_counter() - started
        warm = []
        for _ in range(repeat):
            started = time.perf_counter()
            run(store)
            warm.append(time.perf_counter() - started)
        size = result if isinstance(result, int) else len(result)
        out[name] = {"cold_ms": cold * 1000, "median_ms": statistics.median(warm) * 1000, "rows": size}
        print(f"  {name:66s} cold {cold * 1000:7.1f} ms  warm median {statistics.median(warm) * 1000:7.1f} ms"
              f"  ({size} rows)", flush=True)  # fmt: skip
    return out


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--events", type=int, default=1_000_000)
    args.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    args.add_argument("--sqlite", type=Path, default=None, help="SQLite file (default: a temporary one)")
    args.add_argument("--pg", default=PG_URL, help="PostgreSQL URL; a schema bench_million is (re)created in it")
    args.add_argument("--keep", action="store_true", help="keep the filled databases")
    args.add_argument("--repeat", type=int, default=5)
    args.add_argument("--json", type=Path, default=None)
    opts = args.parse_args()
    results: dict[str, Any] = {"machine": machine(), "events": opts.events, "command": " ".join(sys.argv)}
    print(json.dumps(results["machine"]))
    for backend in opts.backend:
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                path = opts.sqlite or Path(tmp) / "million.db"
                if path.exists() and not opts.keep:
                    path.unlink()
                url, reuse = f"sqlite:///{path}", path.exists()
            else:
                admin = sa.create_engine(opts.pg)
                with admin.begin() as connection:
                    reuse = bool(connection.exec_driver_sql(
                        "SELECT 1 FROM information_schema.schemata WHERE schema_name = 'bench_million'").first())
                    if not (reuse and opts.keep):
                        connection.exec_driver_sql("DROP SCHEMA IF EXISTS bench_million CASCADE")
                        connection.exec_driver_sql("CREATE SCHEMA bench_million")
                        reuse = False
                admin.dispose()
                url = f"{opts.pg}?options=-csearch_path%3Dbench_million"
            with open_store(url) as store:
                have = store.counts()["events"] if reuse else 0
                print(f"{backend}: {'reusing' if have else 'filling with'} {have or opts.events:,} events", flush=True)
                fill_s = 0.0 if have else fill(store, opts.events)
                if fill_s:
                    print(f"  bulk insert: {fill_s:.1f} s ({opts.events / fill_s:,.0f} events/s)", flush=True)
                results[backend] = {"fill_s": fill_s, "queries": time_queries(store, opts.repeat)}
            if backend == "postgresql" and not opts.keep:
                admin = sa.create_engine(opts.pg)
                with admin.begin() as connection:
                    connection.exec_driver_sql("DROP SCHEMA IF EXISTS bench_million CASCADE")
                admin.dispose()
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

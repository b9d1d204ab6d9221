"""Ingest rate into SQLite and PostgreSQL: the store alone, and end to end from files and from a feed.

    PYTHONPATH=src python benchmarks/ingest_store.py [--documents 2000] [--backend sqlite postgresql]
        [--only store,files,feed] [--json out.json]

- ``store``: ``Store.add`` of analyses built in memory (no parsing): 15 sentences, 10 mentions, 2 time
  expressions, a place and 5 events per document, each document in its own transaction and its events
  clustered against what is stored (a third of the documents retell an earlier event, so clustering
  finds candidates). Documents/s and events/s.
- ``files``: ``berkut.ingest.ingest`` of the bundled sample corpus (48 reports) with the real pipeline,
  into an empty store: what a user sees from ``berkut ingest --sample``; the model load is not timed.
- ``feed``: the same reports served as HTML pages and an RSS feed by a local HTTP server on 127.0.0.1,
  ingested with ``ingest_targets`` (polite client, ``host_delay`` 0): fetching + article extraction +
  coding + storing, and a second poll that must fetch nothing.

Nothing is read from outside the repository. PostgreSQL runs use a fresh schema that is dropped after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_million import machine  # noqa: E402

from berkut.model import (  # noqa: E402
    Analysis,
    DatePrecision,
    DateSource,
    Document,
    Event,
    Explanation,
    Mention,
    Parse,
    Place,
    Sentence,
    TimeExpr,
)
from berkut.settings import load_settings  # noqa: E402
from berkut.store import open_store  # noqa: E402

PG_URL = os.environ.get("BERKUT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SAMPLE = Path(__file__).resolve().parent.parent / "src" / "berkut" / "sample" / "reports.jsonl"
COUNTRIES = ["AFG", "KAZ", "RUS", "CHN", "UZB", "TJK", "KGZ", "IRN", "PAK", "TUR"]
CODES = [("111", 3, -2.0, "DISAPPROVE"), ("130", 3, -4.4, "THREATEN"), ("141", 4, -6.5, "PROTEST"),
         ("173", 4, -5.0, "COERCE"), ("040", 1, 1.0, "CONSULT"), ("057", 1, 8.0, "AGREE"),
         ("190", 4, -10.0, "FIGHT"), ("071", 2, 7.4, "AID")]  # fmt: skip
WORDS = "border talks ministry capital troops protest agreement trade water energy election court".split()


class Backend:
    def __init__(self, name: str, tmp: Path) -> None:
        self.name, self.tmp, self.schema = name, tmp, f"bench_{uuid.uuid4().hex[:8]}"

    def url(self, tag: str) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{self.tmp / f'{tag}.db'}"
        admin = sa.create_engine(PG_URL)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {self.schema}_{tag}")
        admin.dispose()
        return f"{PG_URL}?options=-csearch_path%3D{self.schema}_{tag}"

    def drop(self) -> None:
        if self.name == "postgresql":
            admin = sa.create_engine(PG_URL)
            with admin.begin() as connection:
                names = connection.execute(
                    sa.text("SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, :p)"),
                    {"p": self.schema},
                )
                for (name,) in list(names):
                    connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
            admin.dispose()


# -- store alone -------------------------------------------------------------------------------------


def synthetic(n: int, seed: int = 11) -> list[Analysis]:
    rng = random.Random(seed)
    out, told = [], []
    for i in range(n):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(60))
        events_spec = []
        for _ in range(5):
            if told and rng.random() < 1 / 3:
                events_spec.append(rng.choice(told))  # a retelling of an earlier event
            else:
                spec = (*rng.sample(COUNTRIES, 2), rng.choice(CODES), day, " ".join(rng.sample(WORDS, 4)))
                events_spec.append(spec)
                told.append(spec)
        sentences, offset = [], 0
        for k in range(15):
            if k < 5:
                a, b, (code, *_), when, words = events_spec[k]
                text = f"{a} did {code} to {b} over {words} on {when} (report {i}, line {k})."
            else:
                text = f"Background line {k} of report {i} about {' '.join(rng.sample(WORDS, 5))}."
            sentences.append(Sentence(k, (offset, offset + len(text)), text, (0, 0)))
            offset += len(text) + 1
        body = " ".join(s.text for s in sentences)
        mentions = tuple(Mention(c, (0, 3), c, c, None, None, c, f"id-{c}", sentence=k % 15)
                         for k, c in enumerate(rng.sample(COUNTRIES, 10)))  # fmt: skip
        events = []
        for k, (a, b, (code, quad, goldstein, plover), when, _words) in enumerate(events_spec):
            src = Mention(a, (0, 3), a, a, None, None, a, f"id-{a}", sentence=k)
            tgt = Mention(b, (10, 13), b, b, None, None, b, f"id-{b}", sentence=k)
            events.append(Event(
                sentence=k, text=sentences[k].text, span=sentences[k].span, source=src, target=tgt, cameo=code,
                cameo_root=code[:2], quad_class=quad, goldstein=goldstein, plover_type=plover, plover_mode=None,
                plover_context=(), date=when, date_precision=DatePrecision.DAY, date_text=str(when),
                date_reason="synthetic", date_source=DateSource.CLAUSE, verb_span=(4, 7),
                explanation=Explanation("rule", "verb", "p"), confidence=0.8,
                location=Place("Almaty", (0, 6), "Almaty", "KAZ", 43.25, 76.91, 1526384, k),
            ))  # fmt: skip
        times = (TimeExpr("Monday", (0, 6), day, DatePrecision.DAY, "weekday"),) * 2
        places = (Place("Almaty", (0, 6), "Almaty", "KAZ", 43.25, 76.91, 1526384),)
        document = Document(f"syn{i}", body, day, f"Report {i}", f"http://outlet{i % 7}.test/{i}", f"outlet{i % 7}")
        out.append(Analysis(document, Parse((), tuple(sentences), ()), mentions, times, places, (), tuple(events)))
    return out


def bench_store(backend: Backend, n: int) -> dict[str, Any]:
    analyses = synthetic(n)
    with open_store(backend.url("store")) as store:
        started = time.perf_counter()
        for analysis in analyses:
            store.add(analysis, coder_version="bench")
        seconds = time.perf_counter() - started
        counts = store.counts()
        clusters = store.count_events(sa_filter(distinct=True))
    return {"documents": n, "seconds": seconds, "documents_per_s": n / seconds,
            "events_per_s": counts["events"] / seconds, "events": counts["events"], "clusters": clusters}  # fmt: skip


def sa_filter(distinct: bool) -> Any:
    from berkut.model import EventFilter

    return EventFilter(distinct_clusters=distinct, include_negated=True, include_hypothetical=True)


# -- end to end --------------------------------------------------------------------------------------


def sample_documents() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def bench_files(backend: Backend, pipeline: Any) -> dict[str, Any]:
    from berkut.ingest import ingest
    from berkut.sources import iter_paths

    with open_store(backend.url("files")) as store:
        started = time.perf_counter()
        report = ingest(iter_paths([SAMPLE]), store, pipeline)
        seconds = time.perf_counter() - started
    return {"documents": report.stored, "events": report.events, "seconds": seconds,
            "documents_per_s": report.stored / seconds}  # fmt: skip


def serve_sample() -> tuple[ThreadingHTTPServer, str]:
    docs = sample_documents()
    pages = {}
    for d in docs:
        paragraphs = "".join(f"<p>{p}</p>" for p in d["text"].split(". "))
        pages[f"/{d['id']}"] = (f"<html><head><title>{d['title']}</title></head><body><article><h1>{d['title']}"
                                f"</h1>{paragraphs}</article></body></html>").encode()  # fmt: skip

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed.xml":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                items = "".join(f"<item><title>{d['title']}</title><link>{base}/{d['id']}</link>"
                                f"<guid>{d['id']}</guid><pubDate>{d['date']}</pubDate></item>" for d in docs)  # fmt: skip
                body = f'<rss version="2.0"><channel><title>sample</title>{items}</channel></rss>'.encode()
                kind = "application/rss+xml"
            elif self.path in pages:
                body, kind = pages[self.path], "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/feed.xml"


def bench_feed(backend: Backend, pipeline: Any) -> dict[str, Any]:
    from berkut.ingest import ingest_targets
    from berkut.sources.web import WebClient

    server, feed = serve_sample()
    settings = load_settings({"host_delay": 0.0}, environ={}, path=Path("/nonexistent"))
    try:
        with open_store(backend.url("feed")) as store, WebClient(settings) as client:
            started = time.perf_counter()
            first = ingest_targets([], store, pipeline, client, feeds=[feed])
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            second = ingest_targets([], store, pipeline, client, feeds=[feed])
            again = time.perf_counter() - started
    finally:
        server.shutdown()
        server.server_close()
    return {"documents": first.stored, "fetched": first.fetched, "seconds": seconds,
            "documents_per_s": first.stored / seconds, "second_poll_seconds": again,
            "second_poll_fetched": second.fetched, "errors": first.errors[:5]}  # fmt: skip


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--documents", type=int, default=2000)
    args.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    args.add_argument("--only", default="store,files,feed")
    args.add_argument("--json", type=Path, default=None)
    opts = args.parse_args()
    only = set(opts.only.split(","))
    results: dict[str, Any] = {"machine": machine(), "command": " ".join(sys.argv)}
    print(json.dumps(results["machine"]))
    pipeline = None
    if only & {"files", "feed"}:
        from berkut.pipeline import Pipeline

        started = time.perf_counter()
        pipeline = Pipeline(load_settings(environ={}, path=Path("/nonexistent")))
        list(pipeline.analyze([Document("warm", "Kazakhstan condemned Russia on Monday.")]))
        print(f"pipeline loaded in {time.perf_counter() - started:.1f} s (not timed below)")
    for name in opts.backend:
        with tempfile.TemporaryDirectory() as tmp:
            backend = Backend(name, Path(tmp))
            try:
                results[name] = {}
                if "store" in only:
                    r = results[name]["store"] = bench_store(backend, opts.documents)
                    print(f"{name} store.add: {r['documents']} documents in {r['seconds']:.1f} s = "
                          f"{r['documents_per_s']:.0f} documents/s, {r['events_per_s']:.0f} events/s "
                          f"({r['events']} events in {r['clusters']} clusters)", flush=True)  # fmt: skip
                if "files" in only:
                    r = results[name]["files"] = bench_files(backend, pipeline)
                    print(f"{name} ingest sample (files): {r['documents']} documents, {r['events']} events in "
                          f"{r['seconds']:.1f} s = {r['documents_per_s']:.1f} documents/s", flush=True)  # fmt: skip
                if "feed" in only:
                    r = results[name]["feed"] = bench_feed(backend, pipeline)
                    print(f"{name} ingest sample (local RSS + HTML): {r['documents']} documents in "
                          f"{r['seconds']:.1f} s = {r['documents_per_s']:.1f} documents/s; second poll "
                          f"{r['second_poll_seconds'] * 1000:.0f} ms, {r['second_poll_fetched']} fetched", flush=True)  # fmt: skip
            finally:
                backend.drop()
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

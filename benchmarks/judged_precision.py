"""Event precision on the hand-judged real-news samples, re-run with the current coder.

    PYTHONPATH=src python benchmarks/judged_precision.py [--json out.json] [--list-new]

Data: the articles of ``corpora/`` named by the judged samples in ``tests/gold/corpora_judged*.yaml``
(each entry: the article's row, berkut's sentence index, the coding and a verdict C or W; the text stays
in ``../shared``). Every article that holds a judged sentence is analysed again, exactly as it was when
judged (``Document(id=<row>, text=<text>, date=<date>)``, default settings), and every kept event of a
judged sentence is matched to a verdict by (source, CAMEO code, target), preferring the same pattern.

Reported per sample: the events produced, how many carry a verdict C or W, precision over those, and the
events no verdict covers yet (a changed coder makes new ones: judge them by hand and add them to the
sample with ``why: "rerun ..."``; ``--list-new`` prints them). Precision over judged events is an upper
bound until every event is judged; C over all events is the lower bound.

A sample is a dev set once its errors have been read and fixed: the figure that says how the coder does
on unseen news is the first judging of a fresh sample (its file header records it).
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from _shared import REPO, analyze, build_pipeline, finish, kept, parser, ratio, require

from berkut.model import Document, Event

# Corpus name → (file in ../shared/data/corpora, row prefix, which rows belong): a row key is
# "<prefix>:<0-based row>" (the CSV data row, or the JSONL line).
CORPORA: dict[str, tuple[str, str, Callable[[dict[str, str]], bool]]] = {
    "wikinews_2019": ("wikinews_2019.csv", "wikinews_2019", lambda row: True),
    "wikinews_2020": ("wikinews_2020.csv", "wikinews_2020", lambda row: True),
    "guardian": ("guardian_sample_ngec_249.csv", "guardian_2019", lambda row: True),
    "bbc_politics": ("bbc_news_2225.jsonl", "bbc_politics", lambda row: row.get("category") == "politics"),
}

# Sample file → the corpus file it was drawn from.
SAMPLES = {
    "corpora_judged.yaml": "wikinews_2019.csv",
    "corpora_judged_guardian.yaml": "guardian_sample_ngec_249.csv",
    "corpora_judged_wikinews2020.yaml": "wikinews_2020.csv",
    "corpora_judged_wikinews2020b.yaml": "wikinews_2020.csv",
    "corpora_judged_bbc.yaml": "bbc_news_2225.jsonl",  # row = line of the JSONL; no dates
    "corpora_judged_guardian2.yaml": "guardian_sample_ngec_249.csv",
    "corpora_judged_wikinews2019b.yaml": "wikinews_2019.csv",
    "corpora_judged_bbcb.yaml": "bbc_news_2225.jsonl",
    "corpora_judged_guardian3.yaml": "guardian_sample_ngec_249.csv",
    "corpora_judged_wikinews2020c.yaml": "wikinews_2020.csv",
    "corpora_judged_bbcc.yaml": "bbc_news_2225.jsonl",
    "corpora_judged_guardian4.yaml": "guardian_sample_ngec_249.csv",
    "corpora_judged_wikinews2020d.yaml": "wikinews_2020.csv",
    "corpora_judged_bbcd.yaml": "bbc_news_2225.jsonl",
    "corpora_judged_guardian5.yaml": "guardian_sample_ngec_249.csv",
    "corpora_judged_bbce.yaml": "bbc_news_2225.jsonl",
    "corpora_judged_guardian6.yaml": "guardian_sample_ngec_249.csv",
    "corpora_judged_bbcf.yaml": "bbc_news_2225.jsonl",
    "corpora_judged_wikinews2020e.yaml": "wikinews_2020.csv",
}


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    new: list[dict[str, Any]] = field(default_factory=list)
    wrong_events: list[dict[str, Any]] = field(default_factory=list)
    right_events: list[dict[str, Any]] = field(default_factory=list)
    by_band: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    @property
    def produced(self) -> int:
        return self.right + self.wrong + len(self.new)


def main() -> None:
    args = parser(__doc__.split("\n")[0])
    args.add_argument("--list-new", action="store_true", help="print the events no verdict covers yet")
    args.add_argument("--list-wrong", action="store_true", help="print the events still judged W, with why")
    args.add_argument("--list-right", action="store_true", help="print the events judged C (to see what a change lost)")
    options = args.parse_args()
    started = time.perf_counter()
    csv.field_size_limit(1 << 30)
    pipeline = build_pipeline()
    figures: dict[str, Any] = {}
    total = Tally()
    for sample_name, corpus_name in SAMPLES.items():
        sample_path = REPO / "tests" / "gold" / sample_name
        rows = _rows(require(options.data / "corpora" / corpus_name))
        tally = _rerun(pipeline, sample_path, rows)
        figures[sample_name] = {
            "events": tally.produced,
            "right": tally.right,
            "wrong": tally.wrong,
            "unjudged": len(tally.new),
            "precision_judged": ratio(tally.right, tally.right + tally.wrong),
            "precision_lower_bound": ratio(tally.right, tally.produced),
            "new": tally.new,
        }
        print(f"{sample_name}: {tally.produced} events, {tally.right} right, {tally.wrong} wrong, "
              f"{len(tally.new)} unjudged; precision {figures[sample_name]['precision_judged']}")
        total.right, total.wrong = total.right + tally.right, total.wrong + tally.wrong
        total.new += tally.new
        total.wrong_events += tally.wrong_events
        total.right_events += tally.right_events
        for band, (right, wrong) in tally.by_band.items():
            total.by_band[band][0] += right
            total.by_band[band][1] += wrong
    figures["all"] = {"right": total.right, "wrong": total.wrong, "unjudged": len(total.new),
                      "precision_judged": ratio(total.right, total.right + total.wrong)}
    figures["all"]["by_confidence"] = {
        band: {"right": right, "wrong": wrong, "precision": ratio(right, right + wrong)}
        for band, (right, wrong) in sorted(total.by_band.items())
    }
    print(f"all: precision {figures['all']['precision_judged']} ({total.right} / {total.right + total.wrong}), "
          f"{len(total.new)} unjudged")
    for band, figure in figures["all"]["by_confidence"].items():
        print(f"  confidence {band}: {figure['precision']} ({figure['right']} / {figure['right'] + figure['wrong']})")
    if options.list_wrong:
        for event in total.wrong_events:
            print("  wrong:", event)
    if options.list_right:
        for event in total.right_events:
            print("  right:", event)
    if options.list_new:
        for event in total.new:
            print("  new:", event)
    finish(figures, options.json, started)


def _rerun(pipeline: Any, sample_path: Path, rows: list[dict[str, str]]) -> Tally:
    verdicts: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for entry in yaml.safe_load(sample_path.read_text(encoding="utf-8"))["sample"]:
        verdicts[entry["row"], entry["sentence"]].append(entry)
    keys = sorted({row for row, _ in verdicts}, key=lambda r: int(r.split(":")[1]))
    documents = [_document(key, rows[int(key.split(":")[1])]) for key in keys]
    tally = Tally()
    for analysis in analyze(pipeline, documents):
        row = analysis.document.id
        for event in kept(analysis.events):
            entries = verdicts.get((row, event.sentence))
            if entries is None:
                continue
            verdict, why = _verdict(event, entries)
            if verdict in ("C", "W"):
                tally.by_band[_band(event.confidence)][verdict == "W"] += 1
            if verdict == "C":
                tally.right += 1
                tally.right_events.append({"row": row, "sentence": event.sentence, **_coding(event)})
            elif verdict == "W":
                tally.wrong += 1
                tally.wrong_events.append({"row": row, "sentence": event.sentence, **_coding(event), "why": why})
            else:
                tally.new.append({"row": row, "sentence": event.sentence, **_coding(event)})
    return tally


def _band(confidence: float) -> str:
    """Confidence bands for calibration on real news (the issue's bar: above 0.5 right 80% of the time)."""
    if confidence > 0.5:
        return "> 0.5"
    return "0.2-0.5" if confidence >= 0.2 else "< 0.2"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in lines]
        return list(csv.DictReader(lines))


def _document(key: str, row: dict[str, str]) -> Document:
    day = date.fromisoformat(row["date"][:10]) if row.get("date") else None
    return Document(id=key, text=row["text"], date=day)


def _coding(event: Event) -> dict[str, Any]:
    return {
        "source": str(event.source.code if event.source else None),
        "cameo": event.cameo,
        "target": str(event.target.code if event.target else None),
        "pattern": event.explanation.pattern,
        "confidence": round(event.confidence, 2),
    }


def _verdict(event: Event, entries: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    coding = _coding(event)
    same = [
        e for e in entries
        if (str(e["source"]), str(e["cameo"]), str(e["target"])) == (coding["source"], coding["cameo"], coding["target"])
    ]
    same.sort(key=lambda e: e.get("pattern") != coding["pattern"])
    return (str(same[0]["verdict"]), str(same[0].get("why"))) if same else (None, None)


if __name__ == "__main__":
    main()

"""Police KILL / ARREST / FORCE recall and precision on IndiaPoliceEvents (Times of India, March 2002).

    PYTHONPATH=src python benchmarks/eval_indiapolice.py [--limit N_DOCUMENTS] [--json out.json]

Data: ``indiapoliceevents/docs.jsonl`` (1,257 articles), ``metadata.jsonl`` (their dates) and
``sents.jsonl`` (21,391 sentences of those articles, each labelled with any of KILL, ARREST, FORCE, FAIL,
ANY_ACTION; a sentence without labels is a negative).  The labels say what *the police* did: killed
someone, arrested someone, used force.  The text is lower-cased in the release, which is hard on any
named-entity recogniser; berkut reads it as it is.

Whole articles are coded with their publication date; each kept event (not negated, not hypothetical)
is assigned to the gold sentence holding the start of its verb span (sentences are located in the
article text in order; the few that cannot be found are left out).  A sentence is predicted positive for
a label when one of its events carries a mapped CAMEO code:

* KILL   ← 1823 (kill by physical assault), 186 (assassinate), 20x (unconventional mass violence), and
  any 18x/19x event whose predicate is a killing verb (kill, murder, die, ...): CAMEO codes a killing
  by its means, so "police killed two persons" is 190
* ARREST ← 173 (arrest, detain or charge with legal action)
* FORCE  ← 175 (violent repression: tear gas, baton charges, firing on crowds), 18x (assault),
  19x (fight), 20x

Two predictions are scored: **any source** (the event's source may be anyone) and **police source** (the
source mention's sector is COP or MIL, closer to the labels' meaning).  Reported per label: gold
positives, predicted positives, true positives, recall, precision, F1 (sentence level).  FAIL and
ANY_ACTION have no CAMEO counterpart and are not scored.

``--dateline "NEW DELHI"`` is a diagnostic: it puts ``NEW DELHI: `` before every article (offsets are
shifted back), giving the coder the country cue it needs to code a bare "police" (berkut codes a
countryless sector noun only when the sentence or a dateline anchors it to a state, and the lower-cased
city names of the release are not recognised).  The honest figure is the run without it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from _shared import analyze, build_pipeline, finish, kept, parser, ratio, require

from berkut.model import Document, Event

# CAMEO codes killing by its means (190 conventional force, 1823 physical assault, 20x mass violence),
# so a KILL is also an assault or use of force whose predicate is a killing verb.
KILLING_VERBS = frozenset({"kill", "murder", "slay", "die", "perish", "execute", "lynch"})
LABELS: dict[str, Callable[[Event], bool]] = {
    "KILL": lambda e: e.cameo in ("1823", "186") or e.cameo_root == "20"
    or (e.cameo_root in ("18", "19") and e.explanation.verb in KILLING_VERBS),
    "ARREST": lambda e: e.cameo.startswith("173"),
    "FORCE": lambda e: e.cameo.startswith("175") or e.cameo_root in ("18", "19", "20"),
}
POLICE_SECTORS = frozenset({"COP", "MIL"})


def _police(event: Event) -> bool:
    return event.source is not None and event.source.sector in POLICE_SECTORS


def main() -> None:
    options = parser(__doc__.split("\n")[0])
    options.add_argument("--dateline", default=None,
                         help='diagnostic: put "DATELINE: " before every article (e.g. "NEW DELHI")')
    args = options.parse_args()
    prefix = f"{args.dateline.upper()}: " if args.dateline else ""
    started = time.perf_counter()
    folder = args.data / "indiapoliceevents"
    docs_path, meta_path, sents_path = (require(folder / name)
                                        for name in ("docs.jsonl", "metadata.jsonl", "sents.jsonl"))
    texts: dict[int, str] = {}
    for line in docs_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts[record["doc_id"]] = record["doc_text"]
    dates: dict[int, date | None] = {}
    for line in meta_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        dates[record["doc_id"]] = date.fromisoformat(record["date"]) if record.get("date") else None
    gold: dict[int, list[tuple[int, str, set[str]]]] = {}
    for line in sents_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold.setdefault(record["doc_id"], []).append((record["sent_id"], record["sent_text"],
                                                      set(record["sent_labels"])))
    doc_ids = [doc_id for doc_id in texts if doc_id in gold]
    doc_ids = doc_ids[: args.limit] if args.limit else doc_ids

    # locate each gold sentence in its article, in order
    located: dict[int, list[tuple[int, int, set[str]]]] = {}
    unlocated = 0
    for doc_id in doc_ids:
        cursor, spans = 0, []
        for _, sentence, labels in sorted(gold[doc_id], key=lambda item: item[0]):
            probe = sentence.strip()
            at = texts[doc_id].find(probe, cursor) if probe else -1
            if at < 0:
                unlocated += 1
                continue
            spans.append((at + len(prefix), at + len(prefix) + len(probe), labels))
            cursor = at + len(probe)
        located[doc_id] = spans

    pipeline = build_pipeline()
    documents = [Document(id=str(doc_id), text=prefix + texts[doc_id], date=dates.get(doc_id))
                 for doc_id in doc_ids]
    variants = {"any_source": lambda e: True, "police_source": _police}
    tallies = {variant: {label: {"gold": 0, "predicted": 0, "true": 0} for label in LABELS}
               for variant in variants}
    sentences_scored = events_total = events_unplaced = 0
    for doc_id, analysis in zip(doc_ids, analyze(pipeline, documents, every=100), strict=True):
        spans = located[doc_id]
        predicted: list[dict[str, set[str]]] = [{v: set() for v in variants} for _ in spans]
        for event in kept(analysis.events):
            events_total += 1
            at = event.verb_span[0]
            index = next((i for i, (start, end, _) in enumerate(spans) if start <= at < end), None)
            if index is None:
                events_unplaced += 1
                continue
            for variant, accept in variants.items():
                if accept(event):
                    predicted[index][variant].update(
                        label for label, hit in LABELS.items() if hit(event))
        for (_, _, labels), guesses in zip(spans, predicted, strict=True):
            sentences_scored += 1
            for variant in variants:
                for label in LABELS:
                    tally = tallies[variant][label]
                    tally["gold"] += label in labels
                    tally["predicted"] += label in guesses[variant]
                    tally["true"] += label in labels and label in guesses[variant]

    figures: dict[str, Any] = {
        "dataset": str(folder), "documents": len(doc_ids), "sentences_scored": sentences_scored,
        "sentences_not_located": unlocated, "kept_events": events_total,
        "events_outside_gold_sentences": events_unplaced, "dateline": args.dateline,
        "mapping": {"KILL": "1823, 186, 20x", "ARREST": "173", "FORCE": "175, 18x, 19x, 20x",
                    "police_source": "source sector COP or MIL"},
    }
    print(f"IndiaPoliceEvents: {len(doc_ids)} articles{' with dateline ' + repr(prefix) if prefix else ''}, "
          f"{sentences_scored} sentences scored "
          f"({unlocated} not located), {events_total} kept events")
    for variant in variants:
        figures[variant] = {}
        print(f"  {variant}:   label   gold  pred  true  recall  precision  F1")
        for label in LABELS:
            t = tallies[variant][label]
            recall, precision = ratio(t["true"], t["gold"]), ratio(t["true"], t["predicted"])
            f1 = (round(2 * recall * precision / (recall + precision), 4)
                  if recall and precision else 0.0)
            figures[variant][label] = {**t, "recall": recall, "precision": precision, "f1": f1}
            print(f"  {'':<15}{label:<7} {t['gold']:>5} {t['predicted']:>5} {t['true']:>5}  {recall!s:>6}  "
                  f"{precision!s:>9}  {f1}")
    finish(figures, args.json, started)


if __name__ == "__main__":
    main()

"""PETRARCH2's unit-test records, coded by berkut with PETRARCH's own validation dictionaries.

    PYTHONPATH=src python benchmarks/eval_petrarch_unittests.py [--limit N] [--json out.json]
        [--drop-hypothetical] [--keep-known] [--show-misses N]

Data: ``petrarch/PETR.UnitTest.records.xml`` (284 records: a sentence or short story, its date, and the
expected codings ``sourcecode``/``targetcode``/``eventcode``, or ``noevents``), with
``PETR.Validate.actors.txt`` and ``PETR.Validate.agents.txt`` imported through ``berkut actors import``
(``berkut.ontology.petrarch``) into a temporary user actor file and a sector-noun file.  The records
carry parse trees; berkut reads the raw ``<Text>`` only.  The validation dictionaries' states are
fictional (Arnor, Gondor, ...): the importer declares them as states.  berkut's verb patterns are its
own, not PETRARCH's validation verbs, so this measures berkut against PETRARCH's expectations rather
than reproducing PETRARCH.

Produced events: every event that is not negated (hypothetical ones too, since PETRARCH codes intentions
like "is about to restore"; ``--drop-hypothetical`` drops them).  An actor slot is the mention's code;
a mention without a country is written as PETRARCH does, ``---`` plus its sector (``---GOV``); no mention
is ``---``.

Measures, mirroring PETRARCH's validation criterion: a record is an **exact match** when the multiset of
produced (source, target, event code) triples equals the expected one (every expected event produced,
none extra; a ``noevents`` record must produce nothing).  Records whose expected coding is an input
error (bad parse, dateline, discard) test PETRARCH's input handling and are left out.  **Coarse**
precision and recall compare (source country, target country, CAMEO root) triples, the country being a
code's first three letters (IGO and IMG codes whole), as in ``berkut.evaluate``; **strict** P/R compare
whole codes and the full event code.  Reference figure given for PETRARCH2 itself: 32 % of records
exact, coarse P/R 0.73/0.45.  **Source precision** (produced events whose source code is one the
record expects) separates the actor side, which the imported dictionaries drive, from the verbs.
"""

from __future__ import annotations

import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from _shared import analyze, build_pipeline, finish, kept, parser, ratio, require

from berkut.model import Document, Event, Mention
from berkut.ontology.petrarch import import_dictionaries, write_yaml

Triple = tuple[str, str, str]


def _slot(mention: Mention | None) -> str:
    if mention is None:
        return "---"
    return mention.code or "---" + (mention.sector or "")


def _coarse_side(code: str) -> str:
    return code if code.startswith(("IGO", "IMG")) else code[:3]


def _coarse(triple: Triple) -> Triple:
    return _coarse_side(triple[0]), _coarse_side(triple[1]), triple[2][:2]


def _matched(expected: Counter[Triple], produced: Counter[Triple]) -> int:
    return sum(min(n, produced[key]) for key, n in expected.items())


def main() -> None:
    args = parser(__doc__.split("\n")[0])
    args.add_argument("--drop-hypothetical", action="store_true", help="do not count hypothetical events")
    args.add_argument("--keep-known", action="store_true",
                      help="import the dictionary's names even where berkut's tables know them")
    args.add_argument("--show-misses", type=int, default=0, help="print the first N records that differ")
    options = args.parse_args()
    started = time.perf_counter()
    folder = options.data / "petrarch"
    records_path = require(folder / "PETR.UnitTest.records.xml")
    dictionaries = [require(folder / f"PETR.Validate.{kind}.txt") for kind in ("actors", "agents")]

    records = []
    excluded = 0
    for sentence in ET.parse(records_path).getroot().iter("Sentence"):
        codings = sentence.findall("EventCoding")
        if any(c.get("error") for c in codings):
            excluded += 1
            continue
        expected = Counter((c.get("sourcecode", "---"), c.get("targetcode", "---"), c.get("eventcode", ""))
                           for c in codings if c.get("eventcode"))
        text = " ".join((sentence.findtext("Text") or "").split())
        day = sentence.get("date", "").strip()
        published = date(int(day[:4]), int(day[4:6]), int(day[6:8])) if len(day) == 8 else None
        records.append((sentence.get("id", "?").strip(), sentence.get("category", "").strip(), text,
                        published, expected))
    records = records[: options.limit] if options.limit else records

    with tempfile.TemporaryDirectory() as tmp:
        imported = import_dictionaries(dictionaries, keep_known=options.keep_known)
        actor_file, sector_file = Path(tmp) / "validate_actors.yaml", Path(tmp) / "validate_sectors.yaml"
        write_yaml(imported.actors, actor_file)
        write_yaml({"sectors": imported.sectors}, sector_file)
        pipeline = build_pipeline([actor_file], [sector_file])
        documents = [Document(id=rid, text=text, date=day) for rid, _, text, day, _ in records]
        analyses = list(analyze(pipeline, documents))

    exact = 0
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    strict = {"expected": 0, "produced": 0, "matched": 0}
    sources = {"produced": 0, "right": 0}  # does the actor side agree, whatever the verb?
    coarse = {"expected": 0, "produced": 0, "matched": 0}
    misses = []
    for (rid, category, text, _, expected), analysis in zip(records, analyses, strict=True):
        events: list[Event] = kept(analysis.events, hypothetical=not options.drop_hypothetical)
        produced = Counter((_slot(e.source), _slot(e.target), e.cameo) for e in events)
        ok = produced == expected
        exact += ok
        by_category[category][0] += ok
        by_category[category][1] += 1
        for score, key in ((strict, lambda t: t), (coarse, _coarse)):
            want = Counter(key(t) for t in expected.elements())
            got = Counter(key(t) for t in produced.elements())
            score["expected"] += sum(want.values())
            score["produced"] += sum(got.values())
            score["matched"] += _matched(want, got)
        expected_sources = {t[0] for t in expected}
        sources["produced"] += sum(produced.values())
        sources["right"] += sum(n for t, n in produced.items() if t[0] in expected_sources)
        if not ok:
            misses.append(f"{rid}: expected {sorted(expected.elements())} "
                          f"produced {sorted(produced.elements())}\n    {text[:160]}")

    total = len(records)
    figures: dict[str, Any] = {
        "dataset": str(records_path), "records": total, "excluded_input_error_records": excluded,
        "import": imported.counts, "hypothetical_counted": not options.drop_hypothetical,
        "exact_records": exact, "exact_rate": ratio(exact, total),
        "strict": {**strict, "precision": ratio(strict["matched"], strict["produced"]),
                   "recall": ratio(strict["matched"], strict["expected"])},
        "coarse": {**coarse, "precision": ratio(coarse["matched"], coarse["produced"]),
                   "recall": ratio(coarse["matched"], coarse["expected"])},
        "source_precision": ratio(sources["right"], sources["produced"]),
        "exact_by_category": {k: {"exact": v[0], "records": v[1]} for k, v in sorted(by_category.items())},
        "reference_petrarch2": {"exact_rate": 0.32, "coarse_precision": 0.73, "coarse_recall": 0.45},
    }
    print(f"PETRARCH2 unit tests: {total} records ({excluded} input-error records left out)")
    counts = imported.counts
    print(f"  validation dictionaries imported: {counts['groups']} groups, {counts['people']} people, "
          f"{counts['states_declared']} declared states, {counts['nouns_written']} agent nouns, "
          f"{counts['warnings']} warnings")
    print(f"  exact records {exact}/{total} = {figures['exact_rate']}   (PETRARCH2: 0.32)")
    print(f"  coarse P {figures['coarse']['precision']} R {figures['coarse']['recall']}   "
          f"(PETRARCH2: 0.73/0.45)   expected {coarse['expected']}, produced {coarse['produced']}")
    print(f"  strict P {figures['strict']['precision']} R {figures['strict']['recall']}")
    print(f"  source precision {figures['source_precision']}  (produced events whose source code is one the "
          "record expects, whatever the verb)")
    print("  exact by category: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_category.items())))
    for line in misses[: options.show_misses]:
        print("  " + line)
    finish(figures, options.json, started)


if __name__ == "__main__":
    main()

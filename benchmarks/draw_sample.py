"""Draw a fresh sample of coded real-news sentences to judge by hand.

    PYTHONPATH=src python benchmarks/draw_sample.py guardian --seed 7 --out /tmp/sample.yaml

The measure of how the coder does on news it has never met is a sample judged the first time the coder
sees it. This draws one, reproducibly: every article of the corpus is analysed with the default settings
(as ``judged_precision.py`` re-runs them), the sentences holding at least one kept event are collected,
sentences already judged in ``tests/gold/corpora_judged*.yaml`` are left out, and ``random.sample`` with
the given seed picks ``--size`` of them. Every kept event of each picked sentence is written out with
the sentence text, for a person to give each a verdict C or W.

The output holds corpus text, so it must stay outside the repository (``/tmp``): only the references
(row, sentence, coding, verdict, why) go into ``tests/gold/``.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import yaml
from _shared import REPO, analyze, build_pipeline, finish, kept, parser, require
from judged_precision import CORPORA, _coding, _document, _rows

from berkut.model import Document


def main() -> None:
    args = parser(__doc__.split("\n")[0])
    args.add_argument("corpus", choices=sorted(CORPORA), help="which corpus to draw from")
    args.add_argument("--seed", type=int, required=True, help="seed for random.sample (record it)")
    args.add_argument("--size", type=int, default=50, help="sentences to draw (default 50)")
    args.add_argument("--out", type=Path, required=True, help="where to write the sample (outside the repo)")
    options = args.parse_args()
    if options.out.resolve().is_relative_to(REPO):
        raise SystemExit("the sample holds corpus text: write it outside the repository")
    started = time.perf_counter()
    corpus_file, prefix, keep_row = CORPORA[options.corpus]
    rows = _rows(require(options.data / "corpora" / corpus_file))
    documents: list[Document] = [
        _document(f"{prefix}:{index}", row) for index, row in enumerate(rows) if keep_row(row)
    ]
    if options.limit:
        documents = documents[: options.limit]
    judged = _judged_sentences()
    candidates: dict[tuple[str, int], dict[str, Any]] = {}
    events_total = 0
    for analysis in analyze(build_pipeline(), documents):
        for event in kept(analysis.events):
            events_total += 1
            key = (analysis.document.id, event.sentence)
            if key in judged:
                continue
            entry = candidates.setdefault(key, {
                "row": key[0], "sentence": key[1],
                "text": event.text, "events": [],
            })
            entry["events"].append({**_coding(event), "verdict": None, "why": None})
    random.seed(options.seed)
    picked = random.sample(sorted(candidates), min(options.size, len(candidates)))
    sample = [candidates[key] for key in sorted(picked, key=lambda k: (int(k[0].split(":")[1]), k[1]))]
    header = {
        "corpus": corpus_file, "articles": len(documents), "kept_events": events_total,
        "sentences_with_events": len(candidates) + sum(1 for key in judged if key[0].startswith(prefix)),
        "already_judged_left_out": sum(1 for key in judged if key[0].startswith(prefix + ":")),
        "seed": options.seed, "drawn": len(sample), "events_drawn": sum(len(s["events"]) for s in sample),
    }
    options.out.write_text(yaml.safe_dump({"header": header, "sample": sample}, sort_keys=False,
                                          allow_unicode=True, width=120), encoding="utf-8")
    print(yaml.safe_dump(header, sort_keys=False).strip())
    finish({"header": header}, options.json, started)


def _judged_sentences() -> set[tuple[str, int]]:
    judged: set[tuple[str, int]] = set()
    for path in sorted((REPO / "tests" / "gold").glob("corpora_judged*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["sample"]:
            judged.add((str(entry["row"]), int(entry["sentence"])))
    return judged


if __name__ == "__main__":
    main()

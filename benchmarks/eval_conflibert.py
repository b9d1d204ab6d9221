"""Quad-class accuracy and coverage on the ConfliBERT event-class sentences.

    PYTHONPATH=src python benchmarks/eval_conflibert.py [--limit N] [--json out.json]

Data: ``conflibert/cameo_class/train.tsv`` (one sentence, a tab, a label 0-4 per line; 1,349 news
sentences).  The labels are Phoenix quad classes: 0 = CAMEO roots 01-02, 1 = 03-05, 2 = 06-08,
3 = 09-13 and 16, 4 = 14-15 and 17-20.

Each sentence is coded alone, without a date.  berkut's class is that of the most confident event that
is neither negated nor hypothetical; a sentence without one is *not covered*.  Reported: coverage,
accuracy on the covered sentences, overall accuracy (an uncovered sentence counts as wrong), the
majority-class baseline, per-class precision and recall, and the confusion matrix (gold rows, predicted
columns, "none" = not covered).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from _shared import PHOENIX_QUAD, analyze, best_event, build_pipeline, finish, parser, ratio, require

from berkut.model import Document

CLASSES = (0, 1, 2, 3, 4)
NAMES = {0: "statement/appeal (01-02)", 1: "verbal coop (03-05)", 2: "material coop (06-08)",
         3: "verbal conflict (09-13,16)", 4: "material conflict (14-15,17-20)"}


def main() -> None:
    args = parser(__doc__.split("\n")[0]).parse_args()
    started = time.perf_counter()
    path = require(args.data / "conflibert" / "cameo_class" / "train.tsv")
    rows: list[tuple[str, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text.strip() and label.strip().isdigit():
            rows.append((text, int(label)))
    rows = rows[: args.limit] if args.limit else rows
    pipeline = build_pipeline()
    documents = [Document(id=f"s{n}", text=text) for n, (text, _) in enumerate(rows)]

    confusion: Counter[tuple[int, int | None]] = Counter()
    for (_, gold), analysis in zip(rows, analyze(pipeline, documents), strict=True):
        event = best_event(analysis.events)
        confusion[gold, PHOENIX_QUAD.get(event.cameo_root) if event else None] += 1

    total = len(rows)
    covered = sum(n for (_, pred), n in confusion.items() if pred is not None)
    right = sum(n for (gold, pred), n in confusion.items() if gold == pred)
    gold_counts = Counter(gold for _, gold in rows)
    majority, majority_n = gold_counts.most_common(1)[0]
    per_class = {}
    for c in CLASSES:
        predicted = sum(n for (_, pred), n in confusion.items() if pred == c)
        per_class[str(c)] = {"gold": gold_counts[c], "predicted": predicted,
                             "precision": ratio(confusion[c, c], predicted),
                             "recall": ratio(confusion[c, c], gold_counts[c])}
    figures: dict[str, Any] = {
        "dataset": str(path), "sentences": total, "covered": covered,
        "coverage": ratio(covered, total), "accuracy_on_covered": ratio(right, covered),
        "overall_accuracy": ratio(right, total),
        "majority_baseline": {"class": majority, "accuracy": ratio(majority_n, total)},
        "per_class": per_class,
        "confusion": {str(g): {str(p): confusion[g, p] for p in (*CLASSES, None)} for g in CLASSES},
    }

    print(f"ConfliBERT quad class: {total} sentences")
    print(f"  coverage {figures['coverage']}  ({covered}/{total} with a kept event)")
    print(f"  accuracy on covered {figures['accuracy_on_covered']}  "
          f"overall accuracy {figures['overall_accuracy']}  "
          f"(majority-class baseline {figures['majority_baseline']['accuracy']}, class {majority})")
    print("  class                           gold  pred  precision  recall")
    for c in CLASSES:
        row = per_class[str(c)]
        print(f"  {c} {NAMES[c]:<30} {row['gold']:>4} {row['predicted']:>5}  {row['precision']!s:>9}  "
              f"{row['recall']!s:>6}")
    print("  confusion (rows gold, columns predicted):")
    print("         " + "".join(f"{c:>6}" for c in CLASSES) + "  none")
    for g in CLASSES:
        print(f"  gold {g} " + "".join(f"{confusion[g, p]:>6}" for p in CLASSES) + f"{confusion[g, None]:>6}")
    finish(figures, args.json, started)


if __name__ == "__main__":
    main()

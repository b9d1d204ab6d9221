"""Scoring the coder against a gold file of sentences and the events they must (and must not) yield.

The gold format (YAML, a list): ``{id, text, date, events: [{source, target, root, cameo?,
hypothetical?}], not: [{...}]}``. Two levels are scored:

* **strict**: source and target codes equal (``KAZGOV``), root equal, and the full code when the gold
  gives one;
* **coarse**: source and target *countries* (or IGO codes) and root — PETRARCH2's coarse measure.

Only events a consumer would keep count as produced: negated events never, hypothetical events only
where the gold marks the event hypothetical. A produced event that agrees with a ``not`` entry is a
violation as well as a false positive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from berkut.errors import SourceError
from berkut.model import Document, Event
from berkut.pipeline import Pipeline


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    date: date | None
    events: tuple[Mapping[str, Any], ...]
    forbidden: tuple[Mapping[str, Any], ...]


@dataclass
class Score:
    expected: int = 0
    produced: int = 0
    matched_expected: int = 0
    matched_produced: int = 0

    @property
    def precision(self) -> float:
        return self.matched_produced / self.produced if self.produced else 1.0

    @property
    def recall(self) -> float:
        return self.matched_expected / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class GoldReport:
    strict: Score = field(default_factory=Score)
    coarse: Score = field(default_factory=Score)
    violations: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    confident_right: int = 0
    confident_total: int = 0

    @property
    def confident_precision(self) -> float:
        """Precision of the events with confidence above 0.5 (the calibration promise)."""
        return self.confident_right / self.confident_total if self.confident_total else 1.0

    def summary(self) -> str:
        s, c = self.strict, self.coarse
        return (
            f"strict P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} | "
            f"coarse P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} | "
            f"expected {s.expected}, produced {s.produced}, must-not violations {len(self.violations)}, "
            f"precision above 0.5 confidence {self.confident_precision:.3f} ({self.confident_total} events)"
        )


def load_gold(path: Path) -> list[GoldSentence]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read gold file: {exc}") from exc
    if not isinstance(raw, list):
        raise SourceError(f"{path}: a gold file is a YAML list of sentences")
    out = []
    for item in raw:
        published = item.get("date")
        if isinstance(published, str):
            published = date.fromisoformat(published)
        out.append(
            GoldSentence(
                id=str(item["id"]),
                text=str(item["text"]),
                date=published,
                events=tuple(item.get("events") or ()),
                forbidden=tuple(item.get("not") or ()),
            )
        )
    return out


def _side(code: str | None, coarse: bool) -> str | None:
    if code is None or not coarse:
        return code
    return code if code.startswith(("IGO", "IMG")) else code[:3]


def _agrees(event: Event, gold: Mapping[str, Any], coarse: bool) -> bool:
    source = event.source.code if event.source else None
    target = event.target.code if event.target else None
    if "source" in gold and _side(gold["source"], coarse) != _side(source, coarse):
        return False
    if "target" in gold and _side(gold["target"], coarse) != _side(target, coarse):
        return False
    if "root" in gold and str(gold["root"]) != event.cameo_root:
        return False
    return coarse or "cameo" not in gold or str(gold["cameo"]) == event.cameo


def _kept(event: Event, gold_hypothetical: bool = False) -> bool:
    return not event.negated and (not event.hypothetical or gold_hypothetical)


def score_sentence(sentence: GoldSentence, events: Iterable[Event], report: GoldReport) -> None:
    produced = [e for e in events if not e.negated]
    for level, score in (("strict", report.strict), ("coarse", report.coarse)):
        coarse = level == "coarse"
        score.expected += len(sentence.events)
        used: set[int] = set()
        for gold in sentence.events:
            hypothetical = bool(gold.get("hypothetical"))
            for i, event in enumerate(produced):
                if (
                    i not in used
                    and _kept(event, hypothetical)
                    and event.hypothetical == hypothetical
                    and _agrees(event, gold, coarse)
                ):
                    used.add(i)
                    score.matched_expected += 1
                    break
            else:
                if not coarse:
                    report.misses.append(f"{sentence.id}: missed {dict(gold)} in {sentence.text!r}")
        kept = [i for i, e in enumerate(produced) if not e.hypothetical or i in used]
        score.produced += len(kept)
        score.matched_produced += len(used)
        if not coarse:
            for i in kept:
                e = produced[i]
                right = i in used
                if e.confidence > 0.5:
                    report.confident_total += 1
                    report.confident_right += right
                if not right:
                    report.false_positives.append(f"{sentence.id}: {_show(e)} in {sentence.text!r}")
    for forbidden in sentence.forbidden:
        for event in produced:
            if _kept(event) and _agrees(event, forbidden, coarse=False):
                report.violations.append(f"{sentence.id}: produced forbidden {_show(event)}")


def _show(e: Event) -> str:
    return (
        f"{e.source.code if e.source else None} {e.cameo} {e.target.code if e.target else None}"
        f" ({e.explanation.pattern})"
    )


def evaluate(path: Path, pipeline: Pipeline) -> GoldReport:
    sentences = load_gold(path)
    report = GoldReport()
    documents = [Document(id=s.id, text=s.text, date=s.date) for s in sentences]
    for sentence, analysis in zip(sentences, pipeline.analyze(documents), strict=True):
        score_sentence(sentence, analysis.events, report)
    return report

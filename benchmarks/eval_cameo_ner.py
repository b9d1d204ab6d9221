"""Source and target span recall on the ConfliBERT event-span sentences.

    PYTHONPATH=src python benchmarks/eval_cameo_ner.py [--limit N] [--json out.json]

Data: ``conflibert/cameo_ner/train.txt``: one token and one BIO tag per line, a blank line between
sentences (1,153 sentences).  Tags: ``S`` the event's source span, ``T`` its target span, ``R`` a
participant of a reciprocal event (both sides of "X will meet Y", "X held talks with Y": each is source
and target).  The sentence text is rebuilt from the tokens (no space before closing punctuation and
clitics, none after opening brackets), so that spans are character offsets into the text berkut codes.
Each sentence is coded alone, without a date.

A gold source span counts as recalled when the source mention of any kept event (not negated, not
hypothetical) overlaps it by at least one character; likewise targets, and a reciprocal span when
either the source or the target of a kept event overlaps it.  Precision-like figures: the share of kept
events' source (target) mentions that overlap a gold source (target) span.

**Country agreement** (where derivable): when the gold span's own words name a state in berkut's tables
(a state's name, adjective, demonym or capital, or a group or person whose latest role has a country),
the recalled mention's country should be that state; the reference country comes from the tables, not
from the coder, so it is only as good as the tables.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from _shared import analyze, build_pipeline, finish, kept, overlaps, parser, ratio, require

from berkut.model import Document
from berkut.ontology import load_ontology
from berkut.ontology.actors import ActorTable

NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", ")", "]", "}", "%", "'s", "’s", "n't", "'", "''", "'re",
                   "'ll", "'ve", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}
Span = tuple[int, int]


def sentences(text: str) -> Iterator[list[tuple[str, str]]]:
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                yield current
            current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token or tag, tag if token else "O"))
    if current:
        yield current


def rebuild(tokens: list[tuple[str, str]]) -> tuple[str, dict[str, list[Span]], list[str]]:
    """The sentence text, its gold spans by kind (S, T, R) and the words of each span."""
    text = ""
    spans: dict[str, list[Span]] = {"S": [], "T": [], "R": []}
    words: dict[Span, list[str]] = {}
    open_kind: str | None = None
    open_start = last_end = 0
    previous = ""
    for token, tag in tokens:
        glued = token == "’" or (token == "s" and previous in ("’", "'"))  # "Baghdad ’ s" → "Baghdad’s"
        if text and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER and not glued:
            text += " "
        start = len(text)
        text += token
        end = len(text)
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        continues = tag.startswith("I-") and kind == open_kind
        if open_kind is not None and not continues:
            spans[open_kind].append((open_start, last_end))
        if kind is not None and not continues:
            open_kind, open_start = kind, start
        elif kind is None:
            open_kind = None
        last_end = end
        previous = token
    if open_kind is not None:
        spans[open_kind].append((open_start, last_end))
    for kind_spans in spans.values():
        for span in kind_spans:
            words[span] = text[span[0]:span[1]].split()
    return text, spans, [" ".join(words[s]) for s in spans["S"] + spans["T"]]


def derive_country(table: ActorTable, text: str) -> str | None:
    """The one state the words of a gold span name, if any (longest word runs first)."""
    words = [w.strip(",.;:()\"'’") for w in text.replace("’s", "").replace("'s", "").split()]
    found: set[str] = set()
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i:i + size])
            if not phrase or not phrase[0].isupper():
                continue
            for entry in table.lookup(phrase):
                role = entry.role_on(None)
                if role is not None and role.country:
                    found.add(role.country)
            for state in (table.by_adjective(phrase), table.by_demonym(phrase)):
                if state is not None:
                    found.add(state.code)
            capital = table.by_capital(phrase, None)
            if capital is not None:
                found.add(capital.code)
        if found:
            break
    return found.pop() if len(found) == 1 else None


def main() -> None:
    args = parser(__doc__.split("\n")[0]).parse_args()
    started = time.perf_counter()
    path = require(args.data / "conflibert" / "cameo_ner" / "train.txt")
    rows = [rebuild(tokens) for tokens in sentences(path.read_text(encoding="utf-8"))]
    rows = rows[: args.limit] if args.limit else rows
    pipeline = build_pipeline()
    table = load_ontology().actors
    documents = [Document(id=f"s{n}", text=text) for n, (text, _, _) in enumerate(rows)]

    counts = {kind: {"gold": 0, "recalled": 0} for kind in ("S", "T", "R")}
    predicted = {"S": [0, 0], "T": [0, 0]}  # mentions produced, of which overlap gold
    country = {"derivable": 0, "recalled_with_country": 0, "agree": 0}
    sentences_with_event = 0
    for (text, spans, _), analysis in zip(rows, analyze(pipeline, documents), strict=True):
        events = kept(analysis.events)
        sentences_with_event += bool(events)
        slots = {
            "S": [e.source for e in events if e.source is not None],
            "T": [e.target for e in events if e.target is not None],
        }
        for kind in ("S", "T"):
            for gold in spans[kind]:
                counts[kind]["gold"] += 1
                hits = [m for m in slots[kind] if overlaps(m.span, gold)]
                counts[kind]["recalled"] += bool(hits)
                reference = derive_country(table, text[gold[0]:gold[1]])
                if reference is not None:
                    country["derivable"] += 1
                    with_country = [m for m in hits if m.country]
                    if with_country:
                        country["recalled_with_country"] += 1
                        country["agree"] += any(m.country == reference for m in with_country)
            for mention in slots[kind]:
                predicted[kind][0] += 1
                predicted[kind][1] += any(overlaps(mention.span, gold) for gold in spans[kind])
        for gold in spans["R"]:
            counts["R"]["gold"] += 1
            counts["R"]["recalled"] += any(overlaps(m.span, gold) for m in (*slots["S"], *slots["T"]))

    figures: dict[str, Any] = {
        "dataset": str(path), "sentences": len(rows), "sentences_with_kept_event": sentences_with_event,
        "source": {**counts["S"], "recall": ratio(counts["S"]["recalled"], counts["S"]["gold"]),
                   "mentions": predicted["S"][0], "precision": ratio(predicted["S"][1], predicted["S"][0])},
        "target": {**counts["T"], "recall": ratio(counts["T"]["recalled"], counts["T"]["gold"]),
                   "mentions": predicted["T"][0], "precision": ratio(predicted["T"][1], predicted["T"][0])},
        "reciprocal": {**counts["R"], "recall": ratio(counts["R"]["recalled"], counts["R"]["gold"])},
        "country": {**country, "accuracy": ratio(country["agree"], country["recalled_with_country"])},
    }
    print(f"ConfliBERT event spans: {len(rows)} sentences, {sentences_with_event} with a kept event")
    for key in ("source", "target"):
        row = figures[key]
        print(f"  {key:<7} recall {row['recall']} ({row['recalled']}/{row['gold']})   "
              f"precision {row['precision']} ({row['mentions']} mentions)")
    print(f"  reciprocal participant recall {figures['reciprocal']['recall']} "
          f"({counts['R']['recalled']}/{counts['R']['gold']})")
    print(f"  country agreement {figures['country']['accuracy']} on {country['recalled_with_country']} "
          f"recalled spans with a country ({country['derivable']} gold spans name one state)")
    finish(figures, args.json, started)


if __name__ == "__main__":
    main()

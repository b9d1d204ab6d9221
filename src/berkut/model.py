"""Typed records passed between stages.

Every stage takes and returns these frozen records, never improvised dicts. Character spans are
``(start, end)`` offsets into the document's text exactly as given (end exclusive).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

Span = tuple[int, int]


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class DateSource(StrEnum):
    """Where an event's date came from, most specific first."""

    CLAUSE = "clause"
    SENTENCE = "sentence"
    PUBLICATION = "publication"
    NONE = "none"


class PlaceSource(StrEnum):
    """Where an event's location came from. Never guessed from an actor's capital."""

    CLAUSE = "clause"
    SENTENCE = "sentence"
    DATELINE = "dateline"


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and what is known about it before analysis."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as a source delivered it, before article-text extraction."""

    id: str
    body: str | bytes
    media_type: str  # "text/plain" or "text/html"
    date: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A document that could not be read; it still gets one output line, with its errors."""

    id: str
    errors: tuple[str, ...]
    title: str | None = None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the parse, detached from spaCy so stages can be tested on hand-built parses."""

    i: int  # index in the document
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the head token; the root points to itself
    idx: int  # character offset in the document
    sent: int  # sentence index
    ent_type: str = ""
    ent_iob: str = "O"  # "B", "I" or "O"
    whitespace: str = " "

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    span: Span
    text: str
    tokens: Span  # token index range [start, end)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity found by the parser."""

    text: str
    span: Span
    label: str
    tokens: Span


@dataclass(frozen=True)
class Parse:
    """A parsed document: tokens, sentences and entities, with the tree navigable both ways."""

    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    _children: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: list[list[int]] = [[] for _ in self.tokens]
        for token in self.tokens:
            if token.head != token.i:
                children[token.head].append(token.i)
        object.__setattr__(self, "_children", tuple(tuple(c) for c in children))
        # The coder asks for children hundreds of thousands of times per corpus: build them once.
        object.__setattr__(
            self, "_child_tokens", tuple(tuple(self.tokens[c] for c in kids) for kids in children)
        )

    def token_at(self, char: int) -> Token | None:
        """The token covering a character offset, if any."""
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = [t.idx for t in self.tokens]
            object.__setattr__(self, "_starts", starts)
        at = bisect_right(starts, char) - 1
        if at < 0 or not self.tokens[at].idx <= char < self.tokens[at].end:
            return None
        return self.tokens[at]

    def children(self, i: int) -> tuple[Token, ...]:
        return self._child_tokens[i]  # type: ignore[attr-defined,no-any-return]

    def head(self, i: int) -> Token:
        return self.tokens[self.tokens[i].head]

    def subtree(self, i: int) -> Span:
        """Token index range [start, end) covered by the subtree of token ``i``."""
        lo = hi = i
        stack = [i]
        while stack:
            j = stack.pop()
            lo, hi = min(lo, j), max(hi, j)
            stack.extend(self._children[j])
        return (lo, hi + 1)

    def ancestors(self, i: int) -> Iterator[Token]:
        seen = {i}
        while self.tokens[i].head != i and self.tokens[i].head not in seen:
            i = self.tokens[i].head
            seen.add(i)
            yield self.tokens[i]

    def char_span(self, tokens: Span) -> Span:
        return (self.tokens[tokens[0]].idx, self.tokens[tokens[1] - 1].end)

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        lo, hi = self.sentences[index].tokens
        return self.tokens[lo:hi]


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text resolved to an actor for a date."""

    text: str
    span: Span
    code: str | None  # CAMEO-style concatenation: AFGINS, KAZGOV, IGOCSTO
    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None
    org: str | None
    name: str | None
    actor_id: str | None
    sentence: int = 0
    head: int = -1  # token index of the mention's head, -1 if not tied to the parse
    rules: tuple[str, ...] = ()  # how it was resolved, for explanations


@dataclass(frozen=True, slots=True)
class TimeExpr:
    text: str
    span: Span
    value: date | None
    precision: DatePrecision | None
    reason: str
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    span: Span
    name: str
    country: str | None
    lat: float
    lon: float
    geonameid: int | None
    sentence: int = 0
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    speaker_text: str | None
    speaker_span: Span | None
    speaker: Mention | None
    cue: str | None
    content: str
    content_span: Span
    direct: bool
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Explanation:
    rule: str  # which coder rule produced the event (e.g. "active verb with direct object")
    verb: str  # the predicate lemma
    pattern: str  # the id of the pattern that fired
    actor_rules: tuple[str, ...] = ()
    path: str = ""  # the parse path from source to target through the predicate


@dataclass(frozen=True, slots=True)
class Event:
    sentence: int
    text: str  # the sentence's text
    span: Span  # the sentence's span
    source: Mention | None
    target: Mention | None
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]
    date: date | None
    date_precision: DatePrecision | None
    date_text: str | None
    date_reason: str
    date_source: DateSource
    verb_span: Span
    explanation: Explanation
    confidence: float
    negated: bool = False
    hypothetical: bool = False
    location: Place | None = None
    location_source: PlaceSource | None = None
    quote: Quote | None = None


@dataclass(frozen=True)
class Analysis:
    """Everything berkut knows about one document; stages fill it in turn."""

    document: Document
    parse: Parse | None = None
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventFilter:
    """What a user asks of stored events; the CLI, the API and the dashboard all build one of these.

    Actor fields accept an actor code (``KAZGOV``), a country code (``KAZ``) which matches any code
    starting with it, or an organisation (``TALIBAN``). ``dyad`` is undirected: events either way.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    country: str | None = None
    cameo: str | None = None  # a code or a prefix ("02" matches 020, 0231, ...)
    cameo_root: tuple[str, ...] = ()
    plover_type: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    min_confidence: float = 0.0
    include_negated: bool = False
    include_hypothetical: bool = False
    document_id: str | None = None
    text: str | None = None  # words that must occur in the sentence
    near: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float = 100.0
    limit: int | None = 100
    offset: int = 0
    newest_first: bool = True
    # Deduplicated views: one row per event cluster (the same event reported by several articles), or
    # one per (source code, target code, CAMEO code, day) — the "one-a-day" filter of event datasets.
    distinct_clusters: bool = False
    one_a_day: bool = False


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the store returns it: flat, with its document and evidence."""

    id: int
    document_id: str
    document_title: str | None
    document_url: str | None
    published: date | None
    sentence: int
    sentence_text: str
    sentence_span: Span
    date: date | None
    date_precision: str | None
    date_text: str | None
    date_reason: str
    source_code: str | None
    source_country: str | None
    source_sector: str | None
    source_org: str | None
    source_name: str | None
    source_text: str | None
    source_span: Span | None
    target_code: str | None
    target_country: str | None
    target_sector: str | None
    target_org: str | None
    target_name: str | None
    target_text: str | None
    target_span: Span | None
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    verb_span: Span
    location_name: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    quote_speaker: str | None
    negated: bool
    hypothetical: bool
    confidence: float
    explanation: str  # JSON text of the Explanation
    # The event cluster this mention belongs to (the id of its first mention) and how widely the
    # event was reported, like GDELT's NumMentions / NumArticles / NumSources.
    cluster_id: int | None = None
    num_mentions: int = 1
    num_articles: int = 1
    num_sources: int = 1
    plover_mode: str | None = None
    plover_context: tuple[str, ...] = ()

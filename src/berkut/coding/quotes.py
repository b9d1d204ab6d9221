"""Quotes: who said what, in quotation marks or reported, with character spans into the document.

Direct quotes are found in the text, not the parse. Double quotation marks (straight, curly, and the
``''`` digraph some wires use) are paired within a paragraph (a line break ends one, except in
hard-wrapped text), each mark read as opening or closing from the characters around it. A paragraph
that opens a quote without closing it continues in the next paragraph when that one starts with a
quotation mark (the newswire convention); otherwise the opening mark is unbalanced and dropped, so no
quote runs past its paragraph or is invented from a stray mark. Each paragraph's part of a quote is its
own ``Quote`` (a span is contiguous and excludes the marks), and a quote interrupted by its attribution
(``"...," he said. "..."``) gives two with the same speaker.

A direct quote's attribution is the speech verb nearest to it outside every quotation in the sentences
it touches ("X said:", "..., the ministry said.", "..., said X.", "according to X"); a quoted fragment
inside a sentence also accepts a naming verb ('called the issue "an internal matter"'). A quote with
no attribution of its own takes the speaker of the rest of its multi-paragraph quote, else of the
adjacent attributed quote in its paragraph. A fragment without a speaker is a scare quote, and one of
capitalised words ('on "Meet the Press"') a title: neither is a quote.

Reported speech comes from the parse: a speech verb outside quotation marks with a clausal complement
("X said (that) ...", "X told Newsweek ...", "..., officials said."), a parenthetical "X, he said, Y",
"according to X, ...", and a few verbs' infinitive ("vowed to ...") or noun object ("denied the
report"). It is left out when its predicate and subject are inside quotation marks (the direct quote
says it); a partial quote inside it ('said fraud is "a big problem"') is both, and ``quote_for_char``
gives the innermost.

The speaker is the cue's subject noun phrase without relative clauses, tied to the actor stage's
``Mention`` with the same head token or, failing that, an overlapping span; pronouns are tied the same
way because the actor stage gives a resolved pronoun a mention with the pronoun's span.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from berkut.coding import clauses
from berkut.model import Analysis, Mention, Parse, Quote, Span, Token

SPEECH_CUES = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "announce",
        "claim",
        "warn",
        "note",
        "stress",
        "insist",
        "explain",
        "argue",
        "accuse",
        "deny",
        "confirm",
        "write",
        "tweet",
        "report",
        "reply",
        "respond",
        "answer",
        "ask",
        "acknowledge",
        "admit",
        "assert",
        "declare",
        "allege",
        "contend",
        "maintain",
        "concede",
        "suggest",
        "recall",
        "remark",
        "comment",
        "observe",
        "reiterate",
        "emphasize",
        "emphasise",
        "caution",
        "predict",
        "boast",
        "complain",
        "lament",
        "quip",
        "joke",
        "scoff",
        "shout",
        "yell",
        "chant",
        "testify",
        "vow",
        "promise",
        "pledge",
        "threaten",
        "agree",
        "continue",
        "post",
        "retort",
        "counter",
        "charge",
        "demand",
        "urge",
        "mention",
        "reveal",
        "estimate",
        "conclude",
        "cite",
    }
)
# Speech verbs whose infinitive reports what was said: "vowed to rebuild", "urged Kabul to talk".
_XCOMP_CUES = frozenset(
    {"vow", "promise", "pledge", "threaten", "agree", "urge", "ask", "warn", "demand", "tell"}
)
# Speech verbs whose noun object is what was said: "denied the report", "announced a ceasefire".
_OBJECT_CUES = frozenset(
    {
        "announce",
        "confirm",
        "deny",
        "mention",
        "acknowledge",
        "admit",
        "stress",
        "emphasize",
        "emphasise",
        "note",
        "reveal",
        "claim",
        "report",
        "predict",
        "reiterate",
        "cite",
    }
)
# Verbs that frame a quoted fragment without introducing speech: 'called the issue "an internal matter"'.
NAMING_CUES = frozenset({"call", "describe", "dub", "label", "brand", "term", "characterize", "refer"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# ASCII '' and `` are the double quotation marks of some wires (and of Penn Treebank text).
_MARK = re.compile(r"''|``|[\"“”„]")
_MARKUP = re.compile(r"<[^<>\n]*>")  # marks inside a leftover tag (<tweet author="...">) are not quotes
_OPENING_CONTEXT = "([{—–-/"
_CLOSING_CONTEXT = ".,;:!?)]}—–-'’…"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
# Text is hard-wrapped when at least this many lines run on into the next, none wider than this, and
# this share of them stop mid-sentence.
_WRAP_MIN_LINES, _WRAP_MAX_WIDTH, _WRAP_SHARE = 4, 100, 0.6
_LINE_BREAK = re.compile(r"\n\s*")
# A quoted fragment of capitalised words inside a sentence is a title or a name ("Fox News Sunday").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TITLE_MAX_WORDS = 8
_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by"})
# How long (in tokens) a neighbouring sentence may be and still be a quote's split-off attribution.
_NEIGHBOUR_FRAME_TOKENS = 12


@dataclass(frozen=True, slots=True)
class Segment:
    """One paragraph's part of a direct quote: ``content`` excludes the marks, ``outer`` includes them."""

    content: Span
    outer: Span
    paragraph: int
    group: int  # the parts of one multi-paragraph quote share a group
    embedded: bool  # a fragment continuing a phrase ('called it "a farce"'), not a quote of its own


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue: str
    speaker: Span | None  # token range [start, end)
    speaker_head: int | None


class _Quoted:
    """The outer spans of the direct quotes, for fast "is this character quoted?" questions."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = sorted(spans)
        self.starts = [lo for lo, _ in self.spans]

    def __contains__(self, char: int) -> bool:
        return self.around(char) is not None

    def around(self, char: int) -> Span | None:
        i = bisect_right(self.starts, char) - 1
        return self.spans[i] if i >= 0 and char < self.spans[i][1] else None


# -- the stage -------------------------------------------------------------------------------------


def find_quotes(analysis: Analysis) -> Analysis:
    """Fill ``analysis.quotes`` with direct and reported quotes, in text order."""
    parse = analysis.parse
    text = analysis.document.text
    if parse is None or not parse.tokens:
        return analysis
    segments = direct_segments(text)
    quoted = _Quoted([s.outer for s in segments])
    starts = [t.idx for t in parse.tokens]

    own = [_direct_attribution(parse, text, starts, s, quoted) for s in segments]
    kept = [(s, a) for s, a in zip(segments, own, strict=True) if a is not _NOT_SPEECH]
    attributions = _share_attributions([s for s, _ in kept], [a for _, a in kept])
    quotes: list[Quote] = []
    for (segment, _), attribution in zip(kept, attributions, strict=True):
        if segment.embedded and (attribution is None or attribution.speaker is None):
            continue  # a scare quote ('the so-called "peace dividend"') or a title, not speech
        quotes.append(_quote(analysis, parse, starts, segment.content, attribution, direct=True))
    quotes.extend(_reported(analysis, parse, quoted))
    quotes.sort(key=lambda q: (q.content_span[0], -q.content_span[1]))
    return replace(analysis, quotes=tuple(quotes))


def quote_for_char(quotes: Iterable[Quote], char: int) -> Quote | None:
    """The quote whose content contains ``char``; the innermost one when quotes nest."""
    containing = [q for q in quotes if q.content_span[0] <= char < q.content_span[1]]
    if not containing:
        return None
    return min(containing, key=lambda q: q.content_span[1] - q.content_span[0])


# -- direct quotes: the text ---------------------------------------------------------------------


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: every line break ends a paragraph, except in hard-wrapped text (most lines
    stop mid-sentence at a similar width), where only blank lines do."""
    breaker = _PARAGRAPH_BREAK if _hard_wrapped(text) else _LINE_BREAK
    spans: list[Span] = []
    start = 0
    for found in breaker.finditer(text):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(text)))
    return [(lo, _rstrip(text, lo, hi)) for lo, hi in spans if text[lo:hi].strip()]


def _hard_wrapped(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()]
    # Lines followed by another line of the same paragraph; a wrapped one stops mid-sentence.
    inner = [a for a, b in zip(lines, lines[1:], strict=False) if a and b]
    if len(inner) < _WRAP_MIN_LINES or max(len(a) for a in inner) > _WRAP_MAX_WIDTH:
        return False
    mid_sentence = sum(1 for a in inner if a[-1] not in ".!?:\"”'")
    return mid_sentence >= _WRAP_SHARE * len(inner)


def _marks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each quotation mark in [lo, hi); kind is "open", "close" or "either"."""
    hidden = [m.span() for m in _MARKUP.finditer(text, lo, hi)]
    out = []
    for m in _MARK.finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b in hidden):
            continue
        before = text[m.start() - 1] if m.start() > lo else ""
        after = text[m.end()] if m.end() < hi else ""
        opens = (not before or before.isspace() or before in _OPENING_CONTEXT) and not _blank(after)
        closes = (not after or after.isspace() or after in _CLOSING_CONTEXT) and not _blank(before)
        if opens != closes:
            kind = "open" if opens else "close"
        else:  # the context cannot tell ("x"y, or " alone): trust a curly mark's shape
            kind = {"“": "open", "„": "open", "``": "open", "”": "close"}.get(m.group(), "either")
        out.append((m.start(), m.end(), kind))
    return out


def _blank(char: str) -> bool:
    return not char or char.isspace()


def direct_segments(text: str) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph. Unbalanced opening marks are dropped."""
    paras = paragraphs(text)
    segments: list[Segment] = []
    group = -1
    carried = False  # the previous paragraph ended inside a quote that this one may continue
    for p, (lo, hi) in enumerate(paras):
        marks = _marks(text, lo, hi)
        continuing = carried and bool(marks) and marks[0][0] == lo and marks[0][2] != "close"
        carried = False
        open_at: tuple[int, int] | None = None
        open_group = -1
        for start, end, kind in marks:
            if open_at is not None and kind in ("close", "either"):
                segments.append(_segment(text, open_at, (start, end), p, open_group, lo))
                open_at = None
            elif kind in ("open", "either"):
                # A second opening mark while one is open: the first was stray, and is dropped.
                open_at = (start, end)
                if continuing and start == lo:
                    open_group = group
                else:
                    group += 1
                    open_group = group
            # A closing mark with nothing open is stray, and is ignored.
        if open_at is not None and p + 1 < len(paras):
            nxt_lo, nxt_hi = paras[p + 1]
            first = _marks(text, nxt_lo, nxt_hi)
            if first and first[0][0] == nxt_lo and first[0][2] != "close":
                segments.append(_segment(text, open_at, (hi, hi), p, open_group, lo))
                carried = True
    return [s for s in segments if s.content[1] > s.content[0]]


def _segment(
    text: str, opening: tuple[int, int], closing: tuple[int, int], paragraph: int, group: int, para_lo: int
) -> Segment:
    lo, hi = opening[1], closing[0]
    while lo < hi and text[lo].isspace():
        lo += 1
    hi = _rstrip(text, lo, hi)
    if hi > lo and text[hi - 1] == ",":  # the comma before an attribution stands in for a full stop
        hi = _rstrip(text, lo, hi - 1)
    before = text[para_lo : opening[0]].rstrip()
    embedded = bool(before) and (before[-1].isalnum() or before[-1] in ")-")
    if embedded and _is_title(text[lo:hi]):
        lo = hi  # 'on "Fox News Sunday"', 'in "The Art of the Deal"': a name, not words spoken
    return Segment(
        content=(lo, hi), outer=(opening[0], closing[1]), paragraph=paragraph, group=group, embedded=embedded
    )


def _is_title(fragment: str) -> bool:
    words = _WORD.findall(fragment)
    if not words or len(words) > _TITLE_MAX_WORDS:
        return False
    small = [w.lower() in _TITLE_SMALL_WORDS for w in words]
    capital = [w[0].isupper() or w[0].isdigit() for w in words]
    return not all(small) and all(c or s for c, s in zip(capital, small, strict=True))


def _rstrip(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


# -- direct quotes: who said them ----------------------------------------------------------------

# Returned for a quoted fragment that names its own speaker ('"The Wall Street Journal" wrote'): a title.
_NOT_SPEECH = _Attribution(cue="", speaker=None, speaker_head=None)


def _direct_attribution(
    parse: Parse, text: str, starts: list[int], segment: Segment, quoted: _Quoted
) -> _Attribution | None:
    lo, hi = bisect_left(starts, segment.outer[0]), bisect_left(starts, segment.outer[1])
    if lo >= hi:
        return None
    first, last = parse.tokens[lo], parse.tokens[hi - 1]
    cues = NAMING_CUES | SPEECH_CUES if segment.embedded else SPEECH_CUES
    cue = _nearest_cue(parse, range(first.sent, last.sent + 1), segment, quoted, cues)
    if cue is None and not segment.embedded:
        # The parser sometimes splits "Wardak said:" from its quote, or '"...?"' from "he asked."
        for neighbour, side in ((last.sent + 1, "after"), (first.sent - 1, "before")):
            if not 0 <= neighbour < len(parse.sentences):
                continue
            if _is_bare_frame(parse, text, neighbour, side, segment, quoted):
                cue = _nearest_cue(parse, [neighbour], segment, quoted, cues)
                if cue is not None:
                    break
    if cue is None:
        return None
    heads = _speaker_heads(parse, cue)
    if segment.embedded and any(segment.outer[0] <= h.idx < segment.outer[1] for h in heads):
        return _NOT_SPEECH
    return _attribution(parse, cue, heads, quoted)


def _nearest_cue(
    parse: Parse, sentences: Iterable[int], segment: Segment, quoted: _Quoted, cues: frozenset[str]
) -> Token | None:
    best: tuple[int, Token] | None = None
    for s in sentences:
        for token in parse.sentence_tokens(s):
            if token.idx in quoted or not _is_cue(parse, token, cues):
                continue
            distance = min(abs(token.idx - segment.outer[1]), abs(segment.outer[0] - token.end))
            if best is None or distance < best[0]:
                best = (distance, token)
    return best[1] if best else None


def _is_bare_frame(parse: Parse, text: str, index: int, side: str, segment: Segment, quoted: _Quoted) -> bool:
    """A short sentence beside the quote, outside quotation marks, whose speech verb reports nothing
    else: the attribution the parser split off ("Wardak said:" before, "he asked." after)."""
    tokens = [t for t in parse.sentence_tokens(index) if not t.text.isspace()]
    frame = [t for t in tokens if t.idx not in quoted]
    if not frame or len(frame) > _NEIGHBOUR_FRAME_TOKENS:
        return False
    if any(c.dep in ("ccomp", "dobj") and c.idx not in quoted for t in frame for c in parse.children(t.i)):
        return False
    if side == "before":
        return frame[-1].text == ":" and frame[-1].end <= segment.outer[0]
    return frame[0].i == tokens[0].i and not text[segment.outer[1] : frame[0].idx].strip()


def _is_cue(parse: Parse, token: Token, cues: frozenset[str]) -> bool:
    if token.text.lower() == "according":
        return any(c.text.lower() == "to" for c in parse.children(token.i))
    return token.pos == "VERB" and token.lemma in cues


def _share_attributions(
    segments: Sequence[Segment], own: Sequence[_Attribution | None]
) -> list[_Attribution | None]:
    """Unattributed quotes borrow a speaker: from the other parts of their multi-paragraph quote, else
    from the nearest attributed quote in their paragraph (earlier first), then again along the quote."""
    out = _share_in_groups(segments, own)
    shared = list(out)
    for i, segment in enumerate(segments):
        if shared[i] is not None or segment.embedded:
            continue
        earlier = [j for j in range(i - 1, -1, -1) if segments[j].paragraph == segment.paragraph]
        later = [j for j in range(i + 1, len(segments)) if segments[j].paragraph == segment.paragraph]
        shared[i] = next((out[j] for j in earlier + later if out[j] is not None), None)
    return _share_in_groups(segments, shared)


def _share_in_groups(
    segments: Sequence[Segment], attributions: Sequence[_Attribution | None]
) -> list[_Attribution | None]:
    first: dict[int, _Attribution] = {}
    for segment, attribution in zip(segments, attributions, strict=True):
        if attribution is not None:
            first.setdefault(segment.group, attribution)
    return [a if a is not None else first.get(s.group) for s, a in zip(segments, attributions, strict=True)]


# -- reported speech -----------------------------------------------------------------------------


def _reported(analysis: Analysis, parse: Parse, quoted: _Quoted) -> list[Quote]:
    starts = [t.idx for t in parse.tokens]
    quotes: list[Quote] = []
    for token in parse.tokens:
        if token.idx in quoted:
            continue  # speech reported inside a quotation belongs to the quotation
        if token.text.lower() == "according" and _is_cue(parse, token, SPEECH_CUES):
            contents = _according_content(parse, token)
        elif token.pos == "VERB" and token.lemma in SPEECH_CUES:
            contents = _complement(parse, token)
        else:
            continue
        contents = [c for c in contents if _reports_unquoted(parse, c, quoted)]
        if not contents:
            continue
        attribution = _attribution(parse, token, _speaker_heads(parse, token), quoted)
        for span, _ in contents:
            lo, hi = parse.char_span(span)
            # A complement ending inside a partial quote ends with it: 'said fraud is "a big problem."'
            lo = min(lo, (quoted.around(lo) or (lo, lo))[0])
            hi = max(hi, (quoted.around(hi - 1) or (hi, hi))[1])
            quotes.append(_quote(analysis, parse, starts, (lo, hi), attribution, direct=False))
    return quotes


# What a cue reports: a token range and the token at the root of the reported clause.
_Content = tuple[Span, int]


def _complement(parse: Parse, cue: Token) -> list[_Content]:
    """Token ranges of what the cue reports, edge punctuation trimmed.

    Its clausal complement ("said (that) ..."); when that comes first ("..., officials said."), everything
    from the start of the sentence up to the attribution; for a parenthetical ("X, he said, Y") both
    sides of the clause it interrupts.
    """
    sent_lo = parse.sentences[cue.sent].tokens[0]
    frame_lo = min([cue.i] + [parse.subtree(s.i)[0] for s in _speaker_heads(parse, cue) if s.i < cue.i])
    for child in parse.children(cue.i):
        if child.dep != "ccomp":
            continue
        lo, hi = parse.subtree(child.i)
        if lo <= cue.i < hi:
            continue
        if hi <= frame_lo:
            lo = sent_lo
            hi = frame_lo
        trimmed = _trim(parse, lo, hi)
        return [(trimmed, child.i)] if trimmed else []
    objects = [c for c in parse.children(cue.i) if c.dep == "dobj"]
    xcomps = [c for c in parse.children(cue.i) if c.dep == "xcomp" and c.i > cue.i]
    if cue.lemma in _XCOMP_CUES and xcomps:
        # "vowed to rebuild the army"; with object control the object is the reported subject: "urged
        # Republicans to join".
        lo, hi = parse.subtree(xcomps[0].i)
        lo = min([lo] + [parse.subtree(o.i)[0] for o in objects if o.i < xcomps[0].i])
        trimmed = _trim(parse, lo, hi)
        return [(trimmed, xcomps[0].i)] if trimmed else []
    if cue.lemma == "accuse" and objects:
        # "accused the ministry of lying": whom, and of what.
        ofs = [c for c in parse.children(cue.i) if c.dep == "prep" and c.text.lower() == "of"]
        lo, hi = parse.subtree(objects[0].i)
        hi = max([hi] + [parse.subtree(o.i)[1] for o in ofs])
        trimmed = _trim(parse, lo, hi)
        return [(trimmed, objects[0].i)] if trimmed else []
    if cue.lemma in _OBJECT_CUES and objects and objects[0].pos in ("NOUN", "PROPN"):
        trimmed = _trim(parse, *parse.subtree(objects[0].i))
        return [(trimmed, objects[0].i)] if trimmed else []
    if cue.dep == "parataxis" and not objects and not xcomps:
        lo, hi = parse.subtree(cue.head)
        c_lo, c_hi = parse.subtree(cue.i)
        sides = (_trim(parse, lo, min(c_lo, frame_lo)), _trim(parse, c_hi, hi))
        return [(s, cue.head) for s in sides if s is not None]
    return []


def _according_content(parse: Parse, according: Token) -> list[_Content]:
    """The sentence around "according to X", without that phrase: the larger side when it is inside."""
    lo, hi = parse.sentences[according.sent].tokens
    p_lo, p_hi = parse.subtree(according.i)
    sides = [s for s in (_trim(parse, lo, p_lo), _trim(parse, p_hi, hi)) if s is not None]
    return [(max(sides, key=lambda s: s[1] - s[0]), according.head)] if sides else []


def _reports_unquoted(parse: Parse, content: _Content, quoted: _Quoted) -> bool:
    """Whether the reported clause's predicate or subject lies outside quotation marks.

    '"We are ready," he said' and 'said that "we are ready"' are the direct quote's alone, and so is
    'As for tax, "it is hard," he said'; 'said fraud is "a big problem"' is reported speech as well.
    """
    (lo, hi), root = content
    if lo <= root < hi and parse.tokens[root].idx not in quoted:
        return True
    return any(
        t.dep in ("nsubj", "nsubjpass", "csubj") and t.head == root and t.idx not in quoted
        for t in parse.tokens[lo:hi]
    )


def _trim(parse: Parse, lo: int, hi: int) -> Span | None:
    """Drop punctuation, spaces and a dangling conjunction from both ends of a token range."""
    while lo < hi and _is_edge(parse.tokens[lo]):
        lo += 1
    while hi > lo and _is_edge(parse.tokens[hi - 1]):
        hi -= 1
    return (lo, hi) if hi > lo else None


def _is_edge(token: Token) -> bool:
    return token.pos in ("PUNCT", "SPACE", "CCONJ") or not token.text.strip()


# -- the speaker ---------------------------------------------------------------------------------


def _speaker_heads(parse: Parse, cue: Token) -> list[Token]:
    if cue.text.lower() == "according":
        return [
            g
            for c in parse.children(cue.i)
            if c.text.lower() == "to"
            for g in parse.children(c.i)
            if g.dep == "pobj"
        ]
    heads = clauses.subjects(parse, cue)[0] or clauses.agent_of(parse, cue)
    if not heads:
        # "after saying ...", "a statement calling it ...": the speaker of the sentence around the cue.
        for ancestor in parse.ancestors(cue.i):
            heads = clauses.children(parse, ancestor, *clauses.SUBJECT_DEPS)
            if heads:
                break
    # "officials, who said ...": the speaker is the noun the relative clause modifies.
    return [
        parse.head(cue.i) if h.text.lower() in _RELATIVE_PRONOUNS and cue.dep == "relcl" else h for h in heads
    ]


def _attribution(parse: Parse, cue: Token, heads: list[Token], quoted: _Quoted) -> _Attribution:
    cue_text = "according to" if cue.text.lower() == "according" else cue.text
    heads = [h for h in heads if h.idx not in quoted]
    if not heads:
        return _Attribution(cue=cue_text, speaker=None, speaker_head=None)
    head = heads[0]
    return _Attribution(cue=cue_text, speaker=_noun_phrase(parse, head, quoted), speaker_head=head.i)


def _noun_phrase(parse: Parse, head: Token, quoted: _Quoted) -> Span:
    """The head's subtree without relative clauses or quotations, edge punctuation trimmed."""
    lo, hi = parse.subtree(head.i)
    for child in parse.children(head.i):
        if child.dep == "relcl" or (child.dep == "acl" and child.i > head.i):
            hi = min(hi, parse.subtree(child.i)[0])
    for i in range(head.i + 1, hi):
        if parse.tokens[i].idx in quoted:
            hi = i
            break
    for i in range(head.i - 1, lo - 1, -1):
        if parse.tokens[i].idx in quoted:
            lo = i + 1
            break
    trimmed = _trim(parse, lo, max(hi, head.i + 1))
    return trimmed if trimmed is not None else (head.i, head.i + 1)


def _mention_for(mentions: Sequence[Mention], head: int | None, span: Span) -> Mention | None:
    if head is not None:
        for mention in mentions:
            if mention.head == head:
                return mention
    overlapping = [m for m in mentions if m.span[0] < span[1] and span[0] < m.span[1]]
    if not overlapping:
        return None
    return max(overlapping, key=lambda m: min(m.span[1], span[1]) - max(m.span[0], span[0]))


def _quote(
    analysis: Analysis,
    parse: Parse,
    starts: list[int],
    content: Span,
    attribution: _Attribution | None,
    direct: bool,
) -> Quote:
    text = analysis.document.text
    speaker_text = speaker_span = speaker = None
    if attribution is not None and attribution.speaker is not None:
        speaker_span = parse.char_span(attribution.speaker)
        speaker_text = text[speaker_span[0] : speaker_span[1]]
        speaker = _mention_for(analysis.mentions, attribution.speaker_head, speaker_span)
    first = max(0, min(bisect_right(starts, content[0]) - 1, len(starts) - 1))
    return Quote(
        speaker_text=speaker_text,
        speaker_span=speaker_span,
        speaker=speaker,
        cue=attribution.cue if attribution else None,
        content=text[content[0] : content[1]],
        content_span=content,
        direct=direct,
        sentence=parse.tokens[first].sent,
    )

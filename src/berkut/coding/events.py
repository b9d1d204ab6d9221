"""Clauses → events: who did what to whom, coded from the dependency parse and the pattern book.

For every verb and event noun the pattern book knows, the most specific pattern whose particle,
preposition, object and complement constraints the clause satisfies fires. Its source comes from the
clause's subject (through passives, coordination, control and relative clauses), its target from the
slot the pattern names. An event needs an actor as source; negation and modality are flags.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from berkut.coding import clauses
from berkut.coding.actors import ActorResolver
from berkut.coding.names import NameKind
from berkut.model import (
    Analysis,
    DatePrecision,
    DateSource,
    Event,
    Explanation,
    Mention,
    Parse,
    Place,
    PlaceSource,
    Quote,
    Token,
)
from berkut.ontology import Ontology
from berkut.ontology.verbs import VerbPattern

# Plain speech verbs are reported speech, not events, unless a more specific pattern fires.
_PLAIN_SPEECH = {"say", "tell", "add", "state", "note", "report", "write", "comment", "explain"}
_SPEECH_VERBS = _PLAIN_SPEECH | {"announce", "claim", "declare", "insist", "warn", "stress", "confirm"}
_LIGHT_VERBS = {
    "launch", "make", "hold", "pay", "conduct", "carry", "stage", "issue", "mount", "begin", "start",
    "announce", "give", "express", "voice", "lodge", "file", "deliver", "hold", "sign", "reach", "impose",
    "offer", "extend", "send", "provide", "continue", "order",
}
_NOUN_SOURCE_PREPS = {"by", "from", "of"}
_FALLBACK_TARGETS = ("dobj", "prep:on", "prep:to", "prep:against", "prep:with", "iobj")


@dataclass(frozen=True, slots=True)
class _Predicate:
    token: Token
    pattern: VerbPattern
    object_token: Token | None
    complement: Token | None


class EventCoder:
    """The event stage. Needs mentions (and, when present, times, places and quotes) on the analysis."""

    def __init__(self, ontology: Ontology, resolver: ActorResolver) -> None:
        self.ontology = ontology
        self.patterns = ontology.patterns
        self.resolver = resolver

    def __call__(self, analysis: Analysis) -> Analysis:
        parse = analysis.parse
        if parse is None:
            return analysis
        by_head = {m.head: m for m in analysis.mentions if m.head >= 0}
        events: list[Event] = []
        for sentence in parse.sentences:
            consumed: set[int] = set()
            for token in parse.sentence_tokens(sentence.index):
                if token.i in consumed:
                    continue
                predicate = self._match(parse, token)
                if predicate is None:
                    continue
                if predicate.complement is not None:
                    consumed.add(predicate.complement.i)
                events.extend(self._events(analysis, parse, predicate, by_head))
        return replace(analysis, events=tuple(events))

    # -- which pattern fires ---------------------------------------------------------------------
    def _match(self, parse: Parse, token: Token) -> _Predicate | None:
        if token.pos == "VERB":
            candidates: Sequence[VerbPattern] = self.patterns.for_verb(token.lemma)
        elif token.pos == "NOUN":
            candidates = self.patterns.for_noun(token.lemma)
        else:
            return None
        for pattern in candidates:
            predicate = _fits(parse, token, pattern)
            if predicate is None:
                continue
            # Plain speech ("said", "a statement") is reported speech, not an event: no flood of 010s.
            if pattern.specificity == 0 and (token.lemma in _PLAIN_SPEECH or pattern.code == "010"):
                return None
            return predicate
        return None

    # -- who and whom ------------------------------------------------------------------------------
    def _events(
        self, analysis: Analysis, parse: Parse, predicate: _Predicate, by_head: dict[int, Mention]
    ) -> Iterable[Event]:
        token, pattern = predicate.token, predicate.pattern
        rule_parts: list[str] = []
        if token.pos == "VERB":
            sources, how, targets = self._verb_actors(parse, predicate, by_head)
            rule_parts.append(f"verb '{token.text}', source from {how}")
        else:
            sources, how, targets = self._noun_actors(analysis, parse, predicate, by_head)
            rule_parts.append(f"event noun '{token.text}', source from {how}")
        if not sources:
            return
        if pattern.target != "none" and not targets:
            rule_parts.append("no target found")
        code = self.ontology.codes.cameo(pattern.code)
        clause_verb = token if token.pos == "VERB" else (clauses.governing_predicate(parse, token) or token)
        event_date, precision, date_text, date_reason, date_source = _event_date(
            analysis, parse, clause_verb
        )
        location, location_source = _event_place(analysis, parse, clause_verb)
        quote = _reporting_quote(analysis, parse, clause_verb, by_head)
        is_negated = clauses.negated(parse, clause_verb)
        is_hypothetical = clauses.hypothetical(parse, clause_verb)
        sentence = parse.sentences[token.sent]
        for source in sources:
            for target in targets or [None]:
                if target is not None and target.code == source.code and target.span == source.span:
                    continue
                src = self.resolver.recode(source, event_date)
                tgt = self.resolver.recode(target, event_date) if target is not None else None
                confidence = _confidence(how, src, tgt, pattern, is_hypothetical)
                yield Event(
                    sentence=sentence.index,
                    text=sentence.text,
                    span=sentence.span,
                    source=src,
                    target=tgt,
                    cameo=code.code,
                    cameo_root=code.root,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    plover_type=code.plover_type,
                    plover_mode=code.plover_mode,
                    plover_context=code.plover_context,
                    date=event_date,
                    date_precision=precision,
                    date_text=date_text,
                    date_reason=date_reason,
                    date_source=date_source,
                    verb_span=(token.idx, token.end),
                    explanation=Explanation(
                        rule="; ".join(rule_parts),
                        verb=token.lemma,
                        pattern=pattern.id,
                        actor_rules=(*src.rules, *(tgt.rules if tgt else ())),
                        path=_path(parse, src, token, tgt),
                    ),
                    confidence=confidence,
                    negated=is_negated,
                    hypothetical=is_hypothetical,
                    location=location,
                    location_source=location_source,
                    quote=quote,
                )

    def _verb_actors(
        self, parse: Parse, predicate: _Predicate, by_head: dict[int, Mention]
    ) -> tuple[list[Mention], str, list[Mention]]:
        verb, pattern = predicate.token, predicate.pattern
        passive = clauses.is_passive(parse, verb)
        if passive:
            if not pattern.passive_ok:
                return [], "passive not allowed", []
            subject_tokens, how = clauses.agent_of(parse, verb), "agent of passive"
        else:
            subject_tokens, how = clauses.subjects(parse, verb)
        sources = _mentions(parse, subject_tokens, by_head)
        slot_verb = predicate.complement or verb
        passive_slot = passive and predicate.complement is None
        source_heads = {s.head for s in sources}
        target_tokens = _target_tokens(parse, slot_verb, pattern.target, passive_slot)
        targets = [t for t in _mentions(parse, target_tokens, by_head) if t.head not in source_heads]
        if not targets:
            # The pattern's slot holds no actor: an actor in the usual target slots still is the target
            # ("called on the CSTO for help" under a pattern keyed on "for help").
            for spec in _FALLBACK_TARGETS:
                found = _mentions(parse, _target_tokens(parse, slot_verb, spec, passive_slot), by_head)
                targets = [t for t in found if t.head not in source_heads]
                if targets:
                    break
        return sources, how, targets

    def _noun_actors(
        self, analysis: Analysis, parse: Parse, predicate: _Predicate, by_head: dict[int, Mention]
    ) -> tuple[list[Mention], str, list[Mention]]:
        noun, pattern = predicate.token, predicate.pattern
        sources: list[Mention] = []
        how = "none"
        possessors = clauses.children(parse, noun, "poss")
        if possessors:
            sources, how = _mentions(parse, possessors, by_head), "possessive"
        if not sources:
            for prep in clauses.children(parse, noun, "prep", "agent"):
                if prep.lemma in _NOUN_SOURCE_PREPS:
                    found = _mentions(parse, clauses.children(parse, prep, "pobj"), by_head)
                    if found:
                        sources, how = found, f"'{prep.text}' phrase"
                        break
        if not sources:
            sources = self._modifier_actor(analysis, parse, noun)
            how = "modifier" if sources else how
        if not sources and noun.dep in ("dobj", "nsubjpass"):
            head = parse.head(noun.i)
            if head.lemma in _LIGHT_VERBS or noun.dep == "dobj":
                subject_tokens, _ = clauses.subjects(parse, head)
                sources, how = _mentions(parse, subject_tokens, by_head), f"subject of '{head.text}'"
        target_tokens = _target_tokens(parse, noun, pattern.target, False)
        if not target_tokens and noun.dep == "dobj" and pattern.target.startswith("prep:"):
            target_tokens = _target_tokens(parse, parse.head(noun.i), pattern.target, False)
        targets = [t for t in _mentions(parse, target_tokens, by_head) if t.head not in {s.head for s in sources}]
        return sources, how, targets

    def _modifier_actor(self, analysis: Analysis, parse: Parse, noun: Token) -> list[Mention]:
        """"Russian intervention": a nationality adjective or a name modifying an event noun."""
        for child in parse.children(noun.i):
            if child.i < noun.i and child.dep in ("amod", "compound", "nmod") and child.text[:1].isupper():
                hits = self.resolver.names.get(child.text)
                for hit in hits:
                    if hit.kind in (NameKind.ADJECTIVE, NameKind.NAME) and hit.entry.kind in ("country", "igo", "group"):
                        mention = self.resolver.mention_for(hit, child, analysis.document.date)
                        if mention is not None:
                            return [mention]
        return []


# -- pattern constraints -----------------------------------------------------------------------------
def _fits(parse: Parse, token: Token, pattern: VerbPattern) -> _Predicate | None:
    if pattern.particle and not any(
        c.dep == "prt" and c.text.lower() == pattern.particle for c in parse.children(token.i)
    ):
        return None
    complement: Token | None = None
    anchor = token
    if pattern.complement:
        complement = next(
            (c for c in parse.children(token.i) if c.dep in ("xcomp", "ccomp") and c.lemma in pattern.complement),
            None,
        )
        if complement is None:
            return None
        anchor = complement
    object_token: Token | None = None
    if pattern.prep:
        prep = next((c for c in parse.children(token.i) if c.dep in ("prep", "dative", "agent") and c.text.lower() == pattern.prep), None)
        if prep is None:
            return None
        if pattern.object:
            object_token = next((c for c in parse.children(prep.i) if c.dep in ("pobj", "pcomp")), None)
    elif pattern.object:
        object_token = next((c for c in parse.children(anchor.i) if c.dep in ("dobj", "nsubjpass")), None)
    if pattern.object and (object_token is None or not _object_matches(parse, object_token, pattern.object)):
        return None
    return _Predicate(token, pattern, object_token, complement)


def _object_matches(parse: Parse, token: Token, accepted: Sequence[str]) -> bool:
    modifiers = [c.lemma.lower() for c in parse.children(token.i) if c.i < token.i and c.dep in ("amod", "compound")]
    head = token.lemma.lower()
    forms = {head, token.text.lower(), " ".join([*modifiers, head])}
    forms.update(f"{m} {head}" for m in modifiers)
    return any(form in accepted for form in forms)


def _target_tokens(parse: Parse, verb: Token, spec: str, passive: bool) -> list[Token]:
    if spec == "none":
        return []
    if spec == "dobj":
        deps = ("nsubjpass",) if passive else ("dobj",)
        found = clauses.children(parse, verb, *deps)
        if not found:
            found = [p for c in clauses.children(parse, verb, "dative") for p in ([c] if c.pos != "ADP" else clauses.children(parse, c, "pobj"))]
        return found
    if spec == "iobj":
        return [p for c in clauses.children(parse, verb, "dative") for p in ([c] if c.pos != "ADP" else clauses.children(parse, c, "pobj"))]
    if spec.startswith("prep:"):
        word = spec.split(":", 1)[1]
        out: list[Token] = []
        for prep in clauses.children(parse, verb, "prep", "dative", "agent"):
            if prep.text.lower() == word:
                out.extend(clauses.children(parse, prep, "pobj"))
        return out
    return []


def _mentions(parse: Parse, tokens: Sequence[Token], by_head: dict[int, Mention]) -> list[Mention]:
    out: list[Mention] = []
    for token in tokens:
        for member in clauses.expand_conjuncts(parse, token):
            mention = by_head.get(member.i)
            if mention is None and member.lemma in ("that", "which", "who") and member.dep.startswith("nsubj"):
                clause = parse.head(member.i)
                if clause.dep == "relcl":
                    member = parse.head(clause.i)
                    mention = by_head.get(member.i)
            if mention is None:
                mention = _appositive_mention(parse, member, by_head)
            if mention is not None and mention not in out:
                out.append(mention)
    return out


def _appositive_mention(parse: Parse, token: Token, by_head: dict[int, Mention]) -> Mention | None:
    """"the CSTO, a bloc led by Russia, ...": a noun in apposition stands for the actor it renames."""
    if token.dep == "appos":
        return by_head.get(token.head)
    for child in parse.children(token.i):
        if child.dep == "appos" and child.i in by_head:
            return by_head[child.i]
    return None


# -- when, where, who said it ----------------------------------------------------------------------------
def _token_at(parse: Parse, char: int) -> int:
    starts = [t.idx for t in parse.tokens]
    return max(0, bisect_right(starts, char) - 1)


def _clause_of(parse: Parse, char: int) -> Token | None:
    return clauses.governing_predicate(parse, parse.tokens[_token_at(parse, char)])


def _event_date(
    analysis: Analysis, parse: Parse, verb: Token
) -> tuple[date | None, DatePrecision | None, str | None, str, DateSource]:
    in_sentence = [t for t in analysis.times if t.sentence == verb.sent and t.value is not None]
    for time in in_sentence:
        if _clause_of(parse, time.span[0]) is not None and _clause_of(parse, time.span[0]) == verb:
            return time.value, time.precision, time.text, time.reason, DateSource.CLAUSE
    if in_sentence:
        time = in_sentence[0]
        return time.value, time.precision, time.text, f"{time.reason} (from the sentence)", DateSource.SENTENCE
    published = analysis.document.date
    if published is not None:
        return published, DatePrecision.DAY, None, "publication date (no date in the sentence)", DateSource.PUBLICATION
    return None, None, None, "no date in the sentence and no publication date", DateSource.NONE


def _event_place(analysis: Analysis, parse: Parse, verb: Token) -> tuple[Place | None, PlaceSource | None]:
    in_sentence = [p for p in analysis.places if p.sentence == verb.sent]
    for place in in_sentence:
        if _clause_of(parse, place.span[0]) == verb:
            return place, PlaceSource.CLAUSE
    if in_sentence:
        return in_sentence[0], PlaceSource.SENTENCE
    return None, None


def _reporting_quote(
    analysis: Analysis, parse: Parse, verb: Token, by_head: dict[int, Mention]
) -> Quote | None:
    """An event inside reported speech ("X said Y attacked Z") carries the report as its quote."""
    for quote in analysis.quotes:
        if quote.content_span[0] <= verb.idx < quote.content_span[1]:
            return quote
    if verb.dep != "ccomp":
        return None
    head = parse.head(verb.i)
    if head.lemma not in _SPEECH_VERBS:
        return None
    speakers = _mentions(parse, clauses.subjects(parse, head)[0], by_head)
    if not speakers:
        return None
    lo, hi = parse.char_span(parse.subtree(verb.i))
    return Quote(
        speaker_text=speakers[0].text,
        speaker_span=speakers[0].span,
        speaker=speakers[0],
        cue=head.text,
        content=analysis.document.text[lo:hi],
        content_span=(lo, hi),
        direct=False,
        sentence=verb.sent,
    )


def _confidence(how: str, source: Mention, target: Mention | None, pattern: VerbPattern, hypothetical: bool) -> float:
    score = 0.45
    score += 0.2 if how in ("subject", "agent of passive", "possessive") else 0.05
    score += 0.1 if source.actor_id else 0.0
    if pattern.target != "none":
        score += 0.15 if target is not None else -0.1
    score += 0.03 * pattern.specificity
    if any(rule.startswith("pronoun") for rule in source.rules):
        score -= 0.1
    if any("from context" in rule for rule in source.rules):
        score -= 0.1
    if hypothetical:
        score -= 0.1
    return round(min(0.99, max(0.05, score)), 2)


def _path(parse: Parse, source: Mention, verb: Token, target: Mention | None) -> str:
    parts = []
    if source.head >= 0:
        parts.append(f"{parse.tokens[source.head].text}/{parse.tokens[source.head].dep}")
    parts.append(f"{verb.text}/{verb.dep}")
    if target is not None and target.head >= 0:
        parts.append(f"{parse.tokens[target.head].text}/{parse.tokens[target.head].dep}")
    return " → ".join(parts)


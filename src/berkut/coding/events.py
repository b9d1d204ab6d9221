"""Clauses → events: who did what to whom, coded from the dependency parse and the pattern book.

For every verb and event noun the pattern book knows, the most specific pattern whose particle,
preposition, object and complement constraints the clause satisfies fires. Its source comes from the
clause's subject (through passives, coordination, control and relative clauses), its target from the
slot the pattern names. An event needs an actor as source; negation and modality are flags.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from berkut.coding import clauses
from berkut.coding.actors import ActorResolver
from berkut.coding.composition import (
    BARE_INTENT_VERBS,
    INTENT_VERBS,
    REFUSAL_VERBS,
    THREAT_VERBS,
    as_intent,
    as_refusal,
    demand_code,
    matrix_code,
)
from berkut.coding.matching import COPULAS, LIGHT_VERBS, Predicate, best_match, slot_tokens, tokens_in_slot
from berkut.coding.names import NameKind
from berkut.coding.quotes import quote_for_char
from berkut.coding.where import DATELINE, dateline_place
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
_NOUN_SOURCE_PREPS = {"by", "from", "of"}
_GROUP_QUANTITIES = {
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    "group",
    "crowd",
    "number",
    "band",
    "million",
    "millions",
    "scores",
    "unit",
    "contingent",
    "team",
    "delegation",
}
_FALLBACK_TARGETS = ("dobj", "prep:on", "prep:to", "prep:against", "prep:with", "prep:between", "iobj")
# Acts two coordinated actors do to each other: "Kazakhstan and Uzbekistan signed a treaty".
_SYMMETRIC = {
    "meet",
    "discuss",
    "sign",
    "agree",
    "exchange",
    "negotiate",
    "talk",
    "hold",
    "clash",
    "fight",
    "cooperate",
    "trade",
    "conclude",
    "reach",
    "establish",
    "restore",
    "normalize",
    "normalise",
    "resume",
    "conduct",
    "swap",
    "consult",
}
_RECIPROCAL = Mention(
    text="", span=(0, 0), code=None, country=None, sector=None, org=None, name=None, actor_id=None
)


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
            predicates = self._sentence_predicates(parse, sentence.index, by_head)
            for predicate in predicates:
                events.extend(self._events(analysis, parse, predicate, by_head))
        return replace(analysis, events=tuple(events))

    def _sentence_predicates(
        self, parse: Parse, sentence: int, by_head: dict[int, Mention]
    ) -> list[Predicate]:
        """Every coded predicate of a sentence, with one event per real-world act.

        A verb and the event noun it governs ("signed a treaty", "opened an investigation") are one
        act: the more specific code wins, and a light verb yields to its noun. An event noun under a
        verb of another kind ("condemned the airstrikes") stays an event of its own only when it names
        its own actor and is material conflict.
        """
        found: dict[int, Predicate] = {}
        for token in parse.sentence_tokens(sentence):
            predicate = self._match(parse, token)
            if predicate is not None:
                found[token.i] = predicate
        bare = self._bare_matrices(parse, sentence, found)
        found.update(bare)
        found.update(self._victim_clauses(parse, sentence, found, by_head))
        for demand in self._reported_demands(parse, sentence, found, by_head):
            found.pop(demand.complement.i if demand.complement else -1, None)
            found[demand.token.i] = demand
        absorbed: set[int] = set()
        for i, predicate in list(found.items()):
            if predicate.complement is not None:
                absorbed.add(predicate.complement.i)
                found.pop(predicate.complement.i, None)
            elif i in found:
                composed = self._compose(parse, predicate, found)
                if composed is not None and composed.complement is not None:
                    found[i] = composed
                    absorbed.add(composed.complement.i)
                    found.pop(composed.complement.i, None)
                elif i in bare and self._complement_coded(parse, predicate, found):
                    found.pop(i)  # "refused to attack": nothing to compose; the attack stays, negated
        for i, predicate in list(found.items()):
            if predicate.token.pos == "NOUN":
                continue
            if clauses.future_statement(parse, predicate.token):
                if not clauses.negated(parse, predicate.token):
                    found[i] = as_intent(predicate)
                elif (refusal := as_refusal(predicate)) is not None:
                    found[i] = refusal  # "will not lift the ban": a refusal, stated
            elif (
                clauses.refused_ability(parse, predicate.token)
                and (refusal := as_refusal(predicate)) is not None
            ):
                found[i] = refusal  # "it cannot accept more refugees"
        for i, predicate in list(found.items()):
            if predicate.token.pos != "NOUN" or i not in found:
                continue
            governor = _governing_verb(parse, predicate.token)
            if governor is not None and governor.i in absorbed:
                found.pop(i, None)  # its verb is the complement of an intent or threat already coded
                continue
            if governor is None or governor.i not in found:
                continue
            verb = found[governor.i]
            if verb.pattern.code[:2] == predicate.pattern.code[:2]:
                if (
                    _more_specific(predicate.pattern.code, verb.pattern.code)
                    and governor.lemma not in LIGHT_VERBS
                ):
                    # "pounded positions with airstrikes": the verb keeps its actors, the noun its code.
                    pattern = dataclasses.replace(
                        verb.pattern,
                        id=f"{verb.pattern.id}+{predicate.pattern.id}",
                        code=predicate.pattern.code,
                    )
                    found[governor.i] = dataclasses.replace(verb, pattern=pattern)
                    loser = i
                else:
                    loser = governor.i if _more_specific(predicate.pattern.code, verb.pattern.code) else i
            elif governor.lemma in LIGHT_VERBS and predicate.token.dep != "pobj":
                loser = governor.i  # "launched an airstrike"; but "called for sanctions" is an appeal
            elif predicate.pattern.code[:2] >= "14" and _has_own_actor(parse, predicate.token):
                continue
            else:
                loser = i
            found.pop(loser, None)
        return [found[i] for i in sorted(found)]

    def _compose(self, parse: Parse, matrix: Predicate, found: dict[int, Predicate]) -> Predicate | None:
        """ "pledged to send aid" is an intent (03x) to do what the complement says; "threatened to
        impose sanctions" a threat (13x) of it. The pattern book spells out common pairs; the rest are
        composed here from the complement's own code."""
        if matrix.pattern.specificity > 0:
            return None
        for child in parse.children(matrix.token.i):
            inner = found.get(child.i)
            if child.dep != "xcomp" or inner is None:
                continue
            code = matrix_code(matrix.token.lemma, inner.pattern.code)
            if code is None:
                return None
            pattern = dataclasses.replace(
                inner.pattern,
                id=f"{matrix.pattern.id}+{inner.pattern.id}",
                verb=matrix.token.lemma,
                noun=None,
                code=code,
                complement=(child.lemma,),
                target=inner.pattern.target if inner.pattern.target != "none" else "dobj",
            )
            return Predicate(matrix.token, pattern, inner.object_token, child, inner.object_words)
        return None

    def _bare_matrices(
        self, parse: Parse, sentence: int, found: dict[int, Predicate]
    ) -> dict[int, Predicate]:
        """Intent, threat and refusal verbs no pattern codes, over a complement clause: "agreed to
        lend $1 billion", "refused to lift the ban". Each gets a bare predicate (030, 130 or 120) that
        the composition step turns into the intent, threat or refusal of the complement's act; an
        intent verb over an uncoded complement ("agreed to set up a centre") stays 030."""
        out: dict[int, Predicate] = {}
        for token in parse.sentence_tokens(sentence):
            if token.pos != "VERB" or token.i in found:
                continue
            complements = [c for c in parse.children(token.i) if c.dep == "xcomp" and c.pos == "VERB"]
            if not complements:
                continue
            coded = any(c.i in found for c in complements)
            if token.lemma in INTENT_VERBS and (coded or token.lemma in BARE_INTENT_VERBS):
                code = "030"
            elif token.lemma in THREAT_VERBS and coded:
                code = "130"
            elif token.lemma in REFUSAL_VERBS:
                code = "120"  # "refused to comply": a rejection even when the act has no code
            else:
                continue
            out[token.i] = Predicate(token, self._bare_pattern(token.lemma, code), None, None, 0)
        return out

    def _victim_clauses(
        self, parse: Parse, sentence: int, found: dict[int, Predicate], by_head: dict[int, Mention]
    ) -> dict[int, Predicate]:
        """ "Two persons died in police firing": the subject suffered an act whose actor the "in"
        phrase names; coded like "police killed two persons" (190), the dead as target."""
        out: dict[int, Predicate] = {}
        for verb in parse.sentence_tokens(sentence):
            if verb.pos != "VERB" or verb.lemma not in _VICTIM_VERBS or verb.i in found:
                continue
            if _cause_actor(parse, verb, by_head):
                out[verb.i] = Predicate(
                    verb, self._bare_pattern(verb.lemma, "190", target="subj", name="in_act"), None, None, 0
                )
        return out

    def _reported_demands(
        self, parse: Parse, sentence: int, found: dict[int, Predicate], by_head: dict[int, Mention]
    ) -> list[Predicate]:
        """ "Russia says Israel must end attacks on Syria": the speaker demands of the clause's subject
        what the clause says it must do (10x), when the subject is an actor other than the speaker."""
        out: list[Predicate] = []
        for clause in parse.sentence_tokens(sentence):
            speech = parse.head(clause.i)
            if (
                clause.pos != "VERB"
                or clause.dep != "ccomp"
                or speech.i in found
                or speech.lemma not in _SPEECH_VERBS
                or not any(a.lemma in ("must", "should") for a in clauses.children(parse, clause, "aux"))
                or clauses.negated(parse, clause)
            ):
                continue
            inner = found.get(clause.i)
            code = demand_code(inner.pattern.code if inner is not None else None)
            speakers = _mentions(parse, clauses.subjects(parse, speech)[0], by_head)
            addressees = _mentions(parse, clauses.children(parse, clause, "nsubj"), by_head)
            if code is None or not speakers or not addressees:
                continue
            if any(_same_actor(s, a) for s in speakers for a in addressees):
                continue  # "Germany said it must do more": a resolve, not a demand
            pattern = self._bare_pattern(speech.lemma, code, complement=clause.lemma, target="subj")
            if inner is not None:
                pattern = dataclasses.replace(pattern, id=f"{speech.lemma}.must+{inner.pattern.id}")
            out.append(Predicate(speech, pattern, None, clause, 0))
        return out

    def _bare_pattern(
        self,
        lemma: str,
        code: str,
        complement: str | None = None,
        target: str = "dobj",
        name: str = "complement",
    ) -> VerbPattern:
        return VerbPattern(
            id=f"{lemma}.{name}" if complement is None else f"{lemma}.must",
            code=code,
            verb=lemma,
            noun=None,
            particle=None,
            prep=None,
            object=(),
            object_classes=(),
            complement=(complement,) if complement else (),
            target=target,
            passive_ok=False,
            example="",
            negative_example=None,
            source_file="(composed by the coder)",
        )

    @staticmethod
    def _complement_coded(parse: Parse, matrix: Predicate, found: dict[int, Predicate]) -> bool:
        return any(c.dep == "xcomp" and c.i in found for c in parse.children(matrix.token.i))

    # -- which pattern fires ---------------------------------------------------------------------
    def _match(self, parse: Parse, token: Token) -> Predicate | None:
        if token.pos == "AUX" and token.lemma in COPULAS and token.dep in ("ROOT", "ccomp", "conj", "advcl"):
            candidates: Sequence[VerbPattern] = self.patterns.for_verb(token.lemma)
            return best_match(parse, token, candidates) if candidates else None
        if token.pos == "VERB":
            candidates = self.patterns.for_verb(token.lemma)
        elif token.pos == "NOUN":
            candidates = self.patterns.for_noun(token.lemma)
        else:
            return None
        # "called the issue an internal matter": a verb with an object predicate names, it does not act.
        if token.pos == "VERB" and any(c.dep == "oprd" for c in parse.children(token.i)):
            return None
        predicate = best_match(parse, token, candidates)
        if predicate is None:
            return None
        # Plain speech ("said", "a statement", "commented on") is reported speech, not an event: no
        # flood of 010s. A speech verb with a more specific pattern ("said it regretted") still codes.
        if predicate.pattern.code == "010" or (
            predicate.pattern.specificity == 0 and token.lemma in _PLAIN_SPEECH
        ):
            return None
        return predicate

    # -- who and whom ------------------------------------------------------------------------------
    def _events(
        self, analysis: Analysis, parse: Parse, predicate: Predicate, by_head: dict[int, Mention]
    ) -> Iterable[Event]:
        token, pattern = predicate.token, predicate.pattern
        rule_parts: list[str] = []
        if token.pos != "NOUN":
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
        clause_verb = token if token.pos != "NOUN" else (clauses.governing_predicate(parse, token) or token)
        event_date, precision, date_text, date_reason, date_source = _event_date(analysis, parse, clause_verb)
        countries = {m.country for m in [*sources, *targets] if m is not _RECIPROCAL}
        location, location_source = _event_place(analysis, parse, clause_verb, countries)
        quote = _reporting_quote(analysis, parse, clause_verb, by_head)
        is_negated = clauses.negated(parse, clause_verb) and not predicate.negation_absorbed
        is_hypothetical = clauses.hypothetical(parse, clause_verb)
        sentence = parse.sentences[token.sent]
        pairs: list[tuple[Mention, Mention | None]]
        if targets == [_RECIPROCAL]:
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        else:
            pairs = [(a, b) for a in sources for b in ([*targets] if targets else [None])]
        for source, target in pairs:
            if target is not None and (target.span == source.span or _same_actor(source, target)):
                if len(pairs) > 1:
                    continue
                target = None  # "Kazakhstan closed its border": no actor does it to itself
            src = self.resolver.recode(source, event_date)
            tgt = self.resolver.recode(target, event_date) if target is not None else None
            confidence = _confidence(how, src, tgt, pattern, is_hypothetical, token.pos == "NOUN")
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
        self, parse: Parse, predicate: Predicate, by_head: dict[int, Mention]
    ) -> tuple[list[Mention], str, list[Mention]]:
        verb, pattern = predicate.token, predicate.pattern
        passive = clauses.is_passive(parse, verb)
        if verb.lemma in _VICTIM_VERBS and not passive:
            sources = _cause_actor(parse, verb, by_head)
            victims = _mentions(parse, clauses.subjects(parse, verb)[0], by_head)
            return sources, "actor of the act it happened in", victims
        if passive:
            if not pattern.passive_ok:
                return [], "passive not allowed", []
            subject_tokens, how = clauses.agent_of(parse, verb), "agent of passive"
        else:
            subject_tokens, how = clauses.subjects(parse, verb)
        sources = _mentions(parse, subject_tokens, by_head)
        if passive and not sources:
            sources = _cause_actor(parse, verb, by_head)
            how = "actor of the act it happened in" if sources else how
        if passive and not sources:
            # "The agreement between Kazakhstan and Uzbekistan was signed": the parties sign it.
            subject_nouns = clauses.children(parse, verb, "nsubjpass")
            between = [
                p
                for noun in subject_nouns
                for prep in clauses.children(parse, noun, "prep")
                if prep.lemma == "between"
                for p in clauses.children(parse, prep, "pobj")
            ]
            parties = _mentions(parse, between, by_head)
            if len(parties) >= 2:
                return (
                    parties,
                    "parties named with 'between' (coordinated, each the other's target)",
                    [_RECIPROCAL],
                )
        slot_verb = predicate.complement or verb
        passive_slot = passive and predicate.complement is None
        source_heads = {s.head for s in sources}
        if pattern.target_slot == "prep:between" and not sources:
            sources, how, targets = _between(parse, slot_tokens(parse, predicate, passive), by_head)
            return sources, "first of 'between X and Y'", targets
        # The source's own forces are not its target ("Iran deployed additional forces to its border
        # with Afghanistan"): the usual slots may still name one.
        targets = [
            t
            for t in _mentions(parse, slot_tokens(parse, predicate, passive), by_head)
            if t.head not in source_heads and not any(_same_actor(s, t) for s in sources)
        ]
        if not targets and len(sources) > 1 and _symmetric(verb, predicate):
            return sources, how + " (coordinated, each the other's target)", [_RECIPROCAL]
        if not targets:
            targets = self._fallback_targets(
                parse, slot_verb, passive_slot, by_head, sources, deep=pattern.target != "none"
            )
        return sources, how, targets

    def _fallback_targets(
        self,
        parse: Parse,
        slot_verb: Token,
        passive: bool,
        by_head: dict[int, Mention],
        sources: list[Mention],
        deep: bool,
    ) -> list[Mention]:
        """When the pattern's slot holds no actor, the usual slots may: "called on the CSTO for help"
        under a pattern keyed on "for help", "pledged to send aid to Afghanistan" (the complement's
        slot), "praised Kazakhstan's handling" (the object's possessor)."""

        def others(found: list[Mention]) -> list[Mention]:
            return [t for t in found if not any(t.head == s.head or _same_actor(s, t) for s in sources)]

        verbs = [slot_verb]
        verbs += [c for c in clauses.children(parse, slot_verb, "xcomp") if c not in verbs]
        for candidate in verbs:
            for spec in _FALLBACK_TARGETS:
                slot = tokens_in_slot(parse, candidate, spec, passive, own_only=not deep)
                found = _mentions(parse, slot, by_head)
                targets = others(found)
                if targets:
                    return targets
        if not deep:
            return []
        for candidate in verbs:
            objects = clauses.children(parse, candidate, "dobj")
            objects += [
                p
                for prep in clauses.children(parse, candidate, "prep")
                for p in clauses.children(parse, prep, "pobj")
            ]
            for obj in objects:
                owners = _owners(parse, obj)
                found = [m for m in (self._owner_mention(parse, o, by_head) for o in owners) if m is not None]
                targets = others(found)
                if targets:
                    return targets
        return []

    def _owner_mention(self, parse: Parse, token: Token, by_head: dict[int, Mention]) -> Mention | None:
        mention = by_head.get(token.i)
        if mention is not None or not token.text[:1].isupper():
            return mention
        for hit in self.resolver.names.get(token.text):
            if hit.kind in (NameKind.ADJECTIVE, NameKind.NAME) and hit.entry.kind in (
                "country",
                "igo",
                "group",
            ):
                return self.resolver.mention_for(hit, token, None)
        return None

    def _noun_actors(
        self, analysis: Analysis, parse: Parse, predicate: Predicate, by_head: dict[int, Mention]
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
            # "carried out an attack" is the subject's attack; "described the attacks" is not.
            if head.lemma in LIGHT_VERBS or head.lemma in _PERFORMING_VERBS:
                if noun.dep == "nsubjpass":  # "an amnesty ... was announced by President Tokayev"
                    subject_tokens, how = clauses.agent_of(parse, head), f"agent of '{head.text}'"
                else:
                    subject_tokens, _ = clauses.subjects(parse, head)
                    how = f"subject of '{head.text}'"
                sources = _mentions(parse, subject_tokens, by_head)
        if pattern.target_slot == "prep:between" and not sources:
            sources, _, targets = _between(parse, slot_tokens(parse, predicate, False), by_head)
            return sources, "first of 'between X and Y'", targets
        target_tokens = slot_tokens(parse, predicate, False)
        if not target_tokens and noun.dep == "dobj" and pattern.target_slot.startswith("prep:"):
            target_tokens = tokens_in_slot(parse, parse.head(noun.i), pattern.target_slot, False)
        source_heads = {s.head for s in sources}
        targets = [t for t in _mentions(parse, target_tokens, by_head) if t.head not in source_heads]
        if not targets and pattern.target_slot != "none":
            for spec in ("prep:on", "prep:against", "prep:to", "prep:with"):
                found = _mentions(parse, tokens_in_slot(parse, noun, spec, False), by_head)
                targets = [t for t in found if t.head not in source_heads]
                if targets:
                    break
        if not targets and len(sources) > 1 and _symmetric(noun, predicate):
            return sources, how + " (coordinated, each the other's target)", [_RECIPROCAL]
        return sources, how, targets

    def _modifier_actor(self, analysis: Analysis, parse: Parse, noun: Token) -> list[Mention]:
        """ "Russian intervention": a nationality adjective or a name modifying an event noun."""
        for child in parse.children(noun.i):
            if child.i < noun.i and child.dep in ("amod", "compound", "nmod") and child.text[:1].isupper():
                hits = self.resolver.names.get(child.text)
                for hit in hits:
                    if hit.kind in (NameKind.ADJECTIVE, NameKind.NAME) and hit.entry.kind in (
                        "country",
                        "igo",
                        "group",
                    ):
                        mention = self.resolver.mention_for(hit, child, analysis.document.date)
                        if mention is not None:
                            return [mention]
        return []


# -- pattern constraints -----------------------------------------------------------------------------
def _mentions(parse: Parse, tokens: Sequence[Token], by_head: dict[int, Mention]) -> list[Mention]:
    out: list[Mention] = []
    for token in tokens:
        for member in clauses.expand_conjuncts(parse, token):
            mention = by_head.get(member.i)
            if (
                mention is None
                and member.lemma in ("that", "which", "who")
                and member.dep.startswith("nsubj")
            ):
                clause = parse.head(member.i)
                if clause.dep == "relcl":
                    member = parse.head(clause.i)
                    mention = by_head.get(member.i)
            if mention is None:
                mention = _appositive_mention(parse, member, by_head)
            if mention is None and member.lemma.lower() in _GROUP_QUANTITIES:
                # "Thousands of protesters", "a group of militants": the people counted act.
                counted = [
                    p
                    for c in parse.children(member.i)
                    if c.dep == "prep" and c.lemma == "of"
                    for p in parse.children(c.i)
                    if p.dep == "pobj"
                ]
                mention = by_head.get(counted[0].i) if counted else None
            if mention is not None and mention not in out:
                out.append(mention)
    return out


# Verbs whose subject performs the act their event-noun object names, beyond the light verbs.
_PERFORMING_VERBS = frozenset(
    {
        "commit",
        "perpetrate",
        "intensify",
        "escalate",
        "step",
        "expand",
        "lead",
        "organise",
        "organize",
        "plan",
        "undertake",
        "complete",
        "finish",
        "wage",
        "initiate",
        "sign",
        "conclude",
        "ink",
        "perform",
        "agree",
        "renew",
        "enforce",
        "have",
        "finalize",
        "finalise",
        "seal",
        "broker",
        "implement",
    }
)
# Verbs whose subject suffers the act ("died in police firing").
_VICTIM_VERBS = frozenset({"die", "perish"})
# Acts whose actor an "in" phrase names: "in police firing", "in an army raid", "in firing by police".
_CAUSE_NOUNS = frozenset(
    {
        "firing",
        "fire",
        "shooting",
        "action",
        "attack",
        "raid",
        "encounter",
        "crossfire",
        "bombing",
        "airstrike",
        "strike",
        "shelling",
        "operation",
        "crackdown",
        "assault",
        "lathi-charge",
        "clash",
    }
)


def _cause_actor(parse: Parse, verb: Token, by_head: dict[int, Mention]) -> list[Mention]:
    """The actor of the act a death or a passive happened in: "killed in police firing"."""
    for prep in clauses.children(parse, verb, "prep"):
        if prep.lemma not in ("in", "during"):
            continue
        for pobj in clauses.children(parse, prep, "pobj"):
            acts = [
                c for c in parse.children(pobj.i) if c.lemma in _CAUSE_NOUNS or c.text.lower() in _CAUSE_NOUNS
            ]
            if pobj.i in by_head and acts:
                return [by_head[pobj.i]]  # the small model reads "police firing" as police + acl firing
            if pobj.lemma in _CAUSE_NOUNS or pobj.text.lower() in _CAUSE_NOUNS:
                owners = [c for c in parse.children(pobj.i) if c.dep in ("compound", "amod", "poss", "nmod")]
                owners += [
                    p
                    for by in clauses.children(parse, pobj, "prep")
                    if by.lemma == "by"
                    for p in clauses.children(parse, by, "pobj")
                ]
                found = _mentions(parse, owners, by_head)
                if found:
                    return found
    return []


def _between(
    parse: Parse, tokens: Sequence[Token], by_head: dict[int, Mention]
) -> tuple[list[Mention], str, list[Mention]]:
    """ "talks between X and Y" with no other source: X is the source, Y the target."""
    found = _mentions(parse, tokens, by_head)
    if len(found) < 2:
        return [], "none", []
    return found[:1], "between", found[1:]


def _same_actor(a: Mention, b: Mention) -> bool:
    """The same actor, the source's own forces ("Kazakhstan would send soldiers") or the state its
    government acts for ("Trump withdrew the U.S. from the deal"): no one does an act to itself."""
    if a.actor_id is not None and a.actor_id == b.actor_id:
        return True
    if (
        a.country is not None
        and a.country == b.country
        and a.sector in (None, "GOV", "MIL")
        and (b.sector == "MIL" or (b.sector is None and b.org is None and a.sector == "GOV"))
    ):
        return True
    return a.code == b.code and a.code is not None


def _governing_verb(parse: Parse, noun: Token) -> Token | None:
    """The verb whose object an event noun is: "signed [a treaty]", "opened [an investigation] into"."""
    if noun.dep in ("dobj", "nsubjpass", "attr"):
        head = parse.head(noun.i)
        return head if head.pos == "VERB" else None
    if noun.dep == "pobj":
        prep = parse.head(noun.i)
        head = parse.head(prep.i)
        return head if head.pos == "VERB" else None
    return None


def _more_specific(code: str, other: str) -> bool:
    """A four-digit code beats three; a code ending in 0 (the root's "not specified") loses."""
    rank = lambda c: (len(c), not c.endswith("0"))  # noqa: E731
    return rank(code) > rank(other)


def _has_own_actor(parse: Parse, noun: Token) -> bool:
    return any(
        c.dep in ("poss", "amod", "compound") and c.text[:1].isupper() and c.i < noun.i
        for c in parse.children(noun.i)
    ) or any(c.dep in ("prep", "agent") and c.lemma == "by" for c in parse.children(noun.i))


def _symmetric(verb: Token, predicate: Predicate) -> bool:
    words = {verb.lemma}
    if predicate.object_token is not None:
        words.add(predicate.object_token.lemma)
    if predicate.complement is not None:
        words.add(predicate.complement.lemma)
    return bool(words & _SYMMETRIC) or predicate.pattern.code[:2] in ("04", "06")


def _owners(parse: Parse, obj: Token) -> list[Token]:
    """Whose thing an object is: "Kazakhstan's handling", "the withdrawal of Tajik troops"."""
    owners = [c for c in parse.children(obj.i) if c.dep == "poss"]
    owners += [c for c in parse.children(obj.i) if c.dep in ("amod", "compound") and c.i < obj.i]
    for prep in parse.children(obj.i):
        if prep.dep == "prep" and prep.lemma in ("of", "between", "with", "against", "on"):
            owners += [p for p in parse.children(prep.i) if p.dep == "pobj"]
    expanded: list[Token] = []
    for owner in owners:
        expanded.extend(clauses.expand_conjuncts(parse, owner))
    return expanded


def _appositive_mention(parse: Parse, token: Token, by_head: dict[int, Mention]) -> Mention | None:
    """ "the CSTO, a bloc led by Russia, ...": a noun in apposition stands for the actor it renames."""
    if token.dep == "appos":
        return by_head.get(token.head)
    for child in parse.children(token.i):
        if child.dep == "appos" and child.i in by_head:
            return by_head[child.i]
    return None


# -- when, where, who said it ----------------------------------------------------------------------------
def _clause_of(parse: Parse, char: int) -> Token | None:
    token = parse.token_at(char)
    return clauses.governing_predicate(parse, token) if token is not None else None


def _event_date(
    analysis: Analysis, parse: Parse, verb: Token
) -> tuple[date | None, DatePrecision | None, str | None, str, DateSource]:
    in_sentence = [t for t in analysis.times if t.sentence == verb.sent and t.value is not None]
    for time in in_sentence:
        if _clause_of(parse, time.span[0]) is not None and _clause_of(parse, time.span[0]) == verb:
            return time.value, time.precision, time.text, time.reason, DateSource.CLAUSE
    if in_sentence:
        time = in_sentence[0]
        return (
            time.value,
            time.precision,
            time.text,
            f"{time.reason} (from the sentence)",
            DateSource.SENTENCE,
        )
    published = analysis.document.date
    if published is not None:
        return (
            published,
            DatePrecision.DAY,
            None,
            "publication date (no date in the sentence)",
            DateSource.PUBLICATION,
        )
    return None, None, None, "no date in the sentence and no publication date", DateSource.NONE


def _event_place(
    analysis: Analysis, parse: Parse, verb: Token, countries: set[str | None]
) -> tuple[Place | None, PlaceSource | None]:
    """The place the event's clause names, else its sentence's, else the dateline's; never a guess
    from an actor's capital."""
    # A place that is an actor here ("warned Kazakhstan") is not where the event happened.
    actor_spans = [m.span for m in analysis.mentions if m.sentence == verb.sent]
    in_sentence = [
        p
        for p in analysis.places
        if p.sentence == verb.sent
        and p.feature != DATELINE
        and not any(a[0] <= p.span[0] < a[1] for a in actor_spans)
    ]
    for place in in_sentence:
        if _clause_of(parse, place.span[0]) == verb:
            return place, PlaceSource.CLAUSE
    if in_sentence:
        return in_sentence[0], PlaceSource.SENTENCE
    # The dateline says where the report was filed: it locates the lead and events of its own country.
    dateline = dateline_place(analysis)
    if dateline is not None and (dateline.sentence == verb.sent or dateline.country in countries):
        return dateline, PlaceSource.DATELINE
    return None, None


def _reporting_quote(
    analysis: Analysis, parse: Parse, verb: Token, by_head: dict[int, Mention]
) -> Quote | None:
    """An event inside reported speech ("X said Y attacked Z") carries the report as its quote."""
    found = quote_for_char(analysis.quotes, verb.idx)
    if found is not None:
        return found
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


def _confidence(
    how: str,
    source: Mention,
    target: Mention | None,
    pattern: VerbPattern,
    hypothetical: bool,
    noun: bool,
) -> float:
    """How likely the event is right, from what the coding rested on.

    The weights follow what our gold sentences show (``berkut evaluate --details``; the fit and its
    two-fold check are in benchmarks/RESULTS.md): events with a named target are right far more often
    than events with none; a root-level code ("020", "190") is often right in kind but too vague for
    the act the sentence states; sources read off anything but the clause's own subject, event nouns and
    actors inferred from context are wrong more often.
    """
    score = 0.25
    score += 0.25 if target is not None else (-0.15 if pattern.target != "none" else 0.0)
    score += 0.2 if target is not None and target.actor_id else 0.0
    score += 0.1 if source.actor_id else 0.0
    score += 0.1 if how in ("subject", "agent of passive", "possessive") else 0.0
    score -= 0.2 if how != "subject" else 0.0
    score += 0.02 * pattern.specificity
    if len(pattern.code) == 3 and pattern.code.endswith("0"):
        score -= 0.3
    if noun:
        score -= 0.2
    if any(rule.startswith("pronoun") or "context" in rule for rule in source.rules):
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

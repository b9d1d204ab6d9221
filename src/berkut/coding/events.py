"""Clauses → events: who did what to whom, coded from the dependency parse and the pattern book.

For every verb and event noun the pattern book knows, the most specific pattern whose particle,
preposition, object and complement constraints the clause satisfies fires. Its source comes from the
clause's subject (through passives, coordination, control and relative clauses), its target from the
slot the pattern names (participants.py finds both). An event needs an actor as source; negation
and modality are flags; its date, place, quote and confidence come from circumstances.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import replace

from berkut.coding import circumstances, clauses, senses
from berkut.coding.actor_countries import coerced_at_home
from berkut.coding.actors import ActorResolver
from berkut.coding.circumstances import PLAIN_SPEECH, SPEECH_VERBS
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
from berkut.coding.matching import COPULAS, LIGHT_VERBS, Predicate, best_match
from berkut.coding.participants import (
    RECIPROCAL,
    VICTIM_VERBS,
    Participants,
    cause_actor,
    has_own_actor,
    lends_subject,
    mentions,
    same_actor,
)
from berkut.model import Analysis, Event, Explanation, Mention, Parse, Token
from berkut.ontology import Ontology
from berkut.ontology.verbs import NOT_AN_EVENT, VerbPattern


class EventCoder:
    """The event stage. Needs mentions (and, when present, times, places and quotes) on the analysis."""

    def __init__(self, ontology: Ontology, resolver: ActorResolver) -> None:
        self.ontology = ontology
        self.patterns = ontology.patterns
        self.resolver = resolver
        self.participants = Participants(resolver)

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
        return replace(analysis, events=_one_per_act(events))

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
            if token.ent_type in _NAME_ENTITIES:
                continue  # "the Committee to Protect Journalists", "the Law on Combating Terrorism"
            predicate = self._match(parse, token)
            if predicate is not None and not _names_a_brief(parse, token, by_head):
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
                elif (i in bare or _bare_refusal(predicate)) and self._complement_coded(
                    parse, predicate, found
                ):
                    found.pop(i)  # "refused to attack": nothing to compose; the attack stays, negated
                elif _intends_conflict(parse, predicate, found):
                    found.pop(i)  # "pledged to oppose the bill": no intent to cooperate; the opposing is planned
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
            if governor is None:
                continue
            if governor.i not in found:
                if (
                    lends_subject(governor)
                    and clauses.future_statement(parse, governor)
                    and not clauses.negated(parse, governor)
                ):
                    found[i] = as_intent(predicate)  # "says it will begin a military operation": a threat
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
            elif predicate.pattern.code[:2] >= "14" and has_own_actor(parse, predicate.token):
                continue
            else:
                loser = i
            found.pop(loser, None)
            if (
                loser == governor.i
                and i in found
                and clauses.future_statement(parse, governor)
                and not clauses.negated(parse, governor)
            ):
                found[i] = as_intent(found[i])  # "said India would sign the deal": an intent, like its verb
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
            complements = [
                c
                for c in parse.children(token.i)
                if c.dep == "xcomp"
                and c.pos == "VERB"
                and not clauses.negated(parse, c)
                and clauses.lemma(c) not in clauses.PREVENTING_VERBS
            ]  # "vowed not to let X attack", "vowed to prevent attacks" intend nothing cooperative
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
            if verb.pos != "VERB" or verb.lemma not in VICTIM_VERBS or verb.i in found:
                continue
            if cause_actor(parse, verb, by_head):
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
                or speech.lemma not in SPEECH_VERBS
                or not any(a.lemma in ("must", "should") for a in clauses.children(parse, clause, "aux"))
                or clauses.negated(parse, clause)
            ):
                continue
            inner = found.get(clause.i)
            code = demand_code(inner.pattern.code if inner is not None else None)
            speakers = mentions(parse, clauses.subjects(parse, speech)[0], by_head)
            addressees = mentions(parse, clauses.children(parse, clause, "nsubj"), by_head)
            if code is None or not speakers or not addressees:
                continue
            if any(same_actor(s, a) for s in speakers for a in addressees):
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
        elif token.pos == "NOUN" and not (
            token.dep == "compound" and parse.head(token.i).pos in ("NOUN", "PROPN")
        ):
            # an event noun that only modifies another ("aid worker", "attack helicopter", "Trade
            # Minister") names no act
            candidates = self.patterns.for_noun(token.lemma)
        else:
            return None
        # "called the issue an internal matter": a verb with an object predicate names, it does not act.
        if token.pos == "VERB" and any(c.dep == "oprd" for c in parse.children(token.i)):
            return None
        predicate = best_match(parse, token, candidates)
        if predicate is None:
            return None
        if predicate.pattern.code == NOT_AN_EVENT:
            return None  # "appealed the verdict", "signed the bill into law": this use is not an event
        if predicate.pattern.code.startswith("02") and clauses.indirect_question(parse, token):
            return None  # "asked whether Oakland was part of the US": a question, not an appeal
        if (
            predicate.pattern.code.startswith("07")
            and token.lemma in _AUXILIARY_HELP
            and clauses.children(parse, token, "xcomp", "ccomp")
        ):
            return None  # "helped broker a deal": the act is the deal, the help no aid
        # Plain speech ("said", "a statement", "commented on") is reported speech, not an event: no
        # flood of 010s. A speech verb with a more specific pattern ("said it regretted") still codes.
        if predicate.pattern.code == "010" or (
            predicate.pattern.specificity == 0 and token.lemma in PLAIN_SPEECH
        ):
            return None
        return predicate

    # -- assembling events ----------------------------------------------------------------------------
    def _events(
        self, analysis: Analysis, parse: Parse, predicate: Predicate, by_head: dict[int, Mention]
    ) -> Iterable[Event]:
        token, pattern = predicate.token, predicate.pattern
        rule_parts: list[str] = []
        if token.pos != "NOUN":
            sources, how, targets = self.participants.verb_actors(parse, predicate, by_head)
            rule_parts.append(f"verb '{token.text}', source from {how}")
        else:
            sources, how, targets = self.participants.noun_actors(analysis, parse, predicate, by_head)
            rule_parts.append(f"event noun '{token.text}', source from {how}")
        if not sources:
            return
        if senses.ruled_out_by_source(predicate, sources):
            return
        if pattern.actor_object and senses.thing_in_slot(parse, predicate, targets):
            return  # "recognised the benefit of reform", "called a halt", "met the government's demands"
        if pattern.target != "none" and not targets:
            rule_parts.append("no target found")
        code = self.ontology.codes.cameo(pattern.code)
        clause_verb = token if token.pos != "NOUN" else (clauses.governing_predicate(parse, token) or token)
        event_date, precision, date_text, date_reason, date_source = circumstances.event_date(
            analysis, parse, clause_verb
        )
        countries = {m.country for m in [*sources, *targets] if m is not RECIPROCAL}
        location, location_source = circumstances.event_place(analysis, parse, clause_verb, countries)
        quote = circumstances.reporting_quote(analysis, parse, clause_verb, by_head)
        is_negated = clauses.negated(parse, clause_verb) and not predicate.negation_absorbed
        is_hypothetical = clauses.hypothetical(parse, clause_verb) or (
            token.pos == "NOUN" and clauses.unrealised_noun(parse, token)
        )
        if predicate.planned and not is_hypothetical:
            is_hypothetical = True
            rule_parts.append("a future act with no intent code: planned")
        if not is_hypothetical and code.root not in _SPOKEN_ROOTS:
            # "the EU summit on Thursday" in Monday's paper, "is travelling to America next week": the
            # act is arranged, not done; like "will visit", an arranged act is the intent to do it.
            ahead = None
            if circumstances.dated_after_publication(analysis, event_date, date_source):
                ahead = f"dated after publication ('{date_text}')"
            elif clauses.says_ahead(parse, clause_verb):
                ahead = "dated ahead ('next', 'tomorrow', 'later this')"
            if ahead is not None:
                arranged = as_intent(dataclasses.replace(predicate, pattern=pattern))
                if arranged.planned:
                    is_hypothetical = True
                    rule_parts.append(ahead)
                else:
                    pattern = arranged.pattern
                    code = self.ontology.codes.cameo(pattern.code)
                    rule_parts.append(f"{ahead}: arranged, so the intent")
        averter = clauses.averted_by(parse, token)
        if averter is not None and not clauses.negated(parse, averter):
            if averter.pos == "VERB" and not clauses.hypothetical(parse, averter):
                is_negated = True  # "foiled an attack", "stopped them from crossing": it did not happen
            else:
                is_hypothetical = True  # "vowed to prevent attacks", "a precaution against car bombs"
            rule_parts.append(f"averted by '{averter.text}'")
        sentence = parse.sentences[token.sent]
        pairs: list[tuple[Mention, Mention | None]]
        if targets == [RECIPROCAL]:
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        else:
            pairs = [(a, b) for a in sources for b in ([*targets] if targets else [None])]
        for source, target in pairs:
            if target is not None and (target.span == source.span or same_actor(source, target)):
                if len(pairs) > 1:
                    continue
                target = None  # "Kazakhstan closed its border": no actor does it to itself
            src = self.resolver.recode(source, event_date)
            tgt = self.resolver.recode(target, event_date) if target is not None else None
            if senses.everyday_life(pattern.code, src, tgt):
                continue
            tgt = coerced_at_home(pattern.code, src, tgt) or tgt
            verbal = senses.sense_by_source(parse, token, pattern.code, src, tgt)
            if verbal == NOT_AN_EVENT:
                continue
            code = self.ontology.codes.cameo(verbal or pattern.code)
            confidence = circumstances.confidence(
                how, src, tgt, pattern, is_hypothetical, token.pos == "NOUN"
            )
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
                    path=circumstances.dependency_path(parse, src, token, tgt),
                ),
                confidence=confidence,
                negated=is_negated,
                hypothetical=is_hypothetical,
                location=location,
                location_source=location_source,
                quote=quote,
            )


# A word inside the name of an organisation, a building, a law or a work names; it does not act.
_NAME_ENTITIES = frozenset({"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"})
# Acts done in words, whose date may be their content's ("demanded talks next week", "vowed to retaliate
# next month"): a later date does not make them plans.
_SPOKEN_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
# Verbs that take the act they help with as a complement ("helped broker a deal", "assisted to evacuate").
_AUXILIARY_HELP = frozenset({"help", "assist"})


def _one_per_act(events: list[Event]) -> tuple[Event, ...]:
    """One event per act: "Mr Erdoğan denounced Assad" names the speaker twice when a title, a name and
    an appositive all resolve to TURGOV; the same verb, source, code and target is one event (the most
    confident reading is kept, in text order)."""
    best: dict[tuple[object, ...], Event] = {}
    for event in events:
        key = (
            event.verb_span, event.source.code if event.source else None, event.cameo,
            event.target.code if event.target else None, event.negated, event.hypothetical,
        )
        if key not in best or event.confidence > best[key].confidence:
            best[key] = event
    kept = set(map(id, best.values()))
    return tuple(e for e in events if id(e) in kept)


# Roots of conflict acts that CAMEO's intent codes (03x) do not mirror.
_CONFLICT_ROOTS = frozenset({"10", "11", "12", "14", "15", "16", "17", "18", "19", "20"})


def _intends_conflict(parse: Parse, predicate: Predicate, found: dict[int, Predicate]) -> bool:
    """A plain intent verb ("pledged", "vowed", "promised": 030) over a complement coded as a conflict
    act that no composition turned into a threat: "pledged to oppose the bill", "promised to fight the
    ruling". Its 030 would say the opposite of the text."""
    if not predicate.pattern.code.startswith("03") or predicate.pattern.specificity > 0:
        return False
    return any(
        c.dep == "xcomp" and c.i in found and found[c.i].pattern.code[:2] in _CONFLICT_ROOTS
        for c in parse.children(predicate.token.i)
    )


def _bare_refusal(predicate: Predicate) -> bool:
    """A refusal verb coded by its plainest pattern ("refused", 120), which a complement may explain."""
    return predicate.token.lemma in REFUSAL_VERBS and predicate.pattern.specificity == 0


def _names_a_brief(parse: Parse, noun: Token, by_head: dict[int, Mention]) -> bool:
    """ "the special envoy for Ukraine negotiations", "the commissioner for humanitarian aid": an event
    noun in a "for" phrase of an actor names the actor's brief (a job title), not an act."""
    if noun.pos != "NOUN" or noun.dep != "pobj":
        return False
    prep = parse.head(noun.i)
    if prep.lemma != "for" or prep.dep != "prep":
        return False
    owner = parse.head(prep.i)
    return owner.i != prep.i and owner.pos in ("NOUN", "PROPN") and owner.i in by_head


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

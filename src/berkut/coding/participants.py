"""Who did it and to whom: the source and target actors of a coded predicate.

A verb's source is its clause's subject (through passives, coordination, control and relative
clauses), its target the slot the pattern names, else the usual slots, else an object's possessor.
An event noun's source is its possessor, its "by"/"from"/"of" phrase, a nationality modifier or the
subject of the verb that performs it. Mentions are found by their head token; a quantity ("thousands
of protesters") or an apposition ("a bloc led by Russia") stands for the actor it counts or renames.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from berkut.coding import clauses
from berkut.coding.actors import ActorResolver, against
from berkut.coding.matching import LIGHT_VERBS, Predicate, slot_tokens, tokens_in_slot
from berkut.coding.names import NameKind
from berkut.model import Analysis, Mention, Parse, Token

_NOUN_SOURCE_PREPS = {"by", "from", "of"}
_VIOLENT_ROOTS = frozenset({"17", "18", "19", "20"})
# "The Vietnam war", "the Syrian conflict": a name before these nouns says where, not who.
_PLACE_NAMED_NOUNS = frozenset({"war", "conflict", "crisis"})
_TRIP_NOUNS = frozenset({"visit", "trip", "tour", "journey"})
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
# Cooperation codes whose "between X and Y" parties are the actors, not the verb's subject (a broker, a
# host, an announcer): consult (04), diplomatic (05) and material cooperation (06), intent to (03).
_BETWEEN_PARTIES_ROOTS = frozenset({"03", "04", "05", "06"})
# A mediator is never one of the parties it brokers between ("brokered a deal between Israel and the UAE").
_MEDIATE = "045"
# Prepositions of place and time: a name they introduce is the setting of an act, not its target.
_SETTING_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "throughout", "within", "during", "after", "before",
     "since", "until", "amid", "from"}
)
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
# A placeholder target: coordinated sources who act on each other ("X and Y met") become one event
# for each ordered pair of them.
RECIPROCAL = Mention(
    text="", span=(0, 0), code=None, country=None, sector=None, org=None, name=None, actor_id=None
)


class Participants:
    """Finds the source and target mentions of a predicate. Needs the resolver for names that are
    not mentions of their own: "Kazakhstan's handling", "Russian intervention"."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver

    def verb_actors(
        self, parse: Parse, predicate: Predicate, by_head: dict[int, Mention]
    ) -> tuple[list[Mention], str, list[Mention]]:
        verb, pattern = predicate.token, predicate.pattern
        passive = clauses.is_passive(parse, verb)
        if verb.lemma in VICTIM_VERBS and not passive:
            sources = cause_actor(parse, verb, by_head)
            victims = mentions(parse, clauses.subjects(parse, verb)[0], by_head)
            return sources, "actor of the act it happened in", victims
        if passive:
            if not pattern.passive_ok:
                return [], "passive not allowed", []
            subject_tokens, how = clauses.agent_of(parse, verb), "agent of passive"
        else:
            subject_tokens, how = clauses.subjects(parse, verb)
        sources = mentions(parse, subject_tokens, by_head)
        parties = _parties_between(parse, [verb, *clauses.children(parse, verb, "dobj")], by_head)
        if (
            len(parties) >= 2
            and pattern.code[:2] in _BETWEEN_PARTIES_ROOTS
            and pattern.code != _MEDIATE
            and not any(same_actor(s, p) for s in sources for p in parties)
        ):
            # "a deal it brokered to normalize relations between Sudan and Israel": the parties cooperate,
            # whoever brokered, hosted or announced it.
            return parties, "parties named with 'between' (each the other's target)", [RECIPROCAL]
        if not sources and not passive:
            # "The missiles fired by the Israeli military struck a depot": who fired the weapon struck.
            sources = mentions(parse, [a for s in subject_tokens for a in _firers(parse, s)], by_head)
            how = "agent of the weapon that acted" if sources else how
        if passive and not sources:
            sources = cause_actor(parse, verb, by_head)
            how = "actor of the act it happened in" if sources else how
        if passive and not sources:
            # "The agreement between Kazakhstan and Uzbekistan was signed": the parties sign it.
            parties = _parties_between(parse, clauses.children(parse, verb, "nsubjpass"), by_head)
            if len(parties) >= 2:
                return (
                    parties,
                    "parties named with 'between' (coordinated, each the other's target)",
                    [RECIPROCAL],
                )
        slot_verb = predicate.complement or verb
        passive_slot = passive and predicate.complement is None
        source_heads = {s.head for s in sources}
        if pattern.target_slot == "prep:between" and not sources and pattern.code != _MEDIATE:
            sources, how, targets = _between(parse, slot_tokens(parse, predicate, passive), by_head)
            return sources, "first of 'between X and Y'", targets
        # The source's own forces are not its target ("Iran deployed additional forces to its border
        # with Afghanistan"): the usual slots may still name one.
        targets = [
            t
            for t in mentions(parse, slot_tokens(parse, predicate, passive), by_head)
            if t.head not in source_heads and not any(same_actor(s, t) for s in sources)
        ]
        if not targets and len(sources) > 1 and _symmetric(verb, predicate):
            return sources, how + " (coordinated, each the other's target)", [RECIPROCAL]
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
            return [t for t in found if not any(t.head == s.head or same_actor(s, t) for s in sources)]

        verbs = [slot_verb]
        verbs += [c for c in clauses.children(parse, slot_verb, "xcomp") if c not in verbs]
        for candidate in verbs:
            for spec in _FALLBACK_TARGETS:
                slot = tokens_in_slot(parse, candidate, spec, passive, own_only=not deep)
                found = mentions(parse, slot, by_head)
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
                # "meeting in Saudi Arabia": a place named as the setting is where, not with whom (but
                # "bombed targets in Afghanistan's Khost province" still hit Afghanistan's).
                if not (prep.lemma in _SETTING_PREPS and p.pos == "PROPN")
                and not _ally_phrase(prep, p)
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
        if mention is not None:
            return mention
        return self._named_actor(token, None)

    def _named_actor(self, token: Token, on: date | None) -> Mention | None:
        """A capitalised word that names a state, IGO or group, or is its adjective ("Russian")."""
        if not token.text[:1].isupper():
            return None
        for hit in self.resolver.names.get(token.text):
            if hit.kind in (NameKind.ADJECTIVE, NameKind.NAME) and hit.entry.kind in (
                "country",
                "igo",
                "group",
            ):
                mention = self.resolver.mention_for(hit, token, on)
                if mention is not None:
                    return mention
        return None

    def noun_actors(
        self, analysis: Analysis, parse: Parse, predicate: Predicate, by_head: dict[int, Mention]
    ) -> tuple[list[Mention], str, list[Mention]]:
        noun, pattern = predicate.token, predicate.pattern
        sources: list[Mention] = []
        how = "none"
        possessors = clauses.children(parse, noun, "poss")
        undergoer: list[Mention] = []
        if possessors and noun.lemma in _PATIENT_NOUNS and not _has_of_phrase(parse, noun):
            # "Blankenship's conviction", "his arrest": the possessor undergoes the act; who did it is
            # told elsewhere ("by a federal jury") or not at all.
            undergoer = mentions(parse, possessors, by_head)
        elif possessors:
            sources, how = mentions(parse, possessors, by_head), "possessive"
        if not sources:
            for prep in clauses.children(parse, noun, "prep", "agent"):
                # "the bombing of schools", "the killing of civilians": of a violent act, "of" is the
                # victim; so it is wherever the pattern names the "of" phrase as the target ("criticism
                # of Trump", "the rejection of the proposal", "the arrest of the journalist"). Elsewhere
                # it is the actor: "a meeting of EU ministers", "at the request of Canada".
                if prep.lemma == "of" and (
                    pattern.code[:2] in _VIOLENT_ROOTS or pattern.target_slot == "prep:of"
                ):
                    # "the rejection of the proposal by France": the parser hangs the act's "by" on
                    # the patient.
                    agents = [
                        p
                        for patient in clauses.children(parse, prep, "pobj")
                        for by in clauses.children(parse, patient, "prep", "agent")
                        if by.lemma == "by"
                        for p in clauses.children(parse, by, "pobj")
                    ]
                    found = mentions(parse, agents, by_head)
                    if found:
                        sources, how = found, "'by' phrase after the patient"
                        break
                    continue
                if prep.lemma in _NOUN_SOURCE_PREPS:
                    found = mentions(parse, clauses.children(parse, prep, "pobj"), by_head)
                    if found:
                        sources, how = found, f"'{prep.text}' phrase"
                        break
        if not sources:
            sources = self._modifier_actor(analysis, parse, noun)
            how = "modifier" if sources else how
        governor = parse.head(noun.i) if noun.dep in ("dobj", "nsubjpass") else None
        if not sources and governor is not None:
            head = governor
            # "carried out an attack" is the subject's attack; "described the attacks" and "called the
            # stabbing barbaric" are not: a verb that names or describes an act does not perform it.
            if lends_subject(head) and not _describes(parse, head, noun) and not _undergone(head, pattern.code):
                if noun.dep == "nsubjpass":  # "an amnesty ... was announced by President Tokayev"
                    subject_tokens, how = clauses.agent_of(parse, head), f"agent of '{head.text}'"
                else:
                    subject_tokens, _ = clauses.subjects(parse, head)
                    how = f"subject of '{head.text}'"
                sources = mentions(parse, subject_tokens, by_head)
        if pattern.target_slot == "prep:between" and not sources and pattern.code != _MEDIATE:
            sources, _, targets = _between(parse, slot_tokens(parse, predicate, False), by_head)
            return sources, "first of 'between X and Y'", targets
        target_tokens = slot_tokens(parse, predicate, False)
        if not target_tokens and noun.dep == "dobj" and pattern.target_slot.startswith("prep:"):
            target_tokens = tokens_in_slot(parse, parse.head(noun.i), pattern.target_slot, False)
        source_heads = {s.head for s in sources}
        targets = [t for t in mentions(parse, target_tokens, by_head) if t.head not in source_heads]
        if not targets and undergoer:
            targets = [t for t in undergoer if t.head not in source_heads]
        if not targets and pattern.target_slot != "none":
            for spec in ("prep:on", "prep:against", "prep:to", "prep:with"):
                found = mentions(parse, tokens_in_slot(parse, noun, spec, False), by_head)
                targets = [t for t in found if t.head not in source_heads]
                if targets:
                    break
        if not targets and len(sources) > 1 and _symmetric(noun, predicate):
            return sources, how + " (coordinated, each the other's target)", [RECIPROCAL]
        if (
            not targets
            and pattern.code[:2] == "04"
            and governor is not None
            and governor.lemma in _CONVENING_VERBS
        ):
            # "the prime minister called a cabinet meeting": convening a meeting consults no one; with
            # another party named ("called a meeting with Iran") it is a consultation.
            return [], "convened, no other party", []
        return sources, how, targets

    def _modifier_actor(self, analysis: Analysis, parse: Parse, noun: Token) -> list[Mention]:
        """ "Russian intervention": a nationality adjective or a name modifying an event noun."""
        if noun.lemma.lower() in _PLACE_NAMED_NOUNS and not any(
            c.dep == "prep" and c.lemma in ("against", "on", "with") for c in parse.children(noun.i)
        ):
            return []  # "the Vietnam war" is where; "the Russian war against Ukraine" is who
        for child in parse.children(noun.i):
            if child.i < noun.i and child.dep in ("amod", "compound", "nmod") and not against(parse, child):
                if child.dep == "compound" and noun.lemma.lower() in _TRIP_NOUNS:
                    continue  # "a UK state visit", "his Moscow trip": where, not who ("a Chinese visit" is who)
                mention = self._named_actor(child, analysis.document.date)
                if mention is not None:
                    return [mention]
        return []


# -- mentions in the parse --------------------------------------------------------------------------
def mentions(parse: Parse, tokens: Sequence[Token], by_head: dict[int, Mention]) -> list[Mention]:
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
# Verbs that bring a meeting about without anyone to meet: "called a cabinet meeting".
_CONVENING_VERBS = frozenset({"call", "convene", "summon", "schedule"})


def lends_subject(verb: Token) -> bool:
    """A verb whose subject performs the act its object names ("launched an offensive", "signed a deal")."""
    return verb.lemma in LIGHT_VERBS or verb.lemma in _PERFORMING_VERBS
# Verbs that name or describe a thing; as light verbs they perform it only with a new, bare object.
_NAMING_VERBS = frozenset({"call", "term", "label", "brand", "dub"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


# Hostile acts one "has" are done to one: "no longer have the threat of jail hanging over them".
_HOSTILE_ROOTS = frozenset({"13", "17", "18", "19", "20"})


def _undergone(verb: Token, code: str) -> bool:
    return verb.lemma == "have" and code[:2] in _HOSTILE_ROOTS


def _describes(parse: Parse, verb: Token, noun: Token) -> bool:
    """ "called the stabbing barbaric", "called the attack an act of terror", "described the strike as
    a crime": the verb says what an act is, it does not do it. A verb with an object predicate (oprd,
    an adjective or noun complement after the object, or "as" X) describes; so does a naming verb ("call")
    whose object is an act already known (definite: "the", "this", a possessive)."""
    if any(
        c.dep in ("oprd", "acomp") or (c.dep == "xcomp" and c.pos in ("ADJ", "NOUN") and c.i > noun.i)
        for c in parse.children(verb.i)
    ):
        return True
    if any(c.dep == "prep" and c.lemma == "as" for c in parse.children(verb.i)):
        return True
    if verb.lemma in _NAMING_VERBS:
        return any(
            (c.dep == "det" and c.lemma.lower() in _DEFINITE) or c.dep == "poss"
            for c in parse.children(noun.i)
        )
    return False


# Verbs whose subject suffers the act ("died in police firing").
VICTIM_VERBS = frozenset({"die", "perish"})
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


def cause_actor(parse: Parse, verb: Token, by_head: dict[int, Mention]) -> list[Mention]:
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
                found = mentions(parse, owners, by_head)
                if found:
                    return found
    return []


def _firers(parse: Parse, weapon: Token) -> list[Token]:
    """The "by X" of a participle describing a weapon: "the missiles fired by X"."""
    return [
        agent
        for acl in clauses.children(parse, weapon, "acl")
        if acl.tag == "VBN"
        for agent in clauses.agent_of(parse, acl)
    ]


def _parties_between(parse: Parse, holders: list[Token], by_head: dict[int, Mention]) -> list[Mention]:
    """The actors of a "between X and Y" phrase on any of ``holders`` ("normalize relations between Sudan
    and Israel", "the agreement between Kazakhstan and Uzbekistan was signed")."""
    objects = [
        p
        for holder in holders
        for prep in clauses.children(parse, holder, "prep")
        if prep.lemma == "between"
        for p in clauses.children(parse, prep, "pobj")
    ]
    return mentions(parse, objects, by_head)


def _between(
    parse: Parse, tokens: Sequence[Token], by_head: dict[int, Mention]
) -> tuple[list[Mention], str, list[Mention]]:
    """ "talks between X and Y" with no other source: X is the source, Y the target."""
    found = mentions(parse, tokens, by_head)
    if len(found) < 2:
        return [], "none", []
    return found[:1], "between", found[1:]


def same_actor(a: Mention, b: Mention) -> bool:
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


def has_own_actor(parse: Parse, noun: Token) -> bool:
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


# "fought on the side of the army", "alongside the army", "negotiated on behalf of the rebels": the actor
# named is an ally or a principal, never the one the act is done to.
_ALLY_PREPS = frozenset({"alongside", "beside"})
_ALLY_NOUNS = frozenset({"side", "behalf"})


def _ally_phrase(prep: Token, obj: Token) -> bool:
    return prep.lemma in _ALLY_PREPS or obj.lemma in _ALLY_NOUNS


# Acts whose possessor undergoes them: "his arrest", "Navalny's conviction", "the envoy's expulsion"
# (but "Russia's expulsion of diplomats" names the agent, with the patient in "of").
_PATIENT_NOUNS = frozenset(
    {"arrest", "detention", "conviction", "sentencing", "imprisonment", "jailing", "release", "killing",
     "murder", "assassination", "execution", "abduction", "kidnapping", "capture", "trial", "prosecution",
     "deportation", "extradition", "expulsion", "dismissal", "ouster", "removal", "impeachment",
     "indictment", "torture", "eviction", "exile", "persecution", "sacking", "internment", "beating"}
)


def _has_of_phrase(parse: Parse, noun: Token) -> bool:
    return any(c.lemma == "of" for c in clauses.children(parse, noun, "prep"))


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

"""Matching one pattern from the pattern book against a predicate in the parse.

The constraints are those documented in ``ontology/verbs/README.md``: particle, preposition,
complement, object and — for event nouns — the noun's modifiers; then the target slot the pattern
names. Nothing here knows about actors: it answers "does this clause have the shape of the pattern,
and which tokens fill its slots?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from berkut.coding import clauses
from berkut.model import Parse, Token
from berkut.ontology.verbs import ANY_OBJECT, NOT_AN_EVENT, VerbPattern

_PARTICLE_DEPS = ("prt", "advmod", "prep")
_PREP_DEPS = ("prep", "dative", "agent")
_MODIFIER_DEPS = ("compound", "amod")
# Verbs whose object is the real event: "paid a visit", "launched an airstrike", "held talks".
LIGHT_VERBS = frozenset(
    {
        "launch",
        "make",
        "hold",
        "pay",
        "conduct",
        "carry",
        "stage",
        "issue",
        "mount",
        "begin",
        "start",
        "give",
        "express",
        "voice",
        "lodge",
        "file",
        "deliver",
        "sign",
        "reach",
        "impose",
        "offer",
        "extend",
        "continue",
        "order",
        "take",
        "announce",
        "open",
        "set",
        "call",
        "resume",
        "host",
    }
)


# Copular verbs whose predicate adjective patterns may name ("is skeptical", "remained confident").
COPULAS = frozenset({"be", "remain", "feel", "seem", "appear", "sound"})


@dataclass(frozen=True, slots=True)
class Predicate:
    token: Token
    pattern: VerbPattern
    object_token: Token | None
    complement: Token | None
    object_words: int  # length of the matched object phrase; ties go to the longer one
    # A stated refusal ("will not lift the ban") is coded as the refusal: its negation is the event.
    negation_absorbed: bool = False
    # A future act with no intent code ("parliament will consider the bill", "is to be debated"): a plan.
    planned: bool = False


def best_match(parse: Parse, token: Token, candidates: Sequence[VerbPattern]) -> Predicate | None:
    """The first fitting pattern of the highest specificity; among equals, the longest object."""
    best: Predicate | None = None
    for pattern in candidates:
        if best is not None and pattern.specificity < best.pattern.specificity:
            break
        found = fits(parse, token, pattern)
        if found is not None and (best is None or found.object_words > best.object_words):
            best = found
    return best


def fits(parse: Parse, token: Token, pattern: VerbPattern) -> Predicate | None:
    if pattern.noun_modifiers and not _has_modifiers(parse, token, pattern.noun_modifiers):
        return None
    particle: Token | None = None
    if pattern.particle:
        particle = next(
            (
                c
                for c in parse.children(token.i)
                if c.dep in _PARTICLE_DEPS and c.text.lower() == pattern.particle and not _of_time(parse, c)
            ),
            None,
        )
        if particle is None:
            return None
    if not pattern.prep:
        return _fits_with_prep(parse, token, pattern, None)
    for prep in _prep_candidates(parse, token, pattern.prep, particle):
        found = _fits_with_prep(parse, token, pattern, prep)
        if found is not None:
            return found
    return None


def _fits_with_prep(parse: Parse, token: Token, pattern: VerbPattern, prep: Token | None) -> Predicate | None:
    complement: Token | None = None
    if pattern.complement:
        complement = _find_complement(parse, token, pattern.complement, prep)
        if complement is None:
            return None
    object_token: Token | None = None
    words = 0
    if pattern.object:
        candidates = _object_candidates(parse, token, prep, complement)
        if pattern.code == NOT_AN_EVENT:
            candidates += _modified_patient(parse, token)
        for candidate in candidates:
            words = object_match_length(parse, candidate, pattern.object)
            # "*" takes any object but scores no words, so a pattern naming the object wins ties.
            if words or (ANY_OBJECT in pattern.object and candidate.pos in ("NOUN", "PROPN", "NUM", "SYM")):
                object_token = candidate
                break
        if object_token is None:
            return None
    return Predicate(token, pattern, object_token, complement, words)


def _has_modifiers(parse: Parse, noun: Token, modifiers: Sequence[str]) -> bool:
    found = {m.lemma.lower() for m in _modifiers_deep(parse, noun)} | {
        m.text.lower() for m in _modifiers_deep(parse, noun)
    }
    return all(word in found for word in modifiers)


def _modifiers_deep(parse: Parse, token: Token) -> list[Token]:
    out: list[Token] = []
    stack = [token]
    while stack:
        for child in parse.children(stack.pop().i):
            if child.dep in _MODIFIER_DEPS:
                out.append(child)
                stack.append(child)
    return out


def _find_preps(parse: Parse, hosts: Sequence[Token], word: str, particle: Token | None) -> list[Token]:
    return [
        child
        for host in hosts
        for child in parse.children(host.i)
        if child.dep in _PREP_DEPS
        and child.text.lower() == word
        and child is not particle
        and not _of_time(parse, child)
    ]


def _of_time(parse: Parse, prep: Token) -> bool:
    """ "called on Wednesday", "met in March": a preposition of time is no part of the predicate."""
    return any(p.ent_type in ("DATE", "TIME") for p in parse.children(prep.i) if p.dep == "pobj")


def _prep_candidates(parse: Parse, token: Token, word: str, particle: Token | None) -> list[Token]:
    """Every preposition ``word`` the predicate could own, nearest host first ("In addition, troops
    participate in peacekeeping operations": the second "in" is the one with the object)."""
    hosts = [token]
    if particle is not None:
        hosts.append(particle)
    hosts += [c for c in parse.children(token.i) if c.dep == "dobj"]
    if token.pos == "NOUN" and token.dep in ("dobj", "nsubjpass"):
        hosts.append(parse.head(token.i))
    return _find_preps(parse, hosts, word, particle)


def _find_complement(parse: Parse, token: Token, lemmas: Sequence[str], prep: Token | None) -> Token | None:
    for child in parse.children(token.i):
        if child.dep in ("xcomp", "ccomp") and child.lemma in lemmas:
            return child
    preps = [prep] if prep is not None else [c for c in parse.children(token.i) if c.dep == "prep"]
    for p in preps:
        for child in parse.children(p.i):
            if child.dep == "pcomp" and child.lemma in lemmas:
                return child
    return None


def _object_candidates(
    parse: Parse, token: Token, prep: Token | None, complement: Token | None
) -> list[Token]:
    if complement is not None:
        direct = [c for c in parse.children(complement.i) if c.dep in ("dobj", "nsubjpass")]
        via_prep = [
            p
            for c in parse.children(complement.i)
            if c.dep == "prep"
            for p in parse.children(c.i)
            if p.dep in ("pobj", "pcomp")
        ]
        return direct + via_prep
    if prep is not None:
        return [c for c in parse.children(prep.i) if c.dep in ("pobj", "pcomp")]
    # A copula's "object" is its predicate adjective: "said it is skeptical of the plan".
    deps = ("dobj", "nsubjpass", "acomp") if token.lemma in COPULAS else ("dobj", "nsubjpass")
    return [c for c in parse.children(token.i) if c.dep in deps]


def _modified_patient(parse: Parse, token: Token) -> list[Token]:
    """ "a letter signed by 200 Republicans", "a barbecue hosted by Putin": a passive participle modifying
    a noun has that noun as its patient: the one acted on (a target), and an object that may show a
    sense that is no event. It never makes a pattern fire on its own: the noun is often the means of
    another act ("hit by a roadside bomb planted by the Taliban" hit a convoy)."""
    if token.dep == "acl" and clauses.is_passive(parse, token) and parse.head(token.i).i != token.i:
        return [parse.head(token.i)]
    return []


def object_match_length(parse: Parse, token: Token, accepted: Sequence[str]) -> int:
    """Words in the longest accepted entry the object matches (0: no match).

    One word matches the lemma or the text; "a b head" needs a and b among the head's modifiers at
    any depth; "head of x" needs an of-object x. Quantities look through to what they count:
    "5,000 tonnes of flour" is flour.
    """
    for _ in range(3):  # "three of the dozens of hostages"
        counted = _through_quantity(parse, token)
        if counted is token:
            break
        token = counted
    lemma, text = token.lemma.lower(), token.text.lower()
    forms = {lemma, text, _hyphenated(parse, token)}
    if token.pos == "PROPN" and text.endswith("s"):
        forms.add(text[:-1])  # the small model keeps plural names whole: "Christians"
    if token.pos == "PROPN":
        # "released journalist Mahmoud Hussein": a name is what its title word says it is.
        forms |= {
            c.lemma.lower()
            for c in parse.children(token.i)
            if c.dep == "compound" and c.pos in ("NOUN", "PROPN")
        }
    if token.ent_type == "PERSON":
        forms.add("person")  # "released Odin Sanchez": a named person counts as a person held
    modifiers = {m.lemma.lower() for m in _modifiers_deep(parse, token)} | {
        m.text.lower() for m in _modifiers_deep(parse, token)
    }
    of_objects = {
        word
        for c in parse.children(token.i)
        if c.dep == "prep" and c.lemma == "of"
        for p in parse.children(c.i)
        if p.dep == "pobj"
        for word in (p.lemma.lower(), p.text.lower())  # "cessation of hostilities": lemma "hostility"
    }
    best = 0
    for entry in accepted:
        words = entry.split()
        if len(words) == 1:
            matched = words[0] in forms
        elif len(words) == 3 and words[1] == "of":
            matched = words[0] in (lemma, text) and words[2] in of_objects
        else:
            matched = words[-1] in (lemma, text) and all(w in modifiers for w in words[:-1])
        if matched:
            best = max(best, len(words))
    return best


def _hyphenated(parse: Parse, token: Token) -> str:
    """The word a hyphen split ("cease-fire" is cease, -, fire), rejoined and lowercased."""
    i = token.i
    parts = [token.text.lower()]
    while (
        i >= 2
        and parse.tokens[i - 1].text == "-"
        and parse.tokens[i - 2].end == parse.tokens[i - 1].idx
        and parse.tokens[i - 1].end == parse.tokens[i].idx
    ):
        parts[:0] = [parse.tokens[i - 2].text.lower(), "-"]
        i -= 2
    return "".join(parts)


_QUANTITIES = frozenset(
    {
        "tonne",
        "ton",
        "tons",
        "tonnes",
        "kilogram",
        "shipment",
        "batch",
        "consignment",
        "convoy",
        "load",
        "package",
        "cargo",
        "lot",
        "number",
        "amount",
        "quantity",
        "thousand",
        "million",
        "hundred",
        "dozen",
        "supply",
        "delivery",
        "round",
        "wave",
        "percent",
        "%",
        "part",
        "portion",
        "share",
        "some",
        "most",
        "all",
        "rest",
        "half",
        "worth",
    }
)


# Sums of money: "$2 million in humanitarian assistance" is humanitarian assistance; a bare sum is money.
_MONEY = frozenset(
    {
        "$",
        "€",
        "£",
        "euro",
        "dollar",
        "pound",
        "yen",
        "yuan",
        "rupee",
        "ruble",
        "rouble",
        "franc",
        "million",
        "billion",
        "trillion",
    }
)


def _through_quantity(parse: Parse, token: Token) -> Token:
    words = (token.lemma.lower(), token.text.lower())
    preps = ("of", "in") if any(w in _MONEY for w in words) else ("of",)
    # "three of the hostages" counts hostages, like "5,000 tonnes of flour" counts flour.
    if token.pos != "NUM" and not any(w in _QUANTITIES or w in _MONEY for w in words):
        return token
    for child in parse.children(token.i):
        if child.dep == "prep" and child.lemma in preps:
            for pobj in parse.children(child.i):
                if pobj.dep == "pobj":
                    return pobj
    return token


def slot_tokens(parse: Parse, predicate: Predicate, passive: bool) -> list[Token]:
    """The tokens filling the pattern's target slot (before any actor is looked up)."""
    pattern = predicate.pattern
    slot = pattern.target_slot
    anchor = (
        predicate.complement
        if pattern.target_anchor == "complement" and predicate.complement
        else predicate.token
    )
    if slot == "subj":
        return [c for c in parse.children(anchor.i) if c.dep in ("nsubj", "nsubjpass")]
    extra_hosts = [predicate.object_token] if predicate.object_token is not None else []
    return tokens_in_slot(parse, anchor, slot, passive and anchor is predicate.token, extra_hosts)


def tokens_in_slot(
    parse: Parse,
    anchor: Token,
    slot: str,
    passive: bool,
    extra_hosts: Sequence[Token] = (),
    own_only: bool = False,
) -> list[Token]:
    """Tokens in a slot of ``anchor``. A ``prep:`` slot also looks on the direct object ("sanctions
    on Iran") unless ``own_only``."""
    if slot == "none":
        return []
    if slot == "dobj":
        found = [c for c in parse.children(anchor.i) if c.dep == ("nsubjpass" if passive else "dobj")]
        if not found and passive:
            found = _modified_patient(parse, anchor)  # "protesters detained by police": the protesters
        return found or _datives(parse, anchor)
    if slot == "iobj":
        return _datives(parse, anchor)
    if slot.startswith("prep:"):
        word = slot.split(":", 1)[1]
        hosts = (
            [anchor]
            if own_only
            else [anchor, *extra_hosts, *(c for c in parse.children(anchor.i) if c.dep == "dobj")]
        )
        out: list[Token] = []
        for host in hosts:
            for prep in parse.children(host.i):
                if prep.dep in _PREP_DEPS and prep.text.lower() == word:
                    out.extend(p for p in parse.children(prep.i) if p.dep == "pobj")
            if out:
                break
        return out
    return []


def _datives(parse: Parse, anchor: Token) -> list[Token]:
    out: list[Token] = []
    for child in parse.children(anchor.i):
        if child.dep == "dative":
            out.extend(
                [child] if child.pos != "ADP" else [p for p in parse.children(child.i) if p.dep == "pobj"]
            )
    return out

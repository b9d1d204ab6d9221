"""Senses a pattern alone cannot tell apart: who acts, and what fills the slot, decide them.

A politician's "attack" is criticism and an army's is force; a state's "strikes" are force and workers'
a protest; what unnamed private people and firms do among themselves is everyday life; "recognised
Kosovo" is recognition and "recognised the benefit" is not. The event coder asks these after it has
found a predicate's actors (events.py); each rule says which judged real-news error it answers.
"""

from __future__ import annotations

from berkut.coding import clauses
from berkut.coding.matching import Predicate, slot_tokens
from berkut.coding.participants import RECIPROCAL
from berkut.coding.pronouns import is_person
from berkut.model import Mention, Parse, Token
from berkut.ontology.verbs import NOT_AN_EVENT

# CAMEO's visits are official; private people travelling (refugees, students, tourists) make none.
_VISITS = frozenset({"042", "043"})
_PRIVATE_SECTORS = frozenset({"CVL", "REF", "BUS", "EDU", "MED", "HLH", "AGR", "LAB", "REL"})
_RALLY_NOUNS = frozenset({"rally", "march"})


# Politicians "attack" each other in words: a person in politics attacking a person, or no one named,
# criticises (111); an army, a group or a state attacking anyone still uses force. Courts, parliaments,
# parties, the media, hospitals, firms, refugees and international bodies bear no arms: when they
# "attack", "clash with" or "fight" someone, it is in words (111 for an attack, 110 for a clash). A
# person or a government that "defends" someone or something does it in words too: 052, not military
# protection (074), which is for armed forces and states.
_POLITICAL_SECTORS = frozenset({"GOV", "LEG", "PTY", "OPP", "JUD"})
_UNARMED_SECTORS = frozenset({"JUD", "LEG", "PTY", "MED", "HLH", "BUS", "REF", "NGO"})
_ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "COP", "SPY", "UAF"})
_FIGURATIVE_FORCE = {"attack": "111", "slam": "111", "clash": "110", "fight": "110", "battle": "110"}
_VERBAL_DEFENCE = "052"
_APPEAL = "020"
_PESSIMISM = "012"
_NO_COMMENT = "011"
_INVESTIGATORS = frozenset({"COP", "JUD", "SPY"})
_STATE_STRIKE = "190"
# "a chemical attack", "rocket attacks", "a suicide attack": the weapon says it is force, whoever ordered it.
_WEAPON_MODIFIERS = frozenset(
    {"chemical", "gas", "missile", "rocket", "air", "drone", "suicide", "bomb", "terror", "terrorist", "armed",
     "military", "mortar", "artillery", "knife", "gun", "acid", "arson", "sarin", "chlorine", "nuclear"}
)


def sense_by_source(
    parse: Parse, token: Token, code: str, source: Mention, target: Mention | None
) -> str | None:
    """The code the source's kind gives a word with two senses, NOT_AN_EVENT when it is no act at all,
    None when the pattern's code stands.

    Force or words: "Harris's attacks on Biden", "the top judge clashed with ministers" (criticism),
    "Brown defended Bush" (052). A strike: workers strike in protest (143), a state or an army that
    strikes or orders strikes uses force (190). Police who "question" someone inquire; they do not
    disapprove (110).
    """
    if token.lemma == "call" and code == "041" and any(
        c.lemma == "for" and c.dep in ("mark", "prep") for c in _descendants_of_clause(parse, token)
    ):
        return _APPEAL  # "called for NATO members to increase spending" (the parser's "for" is a mark)
    if token.lemma == "warn" and code == "130" and target is None and _forecast(parse, token):
        return _PESSIMISM  # "the IEA warned demand would outstrip supply": a forecast, no threat to anyone
    if token.lemma == "target" and code.startswith(("17", "18", "19")) and source.sector in _UNARMED_SECTORS:
        return NOT_AN_EVENT  # "prosecutors targeted the ranch", "the party targeted young voters"
    if token.lemma in ("concede", "admit", "acknowledge") and code.startswith("08") and clauses.children(
        parse, token, "ccomp"
    ):
        return NOT_AN_EVENT  # "he conceded there were difficult issues": an admission, not yielding
    if code == "014" and _judges(parse, token):
        return NOT_AN_EVENT  # "the king considered it inappropriate": an opinion, not an option weighed
    if code == "125" and token.lemma == "discuss" and target is None:
        return _NO_COMMENT  # "would not discuss individual cases": declining to comment, no talks refused
    if token.lemma in _TOPIC_VERBS and code.startswith("04") and target is None and _alone(parse, token, source):
        return NOT_AN_EVENT  # "Biden discussed slavery in his speech": a topic talked about, no one consulted
    if token.lemma == "question" and code == "110" and source.sector in _INVESTIGATORS:
        return NOT_AN_EVENT  # police and prosecutors question people: routine inquiry, no disapproval
    if token.lemma == "strike" and code.startswith("143"):
        armed = source.sector in _ARMED_SECTORS or source.sector == "GOV"
        state = source.sector is None and source.org is None and not is_person(source) and source.country
        return _STATE_STRIKE if armed or state else None
    if token.lemma == "defend" and code == "074":
        # Troops, police and states at war defend places; ministers, parties and courts defend in words.
        words = is_person(source) or source.sector in _UNARMED_SECTORS or source.sector == "GOV"
        return _VERBAL_DEFENCE if words and source.sector not in _ARMED_SECTORS else None
    verbal = _FIGURATIVE_FORCE.get(token.lemma)
    if verbal is None or not code.startswith("19"):
        return None
    if any(c.lemma.lower() in _WEAPON_MODIFIERS for c in parse.children(token.i) if c.dep in ("amod", "compound")):
        return None
    if target is None and token.lemma in ("fight", "battle") and source.sector in _PRIVATE_SECTORS:
        return NOT_AN_EVENT  # "he spent 15 years fighting for a holiday": a campaign, no combat
    if source.sector in _UNARMED_SECTORS and (target is None or target.sector not in ("MIL", "REB", "INS")):
        # "doctors fought to save the wounded": a fight with no one is no event at all
        return NOT_AN_EVENT if target is None and token.lemma in ("fight", "battle") else verbal
    if token.lemma != "attack":
        return None
    political = source.sector in _POLITICAL_SECTORS or (source.sector is None and source.org is None)
    if not (is_person(source) and political):
        return None
    return "111" if target is None or is_person(target) else None


# What unnamed private people, firms, schools or churches meet about, give, cooperate in, deploy or impose
# among themselves is everyday life ("spectators gathered", "students met students", "the railway gives
# women security", "the hospital deployed its preparations", "companies impose licence terms"), not a
# political event. Their words still are (appeals
# for a repeal, promises to end a strike, criticism, denials), so is their violence, so is medical care
# given to victims (073), and so is anything they do to a state ("residents asked the government").
_EVERYDAY_ROOTS = frozenset({"04", "06", "07", "15", "17"})
_CARERS = frozenset({"HLH"})
_RESIGN = "0831"
_COMMERCE_ROOTS = frozenset({"03", "05", "06"})
# A firm upbeat or gloomy about its own prospects ("the airline was upbeat about 2005") forecasts trade.
_OUTLOOK = frozenset({"012", "013"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY", "IGO", "ELI", "PTY", "OPP", "REB", "INS"})


_SELF_NOUNS = frozenset({"country", "government", "nation", "state", "army", "military", "party", "movement"})


# Verbs of talking about a topic: a consultation (04x) only with someone to consult.
_TOPIC_VERBS = frozenset({"discuss", "debate"})


def _alone(parse: Parse, verb: Token, source: Mention) -> bool:
    """One actor, no partner: no "with" phrase, and a subject that is one person or body, not a plural or
    coordinated one ("Trump and May discussed a joint response", "the ministers discussed" consult)."""
    # "with X", also on the verb's phrases ("in separate phone calls with Trump and Putin").
    near = [c for c in parse.children(verb.i)] + [
        g for c in parse.children(verb.i) if c.dep == "prep" for o in parse.children(c.i) for g in parse.children(o.i)
    ]
    if any(c.dep == "prep" and c.lemma in ("with", "between", "among") for c in near):
        return False
    if source.head < 0:
        return False
    head = parse.tokens[source.head]
    lo, hi = parse.subtree(head.i)
    # "Donald Trump and Theresa May", which the name matcher may take as one name
    coordinated = any(t.dep in ("conj", "cc") for t in parse.tokens[lo:hi])
    plural = head.tag in ("NNS", "NNPS") or head.lemma.lower() in ("we", "they")
    return not (coordinated or plural)


def _forecast(parse: Parse, verb: Token) -> bool:
    """A warning whose "that" clause is about something else, unconditionally ("warned demand would
    outstrip supply"), forecasts; one about what the speaker will do ("warned it will not stand by", "the
    country has the power to ... if") threatens."""
    for clause in clauses.children(parse, verb, "ccomp"):
        subjects = clauses.children(parse, clause, "nsubj", "nsubjpass")
        lo, hi = parse.subtree(clause.i)
        conditional = any(t.lemma in ("if", "unless") for t in parse.tokens[lo:hi])
        own = any(s.pos == "PRON" or s.lemma.lower() in _SELF_NOUNS for s in subjects)
        if subjects and not own and not conditional:
            return True
    return False


def thing_in_slot(parse: Parse, predicate: Predicate, targets: list[Mention]) -> bool:
    """The target slot holds words, or a "that" clause, and no actor found is one of them (an owner of
    the slot's noun does not count: "met the government's demands" meets demands, not the government)."""
    token = predicate.token
    if targets == [RECIPROCAL]:
        return False  # "Wray and Rosenstein will meet ...": the coordinated actors meet each other
    slot = slot_tokens(parse, predicate, clauses.is_passive(parse, token))
    if not slot:
        return bool(clauses.children(parse, token, "ccomp")) and not targets
    # The slot's whole phrase counts ("met a group of U.S. lawmakers", "called his counterpart, Michel
    # Aoun"), except an owner's ("met the government's demands" meets demands, not the government).
    heads: set[int] = set()
    for word in slot:
        owners = [c for c in parse.children(word.i) if c.dep == "poss"]
        lo, hi = parse.subtree(word.i)
        owned = {i for o in owners for i in range(*parse.subtree(o.i))}
        heads |= set(range(lo, hi)) - owned
    return not any(t.head in heads for t in targets if t is not RECIPROCAL)


def _descendants_of_clause(parse: Parse, verb: Token) -> list[Token]:
    """The verb's children and its clausal children's children: where a "for" of "call for" may hang."""
    kids = list(parse.children(verb.i))
    return kids + [g for c in kids if c.dep in ("advcl", "ccomp", "xcomp") for g in parse.children(c.i)]


def _judges(parse: Parse, verb: Token) -> bool:
    """ "considered it inappropriate", "considers the vote a fraud", "considers the YPG the Syrian wing
    of the PKK": the verb has a predicate (an adjective clause, or an adjective or noun after its object,
    which the parser may hang on the object as an apposition) that says what something is."""
    kids = parse.children(verb.i)
    if any(c.dep in ("oprd", "acomp") or (c.dep in ("ccomp", "xcomp") and c.pos in ("ADJ", "NOUN")) for c in kids):
        return True
    return any(
        a.dep == "appos" and parse.tokens[max(parse.subtree(a.i)[0] - 1, 0)].text != ","
        for o in kids
        if o.dep == "dobj"
        for a in parse.children(o.i)
    )


def everyday_life(code: str, source: Mention, target: Mention | None) -> bool:
    # "the only business offering food", "the two firms signed a memorandum", "the bank allied itself
    # with Singapore Telecom": firms offering, agreeing and allying among themselves do business
    commerce = source.sector == "BUS" and (code[:2] in _COMMERCE_ROOTS or (code in _OUTLOOK and target is None))
    # "poll workers quit": unnamed people leaving their jobs resign from no office (0831)
    if not (code[:2] in _EVERYDAY_ROOTS or commerce or code == _RESIGN) or source.sector not in _PRIVATE_SECTORS:
        return False
    if code.startswith("07") and source.sector in _CARERS:
        return False
    if source.actor_id is not None or source.name is not None or source.org is not None:
        return False  # a named firm, union or church acts in its own name
    return target is None or (target.sector not in _STATE_SECTORS and not _is_state(target))


def _is_state(mention: Mention) -> bool:
    return mention.sector is None and mention.org is None and mention.country is not None and not is_person(mention)


def ruled_out_by_source(predicate: Predicate, sources: list[Mention]) -> bool:
    """Codes whose sense the actor rules out: "refugees arrived in Germany" and "students visited China"
    are travel, not diplomacy (042/043); a rally a government or its leader holds is a campaign or a
    state occasion, not a protest (141: "Trump held his first indoor rally in three months")."""
    code = predicate.pattern.code
    if code in _VISITS:
        return all(s.sector in _PRIVATE_SECTORS for s in sources)
    if code.startswith("14") and predicate.token.lemma in _RALLY_NOUNS:
        return all(s.sector == "GOV" for s in sources)
    return False

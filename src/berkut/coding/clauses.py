"""Clause structure from the dependency parse: subjects, objects, controllers, negation, modality.

These are the syntactic questions the event coder asks of a predicate; they know nothing about CAMEO.
"""

from __future__ import annotations

from berkut.model import Parse, Token

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
MODAL_LEMMAS = {"would", "could", "might", "may", "should", "must", "can", "will", "shall"}
# Verbs whose complement is not (yet) a fact: "plans to attack", "threatened to impose".
IRREALIS_MATRIX = {
    "push",
    "press",
    "encourage",
    "vote",
    "lobby",
    "plan",
    "intend",
    "want",
    "hope",
    "seek",
    "try",
    "aim",
    "expect",
    "consider",
    "propose",
    "threaten",
    "vow",
    "promise",
    "pledge",
    "offer",
    "prepare",
    "decide",
    "agree",
    "refuse",
    "demand",
    "urge",
    "ask",
    "call",
    "appeal",
    "warn",
    "wish",
    "need",
    "have",
}
NEGATING_MATRIX = {"deny", "refuse", "reject", "fail", "decline", "avoid"}
CONDITIONAL_MARKERS = {"if", "unless", "whether"}
# Object-control verbs: the object is the subject of the complement ("urged Kazakhstan to talk").
OBJECT_CONTROL = {
    "urge",
    "ask",
    "call",
    "appeal",
    "encourage",
    "force",
    "order",
    "tell",
    "invite",
    "press",
    "persuade",
}


def children(parse: Parse, token: Token, *deps: str) -> list[Token]:
    return [c for c in parse.children(token.i) if c.dep in deps]


def lemma(token: Token) -> str:
    """The token's lemma, with the small model's known slips mended ("hopes" → "hop")."""
    if token.lemma == "hop" and token.text.lower().startswith("hope"):
        return "hope"
    return token.lemma


def auxiliaries(parse: Parse, verb: Token) -> list[Token]:
    """The verb's auxiliaries, or those it shares with the verb it is coordinated with: in "should be
    hunted down and killed" the modal governs "killed" too."""
    own = children(parse, verb, "aux", "auxpass")
    # "should be leading": the parser may hang the modal on the auxiliary "be" rather than the verb.
    own += [a for aux in own for a in children(parse, aux, "aux")]
    if own or verb.dep != "conj" or children(parse, verb, *SUBJECT_DEPS, *PASSIVE_SUBJECT_DEPS):
        return [a for a in own if a.dep == "aux"]
    head = parse.head(verb.i)
    if head.i == verb.i or head.pos not in ("VERB", "AUX"):
        return []
    return auxiliaries(parse, head)


def expand_conjuncts(parse: Parse, token: Token) -> list[Token]:
    """A token and the tokens coordinated with it: "China and the U.S." → [China, U.S.]."""
    out = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in parse.children(current.i):
            if child.dep == "conj" and child.pos in ("PROPN", "NOUN", "PRON"):
                out.append(child)
                stack.append(child)
    return out


def is_passive(parse: Parse, verb: Token) -> bool:
    return any(c.dep in ("auxpass", "nsubjpass") for c in parse.children(verb.i)) or (
        verb.dep == "acl" and verb.tag == "VBN" and not _finite_misread(parse, verb)
    )


def _finite_misread(parse: Parse, verb: Token) -> bool:
    """A main verb the parser hung from its subject as a clause modifier: "The Iraqi air force carried
    out air strikes" read as "force" + acl "carried". A finite form, or a participle with a direct
    object (a passive participle has none), is no reduced relative."""
    if verb.dep != "acl":
        return False
    return verb.tag in ("VBD", "VBZ", "VBP") or (verb.tag == "VBN" and bool(children(parse, verb, "dobj")))


def agent_of(parse: Parse, verb: Token) -> list[Token]:
    """The "by X" of a passive verb."""
    out: list[Token] = []
    for prep in children(parse, verb, "agent", "prep"):
        if prep.lemma == "by":
            out.extend(children(parse, prep, "pobj"))
    return out


_REPORTERS = frozenset(
    {"say", "tell", "rule", "claim", "report", "state", "add", "write", "argue", "insist", "note", "find",
     "believe", "think", "conclude", "allege", "suggest", "show", "reveal", "confirm"}
)


def subjects(parse: Parse, verb: Token) -> tuple[list[Token], str]:
    """The subject tokens of a verbal predicate and how they were found.

    Walks up through coordination, control and relative clauses when the verb has no subject of its own.
    """
    current = verb
    how = "subject"
    for _ in range(4):
        own = children(parse, current, *SUBJECT_DEPS)
        if own and not (current.dep == "relcl" and own[0].lemma.lower() in ("that", "which", "who")):
            # Two subjects are a misparse ("The US envoy to forces fighting to defeat Islamic State has
            # resigned" hangs "State" on "resigned" too; coordinated subjects hang on the first as conj):
            # the first counts, unless it is a dateline ("KABUL, Afghanistan — The Taliban warned").
            named = [t for t in own if not (t.text.isupper() and len(t.text) > 3)] or own
            return named[:1], how
        if current.dep == "xcomp" or (
            current.dep == "ccomp"
            and not children(parse, current, "mark")
            and parse.head(current.i).lemma not in _REPORTERS
        ):
            # A reported clause with no subject of its own ("Detaining suspects without trial breaks the
            # law, the court ruled") is not the reporter's act.
            head = parse.head(current.i)
            if head.lemma in OBJECT_CONTROL:
                objects = children(parse, head, "dobj")
                if objects:
                    return objects, "object of controlling verb"
            current, how = head, "controller"
            continue
        if current.dep in ("acomp", "attr") and current.pos == "ADJ":
            current, how = parse.head(current.i), "subject of 'ready/willing to'"
            continue
        if current.dep == "conj":
            current, how = parse.head(current.i), "shared subject of coordinated verb"
            continue
        if (
            current.dep == "relcl"
            or current.dep == "acl"
            and (current.tag == "VBG" or _finite_misread(parse, current))
        ):
            # "ISIL fighters still holding out": the noun the clause describes acts; but "issued a
            # statement calling on X" / "a report that calls on X": who issued the document calls.
            noun = parse.head(current.i)
            carrier = _carrying_verb(parse, noun)
            if carrier is None:
                kind = "relative clause" if current.dep == "relcl" else "participle"
                return [noun], f"noun modified by {kind}"
            current, how = carrier, f"subject of '{carrier.text}' (whose {noun.text} speaks)"
            continue
        if current.dep in ("advcl", "pcomp") and current.tag == "VBG":
            head = parse.head(current.i)
            if head.pos == "ADP" and head.dep == "prep" and head.lemma == "by":
                # "China continues ... by donating supplies"; not "warned X against sending" (X's act)
                head = parse.head(head.i)
            current, how = head, "subject of governing clause"
            continue
        break
    return [], "none"


# Documents that speak for whoever issued them: "issued a statement urging", "in a letter calling for".
COMMUNICATION_NOUNS = {
    "statement",
    "letter",
    "report",
    "resolution",
    "communique",
    "communiqué",
    "declaration",
    "message",
    "note",
    "appeal",
    "decree",
    "order",
    "release",
    "post",
    "tweet",
    "speech",
    "address",
    "interview",
    "announcement",
}


def _carrying_verb(parse: Parse, noun: Token) -> Token | None:
    """The verb that issued a communication noun ("issued a statement", "said in a letter")."""
    if noun.lemma.lower() not in COMMUNICATION_NOUNS:
        return None
    head = parse.head(noun.i)
    if noun.dep == "pobj" and head.pos == "ADP":
        head = parse.head(head.i)
    if noun.dep in ("dobj", "pobj") and head.pos == "VERB" and head.i != noun.i:
        return head
    return None


def negated(parse: Parse, verb: Token) -> bool:
    if any(c.dep == "neg" for c in parse.children(verb.i)):
        return True
    for aux in children(parse, verb, "aux", "auxpass"):
        if any(c.dep == "neg" for c in parse.children(aux.i)):
            return True
    head = parse.head(verb.i)
    if verb.dep in ("xcomp", "ccomp", "pcomp", "dobj") and head.lemma in NEGATING_MATRIX:
        return True
    # "vowed not to let the US attack", "did not order troops to fire": the act under a negated
    # permission, order or attempt did not happen.
    if (
        verb.dep in ("xcomp", "ccomp")
        and head.lemma in _ENABLING_MATRIX
        and head.i != verb.i
        and negated(parse, head)
    ):
        return True
    if verb.dep == "pcomp" and head.pos == "ADP":
        grand = parse.head(head.i)
        if grand.lemma in NEGATING_MATRIX:
            return True
    return False


_ENABLING_MATRIX = {
    "let",
    "allow",
    "permit",
    "order",
    "want",
    "try",
    "manage",
    "plan",
    "intend",
    "need",
    "dare",
}
# Words that state an arrangement for the future: "due to visit", "set to campaign", "scheduled to meet".
_ARRANGED = frozenset({"due", "set", "scheduled", "slated", "poised"})
READY_ADJECTIVES = {"ready", "willing", "prepared", "eager", "determined", "set", "poised", "happy", "glad", "keen"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_REPORTING = {"say", "tell", "announce", "state", "add", "confirm", "declare", "insist", "pledge", "promise"}
# Verbs of belief and wish: what they hold "will" happen is someone's expectation, not an intention
# stated by the one who would act ("hopes the government will scrap the law", "thinks women will back").
_ATTITUDE = frozenset(
    {"hope", "think", "believe", "expect", "fear", "doubt", "suspect", "predict", "assume", "guess", "wish",
     "worry", "bet", "reckon", "imagine", "anticipate", "speculate", "forecast", "want"}
)


def future_statement(parse: Parse, verb: Token) -> bool:
    """A stated intention rather than a possibility: "will send", "said it would release", "is ready
    to contribute". CAMEO codes these as intent (03x) or threat (13x), not as the act itself."""
    auxes = auxiliaries(parse, verb)
    if verb.dep == "ccomp" and lemma(parse.head(verb.i)) in _ATTITUDE:
        return False
    if any(a.lemma in _FUTURE_AUX or a.text.lower() in _FUTURE_AUX for a in auxes):
        return not any(c.lemma in CONDITIONAL_MARKERS for c in children(parse, verb, "mark"))
    if any(a.lemma == "would" for a in auxes):
        # "said it would release them" states an intention; "said a deal would be reached" and "said
        # Labour's plans would restrict access" predict: the one who would act is not the speaker.
        if verb.dep != "ccomp" or parse.head(verb.i).lemma not in _REPORTING or is_passive(parse, verb):
            return False
        own = children(parse, verb, *SUBJECT_DEPS)
        return not own or all(s.pos == "PRON" for s in own)
    head = parse.head(verb.i)
    if verb.dep != "xcomp":
        return False
    if head.pos == "ADJ" and head.lemma in READY_ADJECTIVES | _ARRANGED:
        return True  # "is ready to talk", "is due to visit Kabul"
    # "is to visit Thailand", "is going to attend", "are set to campaign": an arrangement, stated.
    going = head.lemma == "go" and head.tag == "VBG"
    return (head.lemma == "be" and head.dep == "ROOT") or going or head.lemma in _ARRANGED


# Modifiers that make an event noun a prospect, not a fact: "a possible intervention", "feared car bombs".
_UNREALISED = frozenset(
    {
        "possible",
        "potential",
        "planned",
        "proposed",
        "likely",
        "future",
        "threatened",
        "feared",
        "expected",
        "looming",
        "imminent",
        "prospective",
        "hypothetical",
        "would-be",
        "anticipated",
        "impending",
        "mooted",
        "contemplated",
        "envisaged",
        "intended",
    }
)


# Nouns whose "of" phrase is a prospect: "the possibility of an intervention", "the threat of sanctions".
PROSPECT_NOUNS = frozenset(
    {
        "possibility",
        "prospect",
        "risk",
        "threat",
        "danger",
        "fear",
        "chance",
        "likelihood",
        "spectre",
        "specter",
        "hope",
        "idea",
        "option",
        "scenario",
    }
)


def unrealised_noun(parse: Parse, noun: Token) -> bool:
    """ "a possible intervention", "the possibility of an intervention": an act in prospect."""
    if any(c.dep == "amod" and c.lemma.lower() in _UNREALISED for c in parse.children(noun.i)):
        return True
    head = parse.head(noun.i)
    if noun.dep == "dobj" and lemma(head) in _PROSPECT_VERBS:
        return True  # "residents fear Taliban attacks", "analysts expect an offensive"
    return noun.dep == "pobj" and head.lemma == "of" and parse.head(head.i).lemma.lower() in PROSPECT_NOUNS


# Verbs whose object is an act in prospect.
_PROSPECT_VERBS = frozenset({"fear", "expect", "anticipate", "predict", "forecast", "foresee", "envisage"})


def _infinitive(parse: Parse, verb: Token) -> bool:
    """ "to attack", and the passive "to be held" (a participle with "to" and "be")."""
    to = any(a.text.lower() == "to" for a in children(parse, verb, "aux"))
    return to and (verb.tag == "VB" or (verb.tag == "VBN" and bool(children(parse, verb, "auxpass"))))


# Acts named as what someone prevents or guards against did not happen: "vowed to prevent attacks",
# "foiled a plot", "stopped the militants from crossing", "a precaution against car bombs".
PREVENTING_VERBS = frozenset(
    {"prevent", "avert", "avoid", "deter", "thwart", "foil", "forestall", "preempt", "pre-empt", "stop"}
)
# Verbs and nouns that guard "against" an act.
_GUARDING_VERBS = frozenset({"guard", "insure", "safeguard", "warn", "caution"})
_GUARDING_NOUNS = frozenset(
    {
        "precaution",
        "safeguard",
        "guard",
        "insurance",
        "deterrent",
        "deterrence",
        "prevention",
        "shield",
        "vigilance",
    }
)
_GUARDING_ADJECTIVES = frozenset({"precautionary", "preventive", "preventative", "protective", "pre-emptive"})


def averted_by(parse: Parse, token: Token) -> Token | None:
    """The verb or noun that prevents or guards against the act ``token`` names, if any: the object of
    "prevent"/"foil", the "from" clause of "stopped X from", the "against" of "guard against" or of "a
    precaution against". Coordinated acts share it ("prevent attacks and kidnappings")."""
    while token.dep == "conj" and parse.head(token.i).i != token.i:
        token = parse.head(token.i)
    head = parse.head(token.i)
    if head.i == token.i:
        return None
    if token.dep in ("dobj", "xcomp", "nsubjpass") and lemma(head) in PREVENTING_VERBS:
        return head
    if token.dep in ("pobj", "pcomp") and head.pos == "ADP":
        governor = parse.head(head.i)
        if head.lemma == "from" and governor.lemma in PREVENTING_VERBS:
            return governor  # "stopped the militants from crossing"
        if head.lemma == "against" and (
            governor.lemma in _GUARDING_VERBS
            or governor.lemma.lower() in _GUARDING_NOUNS
            or any(
                c.dep == "amod" and c.lemma.lower() in _GUARDING_ADJECTIVES
                for c in parse.children(governor.i)
            )
        ):
            return governor
    return None


def refused_ability(parse: Parse, verb: Token) -> bool:
    """ "cannot accept", "can't allow": a present refusal stated as inability, not a possibility."""
    return any(
        a.text.lower() in ("can", "ca", "cannot") and (a.text.lower() == "cannot" or negated(parse, verb))
        for a in children(parse, verb, "aux")
    )


_PROSPECTIVE_MARKERS = frozenset({"before", "until", "till", "lest"})
_NON_PAST = frozenset({"VB", "VBP", "VBZ"})
_HABITUAL = frozenset(
    {"usually", "often", "routinely", "regularly", "consistently", "always", "typically", "generally",
     "frequently", "habitually", "sometimes", "normally", "rarely", "seldom"}
)


def hypothetical(parse: Parse, verb: Token) -> bool:
    """Modal, conditional, questioned or not-yet (complement of a plan/threat/promise) predicates."""
    if future_statement(parse, verb) or refused_ability(parse, verb):
        return False
    if any(c.lemma in MODAL_LEMMAS or c.text.lower() == "ought" for c in auxiliaries(parse, verb)):
        return True
    if any(c.lemma in CONDITIONAL_MARKERS for c in children(parse, verb, "mark")):
        return True
    if verb.tag in _NON_PAST and any(c.lemma in _PROSPECTIVE_MARKERS for c in children(parse, verb, "mark")):
        return True  # "strike them before they attack", "wait until Russia withdraws": not yet
    if any(c.lemma.lower() in _HABITUAL for c in children(parse, verb, "advmod")):
        return True  # "employers who consistently refuse to pay": a habit, not an event
    head = parse.head(verb.i)
    if _under_irrealis(parse, verb):
        return True
    if verb.dep == "ROOT" and _infinitive(parse, verb):
        return True  # "Talks, to be held in Tehran on Friday, ...", "Russia to send troops": arranged, not done
    if (
        head.pos == "NOUN"
        and head.i != verb.i
        and head.lemma.lower() not in COMMUNICATION_NOUNS  # "issued a statement to condemn" condemns
        and _infinitive(parse, verb)
    ):
        return True  # "an opportunity for X to attack", "a plan to withdraw", "efforts to end the war"
    if verb.dep == "pcomp" and head.lemma == "of" and parse.head(head.i).lemma in PROSPECT_NOUNS:
        return True  # "the risk of losing", "the prospect of attacking"
    for ancestor in parse.ancestors(verb.i):
        if any(c.lemma in CONDITIONAL_MARKERS for c in children(parse, ancestor, "mark")):
            return True
        if ancestor.pos == "VERB":
            break
    return _question(parse, verb.sent)


_SUPPOSING = frozenset({"would", "could", "might", "may", "should", "must", "can"})


def _under_irrealis(parse: Parse, verb: Token) -> bool:
    """A complement of a plan, wish or appeal, however deep: "urged officials to push the president to
    concede" concedes nothing; nor does "expects the government to prosecute" (an infinitive the parser
    calls ccomp), nor an infinitive under a supposed act ("would allow Trump to allocate", "could use
    the arms to threaten Taiwan")."""
    while verb.dep == "xcomp" or (verb.dep == "ccomp" and _infinitive(parse, verb)) or _when_clause(parse, verb):
        head = parse.head(verb.i)
        if _when_clause(parse, verb):
            verb = head  # the act it times is what a plan above may hold: "is expected to attack ... as"
            continue
        if lemma(head) in IRREALIS_MATRIX or (head.pos == "ADJ" and head.lemma.lower() in _PROBABLE):
            return True
        if any(a.lemma in _SUPPOSING for a in auxiliaries(parse, head)):
            return True
        verb = head
    return False


# "is likely to press", "unlikely to attend": a forecast, not an act.
_PROBABLE = frozenset({"likely", "unlikely", "certain", "sure", "bound"})


def _when_clause(parse: Parse, verb: Token) -> bool:
    """ "is expected to attack Blair as he begins a tour": a clause that times an act shares its
    reality; climbing through it finds the plan above."""
    return verb.dep == "advcl" and any(c.lemma in ("as", "when") for c in children(parse, verb, "mark"))


_AHEAD_NOUNS = frozenset(
    {"week", "month", "year", "weekend", "spring", "summer", "autumn", "fall", "winter", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def says_ahead(parse: Parse, verb: Token) -> bool:
    """The clause is dated ahead in words, with or without a publication date to resolve them: "next
    week", "tomorrow", "later this month", "in the coming days"."""
    for child in parse.children(verb.i):
        times = [child] if child.dep in ("npadvmod", "advmod") else []
        if child.dep == "prep" and child.lemma in ("in", "over", "during", "within"):
            times = [p for p in parse.children(child.i) if p.dep == "pobj"]
        for time in times:
            words = {c.lemma.lower() for c in parse.children(time.i)}
            if time.lemma.lower() == "tomorrow":
                return True
            if time.lemma.lower() in _AHEAD_NOUNS and ("next" in words or "later" in words or "coming" in words):
                return True
            if time.lemma.lower() in ("day", "week", "month") and ("coming" in words or "next" in words):
                return True
    return False


def _question(parse: Parse, sentence: int) -> bool:
    """The sentence asks: its last token that is not space or a closing quote is "?"."""
    for token in reversed(parse.sentence_tokens(sentence)):
        if token.pos == "SPACE" or not token.text.strip() or token.text in ('"', "'", "”", "’", ")"):
            continue
        return token.text == "?"
    return False


# "asked whether Oakland was part of the US", "asked why Biden had not acted": a question, not an appeal.
_ASKING = frozenset({"ask", "wonder", "inquire", "enquire"})
_QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "who", "when", "where", "which"})


def indirect_question(parse: Parse, verb: Token) -> bool:
    """``verb`` asks a question ("asked whether ...", "asked how we are") rather than asking for
    something, which would have an object clause of request ("asked them to leave", "asked for aid")."""
    if lemma(verb) not in _ASKING or children(parse, verb, "xcomp"):
        return False
    for clause in children(parse, verb, "ccomp"):
        lo, hi = parse.subtree(clause.i)
        words = [t for t in parse.tokens[lo:hi] if t.pos not in ("PUNCT", "SPACE")]
        if words and words[0].text.lower() in _QUESTION_WORDS:
            return True
        # a quoted question: asked, "Do you support the plan?"
        if any(t.text == "?" for t in parse.tokens[lo : min(hi + 2, len(parse.tokens))]):
            return True
    return False


def governing_predicate(parse: Parse, token: Token) -> Token | None:
    """The nearest verb (or the root) above a token: the clause it belongs to."""
    for ancestor in parse.ancestors(token.i):
        if ancestor.pos in ("VERB", "AUX") or ancestor.dep == "ROOT":
            return ancestor
    return None

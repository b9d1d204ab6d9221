"""Pronouns → actors: whom "he", "it" and "they" stand for.

The antecedent is the most salient compatible noun phrase, found the way Hobbs (1978) walks a parse:
first the phrases of the pronoun's own clause and of the clauses above it (subjects first, then the
nearest), then the earlier sentences (subject of the main clause first, then left to right), never a
phrase that contains the pronoun. The first compatible phrase decides. When it is not an actor ("the
man's work ... it", "the typhoon ... it"), the pronoun names no actor: skipping over it to an older actor
was the commonest way a pronoun made a wrong event (judged real news, `tests/gold/corpora_judged*.yaml`).
Before all that, the subject pronoun of reported speech is the speaker ("Hungary says it will ...").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from berkut.coding.clauses import READY_ADJECTIVES
from berkut.coding.quotes import SPEECH_CUES
from berkut.model import Mention, Parse, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
PRONOUN_LOOKBACK_SENTENCES = 3
_NOT_REFERENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_SUBJECTS = ("nsubj", "nsubjpass")
_NOUNS = ("NOUN", "PROPN", "PRON")

PERSON_HEADS = frozenset(
    {
        "president",
        "minister",
        "leader",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "king",
        "queen",
        "chancellor",
        "secretary",
        "general",
        "commander",
        "chief",
        "speaker",
        "premier",
        "emir",
        "governor",
        "mayor",
        "official",
        "diplomat",
        "prosecutor",
        "judge",
        "senator",
        "lawmaker",
        "chairman",
        "chairwoman",
        "director",
        "head",
        "negotiator",
        "representative",
        "counterpart",
        "prince",
    }
)




def is_person(mention: Mention) -> bool:
    if mention.actor_id is not None:
        return mention.actor_id.startswith("person:")
    if mention.name is not None:
        return True
    words = mention.text.lower().split()
    return bool(words) and words[-1] in PERSON_HEADS


def referring(antecedent: Mention, token: Token, rule: str) -> Mention:
    """The antecedent's actor, at the referring token ("he", "Sultanov")."""
    return replace(
        antecedent,
        text=token.text,
        span=(token.idx, token.end),
        sentence=token.sent,
        head=token.i,
        rules=(*antecedent.rules, rule),
    )

def dummy_it(parse: Parse, it: Token) -> bool:
    """ "It" that stands for no one: expletive, or the subject of "be" with no adjective about it
    ("it's not much to ask", but not "it was ready to negotiate")."""
    if it.dep == "expl":
        return True
    verb = parse.head(it.i)
    if verb.lemma != "be":
        return False
    kids = parse.children(verb.i)
    extraposed = any(c.dep in ("xcomp", "ccomp") for c in kids)  # "it is important to act"
    ready = any(c.dep == "acomp" and c.lemma in READY_ADJECTIVES for c in kids)  # "it was ready to talk"
    return extraposed and not ready or not any(c.dep in ("acomp", "attr") for c in kids)


# "Hungary says it will not accept refugees": the subject pronoun of reported speech is the speaker, not
# the nearest actor. Not after verbs that name an addressee ("told Kazakhstan it would pay", "warned X
# that it ..."), where "it" is as often the addressee.
_ADDRESSEE_CUES = frozenset(
    {"tell", "warn", "urge", "ask", "threaten", "accuse", "charge", "answer", "reply", "respond", "remind"}
)
_REPORTING_VERBS = SPEECH_CUES - _ADDRESSEE_CUES


_SPOKESPERSONS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "representative", "envoy", "official"}
)


_OBJECT_CASE = frozenset({"him", "her", "them", "us", "me"})


def _speaker_of(token: Token, earlier: Sequence[Mention], parse: Parse) -> Mention | None:
    """The subject of the clause above a subject pronoun, when that clause reports it ("Hungary says it
    will not ...") or it is an adverbial clause of it ("the group ... as it seeks recognition")."""
    if not token.dep.startswith("nsubj") or token.text.lower() in _OBJECT_CASE:
        return None  # "paid for him to fly": an object-case subject of an infinitive is no speaker
    clause = parse.head(token.i)
    governor = parse.head(clause.i)
    reported = clause.dep == "ccomp" and governor.lemma in _REPORTING_VERBS
    adverbial = clause.dep == "advcl"
    if not (reported or adverbial):
        return None
    subjects = {c.i for c in parse.children(governor.i) if c.dep == "nsubj"}
    return next((m for m in reversed(earlier) if m.head in subjects), None)


def resolve_pronoun(
    token: Token, earlier: Sequence[Mention], parse: Parse, actors_only: bool = False
) -> Mention | None:
    """The actor ``token`` (a pronoun) stands for, or None when it stands for no actor. With
    ``actors_only`` ("its foreign ministry": only an actor owns one) phrases that are no actor are
    passed over instead of ending the search."""
    word = token.text.lower()
    if word not in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
        return None
    if word == "it" and token.dep in ("dobj", "pobj", "dative"):
        # "opposed it", "voted for it": an object "it" is a bill, a plan or a storm far more often.
        return None
    speaker = _speaker_of(token, earlier, parse)
    if speaker is not None and _compatible(word, parse.tokens[speaker.head], speaker, spoken_for=True):
        return referring(speaker, token, f"pronoun '{token.text}' → '{speaker.text}' (the speaker)")
    if speaker is not None and word in THING_PRONOUNS and speaker.country and is_person(speaker):
        # "Turkey's president says it will begin an operation": an official's "it" is the state.
        state = replace(speaker, code=speaker.country, sector=None, org=None, name=None, actor_id=None)
        return referring(state, token, f"pronoun '{token.text}' → the state '{speaker.text}' speaks for")
    by_head = {m.head: m for m in earlier}
    bound = _bound_subject(token, parse)
    for candidate in _salient_phrases(token, parse):
        if candidate.i in (token.i, bound):
            continue
        mention = by_head.get(candidate.i)
        if candidate.pos == "PRON" and mention is None:
            continue  # an earlier pronoun that named no one ("it is time") hides nothing
        if not _compatible(word, candidate, mention):
            continue
        if mention is None or mention.code is None and mention.sector is None:
            if actors_only:
                continue
            return None  # the pronoun's antecedent is no actor
        return referring(mention, token, f"pronoun '{token.text}' → '{mention.text}'")
    return None


def _bound_subject(token: Token, parse: Parse) -> int | None:
    """The subject an object pronoun cannot mean: its own clause's, or, for a clause with no subject of
    its own ("Trump called Erdogan, urging him to ..."), the subject of the clause that controls it."""
    object_case = token.text.lower() in _OBJECT_CASE
    if token.dep not in ("dobj", "dative", "pobj", "iobj") and not object_case:
        return None
    clause = parse.head(token.i)
    if object_case and token.dep.startswith("nsubj"):
        # "King Abdullah paid for him to fly": "him" is the subject of a "for ... to" clause, not the
        # one who paid; step out of the clause it is the subject of.
        clause = parse.head(clause.i)
    if clause.pos == "ADP":
        clause = parse.head(clause.i)
    while True:
        subject = next((c.i for c in parse.children(clause.i) if c.dep in _SUBJECTS), None)
        if subject is not None or clause.head == clause.i:
            return subject
        clause = parse.head(clause.i)


def _compatible(word: str, candidate: Token, mention: Mention | None, spoken_for: bool = False) -> bool:
    """Can ``candidate`` (a noun phrase head, maybe an actor) be what the pronoun ``word`` means?"""
    if candidate.ent_type in _NOT_REFERENTS:
        return False
    person = (
        is_person(mention)
        if mention is not None
        else candidate.ent_type == "PERSON" or candidate.lemma.lower() in PERSON_HEADS
    )
    if mention is None and candidate.pos == "PROPN" and candidate.ent_type != "NORP":
        # An unknown name could be anyone or anything (the small model tags "Honcharuk" a place): it
        # may well be the antecedent, so it ends the search rather than let an older actor through.
        return word in PERSON_PRONOUNS or candidate.tag != "NNPS" or word in PLURAL_PRONOUNS
    if candidate.pos == "PRON":
        said = candidate.text.lower()
        same_class = next(
            (group for group in (PERSON_PRONOUNS, THING_PRONOUNS, PLURAL_PRONOUNS) if said in group), None
        )
        return same_class is not None and word in same_class
    if word in PERSON_PRONOUNS:
        return person
    plural = candidate.tag in ("NNS", "NNPS")
    if word in THING_PRONOUNS:
        # "the ministry's spokeswoman said it would ...": a spokesperson's "it" is the body spoken for.
        spokesperson = spoken_for and candidate.lemma.lower() in _SPOKESPERSONS
        return (not person or spokesperson) and not plural
    # "they": a plural phrase, or a group or organisation named in the singular ("the Taliban said they");
    # a speaker's "they" is the body speaking ("the government said they hoped", "Jain said they will").
    named_body = mention is not None and (mention.actor_id or "").split(":")[0] in ("group", "igo")
    return plural or named_body or spoken_for


def _salient_phrases(token: Token, parse: Parse) -> Iterator[Token]:
    """Noun-phrase heads before ``token``, most salient first (see the module docstring)."""
    yield from _clause_phrases(token, parse)
    for back in range(1, PRONOUN_LOOKBACK_SENTENCES + 1):
        index = token.sent - back
        if index < 0:
            return
        heads = [t for t in parse.sentence_tokens(index) if _phrase_head(t)]
        yield from sorted(heads, key=lambda t: (t.dep not in _SUBJECTS or _depth(t, parse) > 1, t.i))


def _clause_phrases(token: Token, parse: Parse) -> Iterator[Token]:
    """Phrases of the pronoun's own sentence left of it: up the tree from the pronoun, at each level
    the subjects first and then the nearest; a conjunct head ("the coalition and its operations") is a
    sister, not a container; everything else that contains the pronoun is skipped."""
    seen: set[int] = set()
    lo = parse.sentences[token.sent].tokens[0]
    child = token
    while child.head != child.i:
        above = parse.head(child.i)
        if child.dep == "conj" and _phrase_head(above) and above.i not in seen:
            seen.add(above.i)
            yield above
        level = [
            t
            for t in _level_phrases(above, parse, exclude=child.i)
            if t.i < token.i and t.i not in seen
        ]
        for phrase in sorted(level, key=lambda t: (t.dep not in _SUBJECTS, -t.i)):
            seen.add(phrase.i)
            yield phrase
        child = above
    rest = [t for t in parse.tokens[lo : token.i] if _phrase_head(t) and t.i not in seen and not _contains(t, token, parse)]
    yield from sorted(rest, key=lambda t: -t.i)


def _level_phrases(above: Token, parse: Parse, exclude: int) -> Iterator[Token]:
    """Noun-phrase heads among ``above``'s dependents (and the objects of its prepositions)."""
    for dependent in parse.children(above.i):
        if dependent.i == exclude:
            continue
        if _phrase_head(dependent):
            yield dependent
        elif dependent.dep in ("prep", "agent"):
            yield from (t for t in parse.children(dependent.i) if t.dep == "pobj" and _phrase_head(t))


def _phrase_head(token: Token) -> bool:
    if token.pos not in _NOUNS:
        return False
    return token.dep not in ("compound", "amod", "nmod", "npadvmod", "poss") or (
        token.pos == "PRON" or token.dep == "poss"
    )


def _contains(phrase: Token, token: Token, parse: Parse) -> bool:
    lo, hi = parse.subtree(phrase.i)
    return lo <= token.i < hi


def _depth(token: Token, parse: Parse) -> int:
    depth = 0
    while token.head != token.i:
        token = parse.head(token.i)
        depth += 1
    return depth

"""Mentions → actors: which noun phrases name actors, and who they are on the document's date.

A noun phrase is resolved from, in order: a known name that covers its head (a person, group, IGO or
state, whose role is looked up for the date); otherwise a sector noun ("police", "Foreign Ministry",
"Trade Minister") combined with a country cue (an adjective, a possessive, a compound, "of/in X", a
known group modifier); otherwise, for pronouns, the most salient compatible phrase when it is an actor
(``pronouns.py``). Every step leaves a rule in ``Mention.rules`` so an event can say why its actors are
who they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from berkut.coding.actor_countries import (
    CONTEXT_RULE,
    STATELESS_RULE,
    ContextCountry,
    actor_code,
    anchor_countryless,
    backfill_from_article,
)
from berkut.coding.names import NameHit, NameIndex, NameKind, NameMatch
from berkut.coding.pronouns import PRONOUN_LOOKBACK_SENTENCES, dummy_it, referring, resolve_pronoun
from berkut.model import Analysis, Mention, Parse, Token
from berkut.ontology import Ontology
from berkut.ontology.actors import ActorEntry

_HEAD_POS = {"PROPN", "NOUN", "PRON"}
_NP_LEFT_DEPS = {"compound", "amod", "poss", "nmod", "det", "nummod", "npadvmod", "case", "punct", "advmod"}
_COUNTRY_PREPS = {"of", "in", "from"}
_FORCE_SECTORS = {"MIL", "COP", "SPY"}
# "People" is an actor when the phrase says whose ("the Afghan people", "people of Almaty"); from an
# article's context it was a generic "people" far more often (judged real news).
_GENERIC_PEOPLE = frozenset({"people", "person", "someone", "everyone", "everybody", "anyone", "somebody"})
_GENERIC_DETERMINERS = frozenset({"some", "many", "all", "those", "these", "few", "most", "other", "several", "any"})
# Things that are said to "call for" or "suggest" but never act: a modifier naming an organisation or
# a country ("NATO guidelines", "Russian data") does not make them that actor.
_INERT_HEADS = frozenset(
    {
        "guideline", "rule", "regulation", "law", "imagery", "image", "photo", "photograph", "footage",
        "video", "data", "figure", "statistic", "map", "budget", "survey", "poll", "estimate", "record",
        "directive", "decree", "amendment", "bill", "charter", "constitution", "statute", "ordinance",
    }
)
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "area",
        "border",
        "territory",
        "base",
        "capital",
        "post",
        "outpost",
        "checkpoint",
        "camp",
        "hideout",
        "target",
        "airport",
        "port",
        "valley",
        "county",
        "state",
        "island",
        "coast",
        "frontier",
        "enclave",
        "settlement",
        "neighbourhood",
        "suburb",
    }
)
# "the government", "the police": in news these mean the country being written about, which is the
# latest one named; "the ministry", "the delegation" mean the one named before.
_COUNTRY_BOUND_NOUNS = {
    "government",
    "authority",
    "authorities",
    "president",
    "police",
    "army",
    "military",
    "parliament",
    "troop",
    "troops",
    "force",
    "forces",
    "people",
    "opposition",
    "protester",
    "protestor",
    "regime",
}
# A capital stands for its state only as the one acting ("Moscow warned"); as an object it is the
# place ("visited Kabul": the state too, but never an actor of the clause).
_ACTING_DEPS = {"nsubj", "nsubjpass", "csubj"}


@dataclass
class _Cues:
    country: str | None = None
    org: str | None = None
    org_kind: str | None = None
    org_sector: str | None = None
    rules: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Role:
    country: str | None
    sector: str | None
    org: str | None


class ActorResolver:
    """Finds and resolves actor mentions in a parsed document. Built once per ontology."""

    def __init__(self, ontology: Ontology) -> None:
        self.ontology = ontology
        self.names = NameIndex(ontology.actors)

    # -- the stage ---------------------------------------------------------------------------
    def __call__(self, analysis: Analysis) -> Analysis:
        parse = analysis.parse
        if parse is None:
            return analysis
        on = analysis.document.date
        text = analysis.document.text
        mentions: list[Mention] = []
        dateline = _dateline_country(self, parse, text, on)
        context = ContextCountry(dateline)
        aliases: dict[str, Mention] = {}  # surname → the person first named in full ("Wardak")
        for sentence in parse.sentences:
            tokens = parse.sentence_tokens(sentence.index)
            tokens = tokens[_dateline_length(tokens) :]
            context_country = sentence_context = context.current()
            matches = self.names.matches(tokens, text)
            by_token = {i: m for m in matches for i in range(m.start, m.end)}
            for token in tokens:
                if not (_is_np_head(token) or self._owner_of_act(parse, token, by_token)):
                    continue
                if _split_name(parse, token, by_token):
                    continue
                mention = self._resolve_np(
                    parse, text, token, by_token, on, mentions, context_country, sentence_context
                )
                if mention is None and token.pos == "PROPN":
                    mention = _by_alias(token, aliases)
                if mention is not None:
                    _remember(mention, aliases)
                    mentions.append(mention)
                    if mention.country and not _backer(parse, mention.head + 1):
                        context.named(mention)
                        context_country = context.current()
            places = [
                _country_code(hit.entry)
                for m, hit in ((m, m.best(on)) for m in matches)
                if hit is not None and hit.entry.kind == "country" and not _backer(parse, m.end)
                and not _in_person_name(parse, m, hit)
            ]
            anchor_countryless(parse, mentions, sentence.index, places)
        backfill_from_article(parse, mentions, context.current())
        return replace(analysis, mentions=tuple(m for m in mentions if m.code is not None))

    def _names_an_act(self, token: Token) -> bool:
        """An event noun of the pattern book ("demands", "invasion"), not an actor's noun ("office")."""
        return bool(self.ontology.patterns.for_noun(token.lemma.lower()))

    def _owner_of_act(self, parse: Parse, token: Token, by_token: dict[int, NameMatch]) -> bool:
        """ "Russia's invasion", "Turkey's offensive": a name that owns an act, not an actor phrase
        ("Kazakhstan's president" is one actor, headed by "president"), is an actor of its own."""
        if token.dep != "poss":
            return False
        owner = parse.head(token.i)
        if token.pos == "NOUN":
            # "bowed to protesters' demands": the protesters own the demands and are an actor
            return self._names_an_act(owner) and self._sector(parse, token, _np_start(parse, token)) is not None
        if token.pos != "PROPN" or token.i not in by_token:
            return False
        return owner.i not in by_token and self._sector(parse, owner, _np_start(parse, owner)) is None

    # -- one noun phrase ---------------------------------------------------------------------
    def _resolve_np(
        self,
        parse: Parse,
        text: str,
        head: Token,
        by_token: dict[int, NameMatch],
        on: date | None,
        earlier: Sequence[Mention],
        context_country: str | None,
        sentence_context: str | None = None,
    ) -> Mention | None:
        if head.pos == "PRON":
            if head.text.lower() == "it" and dummy_it(parse, head):
                return None  # "it is time", "it's not much to ask": no one is meant
            owned = parse.head(head.i)
            # "its foreign ministry": the owner of an institution is an actor, never a city or a plan.
            owns_actor = head.dep == "poss" and self._sector(parse, owned, _np_start(parse, owned)) is not None
            return resolve_pronoun(head, earlier, parse, actors_only=owns_actor)
        start = _np_start(parse, head)
        span_tokens = parse.tokens[start : head.i + 1]
        # Trim leading determiners, punctuation and markup ("# Taliban") from the visible span.
        definite = any(t.lemma in ("the", "this", "that") for t in span_tokens[:1])
        while len(span_tokens) > 1 and (
            span_tokens[0].pos in ("DET", "PUNCT", "SYM") or span_tokens[0].text in "#*"
        ):
            span_tokens = span_tokens[1:]
        span = (span_tokens[0].idx, head.end)
        surface = text[span[0] : span[1]]
        rules: list[str] = []

        head_match = by_token.get(head.i)
        if head_match is not None:
            hit = head_match.best(on, context_country)
            if hit is not None and hit.kind == NameKind.CAPITAL and head.text.isupper():
                return None  # "KABUL, Afghanistan —" is a dateline, not the Afghan government speaking
            if hit is not None and hit.kind == NameKind.CAPITAL and not _acting(parse, head):
                hit = replace(hit, kind=NameKind.NAME)
                rules.append(f"capital '{surface}' not acting: the state")
            if hit is not None and hit.kind in (NameKind.NAME, NameKind.CAPITAL, NameKind.DEMONYM):
                stated = _stated_nationality(span_tokens, head_match.start, by_token, on)
                if hit.entry.org_kind == "institution" and stated is not None:
                    # "the German Foreign Office": an institution name other states share ("Foreign
                    # Office", "Defence Ministry") takes the nationality the phrase states.
                    role = role_of(hit.entry, on, hit.kind)
                    rules.append(f"country {stated} from the phrase, sector {role.sector} from '{hit.entry.name}'")
                    code = actor_code(stated, role.sector, None)
                    return _described(head, surface, span, stated, role.sector, None, None, code, rules)
                return self._from_named(hit, surface, span, head, on, rules)
            if hit is not None and hit.kind == NameKind.CITY and head.dep in ("dobj", "nsubjpass"):
                # "bombed Kunduz": a city attacked, visited or seized stands for its country.
                return self._from_named(replace(hit, kind=NameKind.NAME), surface, span, head, on, rules)

        # A common noun (or an unknown name) as head: sector from the phrase, country from cues.
        if head.lemma.lower() in _INERT_HEADS:
            return None  # "NATO guidelines call for 2%", "satellite imagery suggests": no one acts
        sector = self._sector(parse, head, start)
        cues = self._country_cues(parse, text, head, start, by_token, on, context_country)
        country, org = cues.country, cues.org
        rules.extend(cues.rules)
        if country is None and org is None:
            possessor = _pronoun_owner(parse, head, earlier)
            if possessor is not None:
                country = possessor.country
                rules.append(f"country {country} from '{possessor.text}' ({possessor.rules[-1]})")
        if cues.org_kind == "igo":
            sector = "IGO"  # "UN human rights experts", "NATO troops": the organisation acts
        elif cues.org_kind == "group":
            # "Taliban fighters" act as the Taliban; a governing group's forces are its military.
            if not (cues.org_sector == "GOV" and sector in _FORCE_SECTORS):
                sector = cues.org_sector or sector
        person_name = _person_name(parse, head, start, text)
        if sector is None and country is None and org is None:
            return None
        if sector is None and person_name is None and org is None:
            # "Kazakh" alone as a modifier of a non-actor noun ("Kazakh oil") is not an actor, but a
            # place of a country is the country as a target ("seized the city of Kunduz").
            if country is not None and head.lemma.lower() in PLACE_NOUNS:
                rules.append(f"place '{head.text}' of {country}")
                return _described(head, surface, span, country, None, None, None, country, rules)
            return None
        if sector is not None:
            rules.append(f"sector {sector} from '{_sector_phrase(parse, head, start)}'")
        if (
            country is None
            and org is None
            and definite
            and sector is not None
            and not (head.lemma.lower() in _COUNTRY_BOUND_NOUNS and context_country is not None)
        ):
            antecedent = _definite_antecedent(head, sector, earlier)
            if antecedent is not None:
                return replace(
                    antecedent,
                    text=surface,
                    span=span,
                    sentence=head.sent,
                    head=head.i,
                    rules=(*antecedent.rules, f"'{surface}' refers back to '{antecedent.text}'"),
                )
        if country is None and org is None and _generic_people(parse, head):
            return None  # "some people call it", "people who used to call me": no one in particular
        if head.lemma.lower() in _COUNTRY_BOUND_NOUNS and sentence_context is not None:
            context_country = sentence_context
        if country is None and sector is not None and org is None:
            identity = _stateless_identity(parse, start, head, by_token)
            if identity is not None:
                # "Kurdish forces", "African leaders", "Catholic bishops": the phrase says whose they are,
                # and it is not the country the article was just talking about, nor a place near by.
                rules.append(f"'{identity}' {STATELESS_RULE}")
            elif context_country is not None and sector != "IGO":  # "international observers" are no one state's
                country = context_country
                rules.append(f"country {country} {CONTEXT_RULE}")
        if country is None and org is None and sector is None:
            return None
        if sector is None and org is None and person_name is not None:
            # "Ohio man James Alex Fields": a person with a country and no office is a private person,
            # never the state itself (USA would code the United States as the killer).
            sector = "CVL"
            rules.append("a named person with no office: a civilian")
        # A sector with no country yet ("protesters demonstrated against the government in Almaty"):
        # kept without a code until the end of the sentence, which may name the country.
        code = actor_code(country, sector, org, cues.org_kind)
        return _described(head, surface, span, country, sector, org, person_name, code, rules)

    def _from_named(
        self,
        hit: NameHit,
        surface: str,
        span: tuple[int, int],
        head: Token,
        on: date | None,
        rules: list[str],
    ) -> Mention:
        entry = hit.entry
        role = role_of(entry, on, hit.kind)
        rules.append(f"{hit.kind.value} '{surface}' → {entry.actor_id}")
        if entry.kind in ("person", "group") and (entry.roles and role.country is not None or role.org):
            rules.append(f"role on {on or 'latest'}: {actor_code(role.country, role.sector, role.org)}")
        return Mention(
            text=surface,
            span=span,
            code=actor_code(role.country, role.sector, role.org, entry.kind),
            country=role.country,
            sector=role.sector,
            org=role.org,
            name=entry.name,
            actor_id=entry.actor_id,
            sentence=head.sent,
            head=head.i,
            rules=tuple(rules),
        )

    def mention_for(self, hit: NameHit, token: Token, on: date | None) -> Mention | None:
        """A mention for a single name token outside a noun phrase ("Russian" in "Russian intervention")."""
        role = role_of(hit.entry, on, NameKind.NAME if hit.kind == NameKind.ADJECTIVE else hit.kind)
        code = actor_code(role.country, role.sector, role.org, hit.entry.kind)
        if code is None:
            return None
        return Mention(
            text=token.text,
            span=(token.idx, token.end),
            code=code,
            country=role.country,
            sector=role.sector,
            org=role.org,
            name=hit.entry.name,
            actor_id=hit.entry.actor_id,
            sentence=token.sent,
            head=token.i,
            rules=(f"{hit.kind.value} '{token.text}' → {hit.entry.actor_id}",),
        )

    def recode(self, mention: Mention, on: date | None) -> Mention:
        """The same mention resolved for another date (an event's own date)."""
        if mention.actor_id is None:
            return mention
        try:
            entry = self.ontology.actors.by_id(mention.actor_id)
        except Exception:  # noqa: BLE001 - an unknown id simply keeps the mention as it is
            return mention
        if entry.kind not in ("person", "group"):
            return mention
        role = role_of(entry, on, NameKind.NAME)
        code = actor_code(role.country, role.sector, role.org, entry.kind)
        if code == mention.code or code is None:
            return mention  # no office on that date: keep what the text gave (a country in the sentence)
        return replace(mention, code=code, country=role.country, sector=role.sector, org=role.org)

    def _sector(self, parse: Parse, head: Token, start: int) -> str | None:
        codes = self.ontology.codes
        phrase = _sector_phrase(parse, head, start)
        words = phrase.split()
        # Longest tail first: "foreign ministry" before "ministry"; then any compound on its own.
        for k in range(len(words)):
            sector = codes.sector_for_noun(" ".join(words[k:]))
            if sector:
                return sector
        names_an_act = self._names_an_act(head)
        for token in parse.tokens[start : head.i]:
            # "Foreign Ministry spokesperson", and the owner in "the mayor's office"; but the owner of
            # an act is not the act ("the government's demands" are no government)
            if token.dep == "poss" and names_an_act:
                continue
            if token.dep in ("compound", "poss") and token.head == head.i:
                sector = codes.sector_for_noun(token.lemma.lower())
                if sector:
                    return sector
        return None

    def _country_cues(
        self,
        parse: Parse,
        text: str,
        head: Token,
        start: int,
        by_token: dict[int, NameMatch],
        on: date | None,
        context_country: str | None = None,
    ) -> _Cues:
        """Country and organisation from modifiers inside the phrase and "of/in/from X" after it."""
        cues = _Cues()
        seen: set[int] = set()
        candidates = [t.i for t in parse.tokens[start : head.i]]
        # "police in Almaty" live there; "Zalmay Khalilzad ... in Qatar" is a person met there.
        preps = _COUNTRY_PREPS - {"in"} if head.pos == "PROPN" or head.ent_type == "PERSON" else _COUNTRY_PREPS
        for child in parse.children(head.i):
            if child.dep == "prep" and child.lemma in preps:
                for pobj in parse.children(child.i):
                    if pobj.dep == "pobj":
                        lo, hi = parse.subtree(pobj.i)
                        candidates.extend(range(lo, hi))
        for i in candidates:
            match = by_token.get(i)
            if match is None or id(match) in seen:
                continue
            seen.add(id(match))
            if _backer(parse, match.end):
                continue  # "US-backed Kurdish forces" are Kurdish forces, not the US military
            if against(parse, parse.tokens[match.start]):
                continue  # "the anti-Islamic State coalition" fights Isis; it is not Isis
            hit = match.best(on, context_country)
            if hit is None:
                continue
            if _in_person_name(parse, match, hit):
                continue  # "Thomas Rivera Schatz" is a person, not a man from Rivera, Uruguay
            entry = hit.entry
            surface = text[parse.tokens[match.start].idx : parse.tokens[match.end - 1].end]
            if entry.kind == "country" and cues.country is None:
                cues.country = _country_code(entry)
                cues.rules.append(f"country {cues.country} from {hit.kind.value} '{surface}'")
            elif entry.kind in ("group", "igo", "person") and cues.org_kind is None:
                role = role_of(entry, on, hit.kind)
                cues.org_kind = entry.kind
                cues.org = role.org if entry.kind != "person" else None
                cues.org_sector = role.sector
                if cues.country is None and role.country:
                    cues.country = role.country
                cues.rules.append(f"{entry.kind} '{surface}' → {entry.actor_id}")
        return cues


# -- helpers -------------------------------------------------------------------------------------
# "X-backed", "X-led": the name is a patron of the actor, not its country or organisation.
_PATRON_PARTICIPLES = frozenset(
    {"backed", "led", "allied", "supported", "funded", "sponsored", "trained", "armed", "aligned", "brokered"}
)


def against(parse: Parse, modifier: Token) -> bool:
    """ "anti-French demonstrations", "the anti-Islamic State coalition": the name is whom the phrase
    opposes, never its actor."""
    before = parse.tokens[modifier.i - 2 : modifier.i] if modifier.i >= 2 else ()
    return modifier.text.lower().startswith("anti") or (
        len(before) == 2 and before[0].text.lower() == "anti" and before[1].text == "-"
    )


def _backer(parse: Parse, after: int) -> bool:
    """The name ending before token ``after`` is followed by "-backed", "-led", ... ."""
    if after + 1 >= len(parse.tokens) or parse.tokens[after].text != "-":
        return False
    return parse.tokens[after + 1].text.lower() in _PATRON_PARTICIPLES


def role_of(entry: ActorEntry, on: date | None, kind: NameKind) -> Role:
    if entry.kind == "country":
        code = _country_code(entry)
        # A capital acting ("Moscow rejected the criticism") is the state, as in the Phoenix country
        # dictionary (MOSCOW → RUS) and our gold; its people (Kazakhs) are civilians.
        return Role(code, "CVL" if kind == NameKind.DEMONYM else None, None)
    if entry.kind == "igo":
        return Role(None, "IGO", entry.actor_id.split(":", 1)[1])
    role = entry.role_on(on)
    if role is None:
        org = entry.actor_id.split(":", 1)[1].upper() if entry.kind == "group" else None
        return Role(None, None, org)
    org = role.org or (entry.actor_id.split(":", 1)[1].upper() if entry.kind == "group" else None)
    return Role(role.country, role.sector, org)


def _described(
    head: Token,
    surface: str,
    span: tuple[int, int],
    country: str | None,
    sector: str | None,
    org: str | None,
    name: str | None,
    code: str | None,
    rules: list[str],
) -> Mention:
    """A mention built from what the phrase says (no dictionary entry behind it)."""
    return Mention(
        text=surface,
        span=span,
        code=code,
        country=country,
        sector=sector,
        org=org,
        name=name,
        actor_id=None,
        sentence=head.sent,
        head=head.i,
        rules=tuple(rules),
    )


def _pronoun_owner(parse: Parse, head: Token, earlier: Sequence[Mention]) -> Mention | None:
    """The actor a possessive pronoun of the phrase stands for ("its ministry", its = Afghanistan)."""
    owners = {c.i for c in parse.children(head.i) if c.dep == "poss" and c.pos == "PRON"}
    return next((m for m in reversed(earlier) if m.head in owners and m.country is not None), None)


def _generic_people(parse: Parse, head: Token) -> bool:
    """ "some people", "people who used to call me", "everyone": people in general, not a crowd that acts
    somewhere ("people protested in Almaty" stays)."""
    word = head.lemma.lower()
    if word not in _GENERIC_PEOPLE:
        return False
    if word not in ("people", "person"):
        return True
    if word == "people" and head.dep == "nsubj" and not any(c.dep in ("det", "amod", "compound", "poss") for c in parse.children(head.i)):
        # "people make agreements which then fall apart": bare people doing something in the present tense
        # is a habit of people in general ("people protested", "people are protesting" still act)
        if parse.head(head.i).tag in ("VBP", "VB"):
            return True
    # "people with a different background", "people who used to call me" ("young people protested" acts)
    return any(
        c.dep in ("relcl", "acl")
        or (c.dep == "prep" and c.lemma in ("with", "like"))
        or c.lemma.lower() in _GENERIC_DETERMINERS
        for c in parse.children(head.i)
    )


def _stateless_identity(
    parse: Parse, start: int, head: Token, by_token: dict[int, NameMatch]
) -> str | None:
    """A nationality, ethnic, religious or regional word inside the phrase that is no country we know
    ("Kurdish", "African", "Catholic"), if any."""
    for token in parse.tokens[start : head.i]:
        if token.ent_type == "NORP" and token.i not in by_token:
            return token.text
    # "sex workers in Africa and Asia": a continent or region named where they are is no one country
    for prep in parse.children(head.i):
        if prep.dep == "prep" and prep.lemma in ("in", "from", "across"):
            for place in parse.children(prep.i):
                if place.dep == "pobj" and place.ent_type == "LOC" and place.i not in by_token:
                    return place.text
    return None


def _acting(parse: Parse, head: Token) -> bool:
    if head.dep in _ACTING_DEPS:
        return True
    if head.dep == "conj":
        return _acting(parse, parse.head(head.i))
    # "was warned by Moscow": the agent of a passive acts too.
    return head.dep == "pobj" and parse.head(head.i).dep == "agent"


def _country_code(entry: ActorEntry) -> str:
    return entry.actor_id.split(":", 1)[1]


def _in_person_name(parse: Parse, match: NameMatch, hit: NameHit) -> bool:
    """A town's name inside a person's name ("Thomas Rivera Schatz") names no place."""
    return hit.kind in (NameKind.CITY, NameKind.CAPITAL) and parse.tokens[match.start].ent_type == "PERSON"


def _split_name(parse: Parse, token: Token, by_token: dict[int, NameMatch]) -> bool:
    """ "Bashar al" in "Bashar al-Assad" when the parse cuts the name in two: a name is one mention,
    headed by the last of its words whose head lies outside it ("Court" in "International Court of
    Justice", "Assad" in the cut one), so another word heads no mention of its own."""
    match = by_token.get(token.i)
    if match is None or match.end - match.start < 2:
        return False
    roots = [
        i for i in range(match.start, match.end)
        if not match.start <= parse.tokens[i].head < match.end and _is_np_head(parse.tokens[i])
    ]
    return bool(roots) and token.i != roots[-1]


def _is_np_head(token: Token) -> bool:
    if token.pos not in _HEAD_POS or token.dep == "punct" or not any(c.isalnum() for c in token.text):
        return False  # the hyphen of "al-Assad", tagged PROPN, heads nothing
    # Inside a larger name or phrase: the phrase's head speaks for it.
    return (
        token.dep not in ("compound", "amod", "poss", "nmod", "npadvmod")
        or token.pos == "PRON"
        and token.dep == "poss"
    )


def _np_start(parse: Parse, head: Token) -> int:
    start = head.i
    for child in parse.children(head.i):
        if child.i < head.i and child.dep in _NP_LEFT_DEPS:
            start = min(start, parse.subtree(child.i)[0])
    return start


def _sector_phrase(parse: Parse, head: Token, start: int) -> str:
    """The compound nouns and the head as lowercase lemmas: "foreign ministry", "trade minister"."""
    # A person's own name is no title: "professor Kevin King" is not a king.
    words = [
        t.lemma.lower()
        for t in parse.tokens[start : head.i]
        if t.dep in ("compound", "amod") and t.pos in ("NOUN", "PROPN", "ADJ") and t.ent_type != "PERSON"
    ]
    if head.ent_type == "PERSON":
        return " ".join(words)
    return " ".join([*words, head.lemma.lower()])


def _person_name(parse: Parse, head: Token, start: int, text: str) -> str | None:
    """The PERSON-entity run ending at the head ("Bakhyt Sultanov"), if the parser saw one."""
    if head.ent_type != "PERSON":
        return None
    lo = head.i
    while lo > start and parse.tokens[lo - 1].ent_type == "PERSON" and parse.tokens[lo].ent_iob != "B":
        lo -= 1
    return text[parse.tokens[lo].idx : head.end]


def _remember(mention: Mention, aliases: dict[str, Mention]) -> None:
    """A person named in full can later be called by surname: remember the last word of the name."""
    if (
        mention.name
        and " " in mention.name
        and (mention.actor_id is None or mention.actor_id.startswith("person:"))
    ):
        surname = (
            mention.name.split()[-1].split("-")[-1]
            if "-" in mention.name.split()[-1]
            else mention.name.split()[-1]
        )
        aliases.setdefault(surname, mention)
        aliases.setdefault(mention.name.split()[-1], mention)


def _by_alias(token: Token, aliases: dict[str, Mention]) -> Mention | None:
    known = aliases.get(token.text)
    if known is None:
        return None
    return referring(known, token, f"surname '{token.text}' → '{known.text}'")


def _definite_antecedent(head: Token, sector: str, earlier: Sequence[Mention]) -> Mention | None:
    """ "the ministry" → the latest ministry mentioned, within a few sentences."""
    word = head.lemma.lower()
    for mention in reversed(earlier):
        if head.sent - mention.sentence > PRONOUN_LOOKBACK_SENTENCES:
            break
        if mention.sector == sector and word in mention.text.lower():
            return mention
    return None


_DATELINE_DASHES = {"—", "–", "--", "-", ":"}


def _dateline_length(tokens: Sequence[Token]) -> int:
    """Tokens of a leading dateline ("KABUL, Afghanistan —", "ALMATY (Reuters) -"), else 0.

    A dateline names where the report was filed, not an actor; places still see it.
    """
    for k, token in enumerate(tokens[:8]):
        if token.text in _DATELINE_DASHES:
            if token.text != ":" and k > 0 and not tokens[k - 1].whitespace and not token.whitespace:
                return 0  # a hyphen inside a word ("US-backed forces"), not a dateline dash
            head = [t for t in tokens[:k] if t.pos != "SPACE"]
            if (
                head
                and head[0].text.isupper()
                and all(t.pos in ("PROPN", "PUNCT", "NOUN", "ADJ", "X") for t in head)
            ):
                return k + 1
            return 0
    return 0


def _dateline_country(resolver: ActorResolver, parse: Parse, text: str, on: date | None) -> str | None:
    """A dateline ("KABUL, Afghanistan —") sets the country that unanchored actors default to."""
    for sentence in parse.sentences[:6]:
        tokens = parse.sentence_tokens(sentence.index)
        length = _dateline_length(tokens)
        if length:
            for match in resolver.names.matches(tokens[:length], text):
                hit = match.best(on)
                if hit is not None and hit.entry.kind == "country":
                    return _country_code(hit.entry)
    return None


def _stated_nationality(
    span_tokens: Sequence[Token], name_start: int, by_token: dict[int, NameMatch], on: date | None
) -> str | None:
    """A country named by an adjective or a name before a name in the same phrase ("German" in "the
    German Foreign Office"), when it is a country's."""
    for token in span_tokens:
        if token.i >= name_start:
            break
        match = by_token.get(token.i)
        hit = match.best(on) if match is not None else None
        if hit is not None and hit.entry.kind == "country" and hit.kind in (NameKind.ADJECTIVE, NameKind.NAME):
            country = role_of(hit.entry, on, NameKind.NAME).country
            if country is not None:
                return country
    return None

"""Whose a phrase is when it names no country itself: the article's context, its own sentence, an
apposition, or the article as a whole.

The actor stage (``actors.py``) resolves each noun phrase; these are the rules it falls back on for
sector phrases with no country cue ("the government", "police", "MPs"), and the rule names the places
stage (``anchoring.py``) reads to know which countries were guessed. Each rule it applies is left in
``Mention.rules``.
"""

from __future__ import annotations

from dataclasses import replace

from berkut.coding import clauses
from berkut.model import Mention, Parse

# The rule left on a phrase whose country only the article's context gave ("the government").
CONTEXT_RULE = "from context"
# The rule left on a phrase that names a people or region and no state ("Kurdish forces").
STATELESS_RULE = "names no country: not the context's"
# The rule left on a phrase that took the country the whole article names most (no country came before).
ARTICLE_RULE = "the article's, named later"
# The rule left on an actor whose country the document's places gave.
PLACES_RULE = "the places the document names"
# The rule left on a phrase no country reached: the sector alone says who acted ("police").
SECTOR_ONLY_RULE = "no country named: sector only"
# Nouns for places: with a country cue they stand for that country as a target.

def actor_code(
    country: str | None, sector: str | None, org: str | None, kind: str | None = None
) -> str | None:
    """CAMEO-style concatenation: KAZ, KAZGOV, AFGINS, IGOCSTO; international NGOs NGO+org
    (NGOHRW, as CAMEO writes NGOs); other transnational groups IMG+org."""
    if kind == "igo" or (sector == "IGO" and org):
        return f"IGO{org}" if org else "IGO"
    if sector == "NGO" and org and not country:
        return f"NGO{org}"
    if country:
        return country + (sector or "")
    if org:
        return f"IMG{org}"
    return None


class ContextCountry:
    """The country an article is about so far: the one its actors were most often of (a dateline
    counts twice), the latest of them on a tie. "The government" in an article on Syria that just
    quoted Iran is still Syria's; the latest name alone made it Iran's. Only what was named counts,
    never what context itself supplied. (The places stage may still correct it: ``anchoring.py``.)"""

    def __init__(self, dateline: str | None) -> None:
        self._counts: dict[str, int] = {dateline: 2} if dateline else {}
        self._latest: dict[str, int] = {dateline: 0} if dateline else {}
        self._seen = 0

    def named(self, mention: Mention) -> None:
        if mention.country is None or _from_context(mention):
            return
        self._seen += 1
        self._counts[mention.country] = self._counts.get(mention.country, 0) + 1
        self._latest[mention.country] = self._seen

    def current(self) -> str | None:
        return max(self._counts, key=lambda c: (self._counts[c], self._latest[c]), default=None)


def anchor_countryless(parse: Parse, mentions: list[Mention], sentence: int, places: list[str]) -> None:
    """Give sector-only mentions of a sentence the country of the actor they are in apposition with
    ("the foreign secretary, Boris Johnson,"), else of the sentence's other actors, or else of the
    places it names ("Police detained protesters in Almaty")."""
    in_sentence = [i for i, m in enumerate(mentions) if m.sentence == sentence]
    for i in in_sentence:
        mention = mentions[i]
        from_context = mention.sector is not None and _from_context(mention)
        if (mention.country is not None and not from_context) or mention.org is not None:
            continue
        if mention.sector == "IGO":  # "international observers" belong to no one state of the sentence
            if mention.code is None:
                mentions[i] = replace(mention, code=mention.sector, rules=(*mention.rules, SECTOR_ONLY_RULE))
            continue
        if mention.code is not None and mention.code != mention.sector and not from_context:
            continue  # a state, or an organisation: only a bare sector ("police", or a pronoun for one) is anchored
        partner = _apposed(parse, mention, [mentions[j] for j in in_sentence])
        if partner is not None and partner.country is not None:
            # even when it agrees with the context, the apposition states it: the places may not undo it
            country, rule = partner.country, f"country {partner.country} from its apposition '{partner.text}'"
        elif (kin := _stated_kin(parse, mention, [mentions[j] for j in in_sentence])) is not None and kin.country:
            # "in which MPs backed ..." after "a crucial Commons vote": the sentence says whose they are,
            # which beats the country the article was about (Iraq).
            country, rule = kin.country, f"country {kin.country} from '{kin.text}' in the same sentence"
        elif mention.country is not None:
            continue
        elif own := _sentence_countries(parse, mention, [mentions[j] for j in in_sentence], places):
            country, rule = own[0], f"country {own[0]} from the same sentence"
        elif mention.sector and mention.code is None:
            # No country anywhere in reach: the sector alone still says who acted ("police").
            mentions[i] = replace(mention, code=mention.sector, rules=(*mention.rules, SECTOR_ONLY_RULE))
            continue
        else:
            continue
        stated = tuple(r for r in mention.rules if CONTEXT_RULE not in r)  # the apposition replaces the context
        mentions[i] = replace(mention, country=country, code=actor_code(country, mention.sector, None), rules=(*stated, rule))


def _sentence_countries(parse: Parse, mention: Mention, others: list[Mention], places: list[str]) -> list[str]:
    """The countries of a sentence a sector-only mention may take: not those of its own "to" phrase
    ("the ambassador to Russia", "the envoy to the coalition"), which name where it is sent. An actor of
    the same sector comes first: "MPs backed the invasion of Iraq in a Commons vote" are the Commons'."""
    hosted = sent_to(parse, mention)
    candidates = [o for o in others if o.country and o.head not in hosted and o is not mention]
    candidates.sort(key=lambda o: o.sector != mention.sector or _from_context(o))
    return [o.country for o in candidates if o.country] + ([] if hosted else places)


def _stated_kin(parse: Parse, mention: Mention, others: list[Mention]) -> Mention | None:
    """Another actor of the sentence with the same sector whose country its own phrase states, for a
    mention whose country only the article's context gave. Not a party to the mention's own act ("the
    government criticised the UK Foreign Office" is still the context's government)."""
    if mention.country is None or not _from_context(mention) or mention.head < 0:
        return None
    own_verb = clauses.governing_predicate(parse, parse.tokens[mention.head])
    for other in others:
        if other is not mention and other.sector == mention.sector and other.country is not None \
                and not _from_context(other) and other.head >= 0 \
                and clauses.governing_predicate(parse, parse.tokens[other.head]) != own_verb:
            return other
    return None


def sent_to(parse: Parse, mention: Mention) -> set[int]:
    """The tokens of the mention's own "to" phrase: where an envoy is sent, never whose envoy it is."""
    hosted: set[int] = set()
    if mention.head >= 0:
        for prep in parse.children(mention.head):
            if prep.dep == "prep" and prep.lemma == "to":
                hosted.update(range(*parse.subtree(prep.i)))
    return hosted


def _from_context(mention: Mention) -> bool:
    """The mention's country came from the article so far, not from its own phrase."""
    return any(CONTEXT_RULE in rule for rule in mention.rules)


def backfill_from_article(parse: Parse, mentions: list[Mention], article_country: str | None) -> None:
    """Sector-only mentions take the country the whole article names most, when nothing before them
    named one: a domestic report names its country late or never ("New Home Secretary Charles Clarke
    has vowed ..." opens an article that names the Commons and the Tories later). It is context like any
    other, so a place in the mention's own sentence may still replace it (``anchoring.py``)."""
    if article_country is None:
        return
    for i, mention in enumerate(mentions):
        if mention.code is None or mention.code != mention.sector or mention.sector in ("IGO", "NGO"):
            continue
        if any(STATELESS_RULE in rule for rule in mention.rules):
            continue
        hosted = sent_to(parse, mention)
        if any(o.head in hosted and o.country == article_country for o in mentions):
            continue  # "the ambassador to Kazakhstan" in an article on Kazakhstan is still not Kazakh
        rules = tuple(r for r in mention.rules if r != SECTOR_ONLY_RULE)
        mentions[i] = replace(
            mention,
            country=article_country,
            code=actor_code(article_country, mention.sector, None),
            rules=(*rules, f"country {article_country} {CONTEXT_RULE} ({ARTICLE_RULE})"),
        )


def _apposed(parse: Parse, mention: Mention, others: list[Mention]) -> Mention | None:
    """The actor with a country that renames this one: "the foreign secretary, Boris Johnson"."""
    for other in others:
        if other is mention or other.country is None or mention.head < 0 or other.head < 0:
            continue
        a, b = parse.tokens[mention.head], parse.tokens[other.head]
        if (b.dep == "appos" and b.head == a.i) or (a.dep == "appos" and a.head == b.i):
            return other
    return None


def country_inferred(mention: Mention) -> bool:
    """The actor's country came from the article's context or its places, not from its own phrase."""
    return any(CONTEXT_RULE in rule or PLACES_RULE in rule for rule in mention.rules)


# Those a state's police, courts and government arrest, detain, repress or expel at home.
_COERCED_AT_HOME = frozenset({"CVL", "OPP", "MED", "EDU", "REL", "LAB", "CRM", "PTY", "HLH", "BUS"})
_COERCING_SECTORS = frozenset({None, "GOV", "COP", "JUD", "SPY"})


def coerced_at_home(code: str, source: Mention, target: Mention | None) -> Mention | None:
    """The target of a state's coercion (CAMEO root 17: arrests, detention, repression), when only the
    article's context or places gave its country, is the state's own people: "Turkey arrested activists,
    journalists and HDP officials" in an article on Syria arrests Turkish activists. None when the rule
    does not apply."""
    if not code.startswith("17") or target is None or source.country is None or target.org is not None:
        return None
    if country_inferred(source) or not country_inferred(target) or target.country == source.country:
        return None
    if source.sector not in _COERCING_SECTORS or source.org is not None or target.sector not in _COERCED_AT_HOME:
        return None
    kept = [r for r in target.rules if CONTEXT_RULE not in r and PLACES_RULE not in r]
    return replace(
        target,
        country=source.country,
        code=actor_code(source.country, target.sector, None),
        rules=(*kept, f"country {source.country}: a state coerces its own people"),
    )

"""Actors whose country the text does not state, anchored to the places the document names.

The actor stage gives "police", "residents" or "the government" a country from the actors named before
them. Actors named are often not where things happen: an Afghan statement on unrest in Kazakhstan
names the Afghan government again and again, yet its "the government and protesters" are Kazakh; an
article that names only places ("Cheltenham", "eastern Ghouta") leaves them a bare sector, which no
country filter, dyad or map can use. Once the places stage has resolved the document's place names,
such an actor takes the country of the places in its own sentence, otherwise of the places named so
far when at least half of them (``_DOMINANT_SHARE``), and more than in any other, lie in one country; with no such places it keeps what the
actor stage gave it. Actors whose phrase says they belong to no state we know ("Kurdish forces",
``actors.STATELESS_RULE``) are left alone, and so is every country the text states; a country from
context is corrected only for domestic institutions and people (``_DOMESTIC_SECTORS``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from berkut.coding.actor_countries import (
    ARTICLE_RULE,
    CONTEXT_RULE,
    PLACES_RULE,
    SECTOR_ONLY_RULE,
    STATELESS_RULE,
    actor_code,
    sent_to,
)
from berkut.model import Analysis, Mention, Parse, Place, Token

_DOMINANT_SHARE = 0.5
_DOMINANT_MIN_PLACES = 2
_LOCAL_SECTORS = frozenset({"CVL", "OPP", "COP", "LAB", "EDU", "HLH", "REL", "CRM"})
_DOMESTIC_SECTORS = frozenset(
    {"GOV", "LEG", "JUD", "COP", "OPP", "PTY", "CVL", "BUS", "MED", "EDU", "REL", "HLH", "LAB", "CRM", "ELI", "AGR"}
)


def anchor_to_places(analysis: Analysis) -> Analysis:
    """``analysis`` with its unstated actor countries taken from the places it names, where they agree."""
    if not analysis.places or not any(_unstated(m) for m in analysis.mentions):
        return analysis
    places = sorted((p for p in analysis.places if p.country), key=lambda p: p.span)
    mentions = tuple(_anchored(m, places, analysis.parse) for m in analysis.mentions)
    return replace(analysis, mentions=mentions)


def _unstated(mention: Mention) -> bool:
    """A mention whose country the text does not state: a bare sector, or one filled from context."""
    if mention.org is not None or mention.sector in (None, "IGO", "NGO"):
        return False
    if any(STATELESS_RULE in rule for rule in mention.rules):
        return False
    if mention.country is None:
        return True
    # Only domestic institutions and people live where the places are; armies, spies, insurgents and
    # refugees act or are found abroad ("the insurgents accused Astana": still the Afghan Taliban).
    return mention.sector in _DOMESTIC_SECTORS and any(CONTEXT_RULE in rule for rule in mention.rules)


def _anchored(mention: Mention, places: list[Place], parse: Parse | None) -> Mention:
    if not _unstated(mention):
        return mention
    # A place in the sentence says where a bare "police" acts. For people, protesters or local police
    # given a country from context it counts only when it is where they act or are ("people protested
    # in Almaty", not "boycotted a summit in Sochi"). For "the government" a place is as often where
    # its act happened (a strike in Syria), so only the document's places count.
    # A country only the whole article gave (nothing named before the mention) is the weakest guess: any
    # place in the mention's own sentence beats it ("a meeting of the foreign ministers in Islamabad").
    unknown = mention.country is None or any(ARTICLE_RULE in rule for rule in mention.rules)
    here = [
        p.country
        for p in places
        if p.sentence == mention.sentence
        and not (parse is not None and _sent_to(parse, p, mention))
        and (
            unknown
            or (mention.sector in _LOCAL_SECTORS and parse is not None and _where_it_acts(parse, p, mention))
        )
    ]
    if here:
        country, why = here[0], "a place in the same sentence"
    else:
        # Places say what the article is about ("unrest in Kazakhstan", "protests in Almaty"), but a
        # country acted on ("the case for invading Iraq") does not make "the government" Iraq's.
        dominant = _dominant_country(
            [p for p in places if p.sentence <= mention.sentence and parse is not None and _locative(parse, p)]
        )
        if dominant is None:
            return mention
        country, why = dominant, PLACES_RULE
    if country == mention.country:
        return mention
    kept = [r for r in mention.rules if CONTEXT_RULE not in r and SECTOR_ONLY_RULE not in r]
    return replace(
        mention,
        country=country,
        code=actor_code(country, mention.sector, None),
        rules=(*kept, f"country {country} from {why}"),
    )


def _place_token(parse: Parse, place: Place) -> Token | None:
    """The token a place's name starts at."""
    return next((t for t in parse.sentence_tokens(place.sentence) if t.idx == place.span[0]), None)


def _locative(parse: Parse, place: Place) -> bool:
    """The place is not named as what an act was done to: not a verb's object ("invading Iraq", "Iraq was
    invaded") nor the "of" of an act ("the invasion of Iraq"). Through a compound or a conjunction."""
    token = _place_token(parse, place)
    if token is None:
        return False
    while token.dep in ("compound", "conj", "appos") and token.head != token.i:
        token = parse.head(token.i)
    if token.dep in ("dobj", "nsubjpass"):
        return False
    return not (token.dep == "pobj" and parse.head(token.i).lemma.lower() == "of")


def _sent_to(parse: Parse, place: Place, mention: Mention) -> bool:
    """ "the ambassador to Russia": a place in the mention's own "to" phrase is where it is sent."""
    token = _place_token(parse, place)
    return token is not None and token.i in sent_to(parse, mention)


def _where_it_acts(parse: Parse, place: Place, mention: Mention) -> bool:
    """The place's preposition hangs on the mention's own phrase or on the verb it is the subject of."""
    token = _place_token(parse, place)
    if token is None or mention.head < 0:
        return False
    while token.dep in ("compound", "amod", "conj", "appos") and token.head != token.i:
        token = parse.head(token.i)
    if token.dep != "pobj":
        return False
    holder = parse.head(parse.head(token.i).i)
    actor = parse.tokens[mention.head]
    return holder.i in (actor.i, actor.head)


def _dominant_country(places: list[Place]) -> str | None:
    counts = Counter(p.country for p in places)
    ranked = counts.most_common(2)
    if not ranked:
        return None
    country, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    share = n / sum(counts.values())
    return country if n >= _DOMINANT_MIN_PLACES and share >= _DOMINANT_SHARE and n > runner_up else None

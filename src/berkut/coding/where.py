"""Places: find the toponyms of a document and resolve each to one GeoNames place.

The stage is ``find_places(analysis)`` (or a ``PlaceFinder`` held by the pipeline); it fills
``analysis.places`` in text order.

Which spans are toponyms:

- spaCy's GPE and LOC entities, and FAC entities whose text is a place's own name; an entity is
  stretched over a hyphenated tail the tagger cut off ("Mazar" + "-i-Sharif");
- capitalised proper nouns right after "in", "at", "near" or "from" that the tagger missed, when the
  gazetteer knows them as a sizeable place or a country;
- further occurrences of a name already found as a toponym, where the tagger called them something
  else (a headline's "Alexandria woman charged" when the body's "Alexandria" is a GPE);
- the dateline, see below.

Demonyms ("Kazakh", "Afghan") are never places, even where the tagger says GPE or where GeoNames
lists them as an old name of a town (it does: Petropavl); they only hint at the document's country.

How one place is chosen among the candidates of a name (``berkut.coding.place_scoring``): a "City,
Country" or "City, State" pair (including AP abbreviations, "Alexandria, La."); the document's own
country and state distribution, built softly from the other names' readings, the US counties named and
the dateline, so that unambiguous names anchor ambiguous ones; other names that may be towns within
100 km; then the prior: population, own name rather than an alternate one, and the kind of place. A
national capital and a country's own name are preferred only while no rival reading has local evidence
(its state or a neighbouring town named in the document): "Athens" is the Greek capital, unless the
article names Henderson County and Tyler. Where the user says where the documents come from
(``PlaceFinder(gazetteer, country_hint=("USA",))``, the ``place_country_hint`` setting), that country is
evidence too, and local evidence for its towns: a lone "Athens" in a US local paper is then a US Athens,
while "Paris, France" or an article about Kabul still resolves abroad. Without being told, the stage can
learn where each source writes about (``PlaceFinder(gazetteer, lexicon=LocalLexicon())``, the
``place_source_lexicon`` setting, on by default in the pipeline): the countries and states a source's
documents name confidently make its home (``berkut.coding.local_lexicon``), a prior of the same kind that
fades as the document places itself in other countries. One name keeps one sense within a document. A name the
gazetteer does not know yields no place: we never guess. The tables behind the stage (state
abbreviations, irregular demonyms, words that are never places) are data, ``ontology/places.yaml``.

Dateline convention: a leading "KABUL, Afghanistan —", "ALMATY (Reuters) -" or "WASHINGTON —" at the
start of one of the first sentences or lines is the dateline. Its places carry ``feature`` ``DATELINE``
("dateline") instead of "city" or "country": the town first, then the country or state after the comma
if there is one. The event coder should not take them as the place of the events in their sentence
(the dateline says where the reporter filed, not where the lead's event happened) but fall back to
``dateline_place(analysis)`` -- the town -- with ``PlaceSource.DATELINE`` when an event's sentence
names no place. Later mentions of the same town are ordinary places (feature "city").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from berkut.coding.gazetteer import Gazetteer, GeoCandidate, load_gazetteer, normalize
from berkut.coding.local_lexicon import LocalLexicon, Observation, observe
from berkut.coding.place_scoring import (
    Home,
    Name,
    base_prior,
    fixed_evidence,
    ident,
    pair_bonus,
    score_names,
    within,
)
from berkut.errors import SettingsError
from berkut.model import Analysis, Parse, Place, Span
from berkut.ontology.places import PlaceTables, load_place_tables

#: ``Place.feature`` of the dateline's place
DATELINE = "dateline"

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PREPOSITIONS = {"in", "at", "near", "from"}
_POSTAL = re.compile(r"[A-Z]{2}")
_COUNTY = re.compile(r"\b(?:[A-Z][\w.'-]*\s){1,3}(?:County|Parish)\b")
_PAIR_TAIL = re.compile(r"\s*,\s*((?:[A-Z][a-z]*\.\s?){1,2}|[A-Z][a-z]+\.|[A-Z]{2}\b)")

_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*){0,3}|[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,3}))?"
    r"\s*(?P<agency>\([^()\n]{1,40}\))?\s*(?:—|–|--|-|:)\s"
)


@dataclass
class _Mention:
    text: str
    span: Span
    sentence: int
    kind: str  # "ner", "prep", "repeat", "dateline", "dateline_region" or "given"
    key: str
    candidates: list[GeoCandidate]
    pair: list[GeoCandidate] = field(default_factory=list)  # what the ", X" after it may be
    choice: GeoCandidate | None = None


class PlaceFinder:
    """The places stage: ``PlaceFinder(gazetteer)(analysis) -> analysis`` with ``places`` filled.

    ``country_hint``: ISO3 codes of the countries the documents come from (a prior for ambiguous names,
    not an override); empty for none. An unknown code is a ``SettingsError``.

    ``lexicon``: a ``LocalLexicon`` of where each source (``Document.source``) writes about, consulted
    for every document with a source; with ``online`` (the default) each document teaches it in turn, so
    a feed's later articles lean towards where its earlier ones confidently were. ``learn(analysis)``
    teaches it without resolving for output, to build it ahead from a set of documents.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        country_hint: Sequence[str] = (),
        lexicon: LocalLexicon | None = None,
        online: bool = True,
    ) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.country_hint = tuple(
            dict.fromkeys(code.strip().upper() for code in country_hint if code.strip())
        )
        unknown = [code for code in self.country_hint if self.gazetteer.country(code) is None]
        if unknown:
            raise SettingsError(
                f"place_country_hint: {', '.join(unknown)} is not an ISO 3166 alpha-3 country code (e.g. USA)"
            )
        self.lexicon = lexicon
        self.online = online
        self.tables = load_place_tables()
        self._demonyms = _demonyms(self.gazetteer, self.tables)
        self._hint = Home.hint(self.country_hint)

    def __call__(self, analysis: Analysis) -> Analysis:
        parse = analysis.parse
        if parse is None:
            return analysis
        text = analysis.document.text
        mentions = self._all_mentions(text, parse)
        source = analysis.document.source
        learning = self.online and self.lexicon is not None and bool(source)
        seen = self._resolve(mentions, text, parse, self._source_home(source), learning)
        if learning and self.lexicon is not None:
            self.lexicon.learn(source, seen)
        places = [_place(m) for m in mentions if m.choice is not None]
        return replace(analysis, places=tuple(sorted(places, key=lambda p: p.span)))

    def learn(self, analysis: Analysis) -> None:
        """Teach the lexicon what this document names confidently, without the lexicon's own prior."""
        if self.lexicon is None or analysis.parse is None:
            return
        text = analysis.document.text
        mentions = self._all_mentions(text, analysis.parse)
        seen = self._resolve(mentions, text, analysis.parse, None, learning=True)
        self.lexicon.learn(analysis.document.source, seen)

    def _source_home(self, source: str | None) -> Home | None:
        return self.lexicon.home(source) if self.lexicon is not None else None

    def _all_mentions(self, text: str, parse: Parse) -> list[_Mention]:
        return _merge(self._mentions(text, parse), self._dateline(text, parse))

    def resolve(self, analysis: Analysis, spans: Sequence[Span]) -> list[Place | None]:
        """Resolve given toponym spans (e.g. gold annotations), each in the context of all the others.

        The spans are taken to be toponyms, so a demonym among them ("Sudanese", as LGL marks them)
        is read as its country; ``None`` where the gazetteer knows no such place.
        """
        text = analysis.document.text
        parse = analysis.parse
        mentions = []
        for start, end in spans:
            surface = text[start:end]
            found = self._lookup(surface) or self._state_after_comma(text, start, end)
            # A span given as a toponym may be a demonym ("Sudanese" in LGL): it means the country, also
            # where a town bears the demonym as its name ("Canadian", Texas) -- the prior then decides.
            key = normalize(surface).removesuffix("s")
            derived = _derived_demonyms(self.gazetteer).get(key)
            iso3 = self._demonyms.get(key) if not found else (derived[0] if derived and derived[1] else None)
            country = self.gazetteer.country(iso3 or "")
            if country is not None and not any(ident(c) == ident(country) for c in found):
                found = [country, *found]
            mentions.append(
                _Mention(
                    surface, (start, end), _sentence_of(parse, start), "given", normalize(surface), found
                )
            )
        self._pairs(sorted(mentions, key=lambda m: m.span), text)
        home = self._source_home(analysis.document.source)
        self._resolve([m for m in mentions if m.candidates], text, parse, home)
        return [_place(m) if m.choice is not None else None for m in mentions]

    # -- finding toponyms -------------------------------------------------------------------------

    def _state_code(self, abbreviation: str) -> str | None:
        """The postal code of a US state abbreviation: "Calif." and "CA" give "CA"."""
        code = self.tables.us_state_abbreviations.get(normalize(abbreviation).replace(" ", ""))
        if code is None and _POSTAL.fullmatch(abbreviation.strip()):
            code = abbreviation.strip()
        return code

    def _lookup(self, surface: str) -> list[GeoCandidate]:
        """Candidates of a surface form, trying it without a division word ("Helmand province")."""
        key = normalize(surface)
        if not key or key in self._demonyms:
            return []
        if surface.endswith(".") and key.replace(" ", "") in self.tables.us_state_abbreviations:
            # "Minn.", "Va.": an abbreviation with its dot is the state, not a town with such an alias
            state = self.gazetteer.admin1("USA", self.tables.us_state_abbreviations[key.replace(" ", "")])
            if state is not None:
                return [state]
        found = self.gazetteer.candidates(surface)
        if not found:
            words = key.split(" ")
            if len(words) > 1 and words[-1] in self.tables.division_words:
                found = self.gazetteer.candidates(" ".join(words[:-1]))
            elif len(words) > 1 and words[0] in ("greater", "central", "downtown"):
                found = self.gazetteer.candidates(" ".join(words[1:]))
        # An alternate name is often an old name of some other town ("Maryville" of Beeville, Texas):
        # where places bear the name as their own, keep others only if more than 200 times larger ("Kiev"
        # for Kyiv, not "Berea" for Aleppo).
        # A spelling of the place's own name that differs in one letter is a transliteration, not an old
        # name ("Jenin" for Janin, next to a Polish village called Jenin).
        own = max((c.population for c in found if c.primary), default=-1)
        if own >= 0:
            found = [
                c
                for c in found
                if c.primary
                or c.feature != "city"
                or c.population > 200 * own
                or (c.population > own and _one_letter_apart(key, normalize(c.name)))
            ]
        return found[:40]

    def _state_after_comma(self, text: str, start: int, end: int) -> list[GeoCandidate]:
        """An AP state abbreviation (or postal code) after a comma is the state."""
        code = self._state_code(text[start:end])
        if code is None or not re.search(r",\s*$", text[max(0, start - 3) : start]):
            return []
        state = self.gazetteer.admin1("USA", code)
        return [state] if state is not None else []

    def _mentions(self, text: str, parse: Parse) -> list[_Mention]:
        mentions: list[_Mention] = []
        taken: list[Span] = []
        tokens = parse.tokens

        def add(start: int, end: int, kind: str, own_name_only: bool = False) -> bool:
            # strip a leading "the" and a trailing possessive
            surface = text[start:end]
            if surface.lower().startswith("the "):
                start += 4
            for tail in ("'s", "’s", "'", "’"):
                if text[start:end].endswith(tail):
                    end -= len(tail)
                    break
            surface = text[start:end]
            if not surface.strip() or any(s < end and start < e for s, e in taken):
                return False
            found = self._lookup(surface)
            if own_name_only:
                found = [c for c in found if c.primary]
            if not found:
                return False
            mentions.append(
                _Mention(surface, (start, end), _sentence_of(parse, start), kind, normalize(surface), found)
            )
            taken.append((start, end))
            return True

        for ent in parse.entities:
            if ent.label not in _PLACE_LABELS:
                continue
            start, end = ent.span
            # Stretch over a hyphenated tail the tagger cut off: "Mazar" + "-i-Sharif".
            j = ent.tokens[1]
            longer = end
            while j < len(tokens) and tokens[j - 1].whitespace == "" and tokens[j].text[:1] in "-‐–":
                if j + 1 < len(tokens) and tokens[j].whitespace == "":
                    j += 2
                    longer = tokens[j - 1].end
                else:
                    break
            if longer > end and add(start, longer, "ner"):
                continue
            if add(start, end, "ner", own_name_only=ent.label == "FAC"):
                continue
            state = self._state_after_comma(text, start, end)
            if state:
                mentions.append(
                    _Mention(
                        ent.text, ent.span, _sentence_of(parse, start), "ner", normalize(ent.text), state
                    )
                )
                taken.append(ent.span)

        # Proper nouns after a locative preposition that the tagger missed or mislabelled ("police in
        # Quetta" as ORG), and their conjuncts ("in Kyiv and Kharkiv").
        for tok in tokens[:-1]:
            if tok.text.lower() not in _PREPOSITIONS:
                continue
            j = tok.i + 1
            while j < len(tokens):
                k = j
                while (
                    k < len(tokens)
                    and tokens[k].pos == "PROPN"
                    and tokens[k].text[:1].isupper()
                    and tokens[k].ent_type not in _PLACE_LABELS
                    and tokens[k].sent == tok.sent
                ):
                    k += 1
                if k == j:
                    break
                if tokens[j].text.lower() not in self.tables.not_places:
                    start, end = tokens[j].idx, tokens[k - 1].end
                    tagged = any(tokens[i].ent_iob != "O" for i in range(j, k))
                    found = [c for c in self._lookup(text[start:end]) if _strong(c, tagged)]
                    if found and not any(s < end and start < e for s, e in taken):
                        mentions.append(
                            _Mention(
                                text[start:end],
                                (start, end),
                                tok.sent,
                                "prep",
                                normalize(text[start:end]),
                                found,
                            )
                        )
                        taken.append((start, end))
                if k + 1 < len(tokens) and tokens[k].text in ("and", "or", ","):
                    j = k + 1
                else:
                    break

        # Further occurrences of names already found, wherever the tagger called them something else.
        for surface in {m.text for m in mentions if len(m.text) > 3}:
            for hit in re.finditer(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])", text):
                start, end = hit.span()
                if any(s < end and start < e for s, e in taken) or _inside_longer_entity(parse, start, end):
                    continue
                add(start, end, "repeat")
        mentions.sort(key=lambda m: m.span)
        self._pairs(mentions, text)
        return mentions

    def _pairs(self, mentions: list[_Mention], text: str) -> None:
        """Note what may follow each mention after a comma: "Kabul, Afghanistan", "Alexandria, La."."""
        by_start = {m.span[0]: m for m in mentions}
        for m in mentions:
            tail = _PAIR_TAIL.match(text, m.span[1])
            nxt = None
            comma = re.match(r"\s*,\s*", text[m.span[1] :])
            if comma:
                nxt = by_start.get(m.span[1] + comma.end())
            if nxt is not None:
                m.pair = [c for c in nxt.candidates if c.feature != "city"]
            if tail is not None:
                code = self._state_code(tail.group(1))
                state = self.gazetteer.admin1("USA", code) if code else None
                if state is not None:
                    m.pair = [state]
                    if nxt is not None and m.candidates and any(within(c, state) for c in m.candidates):
                        # "Portland, Ore.": the abbreviation is the state, not a town called Ore.
                        nxt.candidates = [state]

    def _dateline(self, text: str, parse: Parse) -> list[_Mention]:
        # Exported articles put a headline, a date and a byline above the dateline.
        starts = [s.span[0] for s in parse.sentences[:6]]
        line_start = 0
        for _ in range(8):
            while line_start < len(text) and text[line_start] in " \t\r\n":
                line_start += 1
            starts.append(line_start)
            nl = text.find("\n", line_start)
            if nl < 0:
                break
            line_start = nl + 1
        for start in sorted(set(starts)):
            match = _DATELINE.match(text, start)
            if match is None:
                continue
            city = match.group("city")
            if len(city) < 3 or not (city.isupper() or match.group("region") or match.group("agency")):
                continue
            # A dateline names a town: "WASHINGTON —" is the capital, not the state.
            found = [c for c in self._lookup(city) if c.feature == "city"]
            if not found:
                continue
            span = match.span("city")
            mention = _Mention(city, span, _sentence_of(parse, span[0]), "dateline", normalize(city), found)
            out = [mention]
            if match.group("region"):
                rspan = match.span("region")
                region = match.group("region").rstrip(".")
                rspan = (rspan[0], rspan[0] + len(region))
                rfound = [c for c in self._lookup(region) if c.feature != "city"]
                code = self.tables.us_state_abbreviations.get(normalize(region).replace(" ", ""))
                state = self.gazetteer.admin1("USA", code) if code else None
                if not rfound and state is not None:
                    rfound = [state]
                if rfound:
                    key = normalize(region)
                    out.append(_Mention(region, rspan, mention.sentence, "dateline_region", key, rfound))
                    mention.pair = rfound
            return out
        return []

    # -- choosing among candidates ----------------------------------------------------------------

    def _resolve(
        self,
        mentions: list[_Mention],
        text: str,
        parse: Parse | None,
        source_home: Home | None,
        learning: bool = False,
    ) -> Observation:
        """Choose each mention's place; with ``learning``, return what the document says confidently
        read without ``source_home`` (the lexicon's prior), so that the lexicon does not feed itself."""
        if not mentions:
            return Observation()
        hints: Counter[str] = Counter()  # weak country evidence: demonyms
        # US counties named: evidence for their states, shared among the states that have such a county
        counties: dict[tuple[str, str], float] = defaultdict(float)
        lone_counties: set[tuple[str, str]] = set()  # (county, state) of counties found in one state only
        for hit in _COUNTY.finditer(text):
            states = self.gazetteer.county_states(hit.group(0))
            for state in states:
                counties[("USA", state)] += 1 / len(states)
            if len(states) == 1:
                lone_counties.add((normalize(hit.group(0)), states[0]))
        if parse is not None:
            for ent in parse.entities:
                if ent.label == "NORP":
                    iso3 = self._demonyms.get(normalize(ent.text))
                    if iso3:
                        hints[iso3] += 1
        dateline_country = None
        for m in mentions:
            if m.kind == "dateline":
                best = max(m.candidates, key=lambda c: base_prior(c) + pair_bonus(c, m.pair))
                dateline_country = best.country_iso3
        groups: dict[str, list[_Mention]] = defaultdict(list)
        for m in mentions:
            groups[m.key].append(m)
        names = [Name(key, [(m.candidates, m.pair) for m in ms]) for key, ms in groups.items()]
        fixed = fixed_evidence(counties, hints, dateline_country)
        scores = score_names(names, fixed, home=self._hint, source=source_home)
        # One sense per name per document: the candidate with the best summed score wins (among the
        # candidates each mention allows: a dateline allows only towns).
        for m in mentions:
            ranked = scores[m.key]
            m.choice = max(m.candidates, key=lambda c: ranked.get(ident(c), -math.inf), default=None)
        if not learning:
            return Observation()
        unaided = score_names(names, fixed, home=self._hint) if source_home else scores
        seen = observe(names, unaided)
        named_states = Counter(seen.states)
        for _, code in lone_counties:
            named_states[("USA", code)] += 1
        return Observation(seen.countries, named_states)


def _strong(c: GeoCandidate, tagged: bool) -> bool:
    """Whether a name the tagger did not call a place may still be one: a country, a division, a
    large town, or (where the tagger said nothing at all) any town under its own name."""
    if c.feature != "city" or (c.population >= 100_000 and (c.primary or not tagged)):
        return True
    return c.primary and not tagged


def _merge(mentions: list[_Mention], dateline: list[_Mention]) -> list[_Mention]:
    """The dateline's mentions replace any overlapping ones."""
    if not dateline:
        return mentions
    kept = [m for m in mentions if not any(d.span[0] < m.span[1] and m.span[0] < d.span[1] for d in dateline)]
    return sorted([*kept, *dateline], key=lambda m: m.span)


def _place(m: _Mention) -> Place:
    c = m.choice
    assert c is not None
    feature = DATELINE if m.kind in ("dateline", "dateline_region") else c.feature
    return Place(
        text=m.text,
        span=m.span,
        name=c.name,
        country=c.country_iso3,
        lat=c.lat,
        lon=c.lon,
        geonameid=c.geonameid,
        sentence=m.sentence,
        feature=feature,
    )


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether two names of five letters or more differ by one letter replaced, added or dropped."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def _sentence_of(parse: Parse | None, offset: int) -> int:
    if parse is None or not parse.sentences:
        return 0
    starts = [s.span[0] for s in parse.sentences]
    return max(0, bisect_right(starts, offset) - 1)


def _inside_longer_entity(parse: Parse, start: int, end: int) -> bool:
    """True inside a longer name ("Alexandria Police Department"), where the town is not the referent."""
    for ent in parse.entities:
        s, e = ent.span
        if s <= start and end <= e and (s, e) != (start, end):
            return True
    return False


@lru_cache(maxsize=4)
def _derived_demonyms(gazetteer: Gazetteer) -> dict[str, tuple[str | None, bool]]:
    """Adjectives of nationality derived from country names by the regular English endings, each with
    its country and whether some town bears it as its own name ("Canadian", Texas)."""
    found: dict[str, tuple[str | None, bool]] = {}
    cost: dict[str, int] = {}
    for country in gazetteer.countries():
        name = normalize(country.name)
        if " " in name:
            continue
        forms = {
            name + "n",
            name + "ian",
            name + "i",
            name + "ese",
            name[:-1] + "ese",
            name[:-1] + "ian",
            name[:-1] + "an",
            name[:-2] + "ese",
        }
        if name.endswith("stan"):
            forms |= {name[:-4], name[:-5]} if name.endswith("istan") else {name[:-4]}
        if name.endswith("y"):
            forms |= {name[:-1], name[:-1] + "ish"}
        for form in forms:
            if len(form) <= 3:
                continue
            # Where two countries give one form, the one it alters least: "Nigerian" is Nigeria's
            # ("Nigeria" + "n"), not Niger's ("Niger" + "ian").
            kept = next(
                (i for i, (a, b) in enumerate(zip(form, name, strict=False)) if a != b),
                min(len(form), len(name)),
            )
            alteration = len(form) - kept + len(name) - kept
            if form in cost and cost[form] <= alteration:
                continue
            cost[form] = alteration
            # A form that is itself a place's own name ("Canadian", Texas) must stay a place, except
            # where the span is given as a toponym (``PlaceFinder.resolve``).
            found[form] = (country.country_iso3, any(c.primary for c in gazetteer.candidates(form)))
    return found


@lru_cache(maxsize=4)
def _demonyms(gazetteer: Gazetteer, tables: PlaceTables) -> dict[str, str | None]:
    """Adjectives of nationality: the derived ones that are no town's own name, and the table's."""
    found = {form: iso3 for form, (iso3, town) in _derived_demonyms(gazetteer).items() if not town}
    found.update(tables.demonyms)
    return found


def dateline_place(analysis: Analysis) -> Place | None:
    """The dateline's town, for events whose own sentence names none (``PlaceSource.DATELINE``)."""
    return next((p for p in analysis.places if p.feature == DATELINE), None)


def find_places(analysis: Analysis, gazetteer: Gazetteer | None = None) -> Analysis:
    """The places stage as a function; holds no state beyond the gazetteer loaded once per process."""
    return PlaceFinder(gazetteer)(analysis)

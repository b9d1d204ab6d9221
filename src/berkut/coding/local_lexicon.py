"""Where each source writes about: a per-source *local lexicon*, learned without labels.

A local paper mostly writes about its own region, so an ambiguous "Athens" or "Dublin" in the
*Gainesville Times* is more likely the Georgian town than the capital abroad. This is the idea of
Lieberman, Samet & Sankaranarayanan, "Geotagging with local lexicons" (ICDE 2010), kept small: for each
source (``Document.source``: a feed's host, a file's path) the places stage tells the lexicon which
country and US state (first-level division) each document names *confidently* -- names with one
possible country, or whose reading wins by a wide margin before the lexicon is consulted, and US
counties that exist in one state only. Each document casts one vote, shared among what it names.

``LocalLexicon.home(source)`` turns the votes into a ``Home``: the source's leading country, and its
leading state within that country, each weighted by how concentrated the votes are (its share of them)
and how well supported (documents seen, ``n / (n + support)``): one document gives a third of the
weight, eight give four fifths. A source whose host name has a country-code domain
("cambridge-news.co.uk", "moscowtimes.ru", "civil.ge") starts with ``domain_votes`` votes for that
country, as if that many documents had named it: a British paper's first "Cambridge" is then the English
one, while its documents can still outvote the domain. Domains sold worldwide (".tv", ".io", ".co") and
generic ones (".com") say nothing. A source with fewer than ``min_documents`` voting documents (and no such
domain), or whose
leading country or state has no more than ``min_share`` of the votes (no majority: a wire, a world
desk), has no home there. The places stage adds the home to a document's evidence like the user's
``place_country_hint``, fading as the document names other countries: a tie-breaker for ambiguous names
that a dateline, a "Paris, France" pair or the document's own other names outweigh.

The defaults were chosen on the even-numbered articles of LGL (``benchmarks/geoparse_lgl.py``), the
odd-numbered ones kept for testing.

The lexicon lives as long as the pipeline that holds it, learning as documents go through (``berkut
ingest`` of a feed benefits from the feed's earlier articles); ``PlaceFinder.learn`` builds one ahead
from a set of documents. It is not stored between runs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from berkut.coding.gazetteer import iso3_of
from berkut.coding.place_scoring import WEIGHTS, Home, Ident, Name, State, ident

_HOST = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\.?(?::\d+)?(?:[/?#].*)?", re.I)
# Country-code domains sold to the world at large (.io, .tv, .co, .me, ...) or that look like a file's
# extension (.md, .sh, .py): they say nothing about where a source is.
_GENERIC_CC = frozenset(
    "ac ad ag ai am as bz cc cd cf co cx dj fm ga gg gl gq gs io je la ld ly md me ml ms mu nu pw py sh"
    " so st su tk tm to tv vc vg ws".split()
)
_CC_ALIASES = {"uk": "GB"}


@lru_cache(maxsize=4096)
def host_country(source: str | None) -> str | None:
    """The country (ISO3) of a source's host name by its country-code domain: "cambridge-news.co.uk"
    and "https://www.moscowtimes.ru/news" give GBR and RUS; ``None`` for a generic domain (".com"),
    one used worldwide (".tv", ".io") and a source that is no host name (a file's path)."""
    if not source or ("://" not in source and ("/" in source or "\\" in source)):
        return None
    match = _HOST.fullmatch(source.strip())
    if match is None:
        return None
    tld = match.group(1).rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_CC:
        return None
    return iso3_of(_CC_ALIASES.get(tld, tld))


@dataclass(frozen=True)
class Observation:
    """What one document says confidently about where it is: names counted by country and state."""

    countries: Mapping[str, float] = field(default_factory=dict)
    states: Mapping[State, float] = field(default_factory=dict)


@dataclass
class LocalLexicon:
    """Per-source counts of confidently named countries and states, and the home they point to."""

    min_documents: int = 1  # voting documents before a source has a home
    min_share: float = 0.5  # of the votes, for the leading country (or state) to be the home
    support: float = 2.0  # a home's weight is share * n / (n + support), n the voting documents
    domain_votes: float = 2.0  # votes a source's country-code domain (".co.uk", ".ru") casts for its country
    _countries: defaultdict[str, defaultdict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    _states: defaultdict[str, defaultdict[State, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float))
    )
    _votes: Counter[str] = field(default_factory=Counter)  # documents that named a country
    _state_votes: Counter[str] = field(default_factory=Counter)  # ... and those that named a state

    def __len__(self) -> int:
        """How many sources the lexicon has seen a voting document from."""
        return len(self._votes)

    def learn(self, source: str | None, seen: Observation) -> None:
        """Count one document of ``source``: one vote, shared among the countries (and states) it names."""
        if not source:
            return
        total = sum(seen.countries.values())
        if total > 0:
            self._votes[source] += 1
            for iso3, n in seen.countries.items():
                self._countries[source][iso3] += n / total
        total = sum(seen.states.values())
        if total > 0:
            self._state_votes[source] += 1
            for state, n in seen.states.items():
                self._states[source][state] += n / total

    def home(self, source: str | None) -> Home | None:
        """The source's home country (and state), weighted in (0, 1); ``None`` for none."""
        if not source:
            return None
        n: float = self._votes[source]
        tallies = dict(self._countries.get(source, {}))
        domain = host_country(source) if self.domain_votes > 0 else None
        if n < self.min_documents and domain is None:
            return None
        if domain is not None:
            tallies[domain] = tallies.get(domain, 0.0) + self.domain_votes
            n += self.domain_votes
        iso3, votes = max(tallies.items(), key=lambda kv: kv[1])
        share = votes / n
        if share <= self.min_share:
            return None
        countries = {iso3: share * n / (n + self.support)}
        states: dict[State, float] = {}
        in_country = [(s, v) for s, v in self._states.get(source, {}).items() if s[0] == iso3]
        ns = self._state_votes[source]
        if in_country and ns >= self.min_documents:
            state, votes = max(in_country, key=lambda sv: sv[1])
            if votes / ns > self.min_share:
                states[state] = votes / (ns + self.support)  # its share times ns / (ns + support)
        return Home(countries, states)


def observe(names: Sequence[Name], scores: dict[str, dict[Ident, float]]) -> Observation:
    """What a document says confidently, from its names' scores (``score_names``, without the lexicon's
    prior): the countries and states of the names whose reading wins by ``WEIGHTS.confident`` or more
    over every reading in another country (state), one count per name.

    The margin must hold without the capital and country-name bonuses too: "Dublin" in an Ohio paper
    wins as the Irish capital, but that is the prior speaking, not the document."""
    w = WEIGHTS
    countries: Counter[str] = Counter()
    states: Counter[State] = Counter()
    for n in names:
        # Each candidate's mean over the mentions that allow it: a mention that allows only large towns
        # (an untagged "in Lancaster") says what may be a place, not which place it is.
        allowed = Counter(ident(c) for cands, _ in n.mentions for c in cands)
        ranked = {i: v / allowed[i] for i, v in (scores.get(n.key) or {}).items() if allowed[i]}
        cands = [(c, ranked.get(ident(c), -math.inf)) for c in n.candidates()]
        if not cands:
            continue
        best, top = max(cands, key=lambda cs: cs[1])
        if best.country_iso3 is None or top == -math.inf:
            continue
        bare = top - (w.capital if best.capital else 0.0) - (w.country if best.feature == "country" else 0.0)
        state = (best.country_iso3, best.admin1)
        abroad = max((v for c, v in cands if c.country_iso3 != state[0]), default=-math.inf)
        if min(top, bare) - abroad < w.confident:
            continue
        countries[state[0]] += 1
        elsewhere = max((v for c, v in cands if (c.country_iso3, c.admin1) != state), default=-math.inf)
        if best.admin1 and best.feature in ("city", "admin1") and min(top, bare) - elsewhere >= w.confident:
            states[(state[0], best.admin1)] += 1
    return Observation(countries, states)

"""Choosing one place per name: priors and document-level coherence, for ``berkut.coding.where``.

Each name of a document (all mentions of "Athens" share one reading) has a list of candidate places.
A candidate's score is its *prior* (size, own name or alternate name, kind of place) plus what the
rest of the document says: the document's *country* and *state* distribution, towns nearby, and a
"Town, State" pair right after the mention.

The document's distribution is soft and iterated. Every name's candidates get a probability from their
scores (a softmax); each name then adds its expected country and state to the evidence, next to the
evidence that needs no reading at all: US counties named ("Henderson County"), the dateline's country
and demonyms ("Kazakh"). A name is scored against the evidence of all the *other* names, so that
"Paris" cannot vouch for France by itself. Unambiguous names ("Minnesota", "Corsicana") thereby anchor
the ambiguous ones, and a few rounds settle the rest.

Two priors are conditional on that evidence. A national capital is preferred over other towns of its
name ("Washington" in news is the capital), and a country's own name over towns called after it
("Jordan"), only as far as the document does not place itself elsewhere: with Henderson County and
Corsicana about, "Athens" is Athens, Texas, not the Greek capital.

A user may say where the documents come from (the ``place_country_hint`` setting: "this feed is US local
news"). The hinted countries are then fixed evidence like the dateline, and a candidate in one of them
earns local evidence in proportion to the hinted country's share of the document, so that a lone
"Athens" in a US county paper is a US Athens rather than the Greek capital. It stays a prior: a document
that names other countries dilutes that share ("Paris, France" stays in France, Kabul in Afghanistan).
A source's home learned by ``berkut.coding.local_lexicon`` (its country and state, weighted by how sure
the lexicon is) enters the same way, the state as evidence for that state's towns: both are a ``Home``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from berkut.coding.gazetteer import GeoCandidate

#: A candidate's identity within one document.
Ident = tuple[int | None, str]
State = tuple[str, str]


@dataclass(frozen=True)
class Weights:
    """The knobs of the scoring, in units of log10(population)."""

    primary: float = 1.0  # the name is the place's own name, not an alternate one
    capital: float = 3.5  # a national capital, before other towns of its name
    country: float = 2.5  # a country's own name is the country
    rival_local: float = 4.0  # how much of a rival's local evidence a capital or country bonus loses
    admin1: float = 1.5
    region: float = 3.0
    doc_country: float = 4.5  # times the share of the document's evidence in the candidate's country
    doc_state: float = 4.5  # times the share of the document's evidence in the candidate's state
    named_state: float = 2.0  # the candidate's state is named outright ("Kentucky", "Ore.")
    state_cap: float = 5.0
    near: float = 1.5  # another town of the document within 100 km (half that within 300 km)
    colocated: float = 0.25  # per other name that may be a town within ``colocated_km`` (up to 3)
    colocated_km: float = 100.0
    towns_in_country: float = 1.0  # a country reading with its towns named elsewhere
    pair: float = 6.0  # "Town, State" / "Town, Country"
    county: float = 2.0  # evidence weight of one US county mention (shared among its states)
    county_cap: float = 5.0
    dateline: float = 1.0  # evidence weight of the dateline's country
    hint: float = 0.25  # evidence weight of one demonym
    hint_cap: float = 2.0
    country_hint: float = 1.0  # evidence weight of the user's country hint (shared among its countries)
    hint_local: float = 1.0  # local evidence of a candidate in a hinted country, times its country's share
    source_home: float = 3.0  # evidence weight of a source's learned home (times the lexicon's weight)
    source_fade: float = 2.0  # the source's home counts 1 / (1 + evidence for other countries / this)
    confident: float = 2.0  # score margin over other countries (states) for a name to teach the lexicon
    smoothing: float = 0.5  # evidence a share is taken against when there is little
    temperature: float = 1.0  # of the softmax that turns scores into soft readings
    rounds: int = 3


WEIGHTS = Weights()


@dataclass(frozen=True)
class Home:
    """Where the documents are expected to be about, as evidence weights added to each document's own:
    the user's country hint and a source's home learned by the local lexicon."""

    countries: Mapping[str, float] = field(default_factory=dict)
    states: Mapping[State, float] = field(default_factory=dict)

    @classmethod
    def hint(cls, country_hint: Sequence[str], w: Weights = WEIGHTS) -> Home:
        """The user's country hint: ``w.country_hint`` shared among its countries."""
        return cls({iso3: w.country_hint / len(country_hint) for iso3 in country_hint})

    def plus(self, other: Home | None, weight: float = 1.0) -> Home:
        if other is None:
            return self
        countries = dict(self.countries)
        for iso3, v in other.countries.items():
            countries[iso3] = countries.get(iso3, 0.0) + weight * v
        states = dict(self.states)
        for state, v in other.states.items():
            states[state] = states.get(state, 0.0) + weight * v
        return Home(countries, states)

    def __bool__(self) -> bool:
        return bool(self.countries or self.states)


def km(a: GeoCandidate, b: GeoCandidate) -> float:
    p = math.pi / 180
    h = (
        math.sin((b.lat - a.lat) * p / 2) ** 2
        + math.cos(a.lat * p) * math.cos(b.lat * p) * math.sin((b.lon - a.lon) * p / 2) ** 2
    )
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def ident(c: GeoCandidate) -> Ident:
    return (c.geonameid, c.name)


def within(c: GeoCandidate, container: GeoCandidate) -> bool:
    """Whether ``c`` lies in ``container`` (a country or a first-level division)."""
    if container.feature == "country":
        return c.country_iso3 == container.country_iso3
    if container.feature == "admin1":
        return c.country_iso3 == container.country_iso3 and c.admin1 == container.admin1
    return False


def pair_bonus(c: GeoCandidate, pair: Sequence[GeoCandidate], w: Weights = WEIGHTS) -> float:
    return w.pair if pair and any(within(c, p) for p in pair) else 0.0


def base_prior(c: GeoCandidate, w: Weights = WEIGHTS) -> float:
    """How likely a name means this place before any context."""
    score = math.log10(c.population + 10)
    if c.primary:
        score += w.primary
    if c.capital:
        score += w.capital
    if c.feature == "country":
        score += w.country
    elif c.feature == "admin1":
        score += w.admin1
    elif c.feature == "region":
        score += w.region
    return score


@dataclass
class Evidence:
    """Where the document places itself: weights by country and by (country, state)."""

    countries: defaultdict[str, float]
    states: defaultdict[State, float]
    named_states: Counter[State]
    total: float = 0.0

    @classmethod
    def empty(cls) -> Evidence:
        return cls(defaultdict(float), defaultdict(float), Counter())

    def add_country(self, iso3: str, weight: float) -> None:
        self.countries[iso3] += weight
        self.total += weight

    def add_state(self, state: State, weight: float) -> None:
        self.states[state] += weight

    def merged(self, other: Evidence, sign: float = 1.0) -> Evidence:
        out = Evidence.empty()
        for src, s in ((self, 1.0), (other, sign)):
            for k, v in src.countries.items():
                out.countries[k] += s * v
            for st, v in src.states.items():
                out.states[st] += s * v
            for st, n in src.named_states.items():
                out.named_states[st] += int(s) * n
            out.total += s * src.total
        return out


def fixed_evidence(
    counties: dict[State, float],
    hints: Counter[str],
    dateline_country: str | None,
    w: Weights | None = None,
) -> Evidence:
    """Evidence that needs no reading of an ambiguous name: counties, demonyms, the dateline."""
    w = w or WEIGHTS
    ev = Evidence.empty()
    county_total = sum(counties.values())
    if county_total:
        scale = min(1.0, w.county_cap / (w.county * county_total))
        for state, n in counties.items():
            ev.add_state(state, w.county * n * scale)
        ev.add_country("USA", min(w.county_cap, w.county * county_total))
    hint_total = sum(hints.values())
    if hint_total:
        scale = min(1.0, w.hint_cap / (w.hint * hint_total))
        for iso3, n in hints.items():
            ev.add_country(iso3, w.hint * n * scale)
    if dateline_country:
        ev.add_country(dateline_country, w.dateline)
    return ev


def _name_evidence(dist: Iterable[tuple[GeoCandidate, float]]) -> Evidence:
    """What one name, read softly, says about the document's country and state."""
    ev = Evidence.empty()
    for c, p in dist:
        if not c.country_iso3 or p <= 0:
            continue
        ev.add_country(c.country_iso3, p)
        if c.admin1:
            if c.feature == "admin1":
                if p > 0.5:
                    ev.named_states[(c.country_iso3, c.admin1)] += 1
            elif c.feature == "city":
                ev.add_state((c.country_iso3, c.admin1), p)
    return ev


def context_bonus(
    c: GeoCandidate,
    ev: Evidence,
    towns: Sequence[GeoCandidate],
    w: Weights = WEIGHTS,
    home: Home | None = None,
    source: Home | None = None,
) -> tuple[float, float, float]:
    """What the rest of the document adds to a candidate's prior, the *local* part of it (its state's
    evidence, towns near it and the home: user's hint, source's home) as opposed to the country-wide
    share, and the part of that local evidence that the home gives every town of its country alike.

    The home's countries count in the country shares; its states add to the state shares (against the
    same total as its countries) without diluting the document's own state evidence.

    ``source`` is the home the local lexicon learned for the document's source: it joins ``home`` with
    a weight that fades as the rest of the document places itself in other countries (a tie-breaker
    for a lone name, not a rival to the document's own evidence)."""
    iso3 = c.country_iso3
    total = max(ev.total, 0.0) + w.smoothing
    home = home or Home()
    if source:
        # what the rest of the document says for other countries than the source's home
        elsewhere = ev.total - sum(max(0.0, ev.countries.get(iso, 0.0)) for iso in source.countries)
        home = home.plus(source, w.source_home / (1.0 + max(elsewhere, 0.0) / w.source_fade))
    hint = sum(home.countries.values())
    own_hint = home.countries.get(iso3, 0.0) if iso3 else 0.0
    share = (max(0.0, ev.countries.get(iso3, 0.0)) + own_hint) / (total + hint) if iso3 else 0.0
    score = w.doc_country * share
    # The home's own part of the evidence is local evidence for its towns and states: it outweighs a
    # world capital's prior only where the document itself says little.
    local = w.hint_local * own_hint / (total + hint) if c.feature != "country" else 0.0
    country_wide = local
    if c.feature == "country" and iso3:
        if any(t.country_iso3 == iso3 for t in towns):
            score += w.towns_in_country
    elif c.feature in ("city", "admin1") and iso3 and c.admin1:
        state = (iso3, c.admin1)
        own_state = home.states.get(state, 0.0) / (total + hint)
        state_share = max(0.0, ev.states.get(state, 0.0)) / total + own_state
        named = ev.named_states.get(state, 0) > 0
        if c.feature == "city":
            local += min(w.state_cap, w.named_state * named + w.doc_state * state_share)
        else:
            local += w.doc_state * state_share
    if c.feature == "city":
        near = min((km(c, t) for t in towns if ident(t) != ident(c)), default=math.inf)
        if near < 100:
            local += w.near
        elif near < 300:
            local += w.near / 2
    return score + local, local, country_wide


def _conditional_priors(
    cands: Sequence[GeoCandidate],
    local: dict[Ident, float],
    w: Weights,
    country_wide: dict[Ident, float] | None = None,
) -> dict[Ident, float]:
    """What each candidate loses of its capital or country-name bonus: as much local evidence as the
    best rival of another kind has (a town with its state or neighbours named in the document).

    ``country_wide`` is the part of a rival's local evidence that only says "this country" (the home's
    share, the same for all its towns): it counts against a capital abroad, not against its own
    country's capital (a US paper's "Washington" is still the capital, not the state)."""
    out: dict[Ident, float] = {}
    wide = country_wide or {}
    rivals = [o for o in cands if not o.capital and o.feature != "country"]
    for c in cands:
        bonus = (w.capital if c.capital else 0.0) + (w.country if c.feature == "country" else 0.0)
        if not bonus:
            continue
        rival = max(
            (
                local.get(ident(o), 0.0)
                - (wide.get(ident(o), 0.0) if o.country_iso3 == c.country_iso3 else 0.0)
                for o in rivals
            ),
            default=0.0,
        )
        if rival > 0:
            out[ident(c)] = min(bonus, rival * w.rival_local)
    return out


@dataclass
class Name:
    """All mentions of one name in a document: each mention's allowed candidates and its pair."""

    key: str
    mentions: list[tuple[list[GeoCandidate], list[GeoCandidate]]]

    def candidates(self) -> list[GeoCandidate]:
        seen: dict[Ident, GeoCandidate] = {}
        for cands, _ in self.mentions:
            for c in cands:
                seen.setdefault(ident(c), c)
        return list(seen.values())


def _colocated(cands: dict[str, list[GeoCandidate]], w: Weights) -> dict[str, dict[Ident, float]]:
    """For each town candidate, how many other names of the document may be a town near it.

    This looks at every reading of the other names, not only their current best, so that a cluster of
    small neighbouring towns ("New London", "Mount Pleasant", "Winfield" in Iowa) can win over scattered
    larger namesakes.
    """
    towns = {key: [c for c in cs if c.feature == "city"] for key, cs in cands.items()}
    degrees = w.colocated_km / 111.0
    out: dict[str, dict[Ident, float]] = {key: {} for key in cands}
    if w.colocated == 0 or len(towns) < 2:
        return out
    for key, cs in towns.items():
        for c in cs:
            n = 0
            for other, os_ in towns.items():
                if other == key:
                    continue
                if any(
                    abs(o.lat - c.lat) < degrees
                    and abs(o.lon - c.lon) * math.cos(math.radians(c.lat)) < degrees
                    and km(o, c) < w.colocated_km
                    for o in os_
                ):
                    n += 1
                    if n >= 3:
                        break
            if n:
                out[key][ident(c)] = w.colocated * n
    return out


def _softmax(scores: dict[Ident, float], temperature: float) -> dict[Ident, float]:
    if not scores:
        return {}
    top = max(scores.values())
    exp = {k: math.exp((v - top) / temperature) for k, v in scores.items()}
    z = sum(exp.values())
    return {k: v / z for k, v in exp.items()}


def score_names(
    names: Sequence[Name],
    fixed: Evidence,
    w: Weights | None = None,
    home: Home | None = None,
    source: Home | None = None,
) -> dict[str, dict[Ident, float]]:
    """Each name's candidates scored against the document (summed over the name's mentions).

    ``home`` is where the documents are expected to be about (the user's country hint): evidence next
    to ``fixed``; ``source`` the home the local lexicon learned for the document's source, see
    ``context_bonus``."""
    w = w or WEIGHTS
    cands = {n.key: n.candidates() for n in names}
    priors = {key: {ident(c): base_prior(c, w) for c in cs} for key, cs in cands.items()}

    def summed(n: Name, per_candidate: dict[Ident, float]) -> dict[Ident, float]:
        out: dict[Ident, float] = defaultdict(float)
        for allowed, pair in n.mentions:
            for c in allowed:
                out[ident(c)] += per_candidate[ident(c)] + pair_bonus(c, pair, w)
        return out

    def mean(n: Name, total: dict[Ident, float]) -> dict[Ident, float]:
        return {k: v / len(n.mentions) for k, v in total.items()}

    colocated = _colocated(cands, w)
    priors = {key: {i: p + colocated[key].get(i, 0.0) for i, p in ps.items()} for key, ps in priors.items()}
    scores = {n.key: summed(n, priors[n.key]) for n in names}
    for _ in range(w.rounds):
        dists = {n.key: _softmax(mean(n, scores[n.key]), w.temperature) for n in names if scores[n.key]}
        by_id = {key: {ident(c): c for c in cs} for key, cs in cands.items()}
        evidence = {key: _name_evidence((by_id[key][i], p) for i, p in d.items()) for key, d in dists.items()}
        all_ev = fixed
        for ev in evidence.values():
            all_ev = all_ev.merged(ev)
        best = {key: by_id[key][max(d, key=d.__getitem__)] for key, d in dists.items() if d}
        new_scores = {}
        for n in names:
            own = evidence.get(n.key)
            ev = all_ev.merged(own, -1.0) if own is not None else all_ev
            towns = [t for key, t in best.items() if key != n.key and t.feature == "city"]
            parts = {ident(c): context_bonus(c, ev, towns, w, home, source) for c in cands[n.key]}
            # Colocation is left out here: US towns named after world cities cluster by chance.
            local = {i: part[1] for i, part in parts.items()}
            if any(m[1] for m in n.mentions):  # "Athens, Ga.": the pair is local evidence too
                for allowed, pair in n.mentions:
                    for c in allowed:
                        local[ident(c)] += pair_bonus(c, pair, w) / len(n.mentions)
            wide = {i: part[2] for i, part in parts.items()}
            lost = _conditional_priors(cands[n.key], local, w, wide)
            per = {i: priors[n.key][i] + part[0] - lost.get(i, 0.0) for i, part in parts.items()}
            new_scores[n.key] = summed(n, per)
        scores = new_scores
    return scores

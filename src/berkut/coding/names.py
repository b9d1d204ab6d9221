"""Name normalisation and the n-gram index of every actor name, adjective, capital and city.

The index is built once per ontology and answers "does this run of tokens name something?" with a
dictionary look-up, so matching a sentence costs a few hundred look-ups, not a regex per actor.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from berkut.model import Token
from berkut.ontology.actors import ActorEntry, ActorTable

_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'", "‘": "'", "`": "'"})
_SPACES_AROUND_HYPHEN = re.compile(r"\s*-\s*")
_LEADING_ARTICLE = re.compile(r"^the\s+")
MAX_NAME_TOKENS = 7


@lru_cache(maxsize=200_000)
def normalise(name: str) -> str:
    """Casefold, unify dashes and quotes, drop accents, a leading "the" and a possessive "'s"."""
    text = unicodedata.normalize("NFKD", name.translate(_DASHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    text = _SPACES_AROUND_HYPHEN.sub("-", " ".join(text.split()))
    text = _LEADING_ARTICLE.sub("", text)
    if text.endswith("'s"):
        text = text[:-2]
    return text.rstrip(".") if text.count(".") == 1 else text


class NameKind(StrEnum):
    NAME = "name"  # the actor itself: Kazakhstan, the Taliban, Tokayev, the CSTO
    ADJECTIVE = "adjective"  # Kazakh, Afghan: a country cue
    DEMONYM = "demonym"  # Kazakhs: the country's people
    CAPITAL = "capital"  # Moscow, Nur-Sultan: the state by metonymy, if the date fits
    CITY = "city"  # Almaty: a place that tells the country


@dataclass(frozen=True, slots=True)
class NameHit:
    entry: ActorEntry
    kind: NameKind
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, on: date | None) -> bool:
        if on is None:
            return True
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int  # token index
    end: int  # token index, exclusive
    hits: tuple[NameHit, ...]

    def best(self, on: date | None, country: str | None = None) -> NameHit | None:
        """Names beat adjectives beat capitals beat cities; dated entries must fit the date. Between two
        entries that share a name ("BNP": Bangladesh's party and Britain's), the one of ``country`` (the
        article's so far) wins."""
        order = list(NameKind)
        # Dates rank, they do not exclude: "Astana" in a 2020 report is still Kazakhstan's capital
        # by its old name, and "Swaziland" after 2018 is still Eswatini.
        ranked = sorted(
            self.hits,
            key=lambda h: (
                not h.valid_on(on),
                order.index(h.kind),
                _kind_rank(h.entry.kind),
                country is not None and all(r.country != country for r in h.entry.roles),
            ),
        )
        return ranked[0] if ranked else None


def _kind_rank(kind: str) -> int:
    # When one name is both a person and a state ("Georgia"), the state is likelier in news.
    return {"country": 0, "igo": 1, "group": 2, "person": 3}.get(kind, 4)


class NameIndex:
    def __init__(self, table: ActorTable) -> None:
        index: dict[str, list[NameHit]] = defaultdict(list)
        for entry in table.entries:
            for name in entry.names:
                index[normalise(name)].append(NameHit(entry, NameKind.NAME))
            for historical in getattr(entry, "historical_names", ()):
                index[normalise(historical.name)].append(
                    NameHit(entry, NameKind.NAME, historical.valid_from, historical.valid_to)
                )
            for adjective in entry.adjectives:
                index[normalise(adjective)].append(NameHit(entry, NameKind.ADJECTIVE))
            for demonym in entry.demonyms:
                index[normalise(demonym)].append(NameHit(entry, NameKind.DEMONYM))
            for capital in entry.capitals:
                index[normalise(capital.name)].append(
                    NameHit(entry, NameKind.CAPITAL, capital.valid_from, capital.valid_to)
                )
            for city in entry.cities:
                index[normalise(city)].append(NameHit(entry, NameKind.CITY))
        self._index = {k: tuple(v) for k, v in index.items() if k}

    def get(self, text: str) -> tuple[NameHit, ...]:
        return self._index.get(normalise(text), ())

    def matches(self, tokens: Sequence[Token], text: str) -> list[NameMatch]:
        """Longest non-overlapping name matches over a run of tokens, left to right.

        ``text`` is the document text the tokens index into. A match must start with a capitalised
        word (or an acronym) so that common nouns ("turkey", "chad") never match.
        """
        found: list[NameMatch] = []
        i, n = 0, len(tokens)
        while i < n:
            first = tokens[i]
            if not first.text[:1].isupper():
                i += 1
                continue
            matched = None
            for length in range(min(MAX_NAME_TOKENS, n - i), 0, -1):
                last = tokens[i + length - 1]
                if last.pos == "PUNCT" and last.text != ".":
                    continue
                hits = self._index.get(normalise(text[first.idx : last.end]))
                if hits:
                    matched = NameMatch(first.i, last.i + 1, hits)
                    break
            if matched:
                found.append(matched)
                i += matched.end - matched.start
            else:
                i += 1
        return found

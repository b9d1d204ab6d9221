"""Actor tables: states, intergovernmental organisations, groups and people, with dated roles.

This module is the only code that reads the files in ``ontology/actors/`` (countries.yaml, igos.yaml,
groups.yaml, people.yaml) and user actor files.  It validates them on load and answers the coder's
questions: which actors does this name denote, which state does this adjective, capital or city point
to, and who was this actor on a given date.  The file formats are described in ``actors/README.md``.

Loading is cheap (one C-accelerated YAML parse per file) and nothing is cached at module level: the
caller (``Ontology``) keeps the table it loaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import yaml

from berkut.errors import OntologyError

__all__ = [
    "ACTOR_DIR",
    "ActorEntry",
    "ActorTable",
    "DatedName",
    "Membership",
    "Role",
    "load_actor_table",
    "normalize_name",
]

#: the folder holding the bundled actor files
ACTOR_DIR = Path(__file__).with_name("actors")

#: actor kinds, in the order their files are read; the actor id is "<kind>:<code or id>"
KINDS = ("country", "igo", "group", "person")
#: the ``kind`` values an IGO entry may carry (stored as ActorEntry.org_kind)
IGO_KINDS = frozenset({"igo", "igo_body", "court", "forum", "military_mission"})

_BASE_FILES = {"country": "countries.yaml", "igo": "igos.yaml", "group": "groups.yaml",
               "person": "people.yaml"}
# groups and people are written by other hands and may be absent; states and IGOs may not
_OPTIONAL_KINDS = frozenset({"group", "person"})
_USER_KEYS = {"countries": "country", "igos": "igo", "groups": "group", "people": "person"}

_COUNTRY_KEYS = frozenset({"code", "name", "names", "historical_names", "adjectives", "demonyms", "capitals",
                           "cities", "region", "qid", "ambiguous_names", "note"})
_IGO_KEYS = frozenset({"code", "name", "names", "kind", "parent", "valid_from", "valid_to", "members",
                       "member_spells", "qid", "ambiguous_names", "note"})
_PERSON_KEYS = frozenset({"id", "name", "names", "roles", "qid", "ambiguous_names", "note"})
# groups also say what they are (armed_group, party, movement, ...) and may carry UCDP's ActorId
_GROUP_KEYS = _PERSON_KEYS | {"kind", "ucdp_id"}
_ROLE_KEYS = frozenset({"country", "sector", "org", "title", "valid_from", "valid_to", "note"})
_DATED_NAME_KEYS = frozenset({"name", "valid_from", "valid_to"})
_SPELL_KEYS = frozenset({"code", "valid_from", "valid_to"})

_COUNTRY_CODE = re.compile(r"[A-Z]{3}")
_IGO_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
_AGENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_QID = re.compile(r"Q[1-9][0-9]*")

# Typographic variants news text uses for the same character.  Hyphens become spaces so that
# "Nur-Sultan" / "Nur Sultan" and "Guinea-Bissau" / "Guinea Bissau" meet.
_CHAR_MAP = str.maketrans({
    "‘": "'", "’": "'", "‛": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'", "′": "'",
    "“": '"', "”": '"', "„": '"',
    "-": " ", "‐": " ", "‑": " ", "‒": " ", "–": " ", "—": " ", "―": " ", "−": " ",
})


def normalize_name(text: str) -> str:
    """The key every name index uses: casefolded, accents and a leading "the " removed, quotes and
    hyphens unified (hyphens count as spaces), whitespace collapsed.  Periods are kept on purpose, so
    "U.S." does not collapse into the pronoun "us"."""
    text = text.translate(_CHAR_MAP)
    if not text.isascii():  # most names are plain ASCII and need no decomposition
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = " ".join(text.casefold().split())
    return text[4:] if text.startswith("the ") else text


def _active(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    # both bounds are inclusive: valid_to is the last day the fact held
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


@dataclass(frozen=True)
class DatedName:
    """A name (a capital, a former state name) that held between two inclusive dates."""

    name: str
    valid_from: date | None = None
    valid_to: date | None = None

    def active(self, on: date) -> bool:
        return _active(self.valid_from, self.valid_to, on)


@dataclass(frozen=True)
class Membership:
    """One spell of a state's membership in an IGO (inclusive dates)."""

    code: str
    valid_from: date | None = None
    valid_to: date | None = None

    def active(self, on: date) -> bool:
        return _active(self.valid_from, self.valid_to, on)


@dataclass(frozen=True)
class Role:
    """What an actor is during a period: e.g. the government (sector GOV) of KAZ, or an IGO."""

    country: str | None
    sector: str | None
    org: str | None = None
    title: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def active(self, on: date) -> bool:
        return _active(self.valid_from, self.valid_to, on)


def _latest_key(role: Role) -> tuple[date, date]:
    # an open end counts as the latest possible; an open start as the earliest
    return (role.valid_to or date.max, role.valid_from or date.min)


@dataclass(frozen=True)
class ActorEntry:
    """One actor: a state, an IGO, a group or a person.

    ``kind`` is the table ("country", "igo", "group", "person"); for IGOs and groups the file's own
    ``kind`` (igo, igo_body, court, forum, military_mission; armed_group, party, ...) is ``org_kind``.
    States carry one undated role (country=code); IGOs one role (sector "IGO", org=code) bounded by the
    body's own dates.
    """

    actor_id: str
    kind: str
    name: str
    names: tuple[str, ...]
    roles: tuple[Role, ...]
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[DatedName, ...] = ()
    cities: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    region: str | None = None
    qid: str | None = None
    historical_names: tuple[DatedName, ...] = ()
    member_spells: tuple[Membership, ...] = ()
    ambiguous_names: tuple[str, ...] = ()
    org_kind: str | None = None
    parent: str | None = None
    note: str | None = None
    ucdp_id: str | None = None

    @property
    def code(self) -> str:
        """The part of the id after the kind: "KAZ", "CSTO", "TALIBAN", "tokayev"."""
        return self.actor_id.split(":", 1)[1]

    def roles_on(self, on: date) -> tuple[Role, ...]:
        """Every role active on ``on``, in file order."""
        return tuple(role for role in self.roles if role.active(on))

    def role_on(self, on: date | None) -> Role | None:
        """The role this actor holds on ``on``.

        Several active roles: the one that started last wins (the most recent appointment), ties go
        to file order.  No active role: the role that ended most recently before ``on``, so a former
        minister still maps to his country and the Taliban between two spells keep their last one.
        Nothing ended yet (every role starts later): None.  ``on=None``: the latest role (an open end
        counts as latest), i.e. what the actor is now.
        """
        if not self.roles:
            return None
        if on is None:
            return max(self.roles, key=_latest_key)
        active = self.roles_on(on)
        if active:
            # max() keeps the first of equal keys, which gives file order on ties
            return max(active, key=lambda role: role.valid_from or date.min)
        ended = [role for role in self.roles if role.valid_to is not None and role.valid_to < on]
        if not ended:
            return None
        return max(ended, key=_latest_key)

    def capitals_on(self, on: date | None) -> tuple[str, ...]:
        """Capital names valid on ``on`` (all spellings); ``on=None``: the current ones."""
        if on is None:
            return tuple(cap.name for cap in self.capitals if cap.valid_to is None)
        return tuple(cap.name for cap in self.capitals if cap.active(on))

    def members_on(self, on: date | None) -> tuple[str, ...]:
        """Member state codes on ``on``; ``on=None`` gives ``members`` (current or at closing).

        A state listed in ``members`` without a spell counts as a member throughout; a state with
        spells is a member only inside one of them."""
        if on is None:
            return self.members
        spells: dict[str, list[Membership]] = {}
        for spell in self.member_spells:
            spells.setdefault(spell.code, []).append(spell)
        result = [code for code in self.members
                  if code not in spells or any(spell.active(on) for spell in spells[code])]
        result += [code for code, its in spells.items()
                   if code not in self.members and any(spell.active(on) for spell in its)]
        return tuple(result)


@dataclass(frozen=True)
class ActorTable:
    """All actors, with name, adjective, capital and city indexes built once at construction."""

    entries: tuple[ActorEntry, ...]
    _by_id: dict[str, ActorEntry] = field(init=False, repr=False, compare=False)
    _names: dict[str, tuple[ActorEntry, ...]] = field(init=False, repr=False, compare=False)
    _adjectives: dict[str, tuple[ActorEntry, ...]] = field(init=False, repr=False, compare=False)
    _demonyms: dict[str, tuple[ActorEntry, ...]] = field(init=False, repr=False, compare=False)
    _capitals: dict[str, tuple[tuple[ActorEntry, DatedName], ...]] = field(init=False, repr=False,
                                                                           compare=False)
    _places: dict[str, tuple[ActorEntry, ...]] = field(init=False, repr=False, compare=False)
    _ambiguous: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))
        by_id: dict[str, ActorEntry] = {}
        names: dict[str, list[ActorEntry]] = {}
        adjectives: dict[str, list[ActorEntry]] = {}
        demonyms: dict[str, list[ActorEntry]] = {}
        capitals: dict[str, list[tuple[ActorEntry, DatedName]]] = {}
        places: dict[str, list[ActorEntry]] = {}
        ambiguous: set[str] = set()
        for entry in self.entries:
            if entry.actor_id in by_id:
                raise OntologyError(f"duplicate actor id {entry.actor_id!r}")
            by_id[entry.actor_id] = entry
            for name in (*entry.names, *(h.name for h in entry.historical_names)):
                _add(names, name, entry)
            for word in entry.adjectives:
                _add(adjectives, word, entry)
            for word in entry.demonyms:
                _add(demonyms, word, entry)
            for cap in entry.capitals:
                bucket = capitals.setdefault(normalize_name(cap.name), [])
                bucket.append((entry, cap))
                _add(places, cap.name, entry)
            for city in entry.cities:
                _add(places, city, entry)
            ambiguous.update(normalize_name(name) for name in entry.ambiguous_names)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_names", {k: tuple(v) for k, v in names.items()})
        object.__setattr__(self, "_adjectives", {k: tuple(v) for k, v in adjectives.items()})
        object.__setattr__(self, "_demonyms", {k: tuple(v) for k, v in demonyms.items()})
        object.__setattr__(self, "_capitals", {k: tuple(v) for k, v in capitals.items()})
        object.__setattr__(self, "_places", {k: tuple(v) for k, v in places.items()})
        object.__setattr__(self, "_ambiguous", frozenset(ambiguous))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self.entries)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def get(self, actor_id: str) -> ActorEntry | None:
        return self._by_id.get(actor_id)

    def by_id(self, actor_id: str) -> ActorEntry:
        try:
            return self._by_id[actor_id]
        except KeyError:
            raise OntologyError(f"unknown actor id {actor_id!r}") from None

    def country(self, code: str) -> ActorEntry:
        try:
            return self._by_id[f"country:{code}"]
        except KeyError:
            raise OntologyError(f"unknown country code {code!r}") from None

    def of_kind(self, kind: str) -> tuple[ActorEntry, ...]:
        return tuple(entry for entry in self.entries if entry.kind == kind)

    def countries(self) -> tuple[ActorEntry, ...]:
        return self.of_kind("country")

    def igos(self) -> tuple[ActorEntry, ...]:
        return self.of_kind("igo")

    def lookup(self, name: str) -> tuple[ActorEntry, ...]:
        """Actors whose names or historical names equal ``name`` after normalisation.

        Several entries come back for names two actors share ("Congo").  Capitals, cities and
        adjectives are not searched here: they have their own methods because they mean different
        things (a capital stands for the government, a city is only a place)."""
        return self._names.get(normalize_name(name), ())

    def by_adjective(self, word: str) -> ActorEntry | None:
        """The state a nationality adjective ("Kazakh", "U.S.") names; None if unknown or shared
        by several states ("Congolese") - see ``adjective_candidates``."""
        return _single(self._adjectives.get(normalize_name(word), ()))

    def adjective_candidates(self, word: str) -> tuple[ActorEntry, ...]:
        return self._adjectives.get(normalize_name(word), ())

    def by_demonym(self, word: str) -> ActorEntry | None:
        """The state a plural people noun ("Afghans") names; None if unknown or shared."""
        return _single(self._demonyms.get(normalize_name(word), ()))

    def by_capital(self, name: str, on: date | None) -> ActorEntry | None:
        """The state whose capital was ``name`` on ``on``, for metonyms ("Astana said").

        Dated: "Astana" answers KAZ in 2011 and 2023 but not in 2020 (then Nur-Sultan).
        ``on=None`` accepts any spell, current or former.  None when nothing (or more than one
        state) matches."""
        spells = self._capitals.get(normalize_name(name), ())
        return _single(tuple(entry for entry, cap in spells if on is None or cap.active(on)))

    def by_city(self, name: str) -> ActorEntry | None:
        """The state a city (or capital, of any date) lies in; a place, not an actor.  None when
        unknown or when the name is a city in several states."""
        return _single(self._places.get(normalize_name(name), ()))

    def is_ambiguous(self, name: str) -> bool:
        """True when a name needs context: an entry lists it in ambiguous_names ("Georgia",
        "Chad", "US") or it names more than one actor."""
        key = normalize_name(name)
        return key in self._ambiguous or len(self._names.get(key, ())) > 1

    def merged_with(self, other: ActorTable) -> ActorTable:
        """A new table: ``other``'s entries replace ours with the same actor_id (in place) and the
        rest are appended.  References are not re-checked here; ``load_actor_table`` does that."""
        replacement = {entry.actor_id: entry for entry in other.entries}
        merged = [replacement.pop(entry.actor_id, entry) for entry in self.entries]
        merged.extend(entry for entry in other.entries if entry.actor_id in replacement)
        return ActorTable(tuple(merged))


def _add(index: dict[str, list[ActorEntry]], name: str, entry: ActorEntry) -> None:
    bucket = index.setdefault(normalize_name(name), [])
    if entry not in bucket:
        bucket.append(entry)


def _single(entries: tuple[ActorEntry, ...]) -> ActorEntry | None:
    distinct = {entry.actor_id for entry in entries}
    return entries[0] if len(distinct) == 1 else None


# ----------------------------------------------------------------------------------------- loading


# the C loader keeps a full load well under the 0.3 s budget; fall back when libyaml is missing
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_INT = re.compile(r"[-+]?[0-9]+")


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """Safe loader (the composer only; see _plain) whose plain scalars are null, integers or strings.

    Actor files need nothing else, and the narrow rule pays twice: dates stay strings, so a bad date
    is reported with its entry, and YAML 1.1 can no longer turn a name like "NO" or "Yes" into a
    boolean.  It also replaces PyYAML's regex-by-regex resolver, the slowest part of a load."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return "tag:yaml.org,2002:null"
                if _INT.fullmatch(value):
                    return "tag:yaml.org,2002:int"
            return "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            loader = _Loader(handle)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OntologyError(f"{path}: cannot read actor file: {exc}") from exc
    return None if node is None else _plain(node)


def _plain(node: yaml.Node) -> Any:
    # Builds Python values straight from the composed nodes: twice as fast as PyYAML's generic
    # constructor, and the resolver above leaves only these tags (explicit tags read as strings).
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:int":
            return int(node.value)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return {_plain(key): _plain(value) for key, value in node.value}


class _Entry:
    """Reads the fields of one raw entry and names it in every error."""

    def __init__(self, raw: Any, where: str, allowed: frozenset[str], required: tuple[str, ...]) -> None:
        self.where = where
        if not isinstance(raw, Mapping):
            self.fail(f"must be a mapping, not {type(raw).__name__}")
        self.raw: Mapping[str, Any] = raw
        for key in ("code", "id"):
            if raw.get(key) is not None:
                # name the entry at once, so even an unknown-key error says which entry it is
                self.where = f"{where} ({raw.get(key)!r})"
                break
        unknown = sorted(str(key) for key in raw if key not in allowed)
        if unknown:
            self.fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
        for key in required:
            if raw.get(key) in (None, ""):
                self.fail(f"missing {key!r}")

    def fail(self, message: str) -> NoReturn:
        raise OntologyError(f"{self.where}: {message}")

    def text(self, key: str, value: Any = None, *, raw: bool = True) -> str:
        value = self.raw.get(key) if raw else value
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a non-empty string, not {value!r}")
        return value.strip()

    def opt_text(self, key: str, value: Any = None, *, raw: bool = True) -> str | None:
        value = self.raw.get(key) if raw else value
        return None if value is None else self.text(key, value, raw=False)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(f"{key!r} must be a list of strings")
        return tuple(self.text(key, item, raw=False) for item in value)

    def day(self, key: str, value: Any) -> date | None:
        if value is None:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{key!r} must be an ISO date YYYY-MM-DD, not {value!r}")

    def span(self, item: Mapping[str, Any], what: str) -> tuple[date | None, date | None]:
        start = self.day(f"{what}.valid_from", item.get("valid_from"))
        end = self.day(f"{what}.valid_to", item.get("valid_to"))
        if start and end and start > end:
            self.fail(f"{what}: valid_from {start} is after valid_to {end}")
        return start, end

    def items(self, key: str, allowed: frozenset[str], *, bare: bool = False) -> list[Any]:
        """A list of mappings with only ``allowed`` keys (``bare``: plain strings may stand in)."""
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{key!r} must be a list")
        for n, item in enumerate(value, 1):
            if bare and isinstance(item, str):
                continue
            if not isinstance(item, Mapping):
                self.fail(f"{key} #{n} must be a mapping")
            unknown = sorted(str(k) for k in item if k not in allowed)
            if unknown:
                self.fail(f"{key} #{n}: unknown key(s) {', '.join(unknown)}")
        return value

    def dated_names(self, key: str) -> tuple[DatedName, ...]:
        result = []
        # an undated capital may be written as a bare name
        for n, item in enumerate(self.items(key, _DATED_NAME_KEYS, bare=True), 1):
            if isinstance(item, str):
                result.append(DatedName(self.text(key, item, raw=False)))
            else:
                name = self.text(f"{key} #{n} name", item.get("name"), raw=False)
                result.append(DatedName(name, *self.span(item, f"{key} #{n}")))
        return tuple(result)

    def checked_id(self, key: str, pattern: re.Pattern[str]) -> str:
        value = self.text(key)
        if not pattern.fullmatch(value):
            self.fail(f"{key} {value!r} does not match {pattern.pattern}")
        return value

    def qid(self) -> str | None:
        value = self.opt_text("qid")
        if value is not None and not _QID.fullmatch(value):
            self.fail(f"qid {value!r} is not a Wikidata item id like Q232")
        return value

    def all_names(self) -> tuple[str, ...]:
        # the display name always counts as a name, and comes first
        name = self.text("name")
        others = self.texts("names")
        return (name, *(other for other in others if other != name))


def _check_ambiguous(reader: _Entry, entry: ActorEntry) -> None:
    if not entry.ambiguous_names:
        return
    known = {normalize_name(text) for text in (*entry.names, *entry.adjectives, *entry.demonyms,
                                              *entry.cities, *(d.name for d in entry.capitals),
                                              *(d.name for d in entry.historical_names))}
    for name in entry.ambiguous_names:
        if normalize_name(name) not in known:
            reader.fail(f"ambiguous name {name!r} is none of the entry's names, adjectives or places")


def _parse_country(raw: Any, where: str) -> ActorEntry:
    reader = _Entry(raw, where, _COUNTRY_KEYS, ("code", "name"))
    code = reader.checked_id("code", _COUNTRY_CODE)
    entry = ActorEntry(
        actor_id=f"country:{code}", kind="country", name=reader.text("name"), names=reader.all_names(),
        roles=(Role(country=code, sector=None),), adjectives=reader.texts("adjectives"),
        demonyms=reader.texts("demonyms"), capitals=reader.dated_names("capitals"),
        cities=reader.texts("cities"), region=reader.opt_text("region"), qid=reader.qid(),
        historical_names=reader.dated_names("historical_names"),
        ambiguous_names=reader.texts("ambiguous_names"), note=reader.opt_text("note"))
    _check_ambiguous(reader, entry)
    return entry


def _parse_igo(raw: Any, where: str) -> ActorEntry:
    reader = _Entry(raw, where, _IGO_KEYS, ("code", "name", "kind"))
    code = reader.checked_id("code", _IGO_CODE)
    org_kind = reader.text("kind")
    if org_kind not in IGO_KINDS:
        reader.fail(f"kind {org_kind!r} is not one of {', '.join(sorted(IGO_KINDS))}")
    start, end = reader.span(reader.raw, "igo")
    spells = tuple(Membership(reader.text("member_spells code", item.get("code"), raw=False),
                              *reader.span(item, f"member_spells #{n}"))
                   for n, item in enumerate(reader.items("member_spells", _SPELL_KEYS), 1))
    members = reader.texts("members")
    if len(set(members)) != len(members):
        reader.fail("members lists a state twice")
    entry = ActorEntry(
        actor_id=f"igo:{code}", kind="igo", name=reader.text("name"), names=reader.all_names(),
        roles=(Role(country=None, sector="IGO", org=code, valid_from=start, valid_to=end),),
        members=members, member_spells=spells, qid=reader.qid(),
        ambiguous_names=reader.texts("ambiguous_names"), org_kind=org_kind,
        parent=reader.opt_text("parent"), note=reader.opt_text("note"))
    _check_ambiguous(reader, entry)
    return entry


def _parse_agent(kind: str, raw: Any, where: str) -> ActorEntry:
    reader = _Entry(raw, where, _GROUP_KEYS if kind == "group" else _PERSON_KEYS, ("id", "name"))
    ident = reader.checked_id("id", _AGENT_ID)
    roles = []
    for n, item in enumerate(reader.items("roles", _ROLE_KEYS), 1):
        what = f"roles #{n}"
        start, end = reader.span(item, what)
        roles.append(Role(
            country=reader.opt_text(f"{what} country", item.get("country"), raw=False),
            sector=reader.opt_text(f"{what} sector", item.get("sector"), raw=False),
            org=reader.opt_text(f"{what} org", item.get("org"), raw=False),
            title=reader.opt_text(f"{what} title", item.get("title"), raw=False),
            valid_from=start, valid_to=end))
    entry = ActorEntry(
        actor_id=f"{kind}:{ident}", kind=kind, name=reader.text("name"), names=reader.all_names(),
        roles=tuple(roles), qid=reader.qid(), ambiguous_names=reader.texts("ambiguous_names"),
        org_kind=reader.opt_text("kind"), note=reader.opt_text("note"), ucdp_id=_ucdp_id(reader))
    _check_ambiguous(reader, entry)
    return entry


def _ucdp_id(reader: _Entry) -> str | None:
    value = reader.raw.get("ucdp_id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        reader.fail(f"ucdp_id must be a number, not {value!r}")
    return str(value).strip()


def _parse_entries(kind: str, items: Any, source: str) -> list[tuple[ActorEntry, str]]:
    """Parse one list of entries; returns (entry, "file: kind entry 'id'") pairs for later errors."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise OntologyError(f"{source}: expected a list of {kind} entries, not {type(items).__name__}")
    parsed: list[tuple[ActorEntry, str]] = []
    seen: set[str] = set()
    for n, raw in enumerate(items, 1):
        where = f"{source}: {kind} entry #{n}"
        if kind == "country":
            entry = _parse_country(raw, where)
        elif kind == "igo":
            entry = _parse_igo(raw, where)
        else:
            entry = _parse_agent(kind, raw, where)
        if entry.actor_id in seen:
            raise OntologyError(f"{where}: duplicate id {entry.code!r}")
        seen.add(entry.actor_id)
        parsed.append((entry, f"{source}: {kind} entry {entry.code!r}"))
    return parsed


def _check_references(table: ActorTable, sources: Mapping[str, str]) -> None:
    """Every country code, IGO code and parent an entry mentions must exist in the merged table."""
    countries = {entry.code for entry in table.countries()}
    igos = {entry.code for entry in table.igos()}
    for entry in table:
        where = sources.get(entry.actor_id, entry.actor_id)
        for n, role in enumerate(entry.roles, 1):
            if role.country is not None and role.country not in countries:
                raise OntologyError(f"{where}: role #{n} names unknown country code {role.country!r}")
            if role.sector == "IGO" and role.org is not None and role.org not in igos:
                raise OntologyError(f"{where}: role #{n} names unknown IGO {role.org!r}")
        for code in (*entry.members, *(spell.code for spell in entry.member_spells)):
            if code not in countries:
                raise OntologyError(f"{where}: member {code!r} is not a country code in the table")
        if entry.parent is not None and (entry.parent not in igos or entry.parent == entry.code):
            raise OntologyError(f"{where}: parent {entry.parent!r} is not another IGO in the table")


def load_actor_table(directory: Path | None = None, extra_files: Sequence[Path] = ()) -> ActorTable:
    """Read countries.yaml, igos.yaml and (if present) groups.yaml and people.yaml from ``directory``
    (default: the bundled tables), then each user file in ``extra_files`` in order.

    A user file is a YAML mapping with optional keys ``countries``, ``igos``, ``groups`` and
    ``people``, each holding a list in the format of the bundled file; its entries add to the table
    or replace the entry with the same id.  Raises OntologyError naming the file and entry for
    unknown keys, bad or reversed dates, duplicate ids and unknown country or IGO codes.
    """
    folder = ACTOR_DIR if directory is None else Path(directory)
    parsed: list[tuple[ActorEntry, str]] = []
    for kind in KINDS:
        path = folder / _BASE_FILES[kind]
        if not path.is_file():
            if kind in _OPTIONAL_KINDS:
                continue
            raise OntologyError(f"{path}: actor file not found")
        parsed.extend(_parse_entries(kind, _read_yaml(path), str(path)))
    # ids are unique per file (checked while parsing) and carry their kind, so they are unique overall
    sources = {entry.actor_id: where for entry, where in parsed}
    table = ActorTable(tuple(entry for entry, _ in parsed))

    for extra in extra_files:
        path = Path(extra)
        data = _read_yaml(path)
        if data is None:
            continue
        if not isinstance(data, Mapping):
            raise OntologyError(f"{path}: a user actor file must be a mapping with keys "
                                f"{', '.join(_USER_KEYS)}")
        unknown = sorted(str(key) for key in data if key not in _USER_KEYS)
        if unknown:
            raise OntologyError(f"{path}: unknown key(s) {', '.join(unknown)}; "
                                f"allowed: {', '.join(_USER_KEYS)}")
        user: list[tuple[ActorEntry, str]] = []
        for key, kind in _USER_KEYS.items():
            user.extend(_parse_entries(kind, data.get(key), f"{path} [{key}]"))
        sources.update({entry.actor_id: where for entry, where in user})
        table = table.merged_with(ActorTable(tuple(entry for entry, _ in user)))

    _check_references(table, sources)
    return table

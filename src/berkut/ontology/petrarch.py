"""PETRARCH and Phoenix dictionaries → berkut's user actor file and a sector-noun file.

PETRARCH (and TABARI before it) keep actors and agents in bespoke text formats.  This module reads them
once, at import time, and writes our YAML formats, so that nothing else in berkut ever has to read them
(DESIGN.md rule 2).  It is used by ``berkut actors import``.

**Actor dictionaries** (``*.actors.txt``) are blocks: a name line, ``+`` synonym lines and code lines::

    HAMID_KARZAI_  # a comment
    +KARZAI_
    +PRESIDENT_KARZAI_
        [AFGELI 750101-000101]
        [AFGGOV >011222]
        [AFGELI]

A code may also follow a name on its own line (``ISRAEL [ISR]``), several codes may share a line, and
the date restriction is ``<D`` (up to D), ``>D`` (from D) or ``D1-D2``, with dates ``YYYYMMDD`` or
``YYMMDD`` (years 00-30 are 20YY, as in KEDS/TABARI).  Comments are ``#`` to the end of the line and
``<!-- ... -->`` (possibly over several lines).  The dates follow PETRARCH2's ``check_date``: every
bound is inclusive, a dated code that holds beats an undated one, and the undated code is the default.
In berkut's terms each code becomes a role; dated roles are written before the undated default so that
``ActorEntry.role_on`` (latest start wins, then file order) makes the same choice as PETRARCH2.

A code is a concatenation of three-letter parts: ``AFGGOV`` = country AFG + sector GOV.  The first part
decides the role's country:

* a state in berkut's tables (ISO 3166-1 alpha-3): ``country``; the rest of the code is the ``sector``
  (``AFGGOVHRI`` → sector ``GOVHRI``), so that ``actor_code(country, sector)`` gives back the PETRARCH code;
* ``IGO``: ``sector: IGO`` and ``org`` = the rest (``IGOWSTNAT`` → org ``WSTNAT``, NATO; PETRARCH puts
  a region or sector before the body); an org unknown to berkut is declared in the ``igos`` section;
* ``IMG`` (international militarised group): ``org`` = the rest (``IMGMUSALQ`` → org ``MUSALQ``);
* ``---`` (no country): the rest is the sector (``---GOV``), and ``---`` alone is an actor PETRARCH
  does not code: a role with neither country nor sector;
* a CAMEO code for a non-state actor (NGO, MNC, religions, sectors such as ELI or MED): no country,
  the whole code as the sector;
* any other three letters: a state berkut does not know, like the fictional states of PETRARCH's
  validation dictionaries (Gondor, Mordor).  It is declared in the ``countries`` section of the
  output, named after the dictionary entry that carries the bare code, so our loader accepts it.

People and groups are told apart by a rule of thumb (PETRARCH does not distinguish them): an entry
with a dated code that carries a sector is a person (office-holders); everything else is a group.

**Agent dictionaries** (``*.agents.txt``) list nouns with a sector code: ``POLICE {} [~COP]``, where
``{...}`` holds an irregular plural (``{}``: none), ``!PERSON!``-style markers expand to the listed
words, and ``[NGO~]`` puts the code before the actor's instead of after.  They become a file in the
format of ``sectors.yaml`` (read by ``berkut.ontology.codes.read_sectors``).  Sector codes there are
three letters, so a compound agent code keeps its first part (``~GOVMED`` → GOV).

Names and nouns berkut already knows (any name, adjective, demonym, capital or city of the bundled
actor tables; any noun or title of ``sectors.yaml``) are left out by default: the bundled tables are
curated and dated, and a second entry with the same name would only make the name ambiguous.

Malformed lines never stop an import: each is skipped and reported as an ``ImportWarning`` naming the
file and line.  A file that cannot be read at all raises ``OntologyError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from berkut.errors import OntologyError
from berkut.ontology.actors import ActorTable, load_actor_table, normalize_name
from berkut.ontology.codes import CodeTables, load_code_tables, normalise_phrase

__all__ = [
    "AgentNoun",
    "DictionaryCode",
    "DictionaryEntry",
    "ImportResult",
    "ImportWarning",
    "convert",
    "import_dictionaries",
    "is_agent_dictionary",
    "read_actor_dictionary",
    "read_agent_dictionary",
    "write_yaml",
]

#: CAMEO first parts that are not states: transnational actors, religions, regions' generic codes.
#: Actors coded with them have no country (the whole code is kept as the sector).
NON_STATE_CODES = frozenset({
    # transnational (IGO and IMG have their own rules)
    "NGO", "NGM", "MNC", "UIS", "INT",
    # generic sector codes used without a country
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "JUD", "LAB", "LEG",
    "MED", "MIL", "OPP", "PTY", "REB", "REF", "REL", "SPY", "UAF", "COP", "INS", "MOD", "RAD", "SEP",
    "PPL",
    # religions
    "MUS", "CHR", "JEW", "HIN", "BUD", "JAN", "SIK", "ZRO", "SHN", "TAO", "CON", "ATH", "BAH", "ITR",
    "DRZ", "SHI", "SUN", "SFI", "ALE", "CTH", "ORT", "PRO", "MOS",
})

# A code: "---" or three capitals, then any capitals or digits.
_CODE = re.compile(r"(?:---|[A-Z]{3})[A-Z0-9]*")
_DATE_BOUND = re.compile(r"[<>]?\d+")
_MARKER_DEF = re.compile(r"!([A-Za-z]+)!\s*=\s*(.*)")
_MARKER_USE = re.compile(r"!([A-Za-z]+)!")
_SECTOR_CODE = re.compile(r"[A-Z]{3}")
# sectors.yaml accepts lowercase words of letters, digits, hyphens and apostrophes
_PHRASE = re.compile(r"[a-z0-9'-]+(?: [a-z0-9'-]+)*")
_ID_CHARS = re.compile(r"[^A-Za-z0-9_.\-]+")


# ----------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ImportWarning:
    """A line that was skipped or read with a repair, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class DictionaryCode:
    """One ``[CODE dates]`` of an actor entry; bounds are inclusive, None is open."""

    code: str
    valid_from: date | None
    valid_to: date | None
    line: int

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None


@dataclass(frozen=True)
class DictionaryEntry:
    """One actor block: its names (as written, ``_`` read as a space) and its codes."""

    names: tuple[str, ...]
    codes: tuple[DictionaryCode, ...]
    path: str
    line: int


@dataclass(frozen=True)
class AgentNoun:
    """One agent noun (lowercase, as sectors.yaml wants it) and its PETRARCH agent code."""

    noun: str
    code: str
    path: str
    line: int


@dataclass
class ImportResult:
    """What an import produced: the two YAML documents, counts for the report, and the warnings."""

    actors: dict[str, list[dict[str, Any]]]
    sectors: dict[str, dict[str, Any]]
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[ImportWarning] = field(default_factory=list)


# -------------------------------------------------------------------------------------- line reader


def _decoded_lines(path: Path, warnings: list[ImportWarning]) -> list[str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read dictionary: {exc}") from exc
    lines = []
    for number, chunk in enumerate(raw.splitlines(), 1):
        try:
            lines.append(chunk.decode("utf-8"))
        except UnicodeDecodeError:
            # The 2014 Phoenix files mix in a few Windows-1252 bytes (COTE_D'IVOIRE); keep the line.
            lines.append(chunk.decode("cp1252", errors="replace"))
            warnings.append(ImportWarning(str(path), number, "not UTF-8; read as Windows-1252"))
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def _content_lines(path: Path, warnings: list[ImportWarning]) -> Iterator[tuple[int, str]]:
    """(line number, text) with PETRARCH's comments removed: lines starting with '#' or '<!', '#' to the
    end of a line, and ``<!-- ... -->`` on one line or over several."""
    lines = _decoded_lines(path, warnings)
    number = 0
    while number < len(lines):
        text = lines[number]
        number += 1
        stripped = text.strip()
        if stripped.startswith("<!"):
            if "-->" not in stripped:
                start = number
                while number < len(lines) and "-->" not in lines[number]:
                    number += 1
                if number >= len(lines):
                    warnings.append(ImportWarning(str(path), start, "comment '<!--' is never closed; "
                                                  "the rest of the file was ignored"))
                number += 1
            continue
        while "<!--" in text:
            head, _, tail = text.partition("<!--")
            if "-->" not in tail:
                warnings.append(ImportWarning(str(path), number, "comment '<!--' not closed on its line; "
                                              "the rest of the line was ignored"))
                text = head
                break
            text = head + " " + tail.split("-->", 1)[1]
        text = text.split("#", 1)[0]
        if text.strip():
            yield number, text


# --------------------------------------------------------------------------------- actor dictionaries


def _parse_day(text: str) -> date:
    if len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    elif len(text) == 6:
        # KEDS/TABARI convention kept by PETRARCH: YY 00-30 is 20YY, otherwise 19YY
        year = int(text[:2])
        year += 2000 if year <= 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        raise ValueError(f"date {text!r} is neither YYYYMMDD nor YYMMDD")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"date {text!r} is not a calendar date") from None


def _parse_dates(text: str) -> tuple[date | None, date | None]:
    """``''``, ``<D``, ``>D`` or ``D1-D2`` (spaces already removed) → inclusive (from, to)."""
    if not text:
        return None, None
    if text[0] in "<>":
        if not text[1:].isdigit():
            raise ValueError(f"bad date restriction {text!r}")
        day = _parse_day(text[1:])
        return (None, day) if text[0] == "<" else (day, None)
    start, dash, end = text.partition("-")
    if not dash or not start.isdigit() or not end.isdigit():
        raise ValueError(f"bad date restriction {text!r}; expected <D, >D or D1-D2")
    first, last = _parse_day(start), _parse_day(end)
    if first > last:
        raise ValueError(f"date range {text!r} ends before it starts")
    return first, last


def _parse_code_group(content: str, path: str, number: int,
                      warnings: list[ImportWarning]) -> DictionaryCode | None:
    parts = content.split()
    if not parts:
        warnings.append(ImportWarning(path, number, "empty code '[]'; skipped"))
        return None
    code = parts[0]
    if "/" in code:
        # "THE_SHIRE [FRO/BIL/SAM]" codes three actors at once; a berkut role names one.
        first = code.split("/", 1)[0]
        warnings.append(ImportWarning(path, number, f"compound code {code!r}: berkut roles name one actor; "
                                      f"kept {first!r}"))
        code = first
    if code != code.upper():
        warnings.append(ImportWarning(path, number, f"lower-case code {code!r} read as {code.upper()!r}"))
        code = code.upper()
    if not _CODE.fullmatch(code):
        warnings.append(ImportWarning(path, number, f"{code!r} is not an actor code (three letters or '---', "
                                      "then letters or digits); skipped"))
        return None
    try:
        valid_from, valid_to = _parse_dates("".join(parts[1:]))
    except ValueError as exc:
        warnings.append(ImportWarning(path, number, f"[{content.strip()}]: {exc}; code skipped"))
        return None
    return DictionaryCode(code, valid_from, valid_to, number)


def _split_codes(text: str, path: str, number: int,
                 warnings: list[ImportWarning]) -> tuple[str, list[DictionaryCode]] | None:
    """The text before the first '[' and the codes in every [...] group; None if the line is broken."""
    head, bracket, rest = text.partition("[")
    if not bracket:
        return head, []
    codes: list[DictionaryCode] = []
    rest = "[" + rest
    while rest.strip():
        rest = rest.strip()
        if not rest.startswith("["):
            warnings.append(ImportWarning(path, number, f"text {rest!r} after a code ignored"))
            break
        content, closed, rest = rest[1:].partition("]")
        if not closed or "[" in content:
            warnings.append(ImportWarning(path, number, "'[' without a matching ']'; line skipped"))
            return None
        parsed = _parse_code_group(content, path, number, warnings)
        if parsed is not None:
            codes.append(parsed)
    return head, codes


def _name_text(raw: str) -> str:
    # '_' joins words (and, at the end, asks PETRARCH for a whole-word match): a space for us
    return " ".join(raw.replace("_", " ").split())


def read_actor_dictionary(path: Path | str) -> tuple[list[DictionaryEntry], list[ImportWarning]]:
    """Read a PETRARCH/TABARI actor dictionary into entries, with a warning per skipped line."""
    path = Path(path)
    where = str(path)
    warnings: list[ImportWarning] = []
    entries: list[DictionaryEntry] = []
    names: list[str] = []
    codes: list[DictionaryCode] = []
    start = 0

    def finish(next_line: int | None = None) -> None:
        if not names:
            return
        if codes:
            entries.append(DictionaryEntry(tuple(names), tuple(codes), where, start))
            return
        if bracketed:  # its codes were all broken, and each has its own warning
            warnings.append(ImportWarning(where, start, f"actor {names[0]!r} has no usable code; skipped"))
            return
        # PETRARCH stores such a name without a code, so it is never coded; when the next name follows
        # on the very next line, the usual cause is a synonym that lost its '+'
        hint = " (a synonym missing its '+'?)" if next_line == end + 1 else ""
        warnings.append(ImportWarning(where, start, f"actor {names[0]!r} has no code{hint}; skipped"))

    end = 0  # the last line of the current entry
    bracketed = False  # whether the current entry has any [...], usable or not
    for number, text in _content_lines(path, warnings):
        stripped = text.strip()
        synonym = stripped.startswith("+")
        code_line = stripped.startswith("[")
        if not synonym and not code_line:  # a name line: the next entry starts here
            finish(number)
            names, codes, start, bracketed = [], [], number, False
        end = number
        bracketed = bracketed or "[" in stripped
        split = _split_codes(stripped[1:] if synonym else stripped, where, number, warnings)
        if split is None:
            continue
        name = _name_text(split[0])
        if synonym or code_line:
            if not names:
                what = "synonym '+'" if synonym else "code line"
                warnings.append(ImportWarning(where, number, f"{what} before any actor name; skipped"))
                continue
            if name:
                names.append(name)
        elif not name:
            warnings.append(ImportWarning(where, number, "code without a name; skipped"))
            continue
        else:
            names.append(name)
        codes.extend(split[1])
    finish()
    return entries, warnings


# --------------------------------------------------------------------------------- agent dictionaries


def read_agent_dictionary(path: Path | str) -> tuple[list[AgentNoun], list[ImportWarning]]:
    """Read a PETRARCH agent dictionary: one noun per generated form (markers and irregular plurals
    expanded; regular plurals are left to berkut's own noun look-up)."""
    path = Path(path)
    where = str(path)
    warnings: list[ImportWarning] = []
    markers: dict[str, list[str]] = {}
    nouns: list[AgentNoun] = []
    for number, text in _content_lines(path, warnings):
        stripped = text.strip()
        if "!" in stripped and "=" in stripped:
            match = _MARKER_DEF.fullmatch(stripped)
            if match is None:
                warnings.append(ImportWarning(where, number, "substitution marker badly defined "
                                              "(expected !NAME! = A, B, C); skipped"))
                continue
            markers[match.group(1).upper()] = [w.strip() for w in match.group(2).split(",") if w.strip()]
            continue
        phrase, bracket, rest = stripped.partition("[")
        if not bracket:
            warnings.append(ImportWarning(where, number, "agent without a [code]; skipped"))
            continue
        content, closed, tail = rest.partition("]")
        if not closed:
            warnings.append(ImportWarning(where, number, "'[' without a matching ']'; skipped"))
            continue
        if tail.strip():
            warnings.append(ImportWarning(where, number, f"text {tail.strip()!r} after the code ignored"))
        code = content.strip().replace("~", "").strip()
        if "~" not in content or not re.fullmatch(r"[A-Za-z]{3,}", code):
            warnings.append(ImportWarning(where, number, f"agent code [{content.strip()}] is not ~CODE or "
                                          "CODE~; skipped"))
            continue
        forms: list[str] = []
        if "{" in phrase:
            noun, _, plural = phrase.partition("{")
            if "}" not in plural:
                warnings.append(ImportWarning(where, number, "'{' without a matching '}'; skipped"))
                continue
            forms = [noun, plural.split("}", 1)[0]]
        else:
            forms = [phrase]
        expanded: list[str] = []
        for form in forms:
            marker = _MARKER_USE.search(form)
            if marker is None:
                expanded.append(form)
            elif marker.group(1).upper() in markers:
                expanded.extend(form[: marker.start()] + word + form[marker.end():]
                                for word in markers[marker.group(1).upper()])
            else:
                warnings.append(ImportWarning(where, number, f"substitution marker {marker.group(0)} is not "
                                              "defined in this file; form skipped"))
        for form in expanded:
            noun = normalise_phrase(form.replace("_", " "))
            if not noun:
                continue
            if not _PHRASE.fullmatch(noun):
                warnings.append(ImportWarning(where, number, f"noun {noun!r} has characters sectors.yaml "
                                              "does not allow; skipped"))
                continue
            nouns.append(AgentNoun(noun, code.upper(), where, number))
    return nouns, warnings


def is_agent_dictionary(path: Path | str) -> bool:
    """Agents files are named ``*agents*``; otherwise sniff for an agent code ``[~XXX]``/``[XXX~]``."""
    path = Path(path)
    if "agent" in path.name.lower():
        return True
    if "actor" in path.name.lower():
        return False
    try:
        head = path.read_bytes()[:200_000].decode("utf-8", errors="replace")
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read dictionary: {exc}") from exc
    return re.search(r"\[\s*~\s*[A-Z]|[A-Z]~\s*\]", head) is not None


# ----------------------------------------------------------------------------------------- converting


def _known_names(table: ActorTable) -> set[str]:
    known: set[str] = set()
    for entry in table:
        for text in (*entry.names, *entry.adjectives, *entry.demonyms, *entry.cities,
                     *(d.name for d in entry.capitals), *(d.name for d in entry.historical_names)):
            known.add(normalize_name(text))
    return known


def _display(name: str) -> str:
    """PETRARCH writes names in capitals; show "HAMID KARZAI" as "Hamid Karzai" (matching ignores case)."""
    if name != name.upper():
        return name
    words = []
    for word in name.split(" "):
        if "." in word or not any(ch.isalpha() for ch in word):
            words.append(word)  # U.N., G.W.
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


@dataclass
class _Converter:
    table: ActorTable
    declare_states: bool
    id_prefix: str
    warnings: list[ImportWarning]
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    igos: dict[str, dict[str, Any]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.countries = {entry.code for entry in self.table.countries()}
        self.known_igos = {entry.code for entry in self.table.igos()}

    def role(self, code: DictionaryCode, where: str) -> dict[str, Any] | None:
        """The role a code stands for, declaring unknown states and IGOs; None if it cannot be kept."""
        text = code.code
        prefix, rest = text[:3], text[3:]
        role: dict[str, Any]
        if prefix == "---":
            role = {"country": None, "sector": rest or None}
        elif prefix == "IGO":
            org = rest or None
            role = {"country": None, "sector": "IGO", "org": org}
            if org is not None and org not in self.known_igos and org not in self.igos:
                self.igos[org] = {"code": org, "name": f"PETRARCH IGO code IGO{org}", "kind": "igo",
                                  "note": "an IGO code of the imported dictionary that berkut's tables do "
                                          "not have"}
        elif prefix == "IMG":
            role = {"country": None, "org": rest or None}
        elif prefix in self.countries:
            role = {"country": prefix, "sector": rest or None}
        elif prefix in NON_STATE_CODES:
            role = {"country": None, "sector": text}
        elif self.declare_states:
            role = {"country": prefix, "sector": rest or None}
            self.states.setdefault(prefix, {"code": prefix, "name": f"PETRARCH state {prefix}",
                                            "note": "a state code of the imported dictionary that berkut's "
                                                    "tables do not have"})
        else:
            self.warnings.append(ImportWarning(where, code.line, f"{text!r}: {prefix!r} is not a state in "
                                               "berkut's tables (declaring states is off); code skipped"))
            return None
        if code.valid_from is not None:
            role["valid_from"] = code.valid_from.isoformat()
        if code.valid_to is not None:
            role["valid_to"] = code.valid_to.isoformat()
        return {key: value for key, value in role.items() if value is not None or key == "country"}

    def new_id(self, name: str) -> str:
        base = self.id_prefix + (_ID_CHARS.sub("_", name.upper()).strip("_.-") or "ACTOR")
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}_{n}"
        self.ids.add(ident)
        return ident


def convert(
    entries: Sequence[DictionaryEntry],
    agents: Sequence[AgentNoun] = (),
    *,
    table: ActorTable | None = None,
    codes: CodeTables | None = None,
    keep_known: bool = False,
    declare_states: bool = True,
    id_prefix: str = "petr_",
) -> ImportResult:
    """Turn dictionary entries and agent nouns into our user actor file and a sectors file.

    ``table``/``codes``: berkut's tables (default: the bundled ones) — they say which states and IGOs
    exist and which names and nouns are already known.  ``keep_known``: keep names and nouns berkut
    already has.  ``declare_states``: declare unknown three-letter state codes in ``countries`` (off:
    such codes are skipped with a warning).  ``id_prefix`` keeps imported ids apart from bundled ones,
    which a user entry with the same id would replace.
    """
    table = load_actor_table() if table is None else table
    codes = load_code_tables() if codes is None else codes
    warnings: list[ImportWarning] = []
    known = set() if keep_known else _known_names(table)
    counts = {"entries_read": len(entries), "names_known_dropped": 0, "names_repeated_dropped": 0}

    # A name defined twice belongs to the later entry, as in PETRARCH (its trie keeps the last one).
    owner: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for name in entry.names:
            key = normalize_name(name)
            if key in known:
                continue
            if key in owner and owner[key] != index:
                counts["names_repeated_dropped"] += 1
            owner[key] = index
    converter = _Converter(table, declare_states, id_prefix, warnings)
    people: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    skipped_known = skipped_codes = dated_roles = roles_total = 0
    for index, entry in enumerate(entries):
        names: list[str] = []
        seen: set[str] = set()
        for name in entry.names:
            key = normalize_name(name)
            if key in known:
                counts["names_known_dropped"] += 1
            elif owner.get(key) == index and key not in seen:
                seen.add(key)
                names.append(_display(name))
        if not names:
            skipped_known += 1
            continue
        ordered = [c for c in entry.codes if c.dated] + [c for c in entry.codes if not c.dated]
        roles = [role for role in (converter.role(c, entry.path) for c in ordered) if role is not None]
        if not roles:
            skipped_codes += 1
            warnings.append(ImportWarning(entry.path, entry.line, f"actor {entry.names[0]!r} has no usable "
                                          "code; skipped"))
            continue
        bare = len(entry.codes) == 1 and not entry.codes[0].dated and len(entry.codes[0].code) == 3
        state = converter.states.get(entry.codes[0].code) if bare else None
        if state is not None and "names" not in state:
            # the entry that carries a declared state's bare code names the state ("GONDOR [GON]")
            note = state.pop("note")
            state.update(name=names[0], names=names, note=note)
            continue
        dated_roles += sum(1 for role in roles if "valid_from" in role or "valid_to" in role)
        roles_total += len(roles)
        person = any(c.dated for c in entry.codes) and any(
            role.get("sector") or role.get("org") for role in roles)
        item: dict[str, Any] = {"id": converter.new_id(entry.names[0]), "name": names[0]}
        if len(names) > 1:  # the display name always counts as a name; a one-name list adds nothing
            item["names"] = names
        item["roles"] = roles
        (people if person else groups).append(item)

    actors: dict[str, list[dict[str, Any]]] = {}
    if converter.states:
        actors["countries"] = list(converter.states.values())
    if converter.igos:
        actors["igos"] = list(converter.igos.values())
    if groups:
        actors["groups"] = groups
    if people:
        actors["people"] = people
    sectors, noun_counts = _sectors(agents, codes, keep_known, warnings)
    counts.update(
        people=len(people), groups=len(groups), states_declared=len(converter.states),
        igos_declared=len(converter.igos), roles=roles_total, dated_roles=dated_roles,
        entries_all_names_known=skipped_known, entries_without_usable_code=skipped_codes,
        **noun_counts,
    )
    return ImportResult(actors, sectors, counts, warnings)


def _sectors(agents: Sequence[AgentNoun], codes: CodeTables, keep_known: bool,
             warnings: list[ImportWarning]) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    known = {} if keep_known else dict(codes.sector_nouns())
    bundled = {sector.code: sector for sector in codes.sectors()}
    owner: dict[str, str] = {}
    by_sector: dict[str, list[str]] = {}
    counts = {"agent_nouns_read": len(agents), "nouns_known_dropped": 0, "agent_codes_shortened": 0}
    for agent in agents:
        sector = agent.code[:3]
        if len(agent.code) > 3:
            counts["agent_codes_shortened"] += 1
        if agent.noun in known:
            counts["nouns_known_dropped"] += 1
            continue
        if agent.noun in owner:
            if owner[agent.noun] != sector:
                warnings.append(ImportWarning(agent.path, agent.line, f"noun {agent.noun!r} is already "
                                              f"listed under {owner[agent.noun]}; kept that"))
            continue
        owner[agent.noun] = sector
        by_sector.setdefault(sector, []).append(agent.noun)
    sectors: dict[str, dict[str, Any]] = {}
    for code in sorted(by_sector):
        if code in bundled:
            name, description = bundled[code].name, bundled[code].description
        else:
            name, description = code, f"PETRARCH agent code {code} (imported; no berkut sector of this code)"
        sectors[code] = {"name": name, "description": description, "nouns": by_sector[code], "titles": []}
    counts["nouns_written"] = len(owner)
    counts["sectors_written"] = len(sectors)
    return sectors, counts


def import_dictionaries(
    paths: Iterable[Path | str],
    *,
    table: ActorTable | None = None,
    codes: CodeTables | None = None,
    keep_known: bool = False,
    declare_states: bool = True,
    id_prefix: str = "petr_",
) -> ImportResult:
    """Read actor and agent dictionaries (told apart by ``is_agent_dictionary``) and convert them."""
    entries: list[DictionaryEntry] = []
    agents: list[AgentNoun] = []
    warnings: list[ImportWarning] = []
    files = {"actor_files": 0, "agent_files": 0}
    for path in paths:
        if is_agent_dictionary(path):
            found, problems = read_agent_dictionary(path)
            agents.extend(found)
            files["agent_files"] += 1
        else:
            read, problems = read_actor_dictionary(path)
            entries.extend(read)
            files["actor_files"] += 1
        warnings.extend(problems)
    result = convert(entries, agents, table=table, codes=codes, keep_known=keep_known,
                     declare_states=declare_states, id_prefix=id_prefix)
    result.warnings[:0] = warnings
    result.counts = {**files, **result.counts, "warnings": len(result.warnings)}
    return result


# ------------------------------------------------------------------------------------------- writing


_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_yaml(data: Mapping[str, Any], path: Path | str, header: Sequence[str] = ()) -> None:
    """Write one of the import's documents, headed by ``#`` comment lines (its provenance)."""
    text = yaml.dump(dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=None)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header)
    try:
        Path(path).write_text(lines + text, encoding="utf-8")
    except OSError as exc:
        raise OntologyError(f"{path}: cannot write: {exc}") from exc

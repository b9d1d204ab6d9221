"""Typed reader for the code tables beside this module: ``cameo.tsv``, ``plover.yaml``, ``sectors.yaml``.

The formats are documented in ``ontology/README.md``. Everything is validated on load, so a typo in
the data (an unknown PLOVER mode, a noun listed under two sectors, a code without its parent) stops
the load with an :class:`~berkut.errors.OntologyError` naming the file and line, instead of
surfacing later as a silently wrong event.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from berkut.errors import OntologyError

__all__ = [
    "QUAD_CLASS_NAMES",
    "CameoCode",
    "CodeTables",
    "PloverType",
    "Sector",
    "load_code_tables",
]

DEFAULT_DIRECTORY = Path(__file__).parent
CAMEO_FILE = "cameo.tsv"
PLOVER_FILE = "plover.yaml"
SECTORS_FILE = "sectors.yaml"

CAMEO_COLUMNS = (
    "code",
    "name",
    "goldstein",
    "root",
    "quad_class",
    "plover_type",
    "plover_mode",
    "plover_context",
)

#: GDELT's quad classes, keyed by the number stored in ``cameo.tsv``.
QUAD_CLASS_NAMES: Mapping[int, str] = MappingProxyType(
    {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
)

_CODE = re.compile(r"^\d{2,4}$")
_SECTOR_CODE = re.compile(r"^[A-Z]{3}$")
_PLOVER_NAME = re.compile(r"^[A-Z]+$")
_MODE_OR_CONTEXT = re.compile(r"^[a-z]+(?:[_-][a-z]+)*$")
# A noun or title: lowercase words separated by single spaces; hyphens and apostrophes kept.
_PHRASE = re.compile(r"^[a-z0-9'.-]+(?: [a-z0-9'.-]+)*$")  # dots for abbreviated titles: "gov.", "lt. gen."


def quad_class_for_root(root: str) -> int:
    """GDELT's quad class for a two-digit CAMEO root: 01-05, 06-08, 09-13, 14-20 -> 1, 2, 3, 4."""
    number = int(root)
    if not 1 <= number <= 20:
        raise OntologyError(f"CAMEO root {root!r} is outside 01-20")
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 13:
        return 3
    return 4


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its Goldstein value and PLOVER equivalent."""

    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]

    @property
    def parent(self) -> str | None:
        """The code one level up (``"0232"`` -> ``"023"`` -> ``"02"``), or None for a root."""
        return self.code[:-1] if len(self.code) > 2 else None

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2

    @property
    def quad_class_name(self) -> str:
        return QUAD_CLASS_NAMES[self.quad_class]


@dataclass(frozen=True)
class Sector:
    """A CAMEO sector (agent) code and the nouns and titles that signal it."""

    code: str
    name: str
    description: str
    nouns: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True)
class PloverType:
    """One of the 16 PLOVER event types and the modes it allows."""

    name: str
    description: str
    modes: tuple[str, ...]


def normalise_phrase(phrase: str) -> str:
    """Lowercase and collapse whitespace: the form nouns and titles are indexed under."""
    return " ".join(phrase.lower().split())


_IRREGULAR_SINGULAR = {"children": "child", "people": "person"}


def _singular_forms(word: str) -> list[str]:
    # Only the regular English plurals the sector nouns need; anything subtler is the lemmatiser's job.
    forms: list[str] = []
    if word in _IRREGULAR_SINGULAR:
        forms.append(_IRREGULAR_SINGULAR[word])
    if word.endswith("men") and len(word) > 4:
        forms.append(word[:-3] + "man")  # gunmen, servicewomen
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")  # authorities
    if word.endswith("ves") and len(word) > 4:
        forms.append(word[:-3] + "f")  # thieves
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])  # businesses, churches
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])  # troops, protesters
    return forms


def _lookup_forms(phrase: str) -> list[str]:
    """The phrase as given, then with its last word made singular, then made plural."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms = [phrase]
    forms.extend(prefix + form for form in _singular_forms(last))
    # Some entries are plural-only ("special forces"): let a lemmatised "special force" find them.
    forms.append(phrase + "s")
    return forms


@dataclass(frozen=True)
class CodeTables:
    """CAMEO codes, PLOVER types and sectors, indexed once at load and immutable after."""

    codes: tuple[CameoCode, ...]
    sector_table: tuple[Sector, ...]
    plover_type_table: tuple[PloverType, ...]
    plover_context_names: tuple[str, ...]
    _by_code: Mapping[str, CameoCode] = field(init=False, repr=False, compare=False)
    _children: Mapping[str, tuple[CameoCode, ...]] = field(init=False, repr=False, compare=False)
    _by_sector: Mapping[str, Sector] = field(init=False, repr=False, compare=False)
    _by_plover: Mapping[str, PloverType] = field(init=False, repr=False, compare=False)
    _noun_index: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = tuple(sorted(self.codes, key=lambda c: c.code))
        by_code = {c.code: c for c in codes}
        children: dict[str, list[CameoCode]] = {}
        for c in codes:
            if c.parent is not None:
                children.setdefault(c.parent, []).append(c)
        nouns: dict[str, str] = {}
        for sector in self.sector_table:
            for phrase in (*sector.nouns, *sector.titles):
                nouns[normalise_phrase(phrase)] = sector.code
        # frozen dataclass: the indexes are derived once, here, and exposed read-only.
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))
        object.__setattr__(self, "_children", MappingProxyType({k: tuple(v) for k, v in children.items()}))
        object.__setattr__(self, "_by_sector", MappingProxyType({s.code: s for s in self.sector_table}))
        object.__setattr__(self, "_by_plover", MappingProxyType({p.name: p for p in self.plover_type_table}))
        object.__setattr__(self, "_noun_index", MappingProxyType(nouns))

    # -- CAMEO ---------------------------------------------------------------------------------

    def cameo(self, code: str) -> CameoCode:
        """The CAMEO code ``code`` (leading zeros matter: ``"023"``, not ``"23"``)."""
        try:
            return self._by_code[code]
        except KeyError:
            raise OntologyError(f"unknown CAMEO code {code!r}") from None

    def cameo_codes(self) -> tuple[CameoCode, ...]:
        """Every code, sorted as strings, so each root is followed by its descendants."""
        return self.codes

    def children(self, code: str) -> tuple[CameoCode, ...]:
        """The codes one level below ``code`` (``"02"`` -> ``"020"`` ... ``"028"``)."""
        self.cameo(code)  # unknown codes raise rather than look childless
        return self._children.get(code, ())

    # -- sectors -------------------------------------------------------------------------------

    def sector(self, code: str) -> Sector:
        try:
            return self._by_sector[code]
        except KeyError:
            raise OntologyError(f"unknown sector code {code!r}") from None

    def sectors(self) -> tuple[Sector, ...]:
        return self.sector_table

    def sector_for_noun(self, phrase: str) -> str | None:
        """The sector code a noun, title or phrase signals, or None.

        Case-insensitive; regular plurals of the last word are accepted ("police officers"). The
        phrase must match a whole entry: finding the longest entry inside a noun chunk is the
        coder's job, which is why "human rights lawyer" (HRI) and "lawyer" (JUD) can differ.
        """
        key = normalise_phrase(phrase)
        if not key:
            return None
        for form in _lookup_forms(key):
            code = self._noun_index.get(form)
            if code is not None:
                return code
        return None

    def sector_nouns(self) -> Mapping[str, str]:
        """Every noun and title (normalised) mapped to its sector code."""
        return self._noun_index

    # -- PLOVER --------------------------------------------------------------------------------

    def plover_types(self) -> tuple[PloverType, ...]:
        return self.plover_type_table

    def plover_type(self, name: str) -> PloverType:
        try:
            return self._by_plover[name.upper()]
        except KeyError:
            raise OntologyError(f"unknown PLOVER type {name!r}") from None

    def plover_contexts(self) -> tuple[str, ...]:
        return self.plover_context_names

    # -- explanation ---------------------------------------------------------------------------

    def explain(self, code: str) -> str:
        """Human-readable text for one code, as printed by ``berkut explain``."""
        c = self.cameo(code)
        lines = [f"{c.code}  {c.name}"]
        if not c.is_root:
            lines.append(f"  root:        {c.root}  {self.cameo(c.root).name}")
        if c.parent is not None and c.parent != c.root:
            lines.append(f"  parent:      {c.parent}  {self.cameo(c.parent).name}")
        lines.append(f"  Goldstein:   {c.goldstein:+.1f}")
        lines.append(f"  quad class:  {c.quad_class} ({c.quad_class_name})")
        lines.append(f"  PLOVER:      {self._describe_plover(c)}")
        kids = self.children(code)
        if kids:
            lines.append("  children:")
            lines.extend(f"    {k.code}  {k.name}" for k in kids)
        return "\n".join(lines)

    @staticmethod
    def _describe_plover(c: CameoCode) -> str:
        if c.plover_type is None:
            return "none (PLOVER drops CAMEO roots 01 and 02)"
        parts = [c.plover_type]
        if c.plover_mode is not None:
            parts.append(f"mode {c.plover_mode}")
        if c.plover_context:
            parts.append(f"context {', '.join(c.plover_context)}")
        return ", ".join(parts)


# -- reading ------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{path.name}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise OntologyError(f"{path.name}: cannot read: {exc}") from exc


def _string(value: Any, where: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OntologyError(f"{where}: {what} must be a non-empty string")
    return value.strip()


def _string_list(value: Any, where: str, what: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise OntologyError(f"{where}: {what} must be a list")
    items: list[str] = []
    for item in value:
        if not isinstance(item, str) or not pattern.match(item):
            raise OntologyError(f"{where}: {what} entry {item!r} is malformed")
        if item in items:
            raise OntologyError(f"{where}: {what} lists {item!r} twice")
        items.append(item)
    return tuple(items)


def read_plover(path: Path) -> tuple[tuple[PloverType, ...], tuple[str, ...]]:
    """Read ``plover.yaml``: the event types with their modes, and the context names."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or set(data) != {"types", "contexts"}:
        raise OntologyError(f"{path.name}: expected a mapping with exactly 'types' and 'contexts'")
    if not isinstance(data["types"], list) or not data["types"]:
        raise OntologyError(f"{path.name}: 'types' must be a non-empty list")
    types: list[PloverType] = []
    for number, entry in enumerate(data["types"], start=1):
        where = f"{path.name}: type #{number}"
        if not isinstance(entry, dict) or set(entry) != {"name", "description", "modes"}:
            raise OntologyError(f"{where}: expected keys name, description, modes")
        name = _string(entry["name"], where, "name")
        if not _PLOVER_NAME.match(name):
            raise OntologyError(f"{where}: type name {name!r} must be upper case")
        if any(t.name == name for t in types):
            raise OntologyError(f"{where}: type {name} is listed twice")
        where = f"{path.name}: type {name}"
        types.append(
            PloverType(
                name=name,
                description=_string(entry["description"], where, "description"),
                modes=_string_list(entry["modes"], where, "modes", _MODE_OR_CONTEXT),
            )
        )
    contexts = _string_list(data["contexts"], path.name, "contexts", _MODE_OR_CONTEXT)
    if not contexts:
        raise OntologyError(f"{path.name}: 'contexts' must not be empty")
    return tuple(types), contexts


def read_sectors(path: Path) -> tuple[Sector, ...]:
    """Read ``sectors.yaml``; a noun or title claimed by two sectors is an error."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or set(data) != {"sectors"} or not isinstance(data["sectors"], dict):
        raise OntologyError(f"{path.name}: expected a mapping 'sectors' of code to entry")
    sectors: list[Sector] = []
    owner: dict[str, str] = {}
    for code, entry in data["sectors"].items():
        where = f"{path.name}: sector {code!r}"
        if not isinstance(code, str) or not _SECTOR_CODE.match(code):
            raise OntologyError(f"{where}: sector codes are three upper-case letters")
        if not isinstance(entry, dict) or set(entry) != {"name", "description", "nouns", "titles"}:
            raise OntologyError(f"{where}: expected keys name, description, nouns, titles")
        nouns = _string_list(entry["nouns"], where, "nouns", _PHRASE)
        titles = _string_list(entry["titles"], where, "titles", _PHRASE)
        for phrase in (*nouns, *titles):
            if phrase in owner:
                raise OntologyError(f"{where}: {phrase!r} is already listed under sector {owner[phrase]}")
            owner[phrase] = code
        sectors.append(
            Sector(
                code=code,
                name=_string(entry["name"], where, "name"),
                description=_string(entry["description"], where, "description"),
                nouns=nouns,
                titles=titles,
            )
        )
    return tuple(sectors)


def _data_lines(path: Path) -> Iterable[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OntologyError(f"{path.name}: cannot read: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        # '#' lines carry provenance; blank lines are tolerated so hand edits do not break loads.
        if line.strip() and not line.startswith("#"):
            yield number, line


def read_cameo(
    path: Path, plover_types: Iterable[PloverType], contexts: Iterable[str]
) -> tuple[CameoCode, ...]:
    """Read ``cameo.tsv``, checking every cell against the CAMEO hierarchy and PLOVER tables."""
    modes = {t.name: frozenset(t.modes) for t in plover_types}
    known_contexts = frozenset(contexts)
    lines = iter(_data_lines(path))
    header = next(lines, None)
    if header is None or tuple(header[1].split("\t")) != CAMEO_COLUMNS:
        raise OntologyError(f"{path.name}: the header row must be: {' '.join(CAMEO_COLUMNS)}")
    codes: dict[str, CameoCode] = {}
    for number, line in lines:
        where = f"{path.name}:{number}"
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(CAMEO_COLUMNS):
            raise OntologyError(f"{where}: expected {len(CAMEO_COLUMNS)} tab-separated cells")
        row = dict(zip(CAMEO_COLUMNS, (cell.strip() for cell in cells), strict=True))
        code = row["code"]
        if not _CODE.match(code):
            raise OntologyError(f"{where}: code {code!r} must be 2 to 4 digits")
        if code in codes:
            raise OntologyError(f"{where}: code {code} is listed twice")
        if row["root"] != code[:2]:
            raise OntologyError(f"{where}: root {row['root']!r} is not the first two digits of {code}")
        quad = quad_class_for_root(code[:2])
        if row["quad_class"] != str(quad):
            raise OntologyError(f"{where}: quad_class of root {code[:2]} must be {quad}")
        try:
            goldstein = float(row["goldstein"])
        except ValueError:
            raise OntologyError(f"{where}: goldstein {row['goldstein']!r} is not a number") from None
        if not -10.0 <= goldstein <= 10.0:
            raise OntologyError(f"{where}: goldstein {goldstein} is outside [-10, 10]")
        if not row["name"]:
            raise OntologyError(f"{where}: name is empty")
        plover_type = row["plover_type"] or None
        plover_mode = row["plover_mode"] or None
        plover_context = tuple(c.strip() for c in row["plover_context"].split(",") if c.strip())
        if plover_type is not None and plover_type not in modes:
            raise OntologyError(f"{where}: {plover_type!r} is not a PLOVER type in plover.yaml")
        if plover_mode is not None:
            if plover_type is None or plover_mode not in modes[plover_type]:
                raise OntologyError(f"{where}: {plover_mode!r} is not a mode of {plover_type}")
        if plover_type is None and plover_context:
            raise OntologyError(f"{where}: a PLOVER context needs a PLOVER type")
        for context in plover_context:
            if context not in known_contexts:
                raise OntologyError(f"{where}: {context!r} is not a PLOVER context in plover.yaml")
        codes[code] = CameoCode(
            code=code,
            name=row["name"],
            goldstein=goldstein,
            root=code[:2],
            quad_class=quad,
            plover_type=plover_type,
            plover_mode=plover_mode,
            plover_context=plover_context,
        )
    # Checked after reading so rows may appear in any order.
    for entry in codes.values():
        if entry.parent is not None and entry.parent not in codes:
            raise OntologyError(f"{path.name}: code {entry.code} has no parent row {entry.parent}")
    if not codes:
        raise OntologyError(f"{path.name}: no codes")
    return tuple(codes.values())


def load_code_tables(directory: Path | None = None, extra_sector_files: Sequence[Path] = ()) -> CodeTables:
    """Read ``cameo.tsv``, ``plover.yaml`` and ``sectors.yaml`` from ``directory``.

    The default is the directory of this module, i.e. the tables packaged with berkut. Extra sector
    files (same format, e.g. agents imported by ``berkut actors import``) add nouns; a noun an extra
    file lists wins over the bundled sector that had it.
    """
    base = DEFAULT_DIRECTORY if directory is None else Path(directory)
    plover_types, contexts = read_plover(base / PLOVER_FILE)
    return CodeTables(
        codes=read_cameo(base / CAMEO_FILE, plover_types, contexts),
        sector_table=_merge_sectors(
            read_sectors(base / SECTORS_FILE), [s for path in extra_sector_files for s in read_sectors(path)]
        ),
        plover_type_table=plover_types,
        plover_context_names=contexts,
    )


def _merge_sectors(bundled: Sequence[Sector], extra: Sequence[Sector]) -> tuple[Sector, ...]:
    claimed = {noun for sector in extra for noun in (*sector.nouns, *sector.titles)}
    by_code: dict[str, Sector] = {
        sector.code: replace(
            sector,
            nouns=tuple(n for n in sector.nouns if n not in claimed),
            titles=tuple(t for t in sector.titles if t not in claimed),
        )
        for sector in bundled
    }
    for sector in extra:
        base = by_code.get(sector.code)
        by_code[sector.code] = (
            sector
            if base is None
            else replace(
                base,
                nouns=(*base.nouns, *(n for n in sector.nouns if n not in base.nouns)),
                titles=(*base.titles, *(t for t in sector.titles if t not in base.titles)),
            )
        )
    return tuple(by_code.values())

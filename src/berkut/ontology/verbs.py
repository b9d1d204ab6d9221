"""Typed reader for the verb and event-noun pattern dictionary (``ontology/verbs/*.yaml``).

Each root file (``01_make_statement.yaml`` ... ``20_mass_violence.yaml``) lists patterns that map a
predicate (a verb lemma, or an event noun) plus optional constraints to one CAMEO code. Object
classes shared by many patterns live in ``classes.yaml`` and are referenced as ``@name``; they are
expanded here so the coder only ever sees plain lowercase lemmas and phrases.

The format is documented in ``ontology/verbs/README.md``. Everything is validated on load: a bad
file raises :class:`~berkut.errors.OntologyError` naming the file and the pattern id, so a typo in
the data is found when the book is loaded, not as a silently missing event.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from berkut.errors import OntologyError

__all__ = [
    "ANY_OBJECT",
    "NOT_AN_EVENT",
    "PatternBook",
    "VerbPattern",
    "load_object_classes",
    "load_pattern_book",
]

DEFAULT_DIRECTORY = Path(__file__).with_name("verbs")
CLASSES_FILE = "classes.yaml"
#: Uses of a verb or noun that are not events ("appealed the verdict", "signed the bill into law"):
#: their patterns carry NOT_AN_EVENT as code and, when they are the most specific fit, nothing is coded.
NOT_EVENTS_FILE = "not_events.yaml"
# Not-an-event patterns may be split by topic: not_events.yaml, not_events_<topic>.yaml.
_NOT_EVENTS_FILE = re.compile(r"^not_events(_[a-z0-9_]+)?\.yaml$")
NOT_AN_EVENT = "---"

_ALLOWED_KEYS = frozenset(
    {
        "id",
        "verb",
        "noun",
        "particle",
        "prep",
        "object",
        "complement",
        "target",
        "code",
        "example",
        "negative_example",
        "passive_ok",
        "actor_object",
        "note",
    }
)
_ROOT_FILE = re.compile(r"^(?P<root>\d\d)_[a-z0-9_]+\.yaml$")
_CODE = re.compile(r"^\d{2,4}$")
_ID = re.compile(r"^[a-z0-9_]+(?:[.-][a-z0-9_]+)*$")
_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
# A lemma or phrase: lowercase words separated by single spaces; hyphens and apostrophes kept.
# A lowercase lemma or phrase, or a currency sign ("$2 million" is money).
_PHRASE = re.compile(r"^(?:[$€£¥₹]|[a-z0-9'-]+(?: [a-z0-9'-]+)*)$")
#: ``object: ["*"]``: any direct object at all ("returned 21 frogs to Brazil"); a listed object beats it.
ANY_OBJECT = "*"
_CLASS_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Target grammar: none | [head:](dobj | iobj | subj | prep:<p>)
_TARGET = re.compile(r"^(?:none|(?P<head>head:)?(?P<slot>dobj|iobj|subj|prep:[a-z]+))$")


@dataclass(frozen=True)
class VerbPattern:
    """One predicate pattern and the CAMEO code it yields.

    ``object`` holds plain lowercase lemmas and phrases, with ``@class`` references already
    expanded; ``object_classes`` keeps the class names so the coder can explain a match
    ("object 'peacekeepers' is in class protection").
    """

    id: str
    code: str
    verb: str | None
    noun: str | None
    particle: str | None
    prep: str | None
    object: tuple[str, ...]
    object_classes: tuple[str, ...]
    complement: tuple[str, ...]
    target: str
    passive_ok: bool
    example: str
    negative_example: str | None
    source_file: str
    note: str | None = field(default=None, compare=False)
    #: Only an actor in the target slot gives the political sense: "recognised Kosovo" is recognition,
    #: "recognised the benefit of reform" acknowledges, "called Putin" is a call, "called a halt" is
    #: not. A slot holding a word that names no actor means no event; an empty slot is fine.
    actor_object: bool = False

    @property
    def predicate(self) -> str:
        """The verb lemma, or the noun (lemma or phrase) this pattern hangs on."""
        return self.verb if self.verb is not None else str(self.noun)

    @property
    def head(self) -> str:
        """The lemma the pattern is indexed by: the verb, or the last word of the noun phrase."""
        return self.predicate.split()[-1]

    @property
    def noun_modifiers(self) -> tuple[str, ...]:
        """Words that must modify the noun head, e.g. ("hunger",) for ``noun: hunger strike``."""
        return tuple(self.noun.split()[:-1]) if self.noun is not None else ()

    @property
    def root(self) -> str:
        """The two-digit CAMEO root of ``code``."""
        return self.code[:2]

    @property
    def specificity(self) -> int:
        """Number of constraints present; the coder prefers the most specific match.

        Counts particle, prep, object and complement, plus one for a multiword noun
        ("hunger strike" is more specific than "strike").
        """
        return sum(
            (
                self.particle is not None,
                self.prep is not None,
                bool(self.object),
                bool(self.complement),
                bool(self.noun_modifiers),
            )
        )

    @property
    def target_anchor(self) -> str:
        """``"complement"`` when the target is read off the complement verb, else ``"predicate"``."""
        if self.complement and not self.target.startswith("head:"):
            return "complement"
        return "predicate"

    @property
    def target_slot(self) -> str:
        """The target slot without any ``head:`` prefix: dobj, iobj, subj, prep:<p> or none."""
        return self.target.removeprefix("head:")


def _by_specificity(patterns: Iterable[VerbPattern]) -> tuple[VerbPattern, ...]:
    # Most constraints first; among equals a longer noun phrase first ("mortar attack" before
    # "attack" + prep). The sort is stable, so remaining ties keep file (root) order. The coder
    # breaks ties the index cannot see at match time: the longer matched object phrase wins
    # ("military aid" over "aid").
    return tuple(sorted(patterns, key=lambda p: (-p.specificity, -len(p.predicate.split()))))


@dataclass(frozen=True)
class PatternBook:
    """All patterns, indexed by verb lemma and by noun lemma (most specific first)."""

    patterns: tuple[VerbPattern, ...]
    classes: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    _verb_index: Mapping[str, tuple[VerbPattern, ...]] = field(init=False, repr=False, compare=False)
    _noun_index: Mapping[str, tuple[VerbPattern, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        verbs: dict[str, list[VerbPattern]] = {}
        nouns: dict[str, list[VerbPattern]] = {}
        for pattern in self.patterns:
            if pattern.verb is not None:
                verbs.setdefault(pattern.verb, []).append(pattern)
            else:
                nouns.setdefault(pattern.head, []).append(pattern)
        # frozen dataclass: the indexes are derived once, here.
        object.__setattr__(self, "_verb_index", {k: _by_specificity(v) for k, v in verbs.items()})
        object.__setattr__(self, "_noun_index", {k: _by_specificity(v) for k, v in nouns.items()})

    def for_verb(self, lemma: str) -> tuple[VerbPattern, ...]:
        """Patterns whose predicate is the verb ``lemma``, most specific first."""
        return self._verb_index.get(lemma.lower(), ())

    def for_noun(self, lemma: str) -> tuple[VerbPattern, ...]:
        """Patterns whose event noun has the head ``lemma``, most specific first.

        Multiword nouns are indexed by their last word: ``for_noun("strike")`` includes
        ``hunger strike`` and ``air strike``; check ``noun_modifiers`` against the parse.
        """
        return self._noun_index.get(lemma.lower(), ())

    def verbs(self) -> frozenset[str]:
        return frozenset(self._verb_index)

    def nouns(self) -> frozenset[str]:
        return frozenset(self._noun_index)

    def codes(self) -> frozenset[str]:
        """The CAMEO codes the book can give (the not-an-event marker is not one)."""
        return frozenset(p.code for p in self.patterns if p.code != NOT_AN_EVENT)

    def by_id(self, pattern_id: str) -> VerbPattern:
        """The pattern with this id; raises OntologyError if there is none."""
        for pattern in self.patterns:
            if pattern.id == pattern_id:
                return pattern
        raise OntologyError(f"unknown verb pattern id {pattern_id!r}")

    def __len__(self) -> int:
        return len(self.patterns)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{path.name}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise OntologyError(f"{path.name}: cannot read: {exc}") from exc


def load_object_classes(path: Path) -> dict[str, tuple[str, ...]]:
    """Read ``classes.yaml``: a mapping of class name to a list of lemmas or phrases."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(f"{path.name}: expected a mapping of class name to list")
    classes: dict[str, tuple[str, ...]] = {}
    for name, members in data.items():
        where = f"{path.name}: class {name!r}"
        if not isinstance(name, str) or not _CLASS_NAME.match(name):
            raise OntologyError(f"{where}: class names are lowercase identifiers")
        if not isinstance(members, list) or not members:
            raise OntologyError(f"{where}: expected a non-empty list")
        for member in members:
            if not isinstance(member, str) or not _PHRASE.match(member):
                raise OntologyError(f"{where}: {member!r} is not a lowercase lemma or phrase")
        if len(set(members)) != len(members):
            raise OntologyError(f"{where}: duplicate members")
        classes[name] = tuple(members)
    return classes


def _str_list(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise OntologyError(f"{where}: {key} must be a string or a non-empty list of strings")
    return list(value)


def _optional_word(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        # YAML 1.1 reads a bare on/off/yes/no as a boolean: the file must quote it ("on").
        raise OntologyError(f'{where}: {key} was read as a boolean; quote it, e.g. {key}: "on"')
    if not isinstance(value, str) or not _WORD.match(value):
        raise OntologyError(f"{where}: {key} must be one lowercase word, got {value!r}")
    return value


def _parse_pattern(
    raw: Any,
    *,
    file_name: str,
    index: int,
    classes: Mapping[str, tuple[str, ...]],
    known_codes: Collection[str] | None,
    root: str,
) -> VerbPattern:
    if not isinstance(raw, dict):
        raise OntologyError(f"{file_name}: pattern #{index} is not a mapping")
    pattern_id = raw.get("id")
    if not isinstance(pattern_id, str) or not _ID.match(pattern_id):
        raise OntologyError(f"{file_name}: pattern #{index} has a missing or malformed id")
    where = f"{file_name}: pattern {pattern_id!r}"

    unknown = set(raw) - _ALLOWED_KEYS
    if unknown:
        raise OntologyError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")

    verb = _optional_word(raw, "verb", where)
    noun = raw.get("noun")
    if noun is not None and (not isinstance(noun, str) or not _PHRASE.match(noun)):
        raise OntologyError(f"{where}: noun must be a lowercase lemma or phrase, got {noun!r}")
    if (verb is None) == (noun is None):
        raise OntologyError(f"{where}: exactly one of verb / noun is required")

    code = raw.get("code")
    if root == NOT_AN_EVENT:
        if code != NOT_AN_EVENT:
            raise OntologyError(f"{where}: patterns in {NOT_EVENTS_FILE} have code {NOT_AN_EVENT!r}")
    elif not isinstance(code, str) or not _CODE.match(code):
        raise OntologyError(f"{where}: code must be a quoted CAMEO code string, got {code!r}")
    elif not code.startswith(root):
        raise OntologyError(f"{where}: code {code} does not belong to root {root}")
    elif known_codes is not None and code not in known_codes:
        raise OntologyError(f"{where}: unknown CAMEO code {code}")

    example = raw.get("example")
    if not isinstance(example, str) or not example.strip():
        raise OntologyError(f"{where}: missing example sentence")
    negative = raw.get("negative_example")
    if negative is not None and (not isinstance(negative, str) or not negative.strip()):
        raise OntologyError(f"{where}: negative_example must be a sentence")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise OntologyError(f"{where}: note must be a string")

    passive_ok = raw.get("passive_ok", True)
    actor_object = raw.get("actor_object", False)
    for key, value in (("passive_ok", passive_ok), ("actor_object", actor_object)):
        if not isinstance(value, bool):
            raise OntologyError(f"{where}: {key} must be true or false")

    objects: list[str] = []
    object_classes: list[str] = []
    if raw.get("object") is not None:
        for item in _str_list(raw["object"], where, "object"):
            if item.startswith("@"):
                name = item[1:]
                if name not in classes:
                    raise OntologyError(f"{where}: unknown object class {item}")
                object_classes.append(name)
                objects.extend(classes[name])
            else:
                if item != ANY_OBJECT and not _PHRASE.match(item):
                    raise OntologyError(f"{where}: object {item!r} is not a lowercase lemma or phrase")
                objects.append(item)
    complement: list[str] = []
    if raw.get("complement") is not None:
        for item in _str_list(raw["complement"], where, "complement"):
            if not _WORD.match(item):
                raise OntologyError(f"{where}: complement {item!r} is not a lowercase verb lemma")
            complement.append(item)

    default_target = "dobj" if verb is not None else "none"
    target = raw.get("target", default_target)
    if not isinstance(target, str):
        raise OntologyError(f"{where}: target must be a string")
    match = _TARGET.match(target)
    if match is None:
        raise OntologyError(
            f"{where}: bad target {target!r} (use dobj, iobj, subj, prep:<p>, none, head:<slot>)"
        )
    if (match.group("head") or match.group("slot") == "subj") and not complement:
        raise OntologyError(f"{where}: target {target!r} needs a complement")

    return VerbPattern(
        id=pattern_id,
        code=code,
        verb=verb,
        noun=noun,
        particle=_optional_word(raw, "particle", where),
        prep=_optional_word(raw, "prep", where),
        object=tuple(dict.fromkeys(objects)),
        object_classes=tuple(object_classes),
        complement=tuple(complement),
        target=target,
        passive_ok=passive_ok,
        example=example.strip(),
        negative_example=negative.strip() if isinstance(negative, str) else None,
        source_file=file_name,
        note=note,
        actor_object=actor_object,
    )


def load_pattern_book(
    directory: Path | None = None, known_codes: Collection[str] | None = None
) -> PatternBook:
    """Load and validate every root file in ``directory`` (default: the packaged patterns).

    ``known_codes``, when given, is the set of valid CAMEO codes (from ``cameo.tsv``); every
    pattern's code must be in it.
    """
    directory = DEFAULT_DIRECTORY if directory is None else Path(directory)
    classes_path = directory / CLASSES_FILE
    classes = load_object_classes(classes_path) if classes_path.exists() else {}

    root_files = sorted(p for p in directory.glob("*.yaml") if p.name != CLASSES_FILE)
    if not root_files:
        raise OntologyError(f"{directory}: no pattern files")

    patterns: list[VerbPattern] = []
    seen_ids: dict[str, str] = {}
    for path in root_files:
        name_match = _ROOT_FILE.match(path.name)
        if name_match is None and not _NOT_EVENTS_FILE.match(path.name):
            raise OntologyError(f"{path.name}: pattern files are named NN_<root name>.yaml or not_events[_<topic>].yaml")
        data = _read_yaml(path)
        if not isinstance(data, dict):
            raise OntologyError(f"{path.name}: expected a mapping with root and patterns")
        extra = set(data) - {"root", "patterns"}
        if extra:
            raise OntologyError(f"{path.name}: unknown top-level key(s) {sorted(map(str, extra))}")
        root = data.get("root")
        expected_root = NOT_AN_EVENT if name_match is None else name_match.group("root")
        if root != expected_root:
            raise OntologyError(f"{path.name}: root {root!r} does not match the file name")
        raw_patterns = data.get("patterns")
        if not isinstance(raw_patterns, list) or not raw_patterns:
            raise OntologyError(f"{path.name}: patterns must be a non-empty list")
        for index, raw in enumerate(raw_patterns, start=1):
            pattern = _parse_pattern(
                raw,
                file_name=path.name,
                index=index,
                classes=classes,
                known_codes=known_codes,
                root=root,
            )
            if pattern.id in seen_ids:
                raise OntologyError(
                    f"{path.name}: pattern {pattern.id!r} duplicates an id in {seen_ids[pattern.id]}"
                )
            seen_ids[pattern.id] = path.name
            patterns.append(pattern)
    return PatternBook(patterns=tuple(patterns), classes=classes)

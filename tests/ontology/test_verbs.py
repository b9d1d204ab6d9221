"""Schema tests for the verb and event-noun pattern dictionary (ontology/verbs/*.yaml).

Cheap checks only: the files load, cover CAMEO broadly, and a malformed file is refused with an
error that names the file and the pattern. Whether spaCy parses each example as intended is
checked when patterns are written, not here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from berkut.errors import OntologyError
from berkut.ontology.verbs import DEFAULT_DIRECTORY, NOT_AN_EVENT, PatternBook, load_pattern_book

CAMEO_TSV = DEFAULT_DIRECTORY.parent / "cameo.tsv"
ROOTS = [f"{n:02d}" for n in range(1, 21)]


def _cameo_codes() -> set[str] | None:
    if not CAMEO_TSV.exists():
        return None
    lines = [
        line
        for line in CAMEO_TSV.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    column = header.index("code")
    return {line.split("\t")[column].strip() for line in lines[1:]}


@pytest.fixture(scope="module")
def book() -> PatternBook:
    return load_pattern_book()


def test_every_root_has_a_file_and_patterns(book: PatternBook) -> None:
    roots = {p.root for p in book.patterns if p.code != NOT_AN_EVENT}
    assert roots == set(ROOTS)
    files = sorted(p.name for p in DEFAULT_DIRECTORY.glob("[0-9][0-9]_*.yaml"))
    assert [name[:2] for name in files] == ROOTS


def test_coverage_floors(book: PatternBook) -> None:
    assert len(book.patterns) >= 700
    assert len(book.codes()) >= 260


def test_codes_are_known_cameo_codes(book: PatternBook) -> None:
    known = _cameo_codes()
    if known is None:
        pytest.skip("ontology/cameo.tsv not written yet")
    assert book.codes() <= known, sorted(book.codes() - known)
    # and the loader enforces the same when given the list
    assert len(load_pattern_book(known_codes=known)) == len(book)


def test_examples_are_unique_and_not_negative(book: PatternBook) -> None:
    counts = Counter(p.example for p in book.patterns)
    assert [e for e, n in counts.items() if n > 1] == []
    negatives = {p.negative_example for p in book.patterns if p.negative_example}
    assert negatives.isdisjoint(counts)


def test_ids_unique_and_lemmas_lowercase(book: PatternBook) -> None:
    assert len({p.id for p in book.patterns}) == len(book.patterns)
    for p in book.patterns:
        assert p.predicate == p.predicate.lower()
        assert all(o == o.lower() for o in p.object), p.id
        assert all(c == c.lower() for c in p.complement), p.id


def test_classes_are_expanded(book: PatternBook) -> None:
    pattern = book.by_id("appeal.for.military_aid")
    assert pattern.code == "0232"
    assert pattern.object_classes == ("military_aid",)
    assert "military aid" in pattern.object and not any(o.startswith("@") for o in pattern.object)


def test_index_is_most_specific_first(book: PatternBook) -> None:
    for lemma in ("appeal", "call", "withdraw", "threaten"):
        ranks = [p.specificity for p in book.for_verb(lemma)]
        assert ranks and ranks == sorted(ranks, reverse=True)
    assert {"attack", "visit", "protest"} <= book.verbs()
    assert {"visit", "strike", "ceasefire"} <= book.nouns()
    # a multiword noun is indexed by its head and ranked above the bare head
    strikes = book.for_noun("strike")
    assert any(p.noun == "hunger strike" for p in strikes)
    assert book.for_verb("no-such-verb") == ()


def test_specificity_counts_constraints(book: PatternBook) -> None:
    crack = book.by_id("crack.down.on")
    assert (crack.particle, crack.prep, crack.code) == ("down", "on", "175")
    assert crack.specificity == 2
    assert book.by_id("attack").specificity == 0


def _write(tmp_path: Path, body: str, classes: str = "aid: [aid]\n") -> Path:
    (tmp_path / "classes.yaml").write_text(classes, encoding="utf-8")
    (tmp_path / "07_provide_aid.yaml").write_text(body, encoding="utf-8")
    return tmp_path


GOOD = """root: "07"
patterns:
  - id: send.aid
    verb: send
    object: ["@aid"]
    target: prep:to
    code: "070"
    example: "Kazakhstan sent aid to Turkey."
"""


def test_minimal_file_loads(tmp_path: Path) -> None:
    book = load_pattern_book(_write(tmp_path, GOOD), known_codes={"070"})
    (pattern,) = book.patterns
    assert pattern.object == ("aid",) and pattern.source_file == "07_provide_aid.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    verb: send\n", "    verb: send\n    colour: red\n", "unknown key"),
        ('    example: "Kazakhstan sent aid to Turkey."\n', "", "missing example"),
        ('["@aid"]', '["@food_aid"]', "unknown object class"),
        ('code: "070"', 'code: "079"', "unknown CAMEO code"),
        ('code: "070"', 'code: "190"', "does not belong to root"),
        ("target: prep:to", "target: towards", "bad target"),
        ("target: prep:to", "target: subj", "needs a complement"),
        ("    verb: send\n", "    verb: send\n    noun: shipment\n", "exactly one of verb"),
        ("    verb: send\n", "    verb: send\n    prep: on\n", "boolean"),
    ],
)
def test_malformed_pattern_raises(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    directory = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(OntologyError, match=message) as info:
        load_pattern_book(directory, known_codes={"070"})
    assert "07_provide_aid.yaml" in str(info.value)
    assert "send.aid" in str(info.value)


def test_duplicate_id_raises(tmp_path: Path) -> None:
    body = GOOD + GOOD.split("patterns:\n", 1)[1].replace("sent aid", "sent more aid")
    with pytest.raises(OntologyError, match="duplicates an id"):
        load_pattern_book(_write(tmp_path, body))


def test_broken_yaml_and_bad_class_file_raise(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="07_provide_aid.yaml"):
        load_pattern_book(_write(tmp_path, "root: '07'\npatterns: [\n"))
    with pytest.raises(OntologyError, match="classes.yaml"):
        load_pattern_book(_write(tmp_path, GOOD, classes="aid: [Aid]\n"))

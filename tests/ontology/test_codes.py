"""Schema tests for the code tables: cameo.tsv, plover.yaml, sectors.yaml and their reader."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from berkut.errors import OntologyError
from berkut.ontology.codes import (
    CAMEO_FILE,
    DEFAULT_DIRECTORY,
    PLOVER_FILE,
    SECTORS_FILE,
    CodeTables,
    load_code_tables,
)

PLOVER_16 = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

QUAD_BY_ROOT = {f"{r:02d}": 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in range(1, 21)}


@pytest.fixture(scope="module")
def tables() -> CodeTables:
    return load_code_tables()


# -- cameo.tsv ------------------------------------------------------------------------------------


def test_all_312_codes_and_20_roots(tables: CodeTables) -> None:
    codes = [c.code for c in tables.cameo_codes()]
    assert len(codes) == 312  # GDELT's 311 and CAMEO 1.1b3's 176
    assert codes == sorted(codes)
    assert [c for c in codes if len(c) == 2] == list(QUAD_BY_ROOT)


@pytest.mark.shared
def test_every_gdelt_code_present_with_gdelt_goldstein(tables: CodeTables, shared_data: Path) -> None:
    cameo = shared_data / "cameo"
    gdelt_codes = [
        line.split("\t")[0] for line in (cameo / "CAMEO.eventcodes.txt").read_text("utf-8").splitlines()[1:]
    ]
    goldstein = dict(
        line.split("\t") for line in (cameo / "CAMEO.goldsteinscale.txt").read_text("utf-8").splitlines()[1:]
    )
    # Ours beyond GDELT's list: CAMEO 1.1b3's 176 (attack cybernetically), documented in cameo.tsv.
    beyond_gdelt = {"176"}
    assert sorted(gdelt_codes) == [c.code for c in tables.cameo_codes() if c.code not in beyond_gdelt]
    for code in gdelt_codes:
        assert tables.cameo(code).goldstein == float(goldstein[code]), code


def test_roots_and_quad_classes_consistent(tables: CodeTables) -> None:
    for c in tables.cameo_codes():
        assert c.root == c.code[:2]
        assert c.quad_class == QUAD_BY_ROOT[c.root], c.code
        if c.parent is not None:
            assert tables.cameo(c.parent).root == c.root


def test_goldstein_within_scale(tables: CodeTables) -> None:
    assert all(-10.0 <= c.goldstein <= 10.0 for c in tables.cameo_codes())
    assert tables.cameo("0874").goldstein == 10.0
    assert tables.cameo("183").goldstein == -10.0


def test_names_are_clean_labels(tables: CodeTables) -> None:
    for c in tables.cameo_codes():
        assert c.name == c.name.strip() and "  " not in c.name, c.code
        assert not c.name.isupper(), c.code
    # codebook 1.1b3 meaning, not GDELT's stale label
    assert tables.cameo("106").name == "Demand meeting, negotiation"


def test_leading_zeros_are_part_of_the_code(tables: CodeTables) -> None:
    assert tables.cameo("023").name.startswith("Appeal for aid")
    with pytest.raises(OntologyError):
        tables.cameo("23")


@pytest.mark.parametrize("code", ["999", "", "0", "21", "02321", "abc"])
def test_unknown_code_raises(tables: CodeTables, code: str) -> None:
    with pytest.raises(OntologyError):
        tables.cameo(code)
    with pytest.raises(OntologyError):
        tables.explain(code)


def test_children(tables: CodeTables) -> None:
    assert [c.code for c in tables.children("02")] == [f"02{i}" for i in range(9)]
    assert [c.code for c in tables.children("023")] == ["0231", "0232", "0233", "0234"]
    assert tables.children("0232") == ()
    with pytest.raises(OntologyError):
        tables.children("999")


# -- PLOVER ---------------------------------------------------------------------------------------


def test_exactly_the_16_plover_types(tables: CodeTables) -> None:
    assert tuple(t.name for t in tables.plover_types()) == PLOVER_16
    assert all(t.description for t in tables.plover_types())
    assert "visit" in tables.plover_type("consult").modes


def test_plover_cells_validate(tables: CodeTables) -> None:
    contexts = set(tables.plover_contexts())
    for c in tables.cameo_codes():
        if c.root == "01" or c.code == "02":  # PLOVER has no public-statement type
            assert (c.plover_type, c.plover_mode, c.plover_context) == (None, None, ()), c.code
            continue
        if c.root == "02":  # appeals take their 10x twin's REQUEST mapping (see README)
            twin = tables.cameo("10" + c.code[2:])
            assert (c.plover_type, c.plover_mode) == (twin.plover_type, twin.plover_mode), c.code
        assert c.plover_type in PLOVER_16, c.code
        if c.plover_mode is not None:
            assert c.plover_mode in tables.plover_type(c.plover_type).modes, c.code
        assert set(c.plover_context) <= contexts, c.code


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("03", ("AGREE", None, ())),
        ("042", ("CONSULT", "visit", ())),
        ("08", ("CONCEDE", None, ())),
        ("0841", ("RETREAT", "release", ("legal",))),
        ("094", ("ACCUSE", "investigate", ("military", "legal"))),
        ("1322", ("THREATEN", "restrict", ("pro_autocracy",))),
        ("163", ("COERCE", "restrict", ("diplomatic",))),
        ("1712", ("ASSAULT", "destroy", ("human_security",))),
        ("175", ("ASSAULT", None, ("pro_autocracy", "military"))),
        ("186", ("ASSAULT", "targeted", ())),
        ("2042", ("ASSAULT", "unconventional", ("cbrn",))),
    ],
)
def test_plover_mapping_examples(
    tables: CodeTables, code: str, plover: tuple[str, str | None, tuple[str, ...]]
) -> None:
    c = tables.cameo(code)
    assert (c.plover_type, c.plover_mode, c.plover_context) == plover


# -- sectors --------------------------------------------------------------------------------------


def _raw_sector_phrases() -> list[tuple[str, str]]:
    # Read the YAML directly, so uniqueness is checked on the file and not on the reader's index.
    data = yaml.safe_load((DEFAULT_DIRECTORY / SECTORS_FILE).read_text("utf-8"))
    return [
        (phrase, code)
        for code, entry in data["sectors"].items()
        for phrase in (*(entry["nouns"] or []), *(entry["titles"] or []))
    ]


def test_every_sector_noun_belongs_to_one_sector() -> None:
    pairs = _raw_sector_phrases()
    seen: dict[str, str] = {}
    for phrase, code in pairs:
        assert phrase not in seen, f"{phrase!r} is under {seen[phrase]} and {code}"
        seen[phrase] = code
    assert len(seen) >= 250


def test_sector_nouns_are_lowercase_phrases(tables: CodeTables) -> None:
    for sector in tables.sectors():
        assert sector.name and sector.description
        for phrase in (*sector.nouns, *sector.titles):
            assert phrase == " ".join(phrase.lower().split()), phrase


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("defence ministry", "defense ministry"),
        ("defence minister", "defense minister"),
        ("labour union", "labor union"),
        ("terrorist organisation", "terrorist organization"),
        ("armoured vehicle", "armored vehicle"),
        ("councillor", "councilor"),
        ("organised crime", "organized crime"),
    ],
)
def test_both_spellings_in_the_same_sector(tables: CodeTables, british: str, american: str) -> None:
    assert tables.sector_for_noun(british) is not None
    assert tables.sector_for_noun(british) == tables.sector_for_noun(american)


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("police", "COP"),
        ("Police Officers", "COP"),
        ("policeman", "COP"),
        ("parliament", "LEG"),
        ("lawmakers", "LEG"),
        ("Mazhilis", "LEG"),
        ("upper  house", "LEG"),
        ("troops", "MIL"),
        ("soldiers", "MIL"),
        ("General", "MIL"),
        ("president", "GOV"),
        ("foreign minister", "GOV"),
        ("Foreign Ministry", "GOV"),
        ("defence ministry", "GOV"),  # GOV for every ministry: see README "Sector rules"
        ("authorities", "GOV"),
        ("diplomats", "GOV"),
        ("protesters", "OPP"),
        ("rebels", "REB"),
        ("insurgents", "REB"),
        ("gunmen", "UAF"),
        ("militias", "UAF"),
        ("court", "JUD"),
        ("judges", "JUD"),
        ("former president", "ELI"),
        ("human rights lawyer", "HRI"),
        ("special force", "MIL"),
    ],
)
def test_sector_for_noun(tables: CodeTables, phrase: str, sector: str) -> None:
    assert tables.sector_for_noun(phrase) == sector


@pytest.mark.parametrize("phrase", ["spokesman", "officer", "non-state actor", "weather", "", "   "])
def test_sector_for_noun_unknown_is_none(tables: CodeTables, phrase: str) -> None:
    assert tables.sector_for_noun(phrase) is None


def test_sector_lookup(tables: CodeTables) -> None:
    assert tables.sector("COP").name == "Police"
    assert {"GOV", "MIL", "LEG", "JUD", "COP", "OPP", "REB", "CVL", "IGO", "NGO"} <= {
        s.code for s in tables.sectors()
    }
    with pytest.raises(OntologyError):
        tables.sector("XYZ")


# -- explain --------------------------------------------------------------------------------------


def test_explain_names_code_goldstein_quad_and_plover(tables: CodeTables) -> None:
    text = tables.explain("1123")
    assert "1123" in text and "Accuse of aggression" in text
    assert "Goldstein" in text
    assert f"{tables.cameo('1123').goldstein:+.1f}" in text
    assert "verbal conflict" in text
    assert "ACCUSE" in text and "allege" in text and "military" in text
    assert "Disapprove" in text  # the root's name


def test_explain_lists_children_and_dropped_plover(tables: CodeTables) -> None:
    text = tables.explain("023")
    assert "Appeal for aid" in text and "+3.4" in text
    for child in ("0231", "0232", "0233", "0234"):
        assert child in text
    assert "REQUEST" in text  # appeals map like demands (see README)


# -- the reader refuses bad data ------------------------------------------------------------------


def test_tables_are_immutable(tables: CodeTables) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        tables.codes = ()  # type: ignore[misc]


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for name in (CAMEO_FILE, PLOVER_FILE, SECTORS_FILE):
        shutil.copy(DEFAULT_DIRECTORY / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_loads_from_another_directory(data_copy: Path) -> None:
    assert len(load_code_tables(data_copy).cameo_codes()) == 312


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (CAMEO_FILE, "0232\tAppeal for military aid\t3.4\t02\t1", "0232\tX\t3.4\t02\t3", "quad_class"),
        (CAMEO_FILE, "0232\tAppeal for military aid\t3.4", "0232\tAppeal for military aid\t12", "outside"),
        (CAMEO_FILE, "\tCONSULT\tvisit\t", "\tCONSULT\triot\t", "not a mode"),
        (CAMEO_FILE, "\tCONSULT\tvisit\t", "\tCHAT\t\t", "not a PLOVER type"),
        (CAMEO_FILE, "\n023\t", "\n#023\t", "no parent"),
        (SECTORS_FILE, "      - lawmaker\n", "      - lawmaker\n      - police\n", "already listed"),
        (SECTORS_FILE, "      - lawmaker\n", "      - Lawmaker\n", "malformed"),
    ],
)
def test_bad_data_raises(data_copy: Path, file: str, old: str, new: str, message: str) -> None:
    _edit(data_copy / file, old, new)
    with pytest.raises(OntologyError, match=message):
        load_code_tables(data_copy)

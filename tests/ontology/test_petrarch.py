"""The PETRARCH/Phoenix dictionary importer (berkut.ontology.petrarch).

Every dictionary here is a few lines written for the test in PETRARCH's format; none is copied from
the PETRARCH or Phoenix files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from berkut.ontology.actors import ActorEntry, ActorTable, load_actor_table
from berkut.ontology.codes import read_sectors
from berkut.ontology.petrarch import (
    import_dictionaries,
    is_agent_dictionary,
    read_actor_dictionary,
    read_agent_dictionary,
    write_yaml,
)

ACTORS = """\
<!-- TEST ACTOR DICTIONARY -->
<!-- a comment
     over two lines -->
# a line comment
FREEDONIA_  [FRD]   # the bare code names the state
+FREEDONIAN_REPUBLIC
+FREEDONIAN_CAPITAL_CITY

RUFUS_FIREFLY_  # a person with dated codes
+PRESIDENT_FIREFLY
\t[FRDELI <19330101]
\t[FRDGOV 19330101-19351231]
\t[FRDMIL 330601 - 330610]   # an interval inside the next-longer one wins while it lasts
\t[FRDELI]

TRENTINO_ [SYLGOV >19330601]  [SYL]
SYLVANIA_ARMY_ [SYLMIL]
KAZAKHSTAN_ [KAZ]
+KAZAKH_STEPPE_WARDENS_
ASTANA_RIFLES_
\t[KAZMIL]
WORLD_WIDGET_LEAGUE_ [IGOBUSWWL]
RELIEF_FRIENDS_ [NGO]
BROTHERS_OF_THE_ORDER_ [IMGMUSBRO]
AN_UNNAMED_SPOKESMAN_ [---GOV]
"""

BROKEN = """\
GOOD_ACTOR_ [FRD]
[FRDGOV]
BAD_DATE_ [FRDGOV since1933]
SEVEN_DIGITS_ [FRDGOV 1933011-19351231]
REVERSED_ [FRDGOV 19351231-19330101]
NOT_A_CODE_ [+++]
UNCLOSED_ [FRDGOV
COMPOUND_ [FRD/SYL]
LOWER_ [frd]
ORPHAN_NAME_
NEXT_NAME_ [FRD]
"""

AGENTS = """\
<!-- TEST AGENTS -->
!WORKER! = MAN, MEN, WOMAN, WOMEN
HARBOUR!WORKER! [~LAB]
WIDGET_INSPECTOR [~GOVBUS]  # compound agent code: sector GOV
GOOSE_WARDEN {GEESE_WARDENS} [~AGR]
TOWN_CRIER {} [~MED]
RELIEF_SOCIETY [NGO~]
POLICE {} [~COP]
NO_CODE_HERE
BAD_PLURAL {UNCLOSED [~GOV]
!UNKNOWN!_CLERK [~GOV]
"""


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled() -> ActorTable:
    return load_actor_table()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, bundled: ActorTable) -> tuple[ActorTable, Path]:
    """The test dictionaries imported, written and read back with berkut's own loader."""
    tmp_path = tmp_path_factory.mktemp("import")
    source = _write(tmp_path / "test.actors.txt", ACTORS)
    result = import_dictionaries([source], table=bundled)
    out = tmp_path / "user_actors.yaml"
    write_yaml(result.actors, out, ["test import"])
    return load_actor_table(extra_files=[out]), out


def _code(entry: ActorEntry, on: date | None) -> str | None:
    role = entry.role_on(on)
    if role is None or (role.country is None and role.sector is None and role.org is None):
        return None
    if role.sector == "IGO":
        return f"IGO{role.org}"
    return (role.country or ("IMG" if role.org else "")) + (role.sector or "") + (
        role.org if role.country is None and role.sector is None and role.org else "")


def _only(table: ActorTable, name: str) -> ActorEntry:
    imported = ("group:petr_", "person:petr_", "country:")
    found = [e for e in table.lookup(name) if e.actor_id.startswith(imported)]
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------------------- reading


def test_names_synonyms_and_codes_are_read_with_comments_removed(tmp_path: Path) -> None:
    entries, warnings = read_actor_dictionary(_write(tmp_path / "a.actors.txt", ACTORS))
    assert warnings == []
    first = entries[0]
    assert first.names == ("FREEDONIA", "FREEDONIAN REPUBLIC", "FREEDONIAN CAPITAL CITY")
    assert [c.code for c in first.codes] == ["FRD"]
    assert first.line == 5
    firefly = entries[1]
    assert firefly.names == ("RUFUS FIREFLY", "PRESIDENT FIREFLY")
    assert [(c.code, c.valid_from, c.valid_to) for c in firefly.codes] == [
        ("FRDELI", None, date(1933, 1, 1)),
        ("FRDGOV", date(1933, 1, 1), date(1935, 12, 31)),
        ("FRDMIL", date(1933, 6, 1), date(1933, 6, 10)),  # YYMMDD: 33 is 1933 (00-30 would be 20YY)
        ("FRDELI", None, None),
    ]
    trentino = entries[2]
    assert [(c.code, c.valid_from) for c in trentino.codes] == [("SYLGOV", date(1933, 6, 1)), ("SYL", None)]


def test_a_name_line_without_its_plus_is_an_entry_of_its_own(tmp_path: Path) -> None:
    entries, _ = read_actor_dictionary(_write(tmp_path / "a.actors.txt", ACTORS))
    names = [e.names for e in entries]
    assert ("KAZAKHSTAN", "KAZAKH STEPPE WARDENS") in names
    assert ("ASTANA RIFLES",) in names


def test_malformed_lines_are_skipped_with_a_warning_naming_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.actors.txt", BROKEN)
    entries, warnings = read_actor_dictionary(path)
    by_line: dict[int, str] = {}
    for warning in warnings:
        by_line[warning.line] = by_line.get(warning.line, "") + warning.message + " | "
    assert all(str(w).startswith(f"{path}:{w.line}: ") for w in warnings)
    assert "code line before" not in " ".join(by_line.values())
    assert "bad date restriction" in by_line[3]
    assert "neither YYYYMMDD nor YYMMDD" in by_line[4]
    assert "ends before it starts" in by_line[5]
    assert "not an actor code" in by_line[6]
    assert "without a matching ']'" in by_line[7]
    assert "compound code" in by_line[8] and "kept 'FRD'" in by_line[8]
    assert "lower-case code" in by_line[9]
    assert "has no code (a synonym missing its '+'?)" in by_line[10]
    kept = {e.names[0]: [c.code for c in e.codes] for e in entries}
    # the code line on line 2 belongs to GOOD_ACTOR; broken codes leave their entry without a code
    assert kept["GOOD ACTOR"] == ["FRD", "FRDGOV"]
    assert kept["COMPOUND"] == ["FRD"] and kept["LOWER"] == ["FRD"] and kept["NEXT NAME"] == ["FRD"]
    for name in ("BAD DATE", "SEVEN DIGITS", "REVERSED", "NOT A CODE", "UNCLOSED", "ORPHAN NAME"):
        assert name not in kept


def test_a_line_that_is_not_utf8_is_read_as_windows_1252_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "latin.actors.txt", b"COTE_D\x92AZUR_ [FRD]\n")
    entries, warnings = read_actor_dictionary(path)
    assert entries[0].names == ("COTE D\u2019AZUR",)
    assert [w.line for w in warnings] == [1]


def test_an_unclosed_comment_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.actors.txt", "A_ [FRD]\n<!-- never closed\nB_ [FRD]\n")
    _, warnings = read_actor_dictionary(path)
    assert [w.line for w in warnings] == [2]


def test_agents_expand_markers_and_irregular_plurals(tmp_path: Path) -> None:
    path = _write(tmp_path / "test.agents.txt", AGENTS)
    nouns, warnings = read_agent_dictionary(path)
    got = [(n.noun, n.code) for n in nouns]
    assert got == [
        ("harbourman", "LAB"), ("harbourmen", "LAB"), ("harbourwoman", "LAB"), ("harbourwomen", "LAB"),
        ("widget inspector", "GOVBUS"), ("goose warden", "AGR"), ("geese wardens", "AGR"),
        ("town crier", "MED"), ("relief society", "NGO"), ("police", "COP"),
    ]
    assert {w.line: w.message.split(";")[0] for w in warnings} == {
        9: "agent without a [code]",
        10: "'{' without a matching '}'",
        11: "substitution marker !UNKNOWN! is not defined in this file",
    }


def test_agent_files_are_told_from_actor_files(tmp_path: Path) -> None:
    assert is_agent_dictionary(_write(tmp_path / "x.agents.txt", AGENTS))
    assert not is_agent_dictionary(_write(tmp_path / "x.actors.txt", ACTORS))
    assert is_agent_dictionary(_write(tmp_path / "unnamed.txt", AGENTS))
    assert not is_agent_dictionary(_write(tmp_path / "unnamed2.txt", ACTORS))


# ------------------------------------------------------------------------------------ converting


def test_the_import_loads_with_berkuts_loader(imported: tuple[ActorTable, Path], bundled: ActorTable) -> None:
    table, _ = imported
    assert len(table) > len(bundled)


@pytest.mark.parametrize(("on", "code"), [
    (date(1932, 12, 31), "FRDELI"),   # [FRDELI <19330101]
    (date(1933, 1, 1), "FRDGOV"),     # bounds are inclusive and the later start wins the shared day
    (date(1933, 6, 5), "FRDMIL"),     # the short interval inside the longer one
    (date(1933, 6, 10), "FRDMIL"),    # ... up to and including its last day, as in PETRARCH2
    (date(1933, 6, 11), "FRDGOV"),
    (date(1935, 12, 31), "FRDGOV"),
    (date(1940, 1, 1), "FRDELI"),     # no dated code holds: the undated default
])
def test_dated_codes_become_dated_roles_that_resolve_like_petrarch(
    imported: tuple[ActorTable, Path], on: date, code: str
) -> None:
    table, _ = imported
    firefly = _only(table, "Rufus Firefly")
    assert firefly.kind == "person"
    assert _only(table, "President Firefly") == firefly
    assert _code(firefly, on) == code


def test_an_undated_default_after_a_from_date_code(imported: tuple[ActorTable, Path]) -> None:
    table, _ = imported
    trentino = _only(table, "Trentino")
    assert _code(trentino, date(1930, 1, 1)) == "SYL"
    assert _code(trentino, date(1933, 6, 1)) == "SYLGOV"


def test_unknown_states_are_declared_and_named_after_their_bare_entry(
    imported: tuple[ActorTable, Path],
) -> None:
    table, _ = imported
    freedonia = table.country("FRD")
    assert freedonia.name == "Freedonia"
    assert table.lookup("Freedonian Republic") == (freedonia,)
    sylvania = table.country("SYL")  # no bare entry for SYL: a placeholder name
    assert sylvania.name == "PETRARCH state SYL"
    assert _code(_only(table, "Sylvania Army"), None) == "SYLMIL"


def test_names_berkut_already_knows_are_left_out(
    imported: tuple[ActorTable, Path], bundled: ActorTable
) -> None:
    table, _ = imported
    assert table.lookup("Kazakhstan") == bundled.lookup("Kazakhstan")  # not made ambiguous by the import
    wardens = _only(table, "Kazakh Steppe Wardens")
    assert _code(wardens, None) == "KAZ"
    assert _code(_only(table, "Astana Rifles"), None) == "KAZMIL"


def test_igo_transnational_and_countryless_codes(imported: tuple[ActorTable, Path]) -> None:
    table, _ = imported
    league = _only(table, "World Widget League")
    assert league.roles[0].sector == "IGO" and league.roles[0].org == "BUSWWL"
    assert table.by_id("igo:BUSWWL").name == "PETRARCH IGO code IGOBUSWWL"
    relief = _only(table, "Relief Friends").roles[0]
    assert (relief.country, relief.sector) == (None, "NGO")
    brothers = _only(table, "Brothers Of The Order").roles[0]
    assert (brothers.country, brothers.sector, brothers.org) == (None, None, "MUSBRO")
    spokesman = _only(table, "An Unnamed Spokesman").roles[0]
    assert (spokesman.country, spokesman.sector) == (None, "GOV")


def test_keep_known_and_no_declared_states(tmp_path: Path, bundled: ActorTable) -> None:
    source = _write(tmp_path / "test.actors.txt", ACTORS)
    result = import_dictionaries([source], table=bundled, keep_known=True, declare_states=False)
    assert "countries" not in result.actors
    skipped = [w for w in result.warnings if "declaring states is off" in w.message]
    assert {w.line for w in skipped} >= {5, 12}
    names = {g["name"] for g in result.actors["groups"]}
    assert "Kazakhstan" in names
    out = tmp_path / "out.yaml"
    write_yaml(result.actors, out)
    load_actor_table(extra_files=[out])  # still valid for our loader


def test_a_name_given_twice_belongs_to_the_later_entry(tmp_path: Path, bundled: ActorTable) -> None:
    text = "FIRST_ [FRDGOV]\n+SHARED_NAME\nSECOND_ [FRDMIL]\n+SHARED_NAME\n"
    source = _write(tmp_path / "twice.actors.txt", text)
    result = import_dictionaries([source], table=bundled)
    groups = {g["name"]: g.get("names", [g["name"]]) for g in result.actors["groups"]}
    assert groups == {"First": ["First"], "Second": ["Second", "Shared Name"]}
    assert result.counts["names_repeated_dropped"] == 1


def test_agents_become_a_sectors_file_that_berkuts_reader_accepts(
    tmp_path: Path, bundled: ActorTable
) -> None:
    source = _write(tmp_path / "test.agents.txt", AGENTS)
    result = import_dictionaries([source], table=bundled)
    out = tmp_path / "sectors.yaml"
    write_yaml({"sectors": result.sectors}, out)
    sectors = {s.code: s for s in read_sectors(out)}
    assert "police" not in {n for s in sectors.values() for n in s.nouns}  # berkut already has it (COP)
    assert sectors["GOV"].nouns == ("widget inspector",)  # ~GOVBUS kept its first part
    assert sectors["GOV"].name == "Government"  # a known sector keeps its own name
    assert set(sectors["AGR"].nouns) == {"goose warden", "geese wardens"}
    assert sectors["NGO"].nouns == ("relief society",)
    assert result.counts["agent_codes_shortened"] == 1
    assert result.counts["nouns_known_dropped"] == 1

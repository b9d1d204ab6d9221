"""The actor tables (states, IGOs, groups, people) and their reader, berkut.ontology.actors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry
import pytest

from berkut.errors import OntologyError
from berkut.ontology.actors import ACTOR_DIR, IGO_KINDS, ActorTable, load_actor_table, normalize_name

# The 193 UN member states (ISO 3166-1 alpha-3), written out so the table cannot drift silently.
UN_MEMBERS = frozenset("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR
BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND
IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS
MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK
PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP
SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE
GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())
OTHER_STATES = frozenset({"VAT", "PSE", "XKX", "TWN", "ESH"})


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_actor_table()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ the tables


def test_every_un_member_and_the_listed_others_are_present(table: ActorTable) -> None:
    assert len(UN_MEMBERS) == 193
    codes = {entry.code for entry in table.countries()}
    assert codes == UN_MEMBERS | OTHER_STATES
    assert set(table.by_id("igo:UN").members) == UN_MEMBERS


def test_country_codes_are_iso_3166_except_kosovo(table: ActorTable) -> None:
    for entry in table.countries():
        if entry.code != "XKX":
            assert pycountry.countries.get(alpha_3=entry.code) is not None, entry.code


def test_every_state_has_a_capital_a_region_and_a_display_name_first(table: ActorTable) -> None:
    for entry in table.countries():
        assert entry.capitals, entry.code
        assert entry.region, entry.code
        assert entry.names[0] == entry.name


def test_igo_table_is_large_and_well_formed(table: ActorTable) -> None:
    igos = table.igos()
    assert len(igos) >= 90
    for entry in igos:
        assert entry.org_kind in IGO_KINDS
        assert entry.roles[0].sector == "IGO" and entry.roles[0].org == entry.code


def test_every_name_adjective_demonym_capital_and_city_maps_back(table: ActorTable) -> None:
    problems = []
    for entry in table:
        for name in (*entry.names, *(h.name for h in entry.historical_names)):
            if entry not in table.lookup(name):
                problems.append(f"{entry.actor_id} name {name}")
        for word in entry.adjectives:
            if entry not in table.adjective_candidates(word):
                problems.append(f"{entry.actor_id} adjective {word}")
        for cap in entry.capitals:
            on = cap.valid_from or cap.valid_to or date(2024, 1, 1)
            if table.by_capital(cap.name, on) != entry:
                problems.append(f"{entry.actor_id} capital {cap.name} on {on}")
        for city in entry.cities:
            if table.by_city(city) != entry:
                problems.append(f"{entry.actor_id} city {city}")
    assert problems == []


@pytest.mark.parametrize(("name", "code"), [
    ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("United States", "USA"), ("America", "USA"),
    ("the United States", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("Great Britain", "GBR"),
    ("Russia", "RUS"), ("Russian Federation", "RUS"), ("DPRK", "PRK"), ("North Korea", "PRK"),
    ("ROK", "KOR"), ("South Korea", "KOR"), ("PRC", "CHN"), ("China", "CHN"), ("UAE", "ARE"),
    ("DRC", "COD"), ("Congo-Kinshasa", "COD"), ("Zaire", "COD"), ("Burma", "MMR"), ("Myanmar", "MMR"),
    ("Swaziland", "SWZ"), ("Eswatini", "SWZ"), ("Macedonia", "MKD"), ("North Macedonia", "MKD"),
    ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Czech Republic", "CZE"), ("Czechia", "CZE"),
    ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Kazakstan", "KAZ"),
    ("Kazakh SSR", "KAZ"), ("East Timor", "TLS"), ("Cape Verde", "CPV"), ("Kosovo", "XKX"),
    ("Taiwan", "TWN"), ("State of Palestine", "PSE"), ("Holy See", "VAT"), ("Vatican", "VAT"),
])
def test_common_names_and_renamings_resolve(table: ActorTable, name: str, code: str) -> None:
    assert table.country(code) in table.lookup(name)


def test_a_name_two_states_share_returns_both_and_counts_as_ambiguous(table: ActorTable) -> None:
    assert {e.code for e in table.lookup("Congo")} == {"COD", "COG"}
    assert table.is_ambiguous("Congo")


@pytest.mark.parametrize("name", ["Georgia", "Jordan", "Chad", "Turkey", "US", "Niger"])
def test_names_that_are_also_common_words_or_person_names_are_flagged(table: ActorTable, name: str) -> None:
    assert table.is_ambiguous(name)


def test_unambiguous_state_names_are_not_flagged(table: ActorTable) -> None:
    assert not table.is_ambiguous("Kazakhstan")
    assert not table.is_ambiguous("U.S.")


@pytest.mark.parametrize(("word", "code"), [
    ("Kazakh", "KAZ"), ("Kazakhstani", "KAZ"), ("Afghan", "AFG"), ("Pakistani", "PAK"), ("Uzbek", "UZB"),
    ("Tajik", "TJK"), ("Kyrgyz", "KGZ"), ("Turkmen", "TKM"), ("Iranian", "IRN"), ("Chinese", "CHN"),
    ("Russian", "RUS"), ("American", "USA"), ("U.S.", "USA"), ("British", "GBR"), ("French", "FRA"),
    ("German", "DEU"), ("Belarusian", "BLR"), ("Armenian", "ARM"), ("Azerbaijani", "AZE"),
    ("Georgian", "GEO"), ("Ukrainian", "UKR"), ("Israeli", "ISR"), ("Palestinian", "PSE"), ("Saudi", "SAU"),
    ("Emirati", "ARE"), ("Qatari", "QAT"), ("Turkish", "TUR"), ("Indian", "IND"), ("Burmese", "MMR"),
])
def test_nationality_adjectives_map_to_their_state(table: ActorTable, word: str, code: str) -> None:
    assert table.by_adjective(word) == table.country(code)


def test_an_adjective_shared_by_two_states_gives_no_single_answer(table: ActorTable) -> None:
    assert table.by_adjective("Congolese") is None
    assert {e.code for e in table.adjective_candidates("Congolese")} == {"COD", "COG"}


def test_demonyms_map_to_their_state(table: ActorTable) -> None:
    assert table.by_demonym("Afghans") == table.country("AFG")
    assert table.by_demonym("Kazakhs") == table.country("KAZ")


@pytest.mark.parametrize(("name", "on", "code"), [
    ("Almaty", date(1995, 6, 1), "KAZ"), ("Almaty", date(2011, 6, 1), None),
    ("Astana", date(2011, 6, 1), "KAZ"), ("Astana", date(2020, 6, 1), None),
    ("Nur-Sultan", date(2020, 6, 1), "KAZ"), ("Nur Sultan", date(2020, 6, 1), "KAZ"),
    ("Astana", date(2023, 6, 1), "KAZ"), ("Nur-Sultan", date(2023, 6, 1), None),
    ("Astana", date(2019, 3, 22), "KAZ"), ("Nur-Sultan", date(2019, 3, 23), "KAZ"),
    ("Rangoon", date(2004, 1, 1), "MMR"), ("Naypyidaw", date(2004, 1, 1), None),
    ("Naypyidaw", date(2010, 1, 1), "MMR"),
    ("Kiev", date(2015, 1, 1), "UKR"), ("Kyiv", date(2015, 1, 1), "UKR"), ("Moscow", None, "RUS"),
])
def test_capitals_are_dated(table: ActorTable, name: str, on: date | None, code: str | None) -> None:
    expected = table.country(code) if code else None
    assert table.by_capital(name, on) == expected


def test_a_former_capital_is_still_a_city_of_its_state(table: ActorTable) -> None:
    assert table.by_city("Almaty") == table.country("KAZ")
    assert table.by_city("Astana") == table.country("KAZ")
    assert table.by_city("Atlantis") is None


def test_kazakhstan_capital_spells_do_not_overlap(table: ActorTable) -> None:
    kaz = table.country("KAZ")
    assert kaz.capitals_on(date(2020, 1, 1)) == ("Nur-Sultan", "Nursultan")
    assert kaz.capitals_on(None) == ("Astana",)
    # exactly one city (in one or two spellings) is the capital on each day around the changes
    for day in (date(1997, 12, 9), date(1997, 12, 10), date(2019, 3, 22), date(2019, 3, 23),
                date(2022, 9, 17)):
        names = {normalize_name(n) for n in kaz.capitals_on(day)} - {"alma ata", "nursultan"}
        assert len(names) == 1, day


def test_isaf_is_not_active_after_it_ended(table: ActorTable) -> None:
    isaf = table.by_id("igo:ISAF")
    assert isaf.roles_on(date(2016, 1, 1)) == ()
    assert isaf.roles_on(date(2010, 1, 1)) != ()
    assert isaf.parent == "NATO" and isaf.org_kind == "military_mission"


def test_csto_members_are_dated(table: ActorTable) -> None:
    csto = table.by_id("igo:CSTO")
    assert "KAZ" in csto.members
    assert "UZB" in csto.members_on(date(2010, 1, 1))
    assert "UZB" not in csto.members_on(date(2015, 1, 1))
    assert "UZB" not in csto.members_on(None)


def test_membership_changes_follow_the_dates(table: ActorTable) -> None:
    nato, eu = table.by_id("igo:NATO"), table.by_id("igo:EU")
    assert "FIN" not in nato.members_on(date(2022, 1, 1)) and "FIN" in nato.members_on(date(2023, 5, 1))
    assert "GBR" in eu.members_on(date(2019, 1, 1)) and "GBR" not in eu.members_on(date(2021, 1, 1))
    sco = table.by_id("igo:SCO")
    assert "KAZ" in sco.members and "IND" not in sco.members_on(date(2010, 1, 1))


def test_country_roles_are_undated_and_carry_the_code(table: ActorTable) -> None:
    role = table.country("KAZ").role_on(date(2001, 1, 1))
    assert role is not None and role.country == "KAZ" and role.sector is None


def test_unknown_ids_and_codes_raise(table: ActorTable) -> None:
    with pytest.raises(OntologyError):
        table.country("XXX")
    with pytest.raises(OntologyError):
        table.by_id("igo:NOPE")
    assert table.get("igo:NOPE") is None


def test_name_normalisation() -> None:
    assert normalize_name("  The  Ivory\tCoast ") == "ivory coast"
    assert normalize_name("Côte d’Ivoire") == normalize_name("Cote d'Ivoire")
    assert normalize_name("Nur–Sultan") == normalize_name("Nur Sultan")
    assert normalize_name("U.S.") != normalize_name("us")


# A user file that overrides Kazakhstan and adds a person and a group (written for these tests).
PEOPLE = """
countries:
  - {code: KAZ, name: Kazakhstan, names: [Kazakhstan, Qazaqstan Respublikasy]}
people:
  - id: tester
    name: Test Person
    names: [Tester]
    roles:
      - {country: KAZ, sector: GOV, title: minister, valid_from: 2010-01-01, valid_to: 2014-12-31}
      - {country: null, sector: IGO, org: UN, title: envoy, valid_from: 2016-01-01, valid_to: 2018-12-31}
      - {country: KAZ, sector: GOV, title: president, valid_from: 2022-01-01}
groups:
  - id: TESTGRP
    name: Test Group
    names: [Test Group]
    kind: armed_group
    ucdp_id: "999"
    roles:
      - {country: AFG, sector: INS, valid_from: 1995-01-01, valid_to: 2001-12-31}
      - {country: AFG, sector: GOV, valid_from: 2001-12-01}
"""


@pytest.fixture()
def user_table(tmp_path: Path) -> ActorTable:
    return load_actor_table(extra_files=[_write(tmp_path / "mine.yaml", PEOPLE)])


def test_role_on_picks_the_active_role_then_the_last_ended_one(user_table: ActorTable) -> None:
    person = user_table.by_id("person:tester")
    assert person.role_on(date(2012, 1, 1)).title == "minister"  # type: ignore[union-attr]
    assert person.role_on(date(2015, 6, 1)).title == "minister"  # a former minister keeps his country
    assert person.role_on(date(2017, 1, 1)).org == "UN"  # type: ignore[union-attr]
    assert person.role_on(date(2023, 1, 1)).title == "president"  # type: ignore[union-attr]
    assert person.role_on(None).title == "president"  # type: ignore[union-attr]
    assert person.role_on(date(2000, 1, 1)) is None  # nothing had started, nothing had ended


def test_overlapping_roles_prefer_the_one_that_started_last(user_table: ActorTable) -> None:
    group = user_table.by_id("group:TESTGRP")
    assert group.role_on(date(2001, 12, 5)).sector == "GOV"  # type: ignore[union-attr]
    assert group.org_kind == "armed_group" and group.ucdp_id == "999"


def test_user_files_add_and_override_entries(user_table: ActorTable, table: ActorTable) -> None:
    assert len(user_table) == len(table) + 2
    kaz = user_table.country("KAZ")
    assert kaz.names == ("Kazakhstan", "Qazaqstan Respublikasy")
    assert user_table.lookup("Tester")[0].actor_id == "person:tester"
    assert user_table.lookup("Kazakstan") == ()  # the override replaced the whole entry


def test_merged_with_replaces_in_place_and_appends(table: ActorTable, user_table: ActorTable) -> None:
    merged = table.merged_with(user_table)
    assert [e.actor_id for e in merged][: len(table)] == [e.actor_id for e in table]
    assert merged.country("KAZ") == user_table.country("KAZ")


def test_missing_groups_and_people_files_are_fine(tmp_path: Path) -> None:
    for name in ("countries.yaml", "igos.yaml"):
        (tmp_path / name).write_bytes((ACTOR_DIR / name).read_bytes())
    table = load_actor_table(tmp_path)
    assert table.of_kind("group") == () and len(table.countries()) == 198


def test_a_missing_state_table_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="countries.yaml"):
        load_actor_table(tmp_path)


BOB = "people:\n  - id: bob\n    name: Bob\n"
BAD_FILES = {
    "unknown_key": ("people:\n  - {id: bob, name: Bob, party: X}\n", "'bob'"),
    "bad_date": (BOB + "    roles: [{country: KAZ, valid_from: 2019-13-45}]\n", "'bob'"),
    "reversed_dates": (BOB + "    roles: [{country: KAZ, valid_from: 2020-01-01, valid_to: 2019-01-01}]\n",
                       "'bob'"),
    "unknown_igo_org": (BOB + "    roles: [{sector: IGO, org: NOPE}]\n", "'bob'"),
    "duplicate_id": ("groups:\n  - {id: DUP, name: One}\n  - {id: DUP, name: Two}\n", "DUP"),
    "unknown_role_country": ("groups:\n  - id: GRP\n    name: Group\n"
                             "    roles: [{country: XYZ, sector: INS}]\n", "'GRP'"),
    "ambiguous_not_a_name": ("groups:\n  - {id: GRP, name: Group, ambiguous_names: [Other]}\n", "'GRP'"),
    "unknown_member": ("igos:\n  - {code: CLUB, name: Club, kind: forum, members: [KAZ, QQQ]}\n", "'CLUB'"),
    "unknown_parent": ("igos:\n  - {code: SUB, name: Sub body, kind: igo_body, parent: NOPE}\n", "'SUB'"),
    "bad_igo_kind": ("igos:\n  - {code: CLUB, name: Club, kind: club}\n", "'CLUB'"),
    "bad_capital_dates": ("countries:\n  - code: KAZ\n    name: Kazakhstan\n    capitals:\n"
                          "      - {name: Astana, valid_from: 2022-09-17, valid_to: 2019-03-22}\n", "'KAZ'"),
    "bad_country_code": ("countries:\n  - {code: kaz, name: Kazakhstan}\n", "kaz"),
    "unknown_section": ("persons:\n  - {id: bob, name: Bob}\n", "persons"),
    "not_a_mapping": ("- {id: bob, name: Bob}\n", "mapping"),
    "not_yaml": ("people: [unclosed\n", "cannot read"),
}


@pytest.fixture()
def small_dir(tmp_path: Path) -> Path:
    """A two-state, one-IGO base table: the validation tests need references, not 1,500 actors."""
    _write(tmp_path / "countries.yaml", "- {code: KAZ, name: Kazakhstan}\n- {code: AFG, name: Afghanistan}\n")
    _write(tmp_path / "igos.yaml", "- {code: UN, name: United Nations, kind: igo, members: [AFG, KAZ]}\n")
    return tmp_path


def test_the_small_base_table_itself_loads(small_dir: Path) -> None:
    assert len(load_actor_table(small_dir)) == 3


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_user_files_raise_naming_the_file_and_entry(small_dir: Path, tmp_path: Path, case: str) -> None:
    text, entry = BAD_FILES[case]
    path = _write(tmp_path / f"{case}.yaml", text)
    with pytest.raises(OntologyError) as excinfo:
        load_actor_table(small_dir, extra_files=[path])
    message = str(excinfo.value)
    assert path.name in message and entry in message, message


def test_a_bad_bundled_file_is_reported_with_its_entry(small_dir: Path) -> None:
    _write(small_dir / "people.yaml", "- id: bob\n  name: Bob\n  roles: [{country: QQQ}]\n")
    with pytest.raises(OntologyError, match=r"people\.yaml.*'bob'.*QQQ"):
        load_actor_table(small_dir)

"""Heads of state and government and other leaders that news names often resolve to their dated role."""

from __future__ import annotations

from datetime import date

import pytest

from berkut.ontology.actors import ActorTable, load_actor_table


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_actor_table()


def _person(table: ActorTable, name: str):  # type: ignore[no-untyped-def]
    people = [entry for entry in table.lookup(name) if entry.kind == "person"]
    assert len(people) == 1, f"{name!r} names {len(people)} people"
    return people[0]


@pytest.mark.parametrize(("name", "on", "country", "sector", "title"), [
    ("Maduro", date(2019, 2, 23), "VEN", "GOV", "president"),
    ("Nicolás Maduro", date(2010, 6, 1), "VEN", "GOV", "foreign minister"),
    ("Guaidó", date(2019, 4, 30), "VEN", "OPP", "self-proclaimed interim president"),
    ("Kim Jong Un", date(2018, 4, 27), "PRK", "GOV", "supreme leader"),
    ("Kim Jong Il", date(2005, 1, 1), "PRK", "GOV", "supreme leader"),
    ("Duterte", date(2017, 5, 23), "PHL", "GOV", "president"),
    ("Buhari", date(2016, 1, 1), "NGA", "GOV", "president"),
    ("Tinubu", date(2024, 1, 1), "NGA", "GOV", "president"),
    ("Kagame", date(2023, 5, 1), "RWA", "GOV", "president"),
    ("Museveni", date(2021, 1, 14), "UGA", "GOV", "president"),
    ("el-Sisi", date(2013, 7, 3), "EGY", "GOV", "defence minister"),
    ("Sisi", date(2017, 9, 19), "EGY", "GOV", "president"),
    ("Lukashenko", date(2020, 8, 10), "BLR", "GOV", "president"),
    ("Hun Sen", date(2017, 9, 4), "KHM", "GOV", "prime minister"),
    ("Prayut Chan-o-cha", date(2019, 1, 1), "THA", "GOV", "prime minister"),
    ("Sheikh Hasina", date(2018, 12, 30), "BGD", "GOV", "prime minister"),
    ("Dbeibah", date(2022, 2, 10), "LBY", "GOV", "prime minister"),
    ("Fayez al-Sarraj", date(2019, 4, 5), "LBY", "GOV", "prime minister of the government of national accord"),
    ("Abd-Rabbu Mansour Hadi", date(2015, 3, 26), "YEM", "GOV", "president"),
    ("Salva Kiir", date(2018, 9, 12), "SSD", "GOV", "president"),
    ("Riek Machar", date(2018, 9, 12), "SSD", "INS", "leader of the spla-in-opposition"),
    ("Riek Machar", date(2021, 1, 1), "SSD", "GOV", "first vice president"),
    ("Idriss Déby", date(2015, 1, 1), "TCD", "GOV", "president"),
    ("Mahamat Idriss Déby", date(2022, 1, 1), "TCD", "GOV", "chairman of the transitional military council"),
    ("Tshisekedi", date(2023, 5, 1), "COD", "GOV", "president"),
    ("Joseph Kabila", date(2010, 1, 1), "COD", "GOV", "president"),
    ("Kenyatta", date(2017, 8, 8), "KEN", "GOV", "president"),
    ("Ruto", date(2024, 6, 25), "KEN", "GOV", "president"),
    ("Akufo-Addo", date(2020, 1, 1), "GHA", "GOV", "president"),
    ("George Weah", date(2020, 1, 1), "LBR", "GOV", "president"),
    ("Faure Gnassingbé", date(2020, 1, 1), "TGO", "GOV", "president"),
    ("Boric", date(2023, 1, 1), "CHL", "GOV", "president"),
    ("Pedro Castillo", date(2022, 12, 7), "PER", "GOV", "president"),
    ("Guillermo Lasso", date(2022, 1, 1), "ECU", "GOV", "president"),
    ("Daniel Noboa", date(2024, 1, 9), "ECU", "GOV", "president"),
    ("Bukele", date(2022, 3, 27), "SLV", "GOV", "president"),
    ("Daniel Ortega", date(2018, 6, 1), "NIC", "GOV", "president"),
    ("Díaz-Canel", date(2020, 6, 1), "CUB", "GOV", "president"),
    ("Orbán", date(2023, 12, 14), "HUN", "GOV", "prime minister"),
    ("Vučić", date(2023, 1, 1), "SRB", "GOV", "president"),
    ("Erdogan", date(2020, 1, 1), "TUR", "GOV", "president"),
    ("Ziyad al-Nakhalah", date(2023, 10, 8), "PSE", "REB", "secretary-general of islamic jihad"),
    ("Mohammed Deif", date(2023, 10, 7), "PSE", "REB", "commander of the qassam brigades"),
])
def test_leaders_resolve_to_their_role_on_the_date(
    table: ActorTable, name: str, on: date, country: str, sector: str, title: str
) -> None:
    role = _person(table, name).role_on(on)
    assert role is not None
    assert (role.country, role.sector, role.title) == (country, sector, title)


def test_non_state_leaders_carry_their_group() -> None:
    table = load_actor_table()
    assert _person(table, "Abu Hafs al-Hashimi al-Qurashi").role_on(date(2024, 1, 1)).org == "ISIS"  # type: ignore[union-attr]
    assert _person(table, "Khalid Batarfi").role_on(date(2022, 1, 1)).org == "AQAP"  # type: ignore[union-attr]
    assert _person(table, "Ahmed Umar").role_on(date(2020, 1, 1)).org == "AL_SHABAAB"  # type: ignore[union-attr]


def test_a_surname_shared_by_relatives_or_namesakes_is_flagged(table: ActorTable) -> None:
    for surname in ("Déby", "Castro", "Marcos", "Duterte", "Noboa", "Santos", "Orbán", "Fico"):
        assert table.is_ambiguous(surname), surname


def test_a_former_leader_keeps_his_country_after_leaving_office(table: ActorTable) -> None:
    role = _person(table, "Hosni Mubarak").role_on(date(2012, 6, 2))
    assert role is not None and (role.country, role.sector) == ("EGY", "GOV")

"""The place tables in ontology/places.yaml: loaded, validated, and used by the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from berkut.errors import OntologyError
from berkut.ontology.places import PLACES_FILE, load_place_tables


def test_bundled_tables_load() -> None:
    tables = load_place_tables()
    assert tables.us_state_abbreviations["calif"] == "CA"
    assert tables.demonyms["dutch"] == "NLD" and tables.demonyms["kurdish"] is None
    assert "U.S." in tables.country_aliases["US"]
    assert tables.country_centres["NO"] == (62.0, 10.0)  # "NO" is Norway, not YAML's false
    west_bank = next(r for r in tables.regions if r.name == "West Bank")
    assert west_bank.country == "PS" and west_bank.population > 0
    helmand = next(d for d in tables.divisions if d.name == "Helmand")
    assert helmand.country == "AF" and helmand.centre is None
    assert "province" in tables.division_words and "january" in tables.not_places
    assert len(tables.digest) == 12


def _write(tmp_path: Path, change: dict[str, object]) -> Path:
    data = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    data.update(change)
    path = tmp_path / "places.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"us_state_abbreviations": {"calif": "California"}}, "us_state_abbreviations"),
        ({"demonyms": {"dutch": "NL"}}, "demonyms"),
        ({"country_centres": {"US": [139.0, 0.0]}}, "country_centres"),
        ({"regions": [{"name": "Sahel", "aliases": [], "lat": 15.0, "lon": 5.0, "country": None}]}, "regions"),
        ({"divisions": [{"name": "Helmand", "aliases": [], "country": "AFG", "capital": "x"}]}, "divisions"),
        ({"unknown": []}, "unknown"),
    ],
)
def test_malformed_tables_are_refused(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(OntologyError, match=message):
        load_place_tables(_write(tmp_path, change))


def test_region_population_reaches_the_gazetteer() -> None:
    from berkut.coding.gazetteer import load_gazetteer

    # England the region, not England, Arkansas: the region carries its population into the prior.
    england = [c for c in load_gazetteer().candidates("England") if c.feature == "region"]
    assert england and england[0].population > 1_000_000

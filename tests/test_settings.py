"""Settings: declared once, resolved defaults → TOML → environment → overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from berkut.errors import SettingsError
from berkut.settings import SETTINGS, load_settings


def test_every_setting_has_help_and_a_unique_name() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help.strip() for s in SETTINGS)


def test_resolution_order(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('batch_size = 8\nspacy_model = "from_file"\n', encoding="utf-8")
    env = {"BERKUT_BATCH_SIZE": "16", "BERKUT_DATA_DIR": str(tmp_path)}
    s = load_settings({"n_process": 2}, environ=env, path=config)
    assert s.spacy_model == "from_file"  # file beats default
    assert s.batch_size == 16  # environment beats file
    assert s.n_process == 2  # overrides beat everything
    assert s.store_url == f"sqlite:///{tmp_path / 'berkut.db'}"


def test_database_url_overrides_the_data_dir_store(tmp_path: Path) -> None:
    env = {"BERKUT_DATABASE_URL": "postgresql+psycopg://u@h/db"}
    assert load_settings(environ=env, path=tmp_path / "x.toml").store_url == "postgresql+psycopg://u@h/db"


def test_bad_values_and_unknown_names_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="batch_size"):
        load_settings(environ={"BERKUT_BATCH_SIZE": "many"}, path=tmp_path / "x.toml")
    config = tmp_path / "config.toml"
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'colour'"):
        load_settings(environ={}, path=config)


def test_place_country_hint_is_a_list_of_iso3_codes(tmp_path: Path) -> None:
    assert load_settings(environ={}, path=tmp_path / "x.toml").place_country_hints == ()
    env = {"BERKUT_PLACE_COUNTRY_HINT": "usa, CAN,,usa"}
    assert load_settings(environ=env, path=tmp_path / "x.toml").place_country_hints == ("USA", "CAN")

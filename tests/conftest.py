"""Shared fixtures. Model-backed fixtures are session-scoped: the spaCy model loads once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that read it skip cleanly where it is absent."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"shared data not present at {path}")
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not present at {path}")
    return path


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One real pipeline per test session, isolated from the user's settings and data folder."""
    from berkut.pipeline import Pipeline
    from berkut.settings import load_settings

    data = tmp_path_factory.mktemp("berkut-data")
    return Pipeline(load_settings({"data_dir": str(data)}, environ={}, path=Path("/nonexistent")))


@pytest.fixture()
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings isolated from the user's files: a temporary data folder and SQLite store."""
    from berkut.settings import load_settings

    return load_settings({"data_dir": str(tmp_path)}, environ={}, path=tmp_path / "none.toml")


@pytest.fixture()
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BERKUT_")}
    env["BERKUT_DATA_DIR"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    yield env

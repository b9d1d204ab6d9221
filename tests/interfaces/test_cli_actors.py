"""``berkut actors import`` and ``berkut actors show``, run through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from berkut.interfaces.cli import app

runner = CliRunner()

# Written for this test in PETRARCH's format (nothing copied from the PETRARCH files).
ACTORS = """\
<!-- test dictionary -->
FREEDONIA_ [FRD]
+FREEDONIAN_REPUBLIC
RUFUS_FIREFLY_   # dated codes
\t[FRDELI <19330101]
\t[FRDGOV 19330101-19351231]
\t[FRDELI]
BROKEN_ [FRDGOV 1933-]
"""
AGENTS = "HARBOUR_MASTER [~GOV]\nTOWN_CRIER {} [~MED]\n"


@pytest.mark.parametrize(("name", "on", "code"), [
    ("Tokayev", "2022-01-06", "KAZGOV"),
    ("Tokayev", "2015-01-01", "KAZLEG"),
    ("Taliban", "2011-05-22", "AFGINS"),
    ("Taliban", "2022-01-06", "AFGGOV"),
])
def test_show_gives_the_code_of_the_role_active_on_the_date(
    cli_env: dict[str, str], name: str, on: str, code: str
) -> None:
    result = runner.invoke(app, ["actors", "show", name, "--date", on], env=cli_env)
    assert result.exit_code == 0, result.output
    assert f"on {on}: {code}" in result.output
    chosen = [line for line in result.output.splitlines() if line.lstrip().startswith("→")]
    assert len(chosen) == 1 and code in chosen[0]


def test_show_json_lists_every_role_with_dates(cli_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["actors", "show", "Taliban", "--date", "2011-05-22", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (match,) = data["matches"]
    assert match["id"] == "group:TALIBAN" and match["code"] == "AFGINS"
    chosen = [role for role in match["roles"] if role["chosen"]]
    assert chosen == [{"code": "AFGINS", "title": None, "valid_from": "2001-11-14", "valid_to": "2021-08-14",
                       "active": True, "chosen": True}]


def test_show_an_unknown_name_exits_1_and_says_what_else_it_is(cli_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["actors", "show", "Astana", "--date", "2011-05-22"], env=cli_env)
    assert result.exit_code == 1
    assert "no actor has this name" in result.output
    assert "capital of country:KAZ" in result.output


def test_show_rejects_a_bad_date(cli_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["actors", "show", "Tokayev", "--date", "22/01/06"], env=cli_env)
    assert result.exit_code != 0


def test_import_writes_files_the_loader_reads_and_show_explains_them(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    actors = tmp_path / "test.actors.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents = tmp_path / "test.agents.txt"
    agents.write_text(AGENTS, encoding="utf-8")
    out = tmp_path / "user_actors.yaml"
    args = ["actors", "import", str(actors), str(agents), "--output", str(out)]
    result = runner.invoke(app, args, env=cli_env)
    assert result.exit_code == 0, result.output
    assert "1 people" in result.output and "1 declared states" in result.output
    assert f"{actors}:8:" in result.output  # the broken line, named by file and line
    assert "checked: berkut's loader reads" in result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [c["code"] for c in data["countries"]] == ["FRD"]
    sectors = yaml.safe_load((tmp_path / "user_actors.sectors.yaml").read_text(encoding="utf-8"))
    assert sectors["sectors"]["GOV"]["nouns"] == ["harbour master"]

    show = ["actors", "show", "Rufus Firefly", "--actor-file", str(out), "--date"]
    shown = runner.invoke(app, [*show, "1934-05-01"], env=cli_env)
    assert shown.exit_code == 0, shown.output
    assert "on 1934-05-01: FRDGOV" in shown.output
    later = runner.invoke(app, [*show, "1950-01-01"], env=cli_env)
    assert "on 1950-01-01: FRDELI" in later.output

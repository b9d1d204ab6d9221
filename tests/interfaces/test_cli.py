"""The command line as a user runs it: real processes, a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

DOCS = [
    {
        "id": "k1",
        "date": "2011-05-22",
        "title": "Warning",
        "text": "The Taliban warned Kazakhstan on Saturday against sending troops to Afghanistan.",
    },
    {
        "id": "k2",
        "date": "2021-12-27",
        "text": "Taliban Foreign Minister Amir Khan Muttaqi hosted a Kazakh trade delegation in Kabul on Saturday.",
    },
    {
        "id": "k3",
        "date": "2022-01-07",
        "text": 'Police clashed with protesters in Almaty on Thursday. "We will restore order," Tokayev said.',
    },
]


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "berkut.interfaces.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in DOCS) + "\n{broken\n", encoding="utf-8")
    return path


def test_analyze_prints_one_line_per_input_and_reports_bad_lines(
    corpus: Path, cli_env: dict[str, str]
) -> None:
    result = run(["analyze", str(corpus)], cli_env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in lines] == ["k1", "k2", "k3", "docs:4"]
    assert lines[0]["events"][0]["source"]["code"] == "AFGINS"
    assert lines[3]["errors"] and "invalid JSON" in lines[3]["errors"][0] and "events" not in lines[3]


def test_analyze_fails_only_when_nothing_could_be_read(tmp_path: Path, cli_env: dict[str, str]) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    result = run(["analyze", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")], cli_env)
    assert result.returncode == 3
    assert len(result.stdout.splitlines()) == 2 and "nothing could be read" in result.stderr


def test_analyze_reads_standard_input_with_a_date(cli_env: dict[str, str]) -> None:
    result = run(
        ["analyze", "--date", "2022-01-06"], cli_env, stdin="Russia sent troops to Kazakhstan on Thursday."
    )
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["date"] == "2022-01-06" and doc["times"][0]["value"] == "2022-01-06"


def test_ingest_is_idempotent_and_events_and_dyad_read_the_store(
    corpus: Path, cli_env: dict[str, str]
) -> None:
    first = run(["ingest", str(corpus)], cli_env)
    assert "3 stored" in first.stdout and "1 failed" in first.stdout, first.stdout + first.stderr
    second = run(["ingest", str(corpus)], cli_env)
    assert "0 stored" in second.stdout and "3 already stored" in second.stdout
    assert Path(cli_env["BERKUT_DATA_DIR"], "berkut.db").is_file()

    rows = [
        json.loads(r)
        for r in run(["events", "--dyad", "AFG-KAZ", "--format", "jsonl"], cli_env).stdout.splitlines()
    ]
    assert {(r["source_code"], r["target_code"]) for r in rows} >= {("AFGINS", "KAZ")}
    conflict = run(["events", "--root", "11", "--root", "13", "--format", "csv"], cli_env).stdout.splitlines()
    assert conflict[0].startswith("id,") and len(conflict) == 2
    dyad = run(["dyad", "AFG", "KAZ", "--format", "jsonl"], cli_env).stdout.splitlines()
    periods = {json.loads(r)["period"]: json.loads(r) for r in dyad}
    assert periods["2011-05"]["quad3"] == 1 and periods["2011-05"]["goldstein_sum"] < 0
    assert periods["2021-12"]["quad1"] >= 1  # the Taliban host a Kazakh delegation

    quotes = [json.loads(r) for r in run(["quotes", "--speaker", "Tokayev", "--format", "jsonl"], cli_env).stdout.splitlines()]
    assert [(q["speaker_code"], q["content"]) for q in quotes] == [("KAZGOV", "We will restore order")]
    near = run(["events", "--near", "Almaty", "--radius", "50", "--format", "jsonl"], cli_env).stdout.splitlines()
    assert near and all(json.loads(r)["location_name"] == "Almaty" for r in near)
    far = run(["events", "--near", "41.3,69.2", "--radius", "50", "--format", "jsonl"], cli_env).stdout.splitlines()
    assert far == []  # Tashkent: nothing happened there
    places = run(["places", "--country", "KAZ", "--format", "jsonl"], cli_env).stdout.splitlines()
    assert "Almaty" in {json.loads(r)["name"] for r in places}


def test_explain_and_errors_at_the_edge(cli_env: dict[str, str]) -> None:
    explained = run(["explain", "0232"], cli_env)
    assert explained.returncode == 0 and "military aid" in explained.stdout.lower()
    unknown = run(["explain", "9999"], cli_env)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    bad = run(["events", "--from", "yesterday"], cli_env)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_the_readme_commands_are_the_ones_ci_runs() -> None:
    repo = Path(__file__).resolve().parents[2]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.splitlines() if line.startswith("    pip install")]
    assert len(commands) == 2, "the README opens with exactly two commands"
    assert "berkut ingest --sample" in commands[0] and "pytest" in commands[1]
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install \\." in ci and "pip install -e" in ci and "sed -n" in ci
    for command in (
        "analyze", "explain", "ingest", "events", "dyad", "evaluate", "settings", "serve", "actors show",
        "actors import", "quotes", "places",
    ):
        assert f"berkut {command}" in readme, f"berkut {command} is not documented"


def test_every_command_has_help() -> None:
    from typer.main import get_command

    from berkut.interfaces.cli import app

    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert (command.help or "").strip(), f"berkut {name} has no help"
    env = dict(os.environ)
    assert run(["--help"], env).returncode == 0

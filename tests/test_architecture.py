"""The house rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "berkut"


def test_data_flows_one_way() -> None:
    """The import-linter contract in pyproject.toml: stages import the kernel, never each other."""
    lint = shutil.which("lint-imports")
    if lint is None:
        pytest.fail("import-linter is a test dependency: pip install -e '.[test]'")
    result = subprocess.run(
        [lint, "--config", str(REPO / "pyproject.toml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": str(Path(sys.executable).parent)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_library_code_never_prints() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if "interfaces" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print", "exit")
            ):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_public_api_all_is_sorted_and_importable() -> None:
    import berkut

    assert berkut.__all__ == sorted(berkut.__all__)
    for name in berkut.__all__:
        assert getattr(berkut, name) is not None


def test_the_repository_holds_no_seed_text() -> None:
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("seeds not present")
    sentences = []
    for seed in seeds.glob("*.txt"):
        for chunk in seed.read_text(encoding="utf-8").replace("\n", " ").split(". "):
            chunk = " ".join(chunk.split())
            if len(chunk) > 60:
                sentences.append(chunk[:60])
    tracked = [
        p
        for p in REPO.rglob("*")
        if p.is_file()
        and ".git" not in p.parts
        and p.suffix in (".py", ".md", ".jsonl", ".yaml", ".txt", ".html", ".json", ".tsv")
    ]
    for path in tracked:
        content = " ".join(path.read_text(encoding="utf-8", errors="ignore").split())
        copied = [s for s in sentences if s in content]
        assert not copied, f"{path} contains seed text: {copied[:2]}"

"""docs/monitoring.md is tested: its watchlist file loads, and every watching command is documented."""

from __future__ import annotations

import io
import re
from pathlib import Path

from berkut.monitor import build_notifiers, load_config
from berkut.settings import load_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "monitoring.md"


def test_the_documented_watchlist_file_loads(tmp_path: Path) -> None:
    (block,) = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    path = tmp_path / "watch.yaml"
    path.write_text(block, encoding="utf-8")
    watchlists, notify = load_config(path)
    assert [w.name for w in watchlists] == ["kazakh-unrest", "taliban-neighbours", "csto-statements"]
    settings = load_settings(environ={}, path=tmp_path / "none.toml")
    channels = [n.channel for n in build_notifiers(notify, settings, console=io.StringIO())]
    assert channels == ["console", "jsonl:alerts.jsonl", "webhook:https://hooks.example.org/berkut",
                        "email:desk@example.org"]  # fmt: skip


def test_every_watching_command_is_documented() -> None:
    from typer.main import get_command

    from berkut.interfaces.cli import app

    text = DOC.read_text(encoding="utf-8")
    group = get_command(app)
    mine = ["actor", "country", "dyad", "search", "export", "watch", "alerts", "recluster", "watchlist", "ingest"]
    for name in mine:
        assert name in group.commands, name  # type: ignore[attr-defined]
        assert f"berkut {name}" in text, f"berkut {name} is not in docs/monitoring.md"
    for sub in ("add", "list", "remove"):
        assert f"berkut watchlist {sub}" in text

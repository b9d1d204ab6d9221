"""What the accuracy scripts share: data paths, the command line, pipeline construction, reporting.

The dev sets live outside the repository, in ``../shared/data`` beside the checkout (see
``shared/data/README.md``); a script whose data is absent prints why and exits 0, so CI without the
folder stays green.  Nothing here copies the data: it is read where it lies.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from berkut.model import Analysis, Document, Event
from berkut.pipeline import Pipeline
from berkut.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"

# The Phoenix quad classes of the ConfliBERT sets (not GDELT's 1-4 in cameo.tsv): 0 = roots 01-02
# (make statements, appeal), 1 = 03-05 (verbal cooperation), 2 = 06-08 (material cooperation),
# 3 = 09-13 and 16 (verbal conflict), 4 = 14-15 and 17-20 (material conflict).
PHOENIX_QUAD = {
    **{f"{r:02d}": 0 for r in (1, 2)},
    **{f"{r:02d}": 1 for r in (3, 4, 5)},
    **{f"{r:02d}": 2 for r in (6, 7, 8)},
    **{f"{r:02d}": 3 for r in (9, 10, 11, 12, 13, 16)},
    **{f"{r:02d}": 4 for r in (14, 15, 17, 18, 19, 20)},
}


def parser(description: str, default_limit: int | None = None) -> argparse.ArgumentParser:
    """The options every script takes: --limit, --json, --data."""
    args = argparse.ArgumentParser(description=description)
    args.add_argument("--limit", type=int, default=default_limit,
                      help=f"score only the first N items (default: {default_limit or 'all'})")
    args.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args.add_argument("--data", type=Path, default=DATA, help=f"the shared data folder (default: {DATA})")
    return args


def require(path: Path) -> Path:
    """``path``, or a clean exit (status 0) saying the shared data is absent."""
    if not path.exists():
        print(f"skipped: {path} not found (the shared data folder is not present)")
        sys.exit(0)
    return path


def build_pipeline(actor_files: Sequence[Path] = (), sector_files: Sequence[Path] = ()) -> Pipeline:
    """A pipeline with default settings (the user's config and BERKUT_* variables are ignored, so runs
    are comparable), plus extra actor files and sector-noun files."""
    settings = load_settings(
        {
            "actor_files": os.pathsep.join(str(p) for p in actor_files),
            "sector_files": os.pathsep.join(str(p) for p in sector_files),
        },
        environ={},
        path=Path("/nonexistent"),
    )
    return Pipeline(settings)


def analyze(pipeline: Pipeline, documents: Iterable[Document], every: int = 200) -> Iterator[Analysis]:
    """The pipeline's analyses, with a progress line on stderr every ``every`` documents."""
    started = time.perf_counter()
    for n, analysis in enumerate(pipeline.analyze(documents), 1):
        if n % every == 0:
            print(f"  {n} documents, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        yield analysis


def kept(events: Iterable[Event], hypothetical: bool = False) -> list[Event]:
    """Events a consumer keeps: never negated ones; hypothetical ones only when asked."""
    return [e for e in events if not e.negated and (hypothetical or not e.hypothetical)]


def best_event(events: Iterable[Event]) -> Event | None:
    """The most confident event that is neither negated nor hypothetical (first on ties)."""
    candidates = kept(events)
    return max(candidates, key=lambda e: e.confidence) if candidates else None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def machine() -> dict[str, Any]:
    """Where and on what a run happened, for the results file."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=False).stdout.strip()
        # --no-optional-locks: a status run must not refresh the index other people work with
        dirty = bool(subprocess.run(["git", "--no-optional-locks", "status", "--porcelain",
                                     "--untracked-files=no"], cwd=REPO,
                                    capture_output=True, text=True, check=False).stdout.strip())
    except OSError:
        commit, dirty = "", False
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "commit": commit + (" (working tree with uncommitted changes)" if dirty else ""),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
    }


def finish(figures: dict[str, Any], json_path: Path | None, started: float) -> None:
    """Add the run's circumstances and duration, and write the JSON file if one was asked for."""
    figures["run"] = {**machine(), "seconds": round(time.perf_counter() - started, 1)}
    run = figures["run"]
    print(f"\n{run['seconds']} s on {run['machine']}; commit {run['commit']}")
    if json_path is not None:
        json_path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {json_path}")

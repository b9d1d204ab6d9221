"""Fixtures for the API and dashboard tests: the sample corpus in a SQLite store, shared per session,
plus one hand-made article that carries a ``<script>`` and an event with coordinates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from berkut.model import (
    Analysis,
    DatePrecision,
    DateSource,
    Document,
    Event,
    Explanation,
    Mention,
    Place,
    PlaceSource,
    TimeExpr,
)

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "berkut" / "sample" / "reports.jsonl"
TOKEN = "test-write-token"
HOSTILE_TEXT = (
    "Uzbekistan sent troops <script>window.pwned = true</script> to Dushanbe on Monday, officials said."
)
HOSTILE_TITLE = '<img src=x onerror="window.pwned = true"> Troops & <i>tags</i>'


def hostile_analysis() -> Analysis:
    """An article whose text holds a script tag, with one event located in Dushanbe."""
    text = HOSTILE_TEXT
    sentence = (0, len(text))

    def at(word: str) -> tuple[int, int]:
        i = text.index(word)
        return (i, i + len(word))

    uzb = Mention("Uzbekistan", at("Uzbekistan"), "UZB", "UZB", None, None, "Uzbekistan", "country:UZB")
    tjk = Mention("Dushanbe", at("Dushanbe"), "TJKGOV", "TJK", "GOV", None, "Tajikistan", "country:TJK")
    dushanbe = Place("Dushanbe", at("Dushanbe"), "Dushanbe", "TJK", 38.536, 68.780, 1221874)
    monday = TimeExpr(
        "Monday", at("Monday"), date(2022, 1, 10), DatePrecision.DAY, "weekday before publication"
    )
    event = Event(
        sentence=0, text=text, span=sentence, source=uzb, target=tjk,
        cameo="150", cameo_root="15", quad_class=4, goldstein=-7.2, plover_type="MOBILIZE",
        plover_mode=None, plover_context=(), date=date(2022, 1, 10), date_precision=DatePrecision.DAY,
        date_text="Monday", date_reason="weekday before publication", date_source=DateSource.CLAUSE,
        verb_span=at("sent"),
        explanation=Explanation("verb 'sent', source from subject", "send", "send_troops",
                                ("name 'Uzbekistan' → country:UZB",)),
        confidence=0.8, location=dushanbe, location_source=PlaceSource.CLAUSE,
    )  # fmt: skip
    document = Document("hostile", text, date(2022, 1, 12), title=HOSTILE_TITLE)
    return Analysis(document, mentions=(uzb, tjk), times=(monday,), places=(dushanbe,), events=(event,))


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> str:
    """A SQLite store with the bundled sample corpus ingested (as ``berkut ingest --sample``)."""
    from berkut.ingest import ingest
    from berkut.sources import iter_paths
    from berkut.store import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'berkut.db'}"
    with open_store(url) as store:
        report = ingest(iter_paths([str(SAMPLE)], None), store, pipeline)
        assert report.stored > 40 and report.events > 100, report.summary()
        assert store.add(hostile_analysis()).stored
    return url


def make_settings(tmp_path: Path, url: str, **extra: Any) -> Any:
    from berkut.settings import load_settings

    return load_settings({"data_dir": str(tmp_path), "database_url": url, **extra}, environ={},
                         path=tmp_path / "none.toml")  # fmt: skip


@pytest.fixture()
def store_copy(sample_db: str, tmp_path: Path) -> str:
    """A private copy of the sample store, for tests that write (watchlists)."""
    import shutil

    target = tmp_path / "copy.db"
    shutil.copy(sample_db.removeprefix("sqlite:///"), target)
    return f"sqlite:///{target}"


@pytest.fixture()
def client(sample_db: str, tmp_path: Path, pipeline: Any) -> Iterator[Any]:
    """A TestClient over the shared sample store; writes enabled with ``TOKEN``; read-only use."""
    from fastapi.testclient import TestClient

    from berkut.interfaces.api import create_app

    app = create_app(make_settings(tmp_path, sample_db, api_token=TOKEN))
    app.state.berkut._pipeline = pipeline  # the session's model, loaded once
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def live_server(sample_db: str, tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[str]:
    """A real uvicorn server on a free 127.0.0.1 port, over a copy of the sample store; yields its URL."""
    import shutil
    import socket
    import threading
    import time

    import uvicorn

    from berkut.interfaces.api import create_app

    folder = tmp_path_factory.mktemp("live")
    shutil.copy(sample_db.removeprefix("sqlite:///"), folder / "berkut.db")
    app = create_app(make_settings(folder, f"sqlite:///{folder / 'berkut.db'}", api_token=TOKEN))
    app.state.berkut._pipeline = pipeline
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

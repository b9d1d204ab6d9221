"""The watching commands as a user runs them: watch, watchlist, alerts, export, actor, country, dyad, search."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from berkut.errors import QueryError, SettingsError
from berkut.interfaces.cli import app
from berkut.store import Store, open_store

runner = CliRunner()
DAY = date(2024, 3, 4)


def invoke(env: dict[str, str], *args: str) -> Any:
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "BERKUT_HOST_DELAY": "0", "BERKUT_HTTP_RETRIES": "0"}


@pytest.fixture
def filled(env: dict[str, str], b) -> Store:  # type: ignore[no-untyped-def]
    with open_store(f"sqlite:///{Path(env['BERKUT_DATA_DIR']) / 'berkut.db'}") as store:
        for week, count in enumerate([1, 1, 1, 1, 4]):
            for i in range(count):
                day = DAY + timedelta(weeks=week, days=i)
                text = f"Kazakh police detained {week * 10 + i} peacekeeping volunteers in district {week}-{i}."
                store.add(b.doc(f"w{week}-{i}", "wire.test", b.ev("KAZCOP", "173", "KAZOPP", day, text)))
        store.add(b.doc("talks", "post.test", b.ev("KAZ", "040", "RUS", DAY, "Kazakhstan and Russia held talks.")))
        return store


def test_actor_country_and_dyad_trends_with_charts(filled: Store, env: dict[str, str], tmp_path: Path) -> None:
    result = invoke(env, "actor", "kazcop", "--by", "week", "--format", "jsonl", "--chart", str(tmp_path / "a.png"))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["events"] for r in rows] == [1, 1, 1, 1, 4] and rows[-1]["change"] == "extreme"
    assert rows[-1]["plover"] == {"COERCE": 4} and rows[-1]["per_100_articles"] == 100.0
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    table = invoke(env, "country", "KAZ", "--by", "month", "--plover", "--format", "csv")
    header = table.stdout.splitlines()[0].split(",")
    assert header[:2] == ["period", "events"] and "COERCE" in header and "CONSULT" in header
    dyad = invoke(env, "dyad", "KAZ", "RUS", "--by", "day", "--format", "jsonl", "--chart", str(tmp_path / "d.svg"))
    assert [json.loads(line)["events"] for line in dyad.stdout.splitlines()] == [1]
    assert b"<svg" in (tmp_path / "d.svg").read_bytes()[:500]


def test_search_finds_sentences_and_their_events(filled: Store, env: dict[str, str]) -> None:
    result = invoke(env, "search", "peacekeeping", "--limit", "2")
    assert result.exit_code == 0 and result.stdout.count("peacekeeping volunteers") == 2
    assert "KAZCOP 173 KAZOPP" in result.stdout and result.stdout.rstrip().endswith("2 sentences")
    hits = [json.loads(line) for line in invoke(env, "search", "talks", "--format", "jsonl").stdout.splitlines()]
    assert hits[0]["events"][0]["cameo"] == "040"


@pytest.mark.parametrize("fmt", ["gdelt", "plover", "acled", "parquet"])
def test_export_with_the_event_filters(filled: Store, env: dict[str, str], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = invoke(env, "export", "--format", fmt, "--output", str(out), "--actor", "KAZCOP", "--from", "2024-04-01")
    assert result.exit_code == 0, result.output
    assert "4 events written" in result.stderr
    assert out.stat().st_size > 0
    assert invoke(env, "export", "-f", "gdelt", "-o", "-", "--root", "4").stdout.count("\n") == 2  # header + 1


def test_watchlists_from_the_command_line(env: dict[str, str]) -> None:
    added = invoke(env, "watchlist", "add", "unrest", "--country", "kaz", "--root", "14", "--root", "17",
                   "--place", "43.25,76.91,30", "--severity", "medium", "--spike-by", "week")  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = invoke(env, "watchlist", "list", "--format", "jsonl")
    (spec,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert spec["countries"] == ["kaz"] and spec["places"] == [{"lat": 43.25, "lon": 76.91, "radius_km": 30.0}]
    assert spec["spike"]["by"] == "week"
    bad = invoke(env, "watchlist", "add", "bad", "--dyad", "AFG")
    assert isinstance(bad.exception, SettingsError)
    assert invoke(env, "watchlist", "remove", "unrest").exit_code == 0
    assert isinstance(invoke(env, "watchlist", "remove", "unrest").exception, QueryError)
    assert invoke(env, "watchlist", "list").stdout.strip() == "0 watchlists"


def test_watch_needs_something_to_watch_and_a_sane_interval(env: dict[str, str], tmp_path: Path) -> None:
    assert "nothing to watch" in str(invoke(env, "watch").exception)
    (tmp_path / "w.yaml").write_text("watchlists: [{name: a}]\n", encoding="utf-8")
    assert "--every" in str(invoke(env, "watch", "--watchlists", str(tmp_path / "w.yaml"), "--every", "5x").exception)


@pytest.mark.model
def test_watch_once_polls_codes_alerts_and_delivers(env: dict[str, str], web, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = ("<html><head><title>Police detain activists</title></head><body><article>"
               "<p>Kazakh police arrested twelve opposition activists in Almaty on Monday.</p>"
               "<p>The activists had planned a rally against rising prices, their lawyer said.</p>"
               "</article></body></html>")  # fmt: skip
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Wire</title><item><title>Detained'
            f'</title><link>{web.url("/arrests")}</link><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>'
            "</channel></rss>")  # fmt: skip
    web.serve("/feed.xml", feed, content_type="application/rss+xml", etag='"1"')
    web.serve("/arrests", article)
    (tmp_path / "feeds.txt").write_text(web.url("/feed.xml") + "\n", encoding="utf-8")
    alerts_file = tmp_path / "alerts.jsonl"
    (tmp_path / "watch.yaml").write_text(
        "watchlists:\n  - name: kaz-arrests\n    countries: [KAZ]\n    roots: ['17']\n    min_confidence: 0.3\n"
        f"notify:\n  - jsonl: {alerts_file}\n  - webhook: {{url: '{web.url('/hook')}', digest: true}}\n",
        encoding="utf-8",
    )  # fmt: skip
    args = ["watch", "--once", "--feeds", str(tmp_path / "feeds.txt"), "--watchlists", str(tmp_path / "watch.yaml")]
    first = invoke(env, *args)
    assert first.exit_code == 0, first.output
    assert "[HIGH] kaz-arrests: Kazakh police" in first.stdout  # on the console as well
    assert "1 new alerts from 1 watchlists" in first.stderr
    (alert,) = [json.loads(line) for line in alerts_file.read_text(encoding="utf-8").splitlines()]
    assert alert["evidence"][0]["sentence"].startswith("Kazakh police arrested twelve opposition activists")
    assert alert["evidence"][0]["url"] == web.url("/arrests") and alert["event_ids"]
    (hook,) = [json.loads(r["body"]) for r in web.requests if r["path"] == "/hook"]
    assert hook["digest"] and hook["alerts"][0]["id"] == alert["id"]

    second = invoke(env, *args)  # nothing new: a 304 for the feed, no page fetched, no alert
    assert second.exit_code == 0 and "0 new alerts" in second.stderr and "1 unchanged" in second.stderr
    assert web.hits("/arrests") == 1 and len(alerts_file.read_text(encoding="utf-8").splitlines()) == 1

    listed = invoke(env, "alerts", "--format", "jsonl")
    assert [json.loads(line)["key"] for line in listed.stdout.splitlines()] == [alert["key"]]
    text = invoke(env, "alerts", "--severity", "high")
    assert "kaz-arrests" in text.stdout and "Kazakh police arrested twelve" in text.stdout
    assert invoke(env, "alerts", "--severity", "critical").stdout.strip() == "0 alerts"


@pytest.mark.model
def test_ingest_takes_a_feed_url(env: dict[str, str], web) -> None:  # type: ignore[no-untyped-def]
    web.serve("/talks", "<html><body><article><p>Uzbekistan and Tajikistan signed a water agreement in "
                        "Dushanbe on Wednesday.</p><p>Farmers welcomed the deal.</p></article></body></html>")  # fmt: skip
    feed = web.serve("/rss", f'<rss version="2.0"><channel><title>t</title><item><link>{web.url("/talks")}</link>'
                             "<pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>",
                     content_type="application/rss+xml")  # fmt: skip
    first = invoke(env, "ingest", feed, "-q")
    assert first.exit_code == 0 and "1 stored" in first.stdout and "1 feeds polled" in first.stdout, first.output
    second = invoke(env, "ingest", feed, "-q")
    assert "0 stored" in second.stdout and "1 already fetched before" in second.stdout
    recluster = invoke(env, "recluster")
    assert recluster.exit_code == 0 and "events reported more than once" in recluster.stdout

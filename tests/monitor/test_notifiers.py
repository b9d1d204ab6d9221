"""Delivering alerts: console, JSON Lines, webhook and email, singly or as a digest, each alert once."""

from __future__ import annotations

import email
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from berkut.errors import SettingsError
from berkut.monitor import build_notifiers, deliver
from berkut.settings import load_settings
from berkut.store import AlertRow, Evidence, Store

NOW = datetime(2024, 3, 5, 8, 0, tzinfo=UTC)


def settings(**values: Any) -> Any:
    return load_settings({"host_delay": 0.0, "http_retries": 0, **values}, environ={}, path=Path("/nonexistent"))


def add_alerts(store: Store, *severities: int, when: datetime = NOW) -> None:
    for n, severity in enumerate(severities, start=len(store.alerts(limit=None)) + 1):
        evidence = (Evidence(n, f"doc{n}", f"http://wire.test/{n}", "2024-03-04", f"Sentence number {n}."),)
        store.add_alert(AlertRow(f"w:event:{n}", "w", "event", severity, f"Alert {n}", when, (n,), evidence, {}))


def test_console_and_jsonl_get_each_alert_once(store: Store, tmp_path: Path) -> None:
    console, path = io.StringIO(), tmp_path / "out" / "alerts.jsonl"
    notifiers = build_notifiers(["console", {"jsonl": str(path)}], settings(), console=console)
    add_alerts(store, 2, 4)
    report = deliver(store, notifiers, NOW)
    assert report.sent == {"console": 2, f"jsonl:{path}": 2} and report.errors == []
    text = console.getvalue()
    assert "[MEDIUM] w: Alert 1" in text and "[CRITICAL] w: Alert 2" in text
    assert "#1 2024-03-04 http://wire.test/1: Sentence number 1." in text
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(x["title"], x["severity"], x["event_ids"]) for x in lines] == [("Alert 1", "medium", [1]),
                                                                            ("Alert 2", "critical", [2])]  # fmt: skip
    assert lines[0]["evidence"][0]["sentence"] == "Sentence number 1."
    assert deliver(store, notifiers, NOW).sent == {}  # nothing twice
    add_alerts(store, 1)
    assert deliver(store, notifiers, NOW).sent == {"console": 1, f"jsonl:{path}": 1}


def test_min_severity_and_max_age(store: Store) -> None:
    console = io.StringIO()
    (notifier,) = build_notifiers([{"console": {"min_severity": "high"}}], settings(), console=console)
    add_alerts(store, 1, 3)
    add_alerts(store, 4, when=NOW - timedelta(days=3))  # too old to send now
    assert deliver(store, [notifier], NOW).sent == {"console": 1}
    assert "Alert 2" in console.getvalue() and "Alert 1" not in console.getvalue()


def test_webhook_posts_json_singly_or_as_a_digest(store: Store, web) -> None:  # type: ignore[no-untyped-def]
    single, digest = build_notifiers(
        [{"webhook": web.url("/single")}, {"webhook": {"url": web.url("/digest"), "digest": True}}], settings()
    )
    add_alerts(store, 2, 3)
    assert deliver(store, [single, digest], NOW).errors == []
    posts = {path: [json.loads(r["body"]) for r in web.requests if r["path"] == path] for path in ("/single", "/digest")}
    assert [p["title"] for p in posts["/single"]] == ["Alert 1", "Alert 2"]
    (combined,) = posts["/digest"]
    assert combined["digest"] is True and [a["title"] for a in combined["alerts"]] == ["Alert 1", "Alert 2"]
    assert all(r["headers"]["content-type"] == "application/json" for r in web.requests)


def test_a_failing_webhook_keeps_alerts_pending_until_it_works(store: Store, web) -> None:  # type: ignore[no-untyped-def]
    web.serve("/hook", status=500)
    (hook,) = build_notifiers([{"webhook": web.url("/hook")}], settings())
    add_alerts(store, 2, 2)
    report = deliver(store, [hook], NOW)
    assert report.sent == {} and "HTTP 500" in report.errors[0]
    assert web.hits("/hook") == 1  # the first failure stops the channel for this run
    web.serve("/hook", status=204)
    assert deliver(store, [hook], NOW).sent == {hook.channel: 2}
    assert deliver(store, [hook], NOW).sent == {}


def test_email_single_and_digest_through_a_local_smtp_server(store: Store, smtp) -> None:  # type: ignore[no-untyped-def]
    config = settings(smtp_host=smtp.host, smtp_port=smtp.port, alert_sender="berkut@test.local")
    single, digest = build_notifiers(
        [{"email": "desk@test.local"}, {"email": {"to": ["a@test.local", "b@test.local"], "digest": True}}], config
    )
    add_alerts(store, 3, 1)
    assert deliver(store, [single, digest], NOW).errors == []
    assert [m["to"] for m in smtp.messages] == [["desk@test.local"], ["desk@test.local"],
                                                ["a@test.local", "b@test.local"]]  # fmt: skip
    first = email.message_from_bytes(smtp.messages[0]["data"])
    assert first["From"] == "berkut@test.local" and first["Subject"] == "[berkut high] w: Alert 1"
    assert "Sentence number 1." in first.get_payload()
    combined = email.message_from_bytes(smtp.messages[2]["data"])
    assert combined["Subject"] == "[berkut high] 2 alerts" and "Alert 2" in combined.get_payload()


def test_an_unreachable_mail_server_is_reported_and_retried(store: Store, smtp) -> None:  # type: ignore[no-untyped-def]
    (down,) = build_notifiers([{"email": {"to": "desk@test.local", "port": 1}}], settings(smtp_host="127.0.0.1"))
    add_alerts(store, 2)
    report = deliver(store, [down], NOW)
    assert report.sent == {} and "email to desk@test.local via 127.0.0.1:1 failed" in report.errors[0]
    (up,) = build_notifiers([{"email": {"to": "desk@test.local", "port": smtp.port}}], settings(smtp_host="127.0.0.1"))
    up.channel = down.channel  # the same channel, now reachable
    assert deliver(store, [up], NOW).sent == {down.channel: 1}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"pager": {}}, "unknown channel 'pager'"),
        ({"jsonl": {}}, "'path' is required"),
        ({"email": {}}, "needs 'to'"),
        ({"console": {"min_severity": "dire"}}, "severity"),
        (["console"], "expected a channel name"),
    ],
)
def test_malformed_notifier_specs(spec: Any, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        build_notifiers([spec], settings(), console=io.StringIO())

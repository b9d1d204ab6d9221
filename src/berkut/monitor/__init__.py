"""Watching stored events: watchlists, alerts (stored, deduplicated, graded), notifiers and charts.

    watchlists, notify = load_config("watch.yaml")
    new = evaluate(store, watchlists)                       # stores and returns new alerts
    deliver(store, build_notifiers(notify, settings))       # each alert once per channel

Fetching feeds is ingest's job (``berkut.ingest.ingest_targets``); ``berkut watch`` runs both in turn.
"""

from berkut.monitor.alerts import evaluate, prime
from berkut.monitor.notifiers import (
    ConsoleNotifier,
    DeliveryReport,
    EmailNotifier,
    JsonlNotifier,
    Notifier,
    WebhookNotifier,
    alert_json,
    alert_text,
    build_notifiers,
    deliver,
)
from berkut.monitor.watchlists import Watchlist, load_config, parse_watchlist, severity_name

__all__ = [
    "ConsoleNotifier",
    "DeliveryReport",
    "EmailNotifier",
    "JsonlNotifier",
    "Notifier",
    "Watchlist",
    "WebhookNotifier",
    "alert_json",
    "alert_text",
    "build_notifiers",
    "deliver",
    "evaluate",
    "load_config",
    "parse_watchlist",
    "prime",
    "severity_name",
]

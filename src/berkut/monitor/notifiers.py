"""Delivering alerts: to a console stream, a JSON Lines file, a webhook (POST JSON) or email (SMTP).

Each channel gets each alert once: deliveries are recorded per alert and channel, and an alert that
could not be delivered (server down) stays pending for the next run. A channel sends alerts one by one
or, with ``digest``, all pending alerts in one message. Alerts older than ``max_age`` are never sent:
a channel configured today does not receive last year's alerts.

In the YAML file, under ``notify:``::

    notify:
      - console
      - jsonl: alerts.jsonl
      - webhook: {url: "https://hooks.example.org/berkut", digest: true}
      - email: {to: [desk@example.org], digest: true, min_severity: high}
"""

from __future__ import annotations

import json
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol, TextIO

from berkut.errors import BerkutError, SettingsError
from berkut.monitor.watchlists import severity_name
from berkut.settings import Settings
from berkut.sources.web import WebClient
from berkut.store import AlertRow, Store
from berkut.store.monitoring import severity_number


class Notifier(Protocol):
    channel: str  # names the channel in the delivery log, e.g. "webhook:https://..."
    digest: bool
    min_severity: int

    def send(self, alerts: Sequence[AlertRow]) -> None: ...


def alert_json(alert: AlertRow) -> dict[str, Any]:
    """An alert as plain JSON: what webhooks receive and ``berkut alerts --format jsonl`` prints."""
    return {
        "id": alert.id,
        "key": alert.key,
        "watchlist": alert.watchlist,
        "kind": alert.kind,
        "severity": severity_name(alert.severity),
        "title": alert.title,
        "created_at": alert.created_at.isoformat(),
        "event_ids": list(alert.event_ids),
        "evidence": [asdict(e) for e in alert.evidence],
        "details": alert.details,
    }


def alert_text(alert: AlertRow, evidence: int = 3) -> str:
    """An alert as a few lines of text, with the sentences behind it."""
    lines = [f"[{severity_name(alert.severity).upper()}] {alert.watchlist}: {alert.title}"]
    for e in alert.evidence[:evidence]:
        where = e.url or e.document_id
        lines.append(f"    #{e.event_id} {e.date or ''} {where}: {e.sentence}".replace("  ", " "))
    if len(alert.evidence) > evidence:
        lines.append(f"    ... and {len(alert.evidence) - evidence} more sentences")
    return "\n".join(lines)


@dataclass
class ConsoleNotifier:
    stream: TextIO
    digest: bool = False
    min_severity: int = 1
    channel: str = "console"

    def send(self, alerts: Sequence[AlertRow]) -> None:
        for alert in alerts:
            self.stream.write(alert_text(alert) + "\n")
        self.stream.flush()


@dataclass
class JsonlNotifier:
    path: Path
    digest: bool = False
    min_severity: int = 1
    channel: str = ""

    def __post_init__(self) -> None:
        self.channel = self.channel or f"jsonl:{self.path}"

    def send(self, alerts: Sequence[AlertRow]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            for alert in alerts:
                handle.write(json.dumps(alert_json(alert), ensure_ascii=False, default=str) + "\n")


@dataclass
class WebhookNotifier:
    url: str
    client: WebClient
    digest: bool = False
    min_severity: int = 1
    channel: str = ""

    def __post_init__(self) -> None:
        self.channel = self.channel or f"webhook:{self.url}"

    def send(self, alerts: Sequence[AlertRow]) -> None:
        if self.digest:
            payload: Any = {"digest": True, "count": len(alerts), "alerts": [alert_json(a) for a in alerts]}
        else:
            (alert,) = alerts
            payload = alert_json(alert)
        self.client.post_json(self.url, payload)


@dataclass
class EmailNotifier:
    to: tuple[str, ...]
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 20.0
    digest: bool = False
    min_severity: int = 1
    channel: str = ""

    def __post_init__(self) -> None:
        self.channel = self.channel or f"email:{','.join(self.to)}"

    def send(self, alerts: Sequence[AlertRow]) -> None:
        message = EmailMessage()
        top = max(a.severity for a in alerts)
        if len(alerts) == 1:
            subject = f"[berkut {severity_name(top)}] {alerts[0].watchlist}: {alerts[0].title}"
        else:
            subject = f"[berkut {severity_name(top)}] {len(alerts)} alerts"
        message["Subject"] = subject[:200]
        message["From"] = self.sender
        message["To"] = ", ".join(self.to)
        message.set_content("\n\n".join(alert_text(a, evidence=10) for a in alerts) + "\n")
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise BerkutError(
                f"email to {', '.join(self.to)} via {self.host}:{self.port} failed: {exc}"
            ) from exc


@dataclass
class DeliveryReport:
    sent: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def deliver(
    store: Store,
    notifiers: Sequence[Notifier],
    now: datetime | None = None,
    max_age: timedelta = timedelta(days=1),
) -> DeliveryReport:
    """Send every pending alert on every channel; a failing channel is reported and tried next time."""
    now = now or datetime.now(UTC)
    report = DeliveryReport()
    for notifier in notifiers:
        pending = store.alerts(
            limit=None,
            min_severity=notifier.min_severity,
            since=now - max_age,
            undelivered_on=notifier.channel,
            newest_first=False,
        )
        batches = [pending] if notifier.digest and pending else [[a] for a in pending]
        for batch in batches:
            try:
                notifier.send(batch)
            except (BerkutError, OSError) as exc:
                report.errors.append(f"{notifier.channel}: {exc}")
                break
            store.mark_delivered([a.id for a in batch if a.id is not None], notifier.channel)
            report.sent[notifier.channel] = report.sent.get(notifier.channel, 0) + len(batch)
    return report


def build_notifiers(
    specs: Sequence[Any], settings: Settings, console: TextIO | None = None, client: WebClient | None = None
) -> list[Notifier]:
    """Notifiers from the ``notify:`` list of a watchlist file (see the module docstring)."""
    out: list[Notifier] = []
    for number, spec in enumerate(specs, start=1):
        kind, options = _kind(spec, number)
        digest = bool(options.get("digest", False))
        try:
            least = severity_number(options.get("min_severity", "low"))
        except ValueError as exc:
            raise SettingsError(f"notify {number}: {exc}") from None
        if kind == "console":
            if console is not None:
                out.append(ConsoleNotifier(console, digest, least))
        elif kind == "jsonl":
            out.append(JsonlNotifier(Path(_required(options, "path", number)), digest, least))
        elif kind == "webhook":
            if client is None:
                client = WebClient(settings)
            out.append(WebhookNotifier(_required(options, "url", number), client, digest, least))
        elif kind == "email":
            to = options.get("to")
            recipients = (to,) if isinstance(to, str) else tuple(str(t) for t in to or ())
            if not recipients:
                raise SettingsError(f"notify {number}: email needs 'to' (one address or a list)")
            out.append(
                EmailNotifier(
                    to=recipients,
                    host=str(options.get("host", settings.smtp_host)),
                    port=int(options.get("port", settings.smtp_port)),
                    sender=str(options.get("from", settings.alert_sender)),
                    user=settings.smtp_user,
                    password=settings.smtp_password,
                    starttls=bool(options.get("starttls", settings.smtp_starttls)),
                    timeout=float(settings.http_timeout),
                    digest=digest,
                    min_severity=least,
                )
            )
        else:
            raise SettingsError(
                f"notify {number}: unknown channel {kind!r}; use console, jsonl, webhook or email"
            )
    return out


def _kind(spec: Any, number: int) -> tuple[str, Mapping[str, Any]]:
    if isinstance(spec, str):
        return spec, {}
    if isinstance(spec, Mapping) and "type" in spec:
        return str(spec["type"]), spec
    if isinstance(spec, Mapping) and len(spec) == 1:
        ((kind, options),) = spec.items()
        if isinstance(options, str):  # jsonl: path, webhook: url, email: address
            key = {"jsonl": "path", "webhook": "url", "email": "to"}.get(str(kind), "value")
            return str(kind), {key: options}
        return str(kind), options or {}
    raise SettingsError(f"notify {number}: expected a channel name or {{channel: options}}, not {spec!r}")


def _required(options: Mapping[str, Any], key: str, number: int) -> str:
    value = options.get(key)
    if not value:
        raise SettingsError(f"notify {number}: '{key}' is required")
    return str(value)
